"""Where the benchmarks find the real TMDB catalogue (../shared, next to the repo): its movies, a database holding
it, and stopping the servers they start."""

import gzip
import json
import subprocess
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

from cinelake.local.postgres import find_or_start
from cinelake.local.seed import seed_catalog

REPO_ROOT = Path(__file__).resolve().parent.parent
CATALOG_DIR = REPO_ROOT.parent / "shared" / "data" / "catalog"
BASE_FILE = CATALOG_DIR / "base.jsonl.gz"


def require_catalogue() -> Path:
    """The catalogue folder; stops the benchmark with a plain message when the shared data is not there."""
    if not BASE_FILE.is_file():
        raise SystemExit(
            f"the real catalogue is absent: {BASE_FILE} does not exist "
            "(the benchmarks read it from ../shared relative to the repo root)"
        )
    return CATALOG_DIR


def read_movies(limit: int | None = None) -> list[dict]:
    """The day-0 movies in file order, each id once, at most `limit` of them."""
    movies: dict[int, dict] = {}
    with gzip.open(require_catalogue() / BASE_FILE.name, "rb") as lines:
        for line in lines:
            if limit is not None and len(movies) >= limit:
                break
            if line.strip():
                movie = json.loads(line)
                movies.setdefault(movie["id"], movie)
    return list(movies.values())


def seeded_database(cleanup: ExitStack, purpose: str) -> tuple[str, int]:
    """A fresh database holding the real catalogue (base, then the changes), dropped when `cleanup` closes; the
    local server is stopped then too if the benchmark started it. Returns its URL and how many movies it holds."""
    catalog_dir = require_catalogue()
    server = find_or_start()
    cleanup.callback(server.stop)  # stops it only if we started it
    name = f"cinelake_bench_{purpose}_{uuid.uuid4().hex[:8]}"
    url = server.create_database(name)
    cleanup.callback(server.drop_database, name)
    started = time.perf_counter()
    movie_count = seed_catalog(url, catalog_dir)
    print(f"seeded {movie_count:,} movies in {time.perf_counter() - started:.1f} s", flush=True)
    return url, movie_count


def stop_process(process: subprocess.Popen, timeout: float) -> None:
    """SIGTERM, and SIGKILL if it is still there after `timeout` seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
