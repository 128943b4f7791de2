"""The `cinelake` command: one subcommand per job, each a thin call into the library."""

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from contextlib import closing
from datetime import date
from pathlib import Path

from cinelake.errors import CineLakeError

API_FACTORY = "api_service.main:create_app"
TRAIN_READ_SECONDS = 1800.0  # the socket timeout of `cinelake train`'s reads


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args) or 0
    except CineLakeError as error:
        print(f"cinelake {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cinelake", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    migrate = commands.add_parser("migrate", help="apply the pending SQL migrations to DATABASE_URL")
    migrate.set_defaults(run=run_migrate)

    bulk = commands.add_parser("bulk", help="queue every id of TMDB's daily export (runs to completion)")
    bulk.add_argument("--date", type=date.fromisoformat, help="export date YYYY-MM-DD; default: the newest published")
    bulk.set_defaults(run=run_bulk)

    changes = commands.add_parser("changes", help="queue the ids TMDB changed since the watermark")
    changes.add_argument(
        "--through", type=date.fromisoformat, help="last complete day to read, YYYY-MM-DD; default: yesterday (UTC)"
    )
    changes.set_defaults(run=run_changes)

    sim = commands.add_parser("sim", help="run the TMDB API v3 simulator")
    add_sim_options(sim)
    sim.add_argument("--host", default="127.0.0.1")
    sim.add_argument("--port", type=int, default=8800)
    sim.set_defaults(run=run_sim)

    demo = commands.add_parser("demo", help="run the whole product locally until Ctrl-C")
    demo.add_argument("--catalog", type=Path, help="a catalogue folder; default: the synthetic generator")
    demo.add_argument("--movies", type=int, default=5000, help="synthetic catalogue size")
    demo.add_argument("--days", type=int, default=3, help="synthetic change sets to replay")
    demo.add_argument("--seed", type=int, default=0)
    demo.add_argument("--no-wait", action="store_true", help="stop once everything is up (for smoke tests)")
    demo.set_defaults(run=run_demo)

    local_env = commands.add_parser(
        "local-env", help="print the --env-vars JSON that points `sam local invoke` at the running `make demo`"
    )
    local_env.add_argument(
        "--host",
        default="host.docker.internal",
        help="how the Lambda container reaches this machine (default: host.docker.internal; 127.0.0.1 with "
        "`sam local invoke --docker-network host`)",
    )
    local_env.add_argument(
        "--state", type=Path, default=None, help="the demo's state file; default: .cinelake/local-stack.json"
    )
    local_env.set_defaults(run=run_local_env)

    train = commands.add_parser("train", help="train the success model from the database, export it to ONNX, publish")
    train.add_argument("--output", type=Path, default=Path("models"), help="models folder: <version>/, current.json")
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--holdout-from", type=date.fromisoformat, help="first release day held out; default 2022-01-01")
    train.add_argument(
        "--publish-s3", action=argparse.BooleanOptionalAction, default=True, help="also publish to the lake's models/"
    )
    train.add_argument("--figures", type=Path, help="also copy the calibration plot into this folder")
    train.set_defaults(run=run_train)

    serve = commands.add_parser("serve", help="serve the scoring API (uvicorn) against the configured database")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="worker processes (each loads the model once)")
    serve.set_defaults(run=run_serve)

    ask = commands.add_parser("ask", help="answer a question about the data (Spanish or English), as /ask-text does")
    ask.add_argument("question")
    ask.add_argument("--chart", type=Path, help="also draw the answer's chart into this PNG, as /ask-visual does")
    ask.add_argument("--no-embedder", action="store_true", help="rules only: leave the sentence model out")
    ask.set_defaults(run=run_ask)
    return parser


def add_sim_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", type=Path, help="folder with base.jsonl.gz and changes_N.jsonl.gz")
    parser.add_argument("--movies", type=int, default=2000, help="synthetic catalogue size (no --catalog)")
    parser.add_argument("--days", type=int, default=7, help="synthetic change sets (no --catalog)")
    parser.add_argument("--api-key", default="cinelake-sim-key")
    parser.add_argument("--read-access-token", default="cinelake-sim-token")
    parser.add_argument("--rate-limit", type=float, default=40.0, help="requests/s; 0 = unlimited")
    parser.add_argument("--error-rate", type=float, default=0.0, help="share of requests answered 5xx")
    parser.add_argument("--latency-ms", type=float, default=0.0)
    parser.add_argument("--drop-rate", type=float, default=0.0, help="share of responses cut off mid-body")
    parser.add_argument("--deleted-rate", type=float, default=0.0, help="share of ids that answer 404")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start-date", type=date.fromisoformat, default=None, help="YYYY-MM-DD; default today")


def sim_config_from(args: argparse.Namespace):
    from cinelake.sim.config import SimConfig

    options = dict(
        catalog_dir=args.catalog,
        synthetic_movies=args.movies,
        synthetic_days=args.days,
        api_key=args.api_key,
        read_access_token=args.read_access_token,
        rate_limit=args.rate_limit,
        error_rate=args.error_rate,
        latency_ms=args.latency_ms,
        drop_rate=args.drop_rate,
        deleted_rate=args.deleted_rate,
        seed=args.seed,
    )
    if args.start_date:
        options["start_date"] = args.start_date
    return SimConfig(**options)


def local_adapters():
    """The environment's adapters; with no database named, the local one (created if missing), as a local command
    would want."""
    from cinelake.bootstrap import adapters, names_a_database

    environment = adapters()
    if names_a_database(environment.settings):
        return environment
    from cinelake.local.stack import local_database_url  # the local extra: not on a deployed machine

    return environment.with_settings(database_url=local_database_url(environment.settings))


def run_migrate(args: argparse.Namespace) -> int:
    from cinelake.adapters.migrations import apply_migrations
    from cinelake.adapters.postgres import connect, redact

    url = local_adapters().database_url()
    with closing(connect(url)) as conn:
        applied = apply_migrations(conn)
    print(f"{redact(url)}: applied {applied or 'nothing (up to date)'}")
    return 0


def run_bulk(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from cinelake.bootstrap import adapters

    with tqdm(desc=f"export {args.date or 'newest'}: ids queued", unit=" ids") as bar:
        checkpoint = adapters().run_bulk(args.date, progress=bar.update)
    print(f"export {checkpoint.day}: {checkpoint.ids_sent:,} ids queued, {checkpoint.ids_filtered:,} filtered out")
    return 0


def run_changes(args: argparse.Namespace) -> int:
    from cinelake.bootstrap import adapters
    from cinelake.events import ChangesRun
    from cinelake.services.extract import run_changes as changes

    through = ChangesRun(through=args.through).through_day()
    real = adapters()
    report = changes(through, real.tmdb_client(), real.lake_store(), real.id_queue())
    if report.windows == 0:
        print(f"changes are up to date through {through}")
    else:
        print(
            f"changes {report.first_day}..{report.last_day}: {report.ids_sent:,} ids queued in {report.windows} windows"
        )
    return 0


def run_sim(args: argparse.Namespace) -> int:
    from cinelake.sim.server import serve

    config = sim_config_from(args)
    print(f"TMDB simulator on http://{args.host}:{args.port}/3 (exports: /p/exports), api_key={config.api_key}")
    serve(config, args.host, args.port)
    return 0


def run_demo(args: argparse.Namespace) -> int:
    from cinelake.local.demo import run_demo as demo

    demo(catalog_dir=args.catalog, movies=args.movies, days=args.days, seed=args.seed, wait=not args.no_wait)
    return 0


def run_local_env(args: argparse.Namespace) -> int:
    import json

    from cinelake.local.sam_env import STATE_FILE, read_state, sam_env_vars

    env_vars = sam_env_vars(read_state(args.state or STATE_FILE), host=args.host)
    print(json.dumps(env_vars, indent=2, sort_keys=True))
    return 0


def run_train(args: argparse.Namespace) -> int:
    import time

    from cinelake.adapters.model_data import ModelData
    from cinelake.adapters.postgres import connect
    from cinelake.services.model_card import headline
    from cinelake.services.publish_model import train_and_publish
    from cinelake.services.train import HOLDOUT_FROM, TrainingOptions

    started = time.perf_counter()

    def progress(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.1f}s] {message}", flush=True)

    options = TrainingOptions(seed=args.seed, holdout_from=args.holdout_from or HOLDOUT_FROM)
    real = local_adapters()
    lake = real.lake_store() if args.publish_s3 else None
    url = real.database_url()
    # A long socket timeout: at a million movies a COPY waits for the server to sort and aggregate a link table
    # (pg8000's 30 s would cut it off).
    with closing(connect(url, application_name="cinelake-train", timeout=TRAIN_READ_SECONDS)) as conn:
        published = train_and_publish(ModelData(conn), args.output, options, lake, args.figures, progress)
    print(headline(published.card))
    return 0


def run_ask(args: argparse.Namespace) -> int:
    from cinelake.adapters.ask_db import ReadOnlyQueries
    from cinelake.adapters.ask_names import load_name_index
    from cinelake.adapters.postgres import connect
    from cinelake.ask.embedder import SentenceEmbedder
    from cinelake.ask.parse import UnanswerableQuestion
    from cinelake.ask.semantic import SemanticMatcher
    from cinelake.services.ask import AskEngine

    real = local_adapters()
    settings = real.settings
    engine = AskEngine(None if args.no_embedder else SemanticMatcher(SentenceEmbedder()))
    with closing(connect(real.ask_database_url(), application_name="cinelake-ask")) as conn:
        names = load_name_index(conn)
        queries = ReadOnlyQueries(conn, timeout_ms=settings.ask_timeout_ms)
        try:
            if args.chart:
                chart = engine.chart(args.question, names, queries)
                args.chart.write_bytes(chart.png)
                answered = chart.answered
            else:
                answered = engine.answer(args.question, names, queries)
        except UnanswerableQuestion as refused:
            print(refused.reason, file=sys.stderr)
            return 2
    print(answered.answer)
    print(f"\n{answered.sql}")
    if args.chart:
        print(f"\nchart: {args.chart}")
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    # The settings (database, models dir, API keys) come from the environment, read by each worker's app; with no
    # database named, the workers get the local one.
    settings = local_adapters().settings
    if settings.database_url:
        os.environ.setdefault("DATABASE_URL", settings.database_url.get_secret_value())
    os.environ.setdefault("API_WARM_UP", "true")  # a served API loads its models before the first question
    # The workers share one rate-limit store, so a key's budget holds across them (one file per serve).
    store = Path(tempfile.gettempdir()) / f"cinelake-rate-limits-{os.getpid()}.sqlite"
    os.environ.setdefault("API_RATE_LIMIT_STORE", str(store))
    print(f"CineLake API on http://{args.host}:{args.port} (docs: http://{args.host}:{args.port}/docs)", flush=True)
    try:
        uvicorn.run(API_FACTORY, factory=True, host=args.host, port=args.port, workers=args.workers)
    finally:
        for path in (store, store.with_name(store.name + "-wal"), store.with_name(store.name + "-shm")):
            path.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
