"""Where the benchmarks find the real TMDB catalogue (../shared, next to the repo), and reading its movies."""

import gzip
import json
from pathlib import Path

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
