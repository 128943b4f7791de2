"""Loader throughput against this machine's physical limit: the real loader vs a bare COPY of the same rows.

Lake objects are built from the real catalogue exactly as enrich writes them (gzip NDJSON, 100 movies an object,
each movie as the simulator answers /movie/{id} with every appended part) and put into a moto S3 bucket. Then:
- INSERT: the real loader (services.load.load_object with LakeStore and MovieRepository) loads every object into
  an empty migrated database;
- UPDATE: the same movies, fetched a day later (new keys, so the ledger does not skip them), load again into the
  now-full database;
- COPY: `COPY ... FROM STDIN` writes the same rows, built beforehand in memory with the domain's MovieRows, into
  another empty migrated database, in one transaction: the fastest this PostgreSQL takes them.
`rows` is every row the movies put into the 15 tables of the schema (the ledger aside): the same number for the
three cases, so the ratios compare times.

Run from the repo root: .venv/bin/python bench/loader.py [--movies N] [--per-object 100] [--profile]
"""

import argparse
import cProfile
import json
import os
import pstats
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pg8000.native
from figure_table import count, print_table, seconds, share
from real_catalogue import read_movies
from tqdm import tqdm

from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import LoadOutcome, MovieRepository, connect, connection_params, open_socket
from cinelake.adapters.s3 import LakeStore
from cinelake.domain.lake import FetchedMovie, LoadBatch, movies_key
from cinelake.domain.movie import TmdbMovie
from cinelake.domain.rows import DIMENSION_TABLES, LINK_TABLES, ROW_TYPES, MovieRows
from cinelake.local.moto_server import moto_client, moto_server
from cinelake.local.postgres import LocalPostgres, find_or_start
from cinelake.services.load import load_object
from cinelake.sim.movie_document import APPENDABLE, MovieDocument

INSERT_FETCHED_AT = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)
UPDATE_FETCHED_AT = INSERT_FETCHED_AT + timedelta(days=1)
BUCKET = "cinelake-bench-lake"
# COPY order: movies and the dimensions before the link tables that reference them.
TABLES = ("movies", *DIMENSION_TABLES, *LINK_TABLES)
COPY_CHUNK_BYTES = 1 << 20  # one CopyData message each: few round trips through pg8000
LOADER_GOAL = 0.40  # loader rows/s as a share of COPY rows/s


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    load_before = os.getloadavg()[0]  # other work on the machine skews the figures
    answers = tmdb_answers(read_movies(args.movies))
    expected = movie_rows(answers, INSERT_FETCHED_AT)
    copy_data = {table: csv_chunks(getattr(expected, table).values()) for table in TABLES}
    row_count = sum(len(getattr(expected, table)) for table in TABLES)

    with ExitStack() as cleanup:
        server = find_or_start()
        cleanup.callback(server.stop)  # stops it only if we started it
        loader_url = fresh_database(server, "loader", cleanup)
        copy_url = fresh_database(server, "copy", cleanup)
        s3 = moto_client("s3", cleanup.enter_context(moto_server()), "us-east-1")
        s3.create_bucket(Bucket=BUCKET)

        insert_objects = put_objects(LakeStore(s3, BUCKET), answers, INSERT_FETCHED_AT, args.per_object, "insert")
        update_objects = put_objects(LakeStore(s3, BUCKET), answers, UPDATE_FETCHED_AT, args.per_object, "update")

        with closing(nodelay_connection(copy_url)) as conn:
            copy_seconds = run_copy(conn, copy_data)
        with closing(nodelay_connection(loader_url) if args.nodelay else connect(loader_url)) as conn:
            setting = describe_setting(conn, len(answers), len(insert_objects), args, load_before)
            profile = cProfile.Profile() if args.profile else None
            insert = run_loader("loader INSERT", insert_objects, s3, conn, profile)
            problems = check_tables(conn, expected)
            update = run_loader("loader UPDATE", update_objects, s3, conn, profile)
            problems += check_updated(conn, len(answers))

    print(f"\n{setting}")
    print_figures(len(answers), row_count, insert, update, copy_seconds)
    print_time_split(insert, update)
    per_table = [[table, count(len(getattr(expected, table)))] for table in TABLES]
    print_table("Rows per table (all three cases)", ["table", "rows"], per_table)
    if profile is not None:
        print("\ncProfile of both loader runs (their times above are inflated by the profiler), by own time:")
        pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(25)
    for problem in problems:
        print(f"CHECK FAILED: {problem}")
    return 1 if problems else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--movies", type=int, default=None, help="movies of the real catalogue to load (default: all)")
    parser.add_argument("--per-object", type=int, default=100, help="movies per lake object (an ids-queue message)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the loader runs")
    parser.add_argument(
        "--nodelay",
        action="store_true",
        help="what-if: give the loader a TCP_NODELAY connection instead of cinelake's connect()",
    )
    args = parser.parse_args(argv)
    if args.per_object < 1 or (args.movies is not None and args.movies < 1):
        parser.error("--movies and --per-object must be at least 1")
    return args


# --- the data ------------------------------------------------------------------------------------------------


def tmdb_answers(movies: list[dict]) -> list[dict]:
    """Each movie as TMDB (here, the simulator) answers /movie/{id} with every part enrich asks for appended."""
    return [json.loads(MovieDocument(movie).render(APPENDABLE)) for movie in tqdm(movies, desc="TMDB answers")]


def movie_rows(answers: list[dict], fetched_at: datetime) -> MovieRows:
    rows = MovieRows()
    for answer in tqdm(answers, desc="rows for COPY"):
        rows.add(TmdbMovie.model_validate(answer), fetched_at)
    return rows


def csv_chunks(rows: Iterable[tuple]) -> list[bytes]:
    """The rows as COPY's CSV: NULL unquoted and empty, every value quoted (so an empty string stays one)."""
    data = "".join(",".join(csv_value(value) for value in row) + "\n" for row in rows).encode()
    return [data[start : start + COPY_CHUNK_BYTES] for start in range(0, len(data), COPY_CHUNK_BYTES)]


def csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, date | datetime):
        text = value.isoformat()
    else:
        text = str(value)
    return '"' + text.replace('"', '""') + '"'


def put_objects(
    store: LakeStore, answers: list[dict], fetched_at: datetime, per_object: int, name: str
) -> list[tuple[str, str]]:
    """Lake objects as enrich writes them; returns (key, etag) of each."""
    objects = []
    starts = range(0, len(answers), per_object)
    for number, start in enumerate(tqdm(starts, desc=f"lake objects ({name})", unit=" objects")):
        records = (
            FetchedMovie(tmdb_id=answer["id"], fetched_at=fetched_at, movie=answer).model_dump(mode="json")
            for answer in answers[start : start + per_object]
        )
        key = movies_key(fetched_at, f"bench-{name}-{number:05d}")
        objects.append((key, store.put_ndjson_gz(key, records)))
    return objects


def nodelay_connection(url: str) -> pg8000.native.Connection:
    """A connection that sends each message at once (TCP_NODELAY, as libpq sets it; pg8000 leaves Nagle on).

    Without it a statement whose last packet is small waits for the server's delayed ACK, up to 40 ms.
    """
    params = connection_params(url)
    sock = open_socket(params, timeout=30)  # over TCP, with TCP_NODELAY
    return pg8000.native.Connection(sock=sock, application_name="cinelake-bench", timeout=30, **params)


def fresh_database(server: LocalPostgres, purpose: str, cleanup: ExitStack) -> str:
    """An empty migrated database, dropped when the benchmark ends."""
    name = f"cinelake_bench_{purpose}_{uuid.uuid4().hex[:8]}"
    url = server.create_database(name)
    cleanup.callback(server.drop_database, name)
    with closing(connect(url)) as conn:
        apply_migrations(conn)
    return url


# --- the runs ------------------------------------------------------------------------------------------------


def run_copy(conn: pg8000.native.Connection, copy_data: dict[str, list[bytes]]) -> float:
    """All tables in one transaction; returns the seconds it took, commit included."""
    started = time.perf_counter()
    conn.run("BEGIN")
    for table in tqdm(TABLES, desc="bare COPY", unit=" tables"):
        columns = ", ".join(pg8000.native.identifier(column) for column in ROW_TYPES[table]._fields)
        conn.run(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", stream=copy_data[table])
    conn.run("COMMIT")
    return time.perf_counter() - started


@dataclass
class LoaderRun:
    """One pass of the loader over a set of objects, with where its wall time went."""

    seconds: float = 0.0
    movies_written: int = 0
    rows_reported: int = 0  # the repository's own count (dimension rows counted once per object)
    s3_read: float = 0.0  # get_object and gunzip, line by line
    sql: float = 0.0  # the repository: rows, statements, pg8000, and PostgreSQL's answers
    sql_client_cpu: float = 0.0  # of which this thread's own CPU

    @property
    def validation(self) -> float:
        """The rest of load_object: json parsing and pydantic validation of each record."""
        return self.seconds - self.s3_read - self.sql


class TimedLakeStore(LakeStore):
    """The real store, timing how long each line takes to arrive (S3 GET, body read and gunzip)."""

    def __init__(self, s3_client, bucket: str, run: LoaderRun) -> None:
        super().__init__(s3_client, bucket)
        self.run = run

    def read_gz_lines(self, key: str) -> Iterator[bytes]:
        lines = super().read_gz_lines(key)
        while True:
            started = time.perf_counter()
            line = next(lines, None)
            self.run.s3_read += time.perf_counter() - started
            if line is None:
                return
            yield line


class TimedMovieRepository(MovieRepository):
    """The real repository, timing its calls in wall time and in this thread's CPU time."""

    def __init__(self, conn: pg8000.native.Connection, run: LoaderRun) -> None:
        super().__init__(conn)
        self.run = run

    def already_loaded(self, object_key: str, etag: str) -> bool:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return super().already_loaded(object_key, etag)
        finally:
            self.run.sql += time.perf_counter() - started
            self.run.sql_client_cpu += time.thread_time() - cpu

    def load_object(self, batch: LoadBatch) -> LoadOutcome:
        started, cpu = time.perf_counter(), time.thread_time()
        try:
            return super().load_object(batch)
        finally:
            self.run.sql += time.perf_counter() - started
            self.run.sql_client_cpu += time.thread_time() - cpu


def run_loader(
    label: str, objects: list[tuple[str, str]], s3, conn: pg8000.native.Connection, profile: cProfile.Profile | None
) -> LoaderRun:
    run = LoaderRun()
    store, repository = TimedLakeStore(s3, BUCKET, run), TimedMovieRepository(conn, run)
    with tqdm(objects, desc=label, unit=" objects") as bar:
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        for key, etag in bar:
            report = load_object(key, etag, store, repository)
            run.movies_written += report.outcome.movies_written
            run.rows_reported += report.outcome.rows_written
        if profile is not None:
            profile.disable()
        run.seconds = time.perf_counter() - started
    return run


def check_tables(conn: pg8000.native.Connection, expected: MovieRows) -> list[str]:
    """The loader must have written exactly the rows COPY writes, or the comparison means nothing."""
    problems = []
    for table in TABLES:
        found, wanted = conn.run(f"SELECT count(*) FROM {table}")[0][0], len(getattr(expected, table))
        if found != wanted:
            problems.append(f"after INSERT, {table} holds {found:,} rows; COPY writes {wanted:,}")
    return problems


def check_updated(conn: pg8000.native.Connection, movies: int) -> list[str]:
    updated = conn.run("SELECT count(*) FROM movies WHERE fetched_at = :t", t=UPDATE_FETCHED_AT)[0][0]
    return [] if updated == movies else [f"after UPDATE, {updated:,} of {movies:,} movies hold the newer fetch"]


# --- the report ----------------------------------------------------------------------------------------------


def describe_setting(
    conn: pg8000.native.Connection, movies: int, objects: int, args: argparse.Namespace, load_before: float
) -> str:
    version = conn.run("SHOW server_version")[0][0]
    settings = ", ".join(f"{name}={conn.run(f'SHOW {name}')[0][0]}" for name in ("fsync", "synchronous_commit"))
    connection = "a TCP_NODELAY connection (--nodelay what-if)" if args.nodelay else "cinelake's connect()"
    return (
        f"{movies:,} movies in {objects:,} lake objects of {args.per_object}; loader on {connection}; "
        f"PostgreSQL {version} ({settings}); {os.cpu_count()} CPU cores, load average {load_before:.2f} "
        "at the start; moto S3 in this process"
    )


def print_figures(movies: int, rows: int, insert: LoaderRun, update: LoaderRun, copy_seconds: float) -> None:
    copy_rate = rows / copy_seconds

    def line(case: str, elapsed: float, with_movies: bool = True) -> list[str]:
        return [
            case,
            count(movies),
            count(rows),
            seconds(elapsed),
            count(movies / elapsed) if with_movies else "-",
            count(rows / elapsed),
            share(rows / elapsed, copy_rate),
        ]

    print_table(
        "Loader vs bare COPY (rows: all 15 tables; same rows in every case)",
        ["case", "movies", "rows", "time", "movies/s", "rows/s", "÷ COPY rows/s"],
        [
            line("loader INSERT (empty database)", insert.seconds),
            line("loader UPDATE (full database, newer fetch)", update.seconds),
            line("bare COPY (empty database, rows pre-built)", copy_seconds),
        ],
    )
    for case, run in (("INSERT", insert), ("UPDATE", update)):
        ratio = (rows / run.seconds) / copy_rate
        verdict = "met" if ratio >= LOADER_GOAL else "NOT met"
        print(f"goal loader >= {LOADER_GOAL:.0%} of COPY, {case}: {ratio:.1%} -> {verdict}")
    print(
        f"the repository's own rows_written: INSERT {insert.rows_reported:,}, UPDATE {update.rows_reported:,} "
        "(dimension rows counted once per object that names them)"
    )


def print_time_split(insert: LoaderRun, update: LoaderRun) -> None:
    def line(phase: str, part) -> list[str]:
        return [phase, seconds(part(insert)), share(part(insert), insert.seconds)] + [
            seconds(part(update)),
            share(part(update), update.seconds),
        ]

    print_table(
        "Where loader time goes",
        ["phase", "INSERT", "share", "UPDATE", "share"],
        [
            line("S3 read + gunzip (moto, same process)", lambda run: run.s3_read),
            line("JSON + pydantic validation", lambda run: run.validation),
            line("SQL (MovieRepository, all of it)", lambda run: run.sql),
            line("  of which client CPU (rows, params, pg8000)", lambda run: run.sql_client_cpu),
            line("  of which waiting for PostgreSQL", lambda run: run.sql - run.sql_client_cpu),
            line("total", lambda run: run.seconds),
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
