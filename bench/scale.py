"""CineLake at the size of all of TMDB: the real catalogue plus N synthetic movies, measured beside the real
catalogue alone (13,267 movies).

Two databases are measured the same way:
- the small one: the real catalogue (`seed_catalog`), in a fresh database dropped at the end;
- the big one, `cinelake_scale_<N>`: the real catalogue, then N synthetic movies. The synthetic catalogue is
  streamed: `SyntheticTmdb` draws one chunk (--chunk movies) at a time, each from its own seed, and only that
  chunk is in memory. Each chunk's movies go through the real loader (a `LoadBatch` per --per-object movies and
  `MovieRepository.load_object`, as the load function does), then the chunk is dropped. The generator's code and
  its rng streams are not touched; the chunks are made disjoint here: movie ids are numbered from 10,000,000, each
  chunk's people get ids of their own (a chunk is its own world of people, sized to the chunk as the generator
  sizes its pools), and companies and keywords are shared by name across chunks (a studio or "sequel" is one
  entity). With --reuse the big database is kept at the end and used again by the next --reuse run of the same N
  (its load is then not measured again: the figure printed is the one recorded in the database at its load).

For each database: the load (movies/s), its size, `cinelake train` (time and peak memory, as a child process),
then `uvicorn --factory api_service.main:create_app` with one worker, API_WARM_UP=true (the warm-up is the time
until /health answers: it is served only once the names, track records and sentence model are loaded), and
one keep-alive connection asking, one at a time, every dev and project question (--rounds times) on /ask-text,
the chart questions of bench/ask.py on /ask-visual (--rounds times), and GET /predict/{tmdb_id} for --predictions
catalogue movies; then the worker's RSS. Each figure is printed beside the small database's, with the ratio.

--load-only loads the big database (kept, as with --reuse) and stops: nothing is measured. --skip-train measures
both databases without `cinelake train`: the API then serves no model, so /predict is not asked either, and both
figures print as "not measured".

Run from the repo root: .venv/bin/python -m bench.scale [--movies 1200000] [--reuse] [--load-only] [--skip-train]
(or: make bench-scale)
"""

import argparse
import http.client
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np

from bench import ask
from bench.ask import CHART_QUESTIONS, HOST, AskClient, api_environment, load_question_sets, serve
from bench.figure_table import count, print_table
from bench.real_catalogue import REPO_ROOT, require_catalogue, seeded_database
from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import MovieRepository, connect, with_database
from cinelake.domain.lake import LoadBatch
from cinelake.domain.movie import TmdbMovie
from cinelake.local.postgres import LocalPostgres, find_or_start
from cinelake.local.seed import seed_catalog
from cinelake.sim.synthetic import SyntheticTmdb

SYNTHETIC_FIRST_ID = 10_000_000  # above every TMDB id: the synthetic movies never collide with the real ones
PEOPLE_PER_CHUNK_IDS = 5_000_000  # the generator draws person ids below 4,900,000; chunk k adds (k + 1) x this
SHARED_FIRST_ID = 1_000_000  # companies and keywords first seen in the synthetic chunks are numbered from here
SYNTHETIC_DAY = date(2026, 1, 1)
FETCHED_AT = datetime(2026, 1, 2, tzinfo=UTC)  # after the real catalogue's base: synthetic movies are the newest
PREDICT_TIMEOUT_SECONDS = 60.0
READY_TIMEOUT_SECONDS = 900.0
LONG_STATEMENT_SECONDS = 3600.0  # rebuilding the pre-aggregations of 1.2 M movies takes minutes, not pg8000's 30 s
TRAIN_ADDRESS_SPACE_BYTES = 14 * 2**30
BENCH_TABLE = "bench_scale_load"  # one row in the big database: how its load went, for --reuse runs


@dataclass
class Figures:
    movies: int = 0
    load_seconds: float = 0.0
    loaded_movies: int = 0  # the movies the measured load wrote (the synthetic ones, for the big database)
    first_chunk_per_second: float = 0.0  # the first synthetic chunk, into a database of the real catalogue
    last_chunk_per_second: float = 0.0
    database_bytes: int = 0
    train_seconds: float | None = None  # None: not measured (--skip-train)
    train_peak_bytes: int | None = None
    warm_up_seconds: float = 0.0
    rss_bytes: int = 0
    text_ms: list[float] = field(default_factory=list)
    visual_ms: list[float] = field(default_factory=list)
    held_out_visual: dict[str, list[float]] = field(default_factory=dict)  # --held-out-charts: each question's times
    held_out_text: dict[str, list[float]] = field(default_factory=dict)  # --held-out-text: each question's times
    predict_ms: list[float] = field(default_factory=list)
    non_200: int = 0
    slowest: list[tuple[float, str]] = field(default_factory=list)

    @property
    def load_per_second(self) -> float:
        return self.loaded_movies / self.load_seconds if self.load_seconds else 0.0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    ask.READY_TIMEOUT_SECONDS = READY_TIMEOUT_SECONDS  # the warm-up is measured, not capped at bench/ask.py's 60 s
    catalog_dir = require_catalogue()
    question_sets = load_question_sets()
    questions = [item["question"] for question_set in question_sets[:2] for item in question_set.items]
    load_before = os.getloadavg()[0]
    if args.load_only:
        return load_only(args, catalog_dir)

    with ExitStack() as cleanup:
        small = Figures()
        started = time.perf_counter()
        small_url, small.movies = seeded_database(cleanup, "scale")
        small.load_seconds, small.loaded_movies = time.perf_counter() - started, small.movies
        measure(small_url, small, questions, args)
        print_figures_so_far("real catalogue", small)

        server = find_or_start()
        cleanup.callback(server.stop)
        name = f"cinelake_scale_{args.movies}"
        big = Figures()
        big_url = big_database(server, name, catalog_dir, big, args)
        if not args.reuse:
            cleanup.callback(server.drop_database, name)
        measure(big_url, big, questions, args)

    print_setting(args, load_before, name, questions)
    print_results(small, big)
    return 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--movies", type=int, default=1_200_000, help="synthetic movies beside the real ones")
    parser.add_argument("--chunk", type=int, default=20_000, help="synthetic movies drawn and held at once")
    parser.add_argument("--per-object", type=int, default=100, help="movies per LoadBatch, as enrich writes them")
    parser.add_argument("--reuse", action="store_true", help="keep the big database, and use it if it is there")
    parser.add_argument("--rounds", type=int, default=2, help="times each question is asked")
    parser.add_argument("--predictions", type=int, default=200, help="GET /predict/{tmdb_id} requests")
    parser.add_argument("--seed", type=int, default=0, help="the first chunk's seed; chunk k uses seed + k")
    parser.add_argument("--load-only", action="store_true", help="load (and keep) the big database, measure nothing")
    parser.add_argument(
        "--held-out-charts",
        type=Path,
        help="a JSON file of chart questions written apart from CHART_QUESTIONS, "
        "asked after them and printed on their own (bench/ask_heldout/charts-*.json)",
    )
    parser.add_argument(
        "--held-out-text",
        type=Path,
        help="a JSON file of /ask-text questions written apart from the dev and project ones, "
        "asked after them and printed on their own (bench/ask_heldout/text-*.json)",
    )
    parser.add_argument("--skip-train", action="store_true", help="no `cinelake train`, hence no /predict")
    args = parser.parse_args(argv)
    args.reuse = args.reuse or args.load_only  # a load that is not measured is kept for the run that measures it
    args.held_out_text = held_out_questions(args.held_out_text)  # read once, asked of both databases
    args.held_out_charts = held_out_questions(args.held_out_charts)
    return args


def load_only(args: argparse.Namespace, catalog_dir: Path) -> int:
    server = find_or_start()
    name = f"cinelake_scale_{args.movies}"
    figures = Figures()
    big_database(server, name, catalog_dir, figures, args)
    print(
        f"{name}: {figures.movies:,} movies, {figures.loaded_movies:,} synthetic ones loaded at "
        f"{figures.load_per_second:,.0f}/s (first chunk {figures.first_chunk_per_second:,.0f}/s, last "
        f"{figures.last_chunk_per_second:,.0f}/s); kept",
        flush=True,
    )
    return 0


# ---------------------------------------------------------------------------------------------------------------
# The big database


def big_database(server: LocalPostgres, name: str, catalog_dir: Path, figures: Figures, args) -> str:
    url = with_database(server.admin_url, name)
    if args.reuse:
        recorded = recorded_load(url)
        if recorded is not None:
            (
                figures.movies,
                figures.load_seconds,
                figures.loaded_movies,
                figures.first_chunk_per_second,
                figures.last_chunk_per_second,
            ) = recorded
            print(f"reusing {name}: {figures.movies:,} movies", flush=True)
            # migrations added since it was loaded, and their pre-aggregations
            with closing(connect(url, timeout=LONG_STATEMENT_SECONDS)) as conn:
                migrated = apply_migrations(conn)
                if MovieRepository(conn).refresh_preaggregates() or migrated:
                    conn.run("VACUUM (ANALYZE)")  # as after the load
            return url
    url = server.create_database(name)
    seed_catalog(url, catalog_dir)
    loading = 0.0  # the loader's time alone: drawing the synthetic movies is not counted
    first_chunk = last_chunk = 0.0
    with closing(connect(url, timeout=LONG_STATEMENT_SECONDS)) as conn:
        repository = MovieRepository(conn)
        loaded = 0
        for chunk_number, movies in enumerate(synthetic_chunks(args.movies, args.chunk, args.seed)):
            chunk_started = time.perf_counter()
            for first in range(0, len(movies), args.per_object):
                part = movies[first : first + args.per_object]
                batch = LoadBatch(object_key=f"scale/{chunk_number}/{first}", etag="scale", record_count=len(part))
                for movie in part:
                    batch.add_movie(TmdbMovie.model_validate(movie), FETCHED_AT)
                repository.load_object(batch)
            chunk_seconds = time.perf_counter() - chunk_started
            last_chunk = len(movies) / chunk_seconds
            first_chunk = first_chunk or last_chunk
            loaded += len(movies)
            loading += chunk_seconds
            print(f"  {loaded:,} synthetic movies loaded in {loading:,.0f} s ({loaded / loading:,.0f}/s)", flush=True)
        started = time.perf_counter()
        repository.refresh_preaggregates()  # counted in the load: the loader rebuilds them after a load
        # What autovacuum does after a bulk load (RDS runs it; this machine's PostgreSQL has it off): the statistics,
        # and the visibility map without which an index-only scan visits the table for every row.
        conn.run("VACUUM (ANALYZE)")
        figures.load_seconds = loading + time.perf_counter() - started
        print(f"  pre-aggregations and VACUUM (ANALYZE): {time.perf_counter() - started:,.1f} s", flush=True)
        figures.loaded_movies = loaded
        figures.first_chunk_per_second = first_chunk
        figures.last_chunk_per_second = last_chunk
        figures.movies = conn.run("SELECT count(*) FROM movies")[0][0]
        conn.run(f"CREATE TABLE {BENCH_TABLE} (movies int, seconds float8, loaded int, first float8, last float8)")
        conn.run(
            f"INSERT INTO {BENCH_TABLE} VALUES (:m, :s, :l, :f, :c)",
            m=figures.movies,
            s=figures.load_seconds,
            l=loaded,
            f=first_chunk,
            c=last_chunk,
        )
    return url


def recorded_load(url: str) -> tuple[int, float, int, float, float] | None:
    try:
        with closing(connect(url, timeout=LONG_STATEMENT_SECONDS)) as conn:
            rows = conn.run(f"SELECT movies, seconds, loaded, first, last FROM {BENCH_TABLE}")
    except Exception:  # noqa: BLE001 - no such database, or a load that never finished: load it again
        return None
    return tuple(rows[0]) if rows else None


def synthetic_chunks(n_movies: int, chunk: int, seed: int) -> Iterator[list[dict]]:
    """N synthetic movies, `chunk` at a time, with disjoint ids across chunks (see the module's docstring)."""
    shared_ids: dict[tuple[str, str], int] = {}  # ("company" | "keyword", name) -> id, across chunks
    next_id = SYNTHETIC_FIRST_ID
    for number, first in enumerate(range(0, n_movies, chunk)):
        size = min(chunk, n_movies - first)
        world = SyntheticTmdb(random.Random(seed + number), size, SYNTHETIC_DAY)
        movies = list(world.base_catalogue().values())
        del world
        person_offset = (number + 1) * PEOPLE_PER_CHUNK_IDS
        for movie in movies:
            movie["id"] = next_id
            next_id += 1
            for member in movie["credits"]["cast"] + movie["credits"]["crew"]:
                member["id"] += person_offset
            if movie.get("belongs_to_collection"):  # the generator's series (newer versions): each chunk its own
                movie["belongs_to_collection"]["id"] += person_offset
            for company in movie["production_companies"]:
                company["id"] = shared_id(shared_ids, "company", company["name"])
            for keyword in movie["keywords"]["keywords"]:
                keyword["id"] = shared_id(shared_ids, "keyword", keyword["name"])
        yield movies


def shared_id(ids: dict[tuple[str, str], int], kind: str, name: str) -> int:
    key = (kind, name)
    if key not in ids:
        ids[key] = SHARED_FIRST_ID + len(ids)
    return ids[key]


# ---------------------------------------------------------------------------------------------------------------
# Measuring one database


def measure(url: str, figures: Figures, questions: list[str], args) -> None:
    with closing(connect(url, timeout=LONG_STATEMENT_SECONDS)) as conn:
        figures.database_bytes = conn.run("SELECT pg_database_size(current_database())")[0][0]
        ids = [row[0] for row in conn.run("SELECT tmdb_id FROM movies ORDER BY tmdb_id")]
    rng = random.Random(0)
    predict_ids = rng.sample(ids, min(args.predictions, len(ids)))
    with tempfile.TemporaryDirectory(prefix="cinelake-bench-scale-") as work_dir:
        models_dir = Path(work_dir) / "models"
        if not args.skip_train:
            train(url, models_dir, figures)
        env = api_environment(url, embedder=True) | {"MODELS_DIR": str(models_dir), "API_WARM_UP": "true"}
        env["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT / "src"), str(REPO_ROOT)])  # this tree's code, always
        started = time.perf_counter()
        with serve(env, workers=1) as api:
            figures.warm_up_seconds = time.perf_counter() - started
            client = AskClient(api)
            per_question = timed_asks(client, "/ask-text", questions, args.rounds, figures)
            figures.text_ms = [ms for times in per_question.values() for ms in times]
            figures.held_out_text = timed_asks(client, "/ask-text", args.held_out_text, args.rounds, figures)
            charts = timed_asks(client, "/ask-visual", [c.question for c in CHART_QUESTIONS], args.rounds, figures)
            figures.visual_ms = [ms for times in charts.values() for ms in times]
            figures.held_out_visual = timed_asks(client, "/ask-visual", args.held_out_charts, args.rounds, figures)
            for tmdb_id in [] if args.skip_train else predict_ids:  # no model, no prediction
                milliseconds, status = get(api.port, f"/predict/{tmdb_id}")
                figures.predict_ms.append(milliseconds)
                if status != 200:
                    figures.non_200 += 1
                    print(f"GET /predict/{tmdb_id}: {status or 'no answer'} after {milliseconds:,.0f} ms", flush=True)
            figures.rss_bytes = rss_bytes(api.process.pid)
        figures.slowest = sorted(((max(times), question) for question, times in per_question.items()), reverse=True)


def get(port: int, path: str) -> tuple[float, int]:
    """One GET on a connection of its own: its time in ms and its status (0: no answer in time)."""
    started = time.perf_counter()
    with closing(http.client.HTTPConnection(HOST, port, timeout=PREDICT_TIMEOUT_SECONDS)) as connection:
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (http.client.HTTPException, OSError):
            status = 0
    return (time.perf_counter() - started) * 1e3, status


def train(url: str, models_dir: Path, figures: Figures) -> None:
    """`cinelake train` as a child process: its wall time and its peak RSS (wait4's ru_maxrss, in KiB)."""
    env = dict(os.environ) | {"DATABASE_URL": url}
    command = [str(Path(sys.executable).parent / "cinelake"), "train", "--output", str(models_dir)]
    command.append("--no-publish-s3")
    started = time.perf_counter()
    # A cap on its address space, so that a training that would outgrow the machine (shared) fails instead.
    cap = TRAIN_ADDRESS_SPACE_BYTES
    process = subprocess.Popen(
        command,
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (cap, cap)),
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    figures.train_seconds = time.perf_counter() - started
    figures.train_peak_bytes = usage.ru_maxrss * 1024
    if process.returncode != 0:  # the API then serves no model: /predict answers 503, counted as failures
        print(f"cinelake train exited with {process.returncode} after {figures.train_seconds:,.0f} s", flush=True)


def timed_asks(
    client: AskClient, endpoint: str, questions: list[str], rounds: int, figures: Figures
) -> dict[str, list[float]]:
    """Each question asked `rounds` times, the list over in each round: every question's times, in ms. A chart
    that is not drawn counts as a failure; a refused text question (422, it says what it did not understand) does
    not."""
    times: dict[str, list[float]] = {}
    for _ in range(rounds):
        for question in questions:
            reply = client.post(endpoint, question)
            times.setdefault(question, []).append(reply.seconds * 1e3)
            failed = reply.status != 200 if endpoint == "/ask-visual" else reply.status >= 500 or reply.status == 0
            figures.non_200 += failed
    return times


def held_out_questions(path: Path | None) -> list[str]:
    """The questions of a held-out timing set (bench/ask_heldout/charts-*.json, text-*.json)."""
    if path is None:
        return []
    return [item["question"] for item in json.loads(path.read_text())["questions"]]


def rss_bytes(pid: int) -> int:
    """The worker's resident memory (uvicorn with one worker serves in its own process)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


# ---------------------------------------------------------------------------------------------------------------
# Printing


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def rows_of(figures: Figures) -> list[tuple[str, float | None, str, bool]]:
    """(figure, value or None when not measured, unit, lower is better)."""
    predict_ms = figures.predict_ms or None
    return [
        ("movies", figures.movies, "", False),
        ("load, movies/s", figures.load_per_second, "/s", False),
        ("load, first synthetic chunk, movies/s", figures.first_chunk_per_second, "/s", False),
        ("load, last synthetic chunk, movies/s", figures.last_chunk_per_second, "/s", False),
        ("database size", figures.database_bytes / 2**20, "MB", True),
        ("API warm-up", figures.warm_up_seconds, "s", True),
        ("RSS, one warmed worker", figures.rss_bytes / 2**20, "MB", True),
        ("/ask-text p50", percentile(figures.text_ms, 50), "ms", True),
        ("/ask-text p95", percentile(figures.text_ms, 95), "ms", True),
        ("/ask-text max", max(figures.text_ms, default=0.0), "ms", True),
        ("/ask-visual p50", percentile(figures.visual_ms, 50), "ms", True),
        ("/ask-visual p95", percentile(figures.visual_ms, 95), "ms", True),
        ("/ask-visual max", max(figures.visual_ms, default=0.0), "ms", True),
        ("/predict/{tmdb_id} p50", predict_ms and percentile(predict_ms, 50), "ms", True),
        ("/predict/{tmdb_id} p95", predict_ms and percentile(predict_ms, 95), "ms", True),
        ("cinelake train", figures.train_seconds, "s", True),
        ("cinelake train, peak RSS", figures.train_peak_bytes and figures.train_peak_bytes / 2**20, "MB", True),
        ("answers 5xx / not 200", figures.non_200, "", True),
    ]


def formatted(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "":
        return count(value)
    if unit == "/s":
        return f"{value:,.0f}/s"
    return f"{value:,.1f} {unit}" if value < 100 else f"{value:,.0f} {unit}"


def print_figures_so_far(label: str, figures: Figures) -> None:
    rows = [[name, formatted(value, unit)] for name, value, unit, _ in rows_of(figures)]
    print_table(f"{label} ({figures.movies:,} movies)", ["figure", "value"], rows)


def print_setting(args, load_before: float, name: str, questions: list[str]) -> None:
    print(
        f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {load_before:.2f} at the start and "
        f"{os.getloadavg()[0]:.2f} at the end; big database {name} ({'kept' if args.reuse else 'dropped'}); "
        f"uvicorn with 1 worker, API_WARM_UP=true, sentence model on; one keep-alive connection, one request at a "
        f"time; /ask-text: {len(questions)} dev and project questions x {args.rounds}; /ask-visual: "
        f"{len(CHART_QUESTIONS)} chart questions x {args.rounds}; /predict: {args.predictions} catalogue movies"
    )


def print_results(small: Figures, big: Figures) -> None:
    rows = []
    for (name, small_value, unit, _), (_, big_value, _, _) in zip(rows_of(small), rows_of(big), strict=True):
        ratio = f"{big_value / small_value:,.2f}x" if small_value and big_value is not None else "-"
        rows.append([name, formatted(small_value, unit), formatted(big_value, unit), ratio])
    header = ["figure", f"{small.movies:,} movies", f"{big.movies:,} movies", "ratio"]
    print_table("The real catalogue alone beside the big database (ratio = big ÷ small)", header, rows)
    slow = [[question[:80], f"{slowest_ms:,.0f} ms"] for slowest_ms, question in big.slowest[:8]]
    title = f"The slowest /ask-text questions at {big.movies:,} movies (their slowest ask)"
    print_table(title, ["question", "max"], slow)
    for label, figures in (("the real catalogue", small), (f"{big.movies:,} movies", big)):
        print_held_out("/ask-text", label, figures.held_out_text)
        print_held_out("/ask-visual", label, figures.held_out_visual)


def print_held_out(endpoint: str, label: str, times: dict[str, list[float]]) -> None:
    """Each held-out question's times, in the order asked, then p50 / p95 / max over all of them."""
    if not times:
        return
    every = [ms for question_times in times.values() for ms in question_times]
    rounds = len(next(iter(times.values())))
    rows = [[question[:70], *(f"{ms:,.0f} ms" for ms in question_times)] for question, question_times in times.items()]
    summary = (percentile(every, 50), percentile(every, 95), max(every))
    rows.append(["p50 / p95 / max over every ask", " / ".join(f"{ms:,.0f}" for ms in summary), *[""] * (rounds - 1)])
    header = ["held-out question", *(f"ask {k + 1}" for k in range(rounds))]
    print_table(f"{endpoint}, held-out questions, at {label}", header, rows)


if __name__ == "__main__":
    sys.exit(main())
