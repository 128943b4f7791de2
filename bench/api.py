"""`POST /predict` under load: the API served by uvicorn, loaded by wrk from a second process on loopback.

A database is loaded with the real catalogue (seed_catalog) and a model is trained on it (train_and_publish). Then:
- ONNX: `uvicorn --factory api_service.main:create_app` with several workers, as deployed; wrk sends one movie's
  features at 32 connections for --seconds;
- sklearn: the same app and endpoint, but scoring with the trained pipeline's `predict_proba` instead of onnxruntime
  (`create_sklearn_app` below swaps the model in; api_service/ is not changed): the naive alternative;
- the floor: the bare onnxruntime call for one prebuilt row, in this process, one call after another (and, to show
  where /predict's time goes, the track-record query it makes for the same movie);
- /predict/batch with 1,000 catalogue movies, one request after another on a keep-alive connection.
The database is dropped at the end.

Run from the repo root: .venv/bin/python bench/api.py [--seconds 30] [--connections 32] [--workers 2]
It needs wrk (`apt-get install wrk`).
"""

import argparse
import http.client
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime
import pandas as pd
from figure_table import count, print_table
from pydantic import ValidationError
from real_catalogue import REPO_ROOT, require_catalogue, seeded_database, stop_process
from sklearn.pipeline import Pipeline

from api_service.schemas import MovieRequest
from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import connect
from cinelake.domain.features import TRACK_RECORD_LAG_DAYS, MovieInputs, tracked_names
from cinelake.readiness import NotReady, exited, free_port, http_status, wait_until
from cinelake.services.model_inputs import feature_frame, onnx_feeds
from cinelake.services.publish_model import train_and_publish
from cinelake.services.train import TrainingOptions

HOST = "127.0.0.1"
BATCH_SIZE = 1_000
BATCH_REQUESTS = 20
FLOOR_SECONDS = 3.0
WARMUP_SECONDS = 3
READY_TIMEOUT_SECONDS = 60.0
GOAL_REQUESTS_PER_SECOND = 1_500
GOAL_P99_MS = 20.0
GOAL_BATCH_MS = 50.0
SKLEARN_MODEL_ENV = "BENCH_SKLEARN_MODEL"  # the pickled pipeline create_sklearn_app serves
WRK_SCRIPT = """wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{body}]==]
"""
WRK_UNITS_MS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


@dataclass(frozen=True)
class LoadResult:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int  # non-2xx answers plus socket errors


@dataclass(frozen=True)
class Timings:
    per_second: float
    p50_ms: float
    p99_ms: float


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: `apt-get install -y wrk` (Debian)")
    require_catalogue()  # stop at once, before any work, when the catalogue is absent
    load_before = os.getloadavg()[0]  # other work on the machine skews the figures

    with ExitStack() as cleanup:
        database_url, movie_count = seeded_database(cleanup, "api")

        work_dir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="cinelake-bench-api-")))
        models_dir = work_dir / "models"
        started = time.perf_counter()
        with closing(connect(database_url)) as conn:
            published = train_and_publish(ModelData(conn), models_dir, TrainingOptions(seed=0))
            bodies = [movie.inputs.model_dump(mode="json") for movie in ModelData(conn).catalog_movies()]
        print(f"trained {published.version} in {time.perf_counter() - started:.1f} s", flush=True)
        sklearn_path = work_dir / "sklearn.pkl"
        sklearn_path.write_bytes(pickle.dumps(published.trained.model))

        one_row = published.trained.holdout.features.iloc[[0]]
        movie_body = bodies[len(bodies) // 2]
        batch_body = json.dumps({"movies": [body for body in bodies if accepted(body)][:BATCH_SIZE]}).encode()
        script = work_dir / "predict.lua"
        script.write_text(WRK_SCRIPT.format(body=json.dumps(movie_body)), encoding="utf-8")
        env = api_environment(database_url, models_dir, sklearn_path)

        with closing(connect(database_url)) as conn:
            lookup = time_calls(track_record_lookup(ModelData(conn), MovieInputs(**movie_body)), FLOOR_SECONDS)
        onnx_floor = time_calls(onnx_call(published.directory / "model.onnx", one_row), FLOOR_SECONDS)
        sklearn_floor = time_calls(lambda: published.trained.model.predict_proba(one_row), FLOOR_SECONDS)
        with serve("api_service.main:create_app", env, args.workers) as base_url:
            onnx_load = run_wrk(base_url, script, args)
            batch = time_batch(base_url, batch_body)
        with serve("api:create_sklearn_app", env, args.workers) as base_url:
            sklearn_load = run_wrk(base_url, script, args)

    print_setting(args, load_before, movie_count)
    print_figures(onnx_load, sklearn_load, onnx_floor, sklearn_floor, lookup, batch, args)
    # An error answers fast: the API's figures with errors in them would flatter it. (The sklearn case's failures are
    # wrk's 10 s timeouts, shown in its row: that is how the naive alternative behaves under this load.)
    if onnx_load.failures:
        print(f"\n{onnx_load.failures:,} /predict requests failed: its figures do not measure scoring", file=sys.stderr)
    return 1 if onnx_load.failures else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=30, help="wrk's duration per case")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk's threads")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn's worker processes")
    return parser.parse_args(argv)


def api_environment(database_url: str, models_dir: Path, sklearn_path: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key.upper() != "CINELAKE_API_KEYS"}  # no keys
    env |= {
        "DATABASE_URL": database_url,
        "MODELS_DIR": str(models_dir),
        "API_RATE_LIMIT_PER_MINUTE": str(10**9),  # the load is one caller: the limiter is not what is measured
        "API_WARM_UP": "true",  # as deployed: each worker reads its track records before it accepts connections
        "ASK_EMBEDDER": "false",  # /predict needs no sentence model: the workers start faster
        SKLEARN_MODEL_ENV: str(sklearn_path),
        # the workers import api_service from the repo root and create_sklearn_app from bench/
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(REPO_ROOT / "bench")]),
    }
    return env


# ---------------------------------------------------------------------------------------------------------------
# The naive alternative: the same app, scoring with scikit-learn


@dataclass(frozen=True)
class SklearnModel:
    """What the API's routes read from its LoadedModel, but `predict_proba` of the trained pipeline for onnxruntime."""

    version: str
    threshold: float
    card: dict
    pipeline: Pipeline
    lag_days: int = TRACK_RECORD_LAG_DAYS  # the track records' lag the model was trained with (LoadedModel reads it)

    def probabilities(self, rows: list[dict]) -> np.ndarray:
        return self.pipeline.predict_proba(feature_frame(rows))[:, 1]


@dataclass(frozen=True)
class FixedModelRegistry:
    """Stands in for the app's ModelRegistry: always the same model."""

    model: SklearnModel
    models_dir: Path
    refresh_due: bool = False  # nothing to re-read

    def current(self) -> SklearnModel:
        return self.model


def create_sklearn_app():
    """The API as `create_app` builds it, with the sklearn pipeline in place of the ONNX model (uvicorn --factory)."""
    # Imported here: only uvicorn's workers import the API; this benchmark's own process has no need of it.
    from api_service.main import create_app
    from cinelake.config import Settings

    settings = Settings()
    pointer = json.loads((settings.models_dir / "current.json").read_text(encoding="utf-8"))
    pipeline = pickle.loads(Path(os.environ[SKLEARN_MODEL_ENV]).read_bytes())
    model = SklearnModel(
        version=f"{pointer['version']}-sklearn", threshold=pointer["threshold"], card={}, pipeline=pipeline
    )
    app = create_app()
    app.state.registry = FixedModelRegistry(model, settings.models_dir)  # deps.registry_of keeps a registry it finds
    return app


# ---------------------------------------------------------------------------------------------------------------
# Serving and loading


@contextmanager
def serve(factory: str, env: dict[str, str], workers: int):
    """uvicorn serving `factory` on a free loopback port until the block ends; yields the base URL once ready."""
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", factory, "--host", HOST, "--port", str(port)]
    command += ["--workers", str(workers), "--no-access-log", "--log-level", "warning"]
    # The app's JSON request log goes to stdout: discarded, as the benchmark would otherwise measure the terminal.
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            wait_until_ready(port, process, errors)
            yield f"http://{HOST}:{port}"
        finally:
            stop_process(process, timeout=30)


def wait_until_ready(port: int, process: subprocess.Popen, errors) -> None:
    try:
        wait_until(
            lambda: True if http_status(HOST, port, "/ready") == 200 else None,
            what=f"the API's /ready on port {port}",
            timeout=READY_TIMEOUT_SECONDS,
            gone=exited(process),
        )
    except NotReady as failure:
        errors.seek(0)
        raise SystemExit(f"{failure}:\n{errors.read().decode(errors='replace')}") from None


def run_wrk(base_url: str, script: Path, args: argparse.Namespace) -> LoadResult:
    url = f"{base_url}/predict"
    common = ["wrk", "-t", str(args.threads), "-c", str(args.connections), "-s", str(script), "--latency"]
    common += ["--timeout", "10s"]  # wrk drops answers slower than its 2 s default from the latencies
    # The warm-up lets every worker open its database connections and load the model before the measured run.
    subprocess.run([*common, "-d", f"{WARMUP_SECONDS}s", url], check=True, capture_output=True)
    output = subprocess.run([*common, "-d", f"{args.seconds}s", url], check=True, capture_output=True, text=True)
    return parse_wrk(output.stdout)


def parse_wrk(output: str) -> LoadResult:
    def latency_ms(percentile: str) -> float:
        value, unit = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE).groups()
        return float(value) * WRK_UNITS_MS[unit]

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failures = (int(non_2xx.group(1)) if non_2xx else 0) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    return LoadResult(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        p50_ms=latency_ms("50"),
        p99_ms=latency_ms("99"),
        requests=requests,
        failures=failures,
    )


def accepted(body: dict) -> bool:
    """Whether the API takes this movie as it is: a few catalogue movies name more people than it bounds (e.g. 21
    directors, where it takes 10), and one such movie makes the whole batch a 422."""
    try:
        MovieRequest.model_validate(body)
    except ValidationError:
        return False
    return True


def time_batch(base_url: str, body: bytes) -> Timings:
    """/predict/batch with 1,000 movies, one request after another on one keep-alive connection."""
    host, port = base_url.removeprefix("http://").split(":")
    headers = {"Content-Type": "application/json"}
    durations = []
    with closing(http.client.HTTPConnection(host, int(port), timeout=30)) as conn:
        for attempt in range(BATCH_REQUESTS + 2):  # the first two warm the worker up
            started = time.perf_counter()
            conn.request("POST", "/predict/batch", body=body, headers=headers)
            response = conn.getresponse()
            answer = response.read()
            elapsed = time.perf_counter() - started
            if response.status != 200:
                raise SystemExit(f"/predict/batch answered {response.status}: {answer[:300]!r}")
            if attempt >= 2:
                durations.append(elapsed)
    return timings(durations)


# ---------------------------------------------------------------------------------------------------------------
# The floor


def onnx_call(model_path: Path, row: pd.DataFrame):
    session = onnxruntime.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    feeds = onnx_feeds(row)
    return lambda: session.run(["probabilities"], feeds)


def track_record_lookup(data: ModelData, movie: MovieInputs):
    """The database query /predict makes for one movie (scoring.feature_rows), without the HTTP and the model."""
    names = {role: sorted(names) for role, names in tracked_names(movie).items()}
    return lambda: data.past_credits(names, before=movie.release_date)


def time_calls(call, seconds: float) -> Timings:
    """One call after another for `seconds`, in this process."""
    call()
    durations = []
    deadline = time.perf_counter() + seconds
    while (started := time.perf_counter()) < deadline:
        call()
        durations.append(time.perf_counter() - started)
    return timings(durations)


def timings(durations: list[float]) -> Timings:
    milliseconds = np.array(durations) * 1e3
    return Timings(
        per_second=len(durations) / sum(durations),
        p50_ms=float(np.percentile(milliseconds, 50)),
        p99_ms=float(np.percentile(milliseconds, 99)),
    )


# ---------------------------------------------------------------------------------------------------------------
# Printing


def print_setting(args: argparse.Namespace, load_before: float, movie_count: int) -> None:
    print(
        f"\n{os.cpu_count()} cores, Python {sys.version.split()[0]}, onnxruntime {onnxruntime.__version__}, "
        f"load average {load_before:.2f} at the start; {movie_count:,} movies in the database; uvicorn with "
        f"{args.workers} workers; wrk {args.threads} threads, {args.connections} connections, {args.seconds} s a case"
    )


def print_figures(
    onnx_load: LoadResult,
    sklearn_load: LoadResult,
    onnx_floor: Timings,
    sklearn_floor: Timings,
    lookup: Timings,
    batch: Timings,
    args: argparse.Namespace,
) -> None:
    def ms(value: float) -> str:
        return f"{value:.2f} ms"

    rows = [
        ["POST /predict, ONNX (the API)", *load_row(onnx_load), ms(onnx_load.p50_ms), ms(onnx_load.p99_ms)],
        ["POST /predict, sklearn predict_proba", *load_row(sklearn_load), ms(sklearn_load.p50_ms)]
        + [ms(sklearn_load.p99_ms)],
        ["bare onnxruntime call, 1 row (floor)", count(onnx_floor.per_second), "-", "-"]
        + [ms(onnx_floor.p50_ms), ms(onnx_floor.p99_ms)],
        ["bare sklearn predict_proba, 1 row", count(sklearn_floor.per_second), "-", "-"]
        + [ms(sklearn_floor.p50_ms), ms(sklearn_floor.p99_ms)],
        ["track-record query /predict runs, 1 movie", count(lookup.per_second), "-", "-"]
        + [ms(lookup.p50_ms), ms(lookup.p99_ms)],
        [f"POST /predict/batch, {BATCH_SIZE:,} movies", f"{batch.per_second:.1f}", "-", "-"]
        + [ms(batch.p50_ms), ms(batch.p99_ms)],
    ]
    header = ["case", "requests/s", "requests", "failed", "p50", "p99"]
    print_table(f"/predict at {args.connections} connections, {args.seconds} s (calls/s for the floor)", header, rows)

    goals = [
        ["/predict requests/s", count(onnx_load.requests_per_second), f"≥ {GOAL_REQUESTS_PER_SECOND:,}"]
        + [f"{onnx_load.requests_per_second / GOAL_REQUESTS_PER_SECOND:.0%}"],
        ["/predict p99", ms(onnx_load.p99_ms), f"< {GOAL_P99_MS:.0f} ms", f"{onnx_load.p99_ms / GOAL_P99_MS:.0%}"],
        [f"/predict/batch {BATCH_SIZE:,} p50", ms(batch.p50_ms), f"< {GOAL_BATCH_MS:.0f} ms"]
        + [f"{batch.p50_ms / GOAL_BATCH_MS:.0%}"],
        ["ONNX ÷ sklearn requests/s", f"{onnx_load.requests_per_second / sklearn_load.requests_per_second:.2f}×"]
        + ["-", "-"],
    ]
    header = ["figure", "measured", "goal", "ratio"]
    print_table("Goals (ratio = figure ÷ goal: met at ≥ 100% for requests/s, at < 100% for times)", header, goals)


def load_row(result: LoadResult) -> list[str]:
    return [count(result.requests_per_second), count(result.requests), count(result.failures)]


if __name__ == "__main__":
    sys.exit(main())
