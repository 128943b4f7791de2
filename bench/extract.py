"""Enrich's request rate against the TMDB simulator: is TMDB's rate limit used well, and how fast is one worker.

- Case 1, rate-limited: the simulator allows 40 requests/s (as TMDB does) and the client's token bucket is set to
  40 (TMDB_RATE_LIMIT's default). The real enrich_batch runs over messages of 100 ids, one message after another,
  at the default concurrency, for ~60 s worth of ids. Goals: >= 90% of 40 requests/s, <= 1% answered 429
  (from the simulator's /__sim__/stats counters). This simulator runs on a thread of this process: at 40
  requests/s it has time to spare.
- Case 2, no limit: the simulator runs in a separate process (`cinelake sim` through subprocess, so it does not
  share this process's GIL) without a rate limit, and the client's limit is lifted. One enrich worker (this
  process, one message after another) at concurrency 8 (the default), 16 and 32, on loopback, after a warm-up run
  that has the simulator render each answer once.
The lake both cases write to is a moto S3 server on a thread of this process.

Run from the repo root: .venv/bin/python bench/extract.py [--seconds 60] [--unlimited-ids 6000] [--synthetic N]
"""

import argparse
import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import requests
from figure_table import count, print_table, seconds, share
from real_catalogue import require_catalogue, stop_process
from tqdm import tqdm

from cinelake.adapters.s3 import LakeStore
from cinelake.adapters.tmdb import TmdbClient
from cinelake.config import Settings
from cinelake.domain.messages import IDS_PER_MESSAGE, IdBatch
from cinelake.local.moto_server import moto_client, moto_server
from cinelake.readiness import NotReady, exited, free_port, wait_until
from cinelake.services.enrich import DEFAULT_CONCURRENCY, enrich_batch
from cinelake.sim.catalog import Catalog, load_catalog_dir
from cinelake.sim.config import SimConfig
from cinelake.sim.server import SimAddresses, SimServer

START_DATE = date(2026, 11, 2)  # the same in both simulators, so a synthetic catalogue has the same ids in both
TMDB_RATE_LIMIT = 40.0  # requests/s: TMDB's, and the simulator's in case 1
CLIENT_RATE_LIMIT = Settings.model_fields["tmdb_rate_limit"].default  # TMDB_RATE_LIMIT's default
UNLIMITED_CLIENT_RATE = 1_000_000.0  # requests/s: the client's bucket never makes anyone wait
CONCURRENCIES = (DEFAULT_CONCURRENCY, 16, 32)
RATE_GOAL = 0.90  # of TMDB_RATE_LIMIT
TOO_MANY_REQUESTS_GOAL = 0.01  # share of responses answered 429
SEPARATE_SIM_START_TIMEOUT_S = 180.0  # loading the real catalogue takes a while when the other core is busy
BUCKET = "cinelake-bench-lake"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with ExitStack() as cleanup:
        # Started first: it loads its catalogue on the other core while this process loads its own.
        separate_sim = cleanup.enter_context(separate_simulator(args))
        catalog = load_catalogue(args)
        movie_ids = list(catalog.base)
        s3 = moto_client("s3", cleanup.enter_context(moto_server()), "us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        store = TimedLakeStore(s3, BUCKET)
        print(
            f"{len(movie_ids):,} movies ({catalogue_name(args)}); {os.cpu_count()} CPU cores; "
            f"load average {os.getloadavg()[0]:.2f} before the runs",
            flush=True,
        )

        config = SimConfig(catalog_dir=None, rate_limit=TMDB_RATE_LIMIT, start_date=START_DATE)
        with SimServer(config, catalog=catalog) as sim, tmdb_client(sim.api_url, CLIENT_RATE_LIMIT) as client:
            limited_ids = take(movie_ids, round(args.seconds * TMDB_RATE_LIMIT))
            limited = enrich_run("limited 40/s", limited_ids, client, store, DEFAULT_CONCURRENCY, sim.stats, None)

        separate_sim.wait_until_answering()
        unlimited_ids = take(movie_ids, args.unlimited_ids)
        unlimited = []
        with tmdb_client(separate_sim.api_url, UNLIMITED_CLIENT_RATE) as client:
            warm_up = enrich_run("warm-up", unlimited_ids, client, store, 32, separate_sim.stats, separate_sim.pid)
            for concurrency in CONCURRENCIES:
                label = f"no limit, concurrency {concurrency}"
                run = enrich_run(label, unlimited_ids, client, store, concurrency, separate_sim.stats, separate_sim.pid)
                unlimited.append(run)

    print_figures(limited, warm_up, unlimited)
    return 0  # a goal missed is a finding, printed above; the benchmark itself ran


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="case 1: seconds' worth of ids at 40/s")
    parser.add_argument("--unlimited-ids", type=int, default=6000, help="case 2: ids per run")
    parser.add_argument("--synthetic", type=int, metavar="N", help="a synthetic catalogue of N movies instead")
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.unlimited_ids < 1 or (args.synthetic is not None and args.synthetic < 1):
        parser.error("--seconds, --unlimited-ids and --synthetic must be positive")
    return args


# --- the simulators ------------------------------------------------------------------------------------------


def load_catalogue(args: argparse.Namespace) -> Catalog:
    if args.synthetic is None:
        return load_catalog_dir(require_catalogue())
    from cinelake.sim.synthetic import generate_catalog  # only a synthetic run needs the generator

    return generate_catalog(n_movies=args.synthetic, n_days=1, start_date=START_DATE)


def catalogue_name(args: argparse.Namespace) -> str:
    return "real catalogue" if args.synthetic is None else "synthetic catalogue"


@dataclass
class SeparateSimulator(SimAddresses):
    """`cinelake sim` in a process of its own, answering on loopback."""

    process: subprocess.Popen
    port: int
    log: Path
    host: str = "127.0.0.1"

    @property
    def pid(self) -> int:
        return self.process.pid

    def stats(self) -> dict:
        response = requests.get(self.control_url("stats"), timeout=30)
        response.raise_for_status()
        return response.json()

    def wait_until_answering(self) -> None:
        try:
            wait_until(
                self._stats_once_up,
                what="`cinelake sim`",
                timeout=SEPARATE_SIM_START_TIMEOUT_S,
                gone=exited(self.process),
            )
        except NotReady as failure:
            raise SystemExit(f"{failure}:\n{self.log.read_text()}") from None

    def _stats_once_up(self) -> dict | None:
        try:
            return self.stats()
        except requests.ConnectionError:
            return None  # not listening yet


@contextmanager
def separate_simulator(args: argparse.Namespace) -> Iterator[SeparateSimulator]:
    """Start `cinelake sim` without a rate limit; stop it (and only it) afterwards."""
    command = Path(sys.executable).with_name("cinelake")
    if not command.is_file():
        raise SystemExit(f"{command} is missing: run the benchmark with the project venv's python")
    catalogue = (
        ["--catalog", str(require_catalogue())]
        if args.synthetic is None
        else ["--movies", str(args.synthetic), "--days", "1"]
    )
    port = free_port()
    options = ["--rate-limit", "0", "--host", "127.0.0.1", "--port", str(port), "--start-date", START_DATE.isoformat()]
    with tempfile.TemporaryDirectory(prefix="cinelake-bench-") as folder:
        log = Path(folder) / "sim.log"
        with log.open("wb") as output:
            process = subprocess.Popen([command, "sim", *catalogue, *options], stdout=output, stderr=subprocess.STDOUT)
        try:
            yield SeparateSimulator(process, port, log)
        finally:
            stop_process(process, timeout=10)


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of another process so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


# --- the worker ----------------------------------------------------------------------------------------------


def tmdb_client(api_url: str, rate_limit: float) -> TmdbClient:
    settings = Settings(
        tmdb_api_url=api_url,
        tmdb_api_key=SimConfig().api_key,
        tmdb_read_access_token=None,
        tmdb_rate_limit=rate_limit,
    )
    return TmdbClient(settings)


class TimedLakeStore(LakeStore):
    """The real store, timing enrich's writes (records to JSON, gzip, S3 PUT)."""

    def __init__(self, s3_client, bucket: str) -> None:
        super().__init__(s3_client, bucket)
        self.write_seconds = 0.0

    def put_ndjson_gz(self, key: str, records: Iterable[dict]) -> str:
        started = time.perf_counter()
        try:
            return super().put_ndjson_gz(key, records)
        finally:
            self.write_seconds += time.perf_counter() - started


@dataclass
class EnrichRun:
    label: str
    concurrency: int
    ids: int
    seconds: float
    fetched: int
    requests: int  # /3/* requests the simulator saw
    too_many_requests: int  # of which answered 429
    lake_write_seconds: float
    worker_cpu: float  # this process: enrich, and moto's S3 thread
    sim_cpu: float | None  # the separate simulator's process

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds

    @property
    def movies_per_second(self) -> float:
        return self.fetched / self.seconds

    @property
    def share_429(self) -> float:
        return self.too_many_requests / self.requests if self.requests else 0.0


def enrich_run(
    label: str,
    movie_ids: list[int],
    client: TmdbClient,
    store: TimedLakeStore,
    concurrency: int,
    stats: Callable[[], dict],
    sim_pid: int | None,
) -> EnrichRun:
    """enrich_batch over messages of 100 ids, one after another, as one worker takes them off the queue."""
    messages = [movie_ids[start : start + IDS_PER_MESSAGE] for start in range(0, len(movie_ids), IDS_PER_MESSAGE)]
    slug = label.replace(" ", "-").replace(",", "").replace("/", "per")
    before, sim_cpu_before = stats(), process_cpu_seconds(sim_pid) if sim_pid else None
    store.write_seconds = 0.0
    fetched = 0
    with tqdm(total=len(movie_ids), desc=label, unit=" ids") as bar:
        started, cpu_started = time.perf_counter(), time.process_time()
        for number, ids in enumerate(messages):
            batch = IdBatch(ids=ids, source="bulk", day=START_DATE)
            report = enrich_batch(batch, f"bench-{slug}-{number:05d}", client, store, concurrency=concurrency)
            fetched += report.fetched
            bar.update(len(ids))
        elapsed, worker_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    after = stats()
    return EnrichRun(
        label=label,
        concurrency=concurrency,
        ids=len(movie_ids),
        seconds=elapsed,
        fetched=fetched,
        requests=after["requests"] - before["requests"],
        too_many_requests=after["responses"]["429"] - before["responses"]["429"],
        lake_write_seconds=store.write_seconds,
        worker_cpu=worker_cpu,
        sim_cpu=process_cpu_seconds(sim_pid) - sim_cpu_before if sim_pid else None,
    )


def take(movie_ids: list[int], how_many: int) -> list[int]:
    """The first `how_many` ids, going round the catalogue again if it is smaller."""
    return list(itertools.islice(itertools.cycle(movie_ids), how_many))


# --- the report ----------------------------------------------------------------------------------------------


def print_figures(limited: EnrichRun, warm_up: EnrichRun, unlimited: list[EnrichRun]) -> None:
    def line(case: str, run: EnrichRun) -> list[str]:
        return [
            case,
            str(run.concurrency),
            count(run.ids),
            seconds(run.seconds),
            f"{run.requests_per_second:,.1f}",
            f"{run.movies_per_second:,.1f}",
            share(run.requests_per_second, TMDB_RATE_LIMIT),
            f"{run.too_many_requests:,} ({run.share_429:.2%})",
            share(run.lake_write_seconds, run.seconds),
            share(run.worker_cpu, run.seconds),
            "-" if run.sim_cpu is None else share(run.sim_cpu, run.seconds),
        ]

    print_table(
        "Enrich against the simulator (one worker, messages of 100 ids one after another)",
        [
            "case",
            "concurrency",
            "ids",
            "time",
            "requests/s",
            "movies/s",
            "÷ 40/s",
            "answered 429",
            "lake write",
            "worker CPU",
            "sim CPU",
        ],
        [
            line("1: sim 40/s, client 40/s (in-process sim)", limited),
            line("2: no limit, warm-up (separate sim process)", warm_up),
            *(line("2: no limit (separate sim process)", run) for run in unlimited),
        ],
    )
    print(
        "lake write: share of the time in enrich's S3 write (JSON, gzip, PUT to moto); CPU: of one core, "
        "worker = this process (enrich + moto), sim = the `cinelake sim` process"
    )
    rate_ratio = limited.requests_per_second / TMDB_RATE_LIMIT
    print(
        f"goal case 1, >= {RATE_GOAL:.0%} of {TMDB_RATE_LIMIT:.0f} requests/s: {rate_ratio:.1%} -> "
        f"{'met' if rate_ratio >= RATE_GOAL else 'NOT met'}"
    )
    print(
        f"goal case 1, <= {TOO_MANY_REQUESTS_GOAL:.0%} answered 429: {limited.share_429:.2%} -> "
        f"{'met' if limited.share_429 <= TOO_MANY_REQUESTS_GOAL else 'NOT met'}"
    )
    best = max(unlimited, key=lambda run: run.movies_per_second)
    print(
        f"case 2: one worker reaches {best.movies_per_second:,.0f} movies/s at concurrency {best.concurrency} "
        f"({best.movies_per_second / TMDB_RATE_LIMIT:.1f} x TMDB's 40 requests/s)"
    )


if __name__ == "__main__":
    sys.exit(main())
