"""`make demo`: the whole product on the local stack, from an empty database to a loaded and refreshed one."""

import os
import time
from contextlib import closing, suppress
from datetime import date
from pathlib import Path

from cinelake.adapters.postgres import connect
from cinelake.local.pipeline import run_bulk, run_next_day, summarize
from cinelake.local.sam_env import STATE_FILE, LocalStackState, published
from cinelake.local.stack import FUNCTION_LOG, LocalStack, local_stack, sim_config_for_demo

MODELS_DIR = Path("models")
API_HOST = "127.0.0.1"
API_PORT = 8000
ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."


def run_demo(catalog_dir: Path | None, movies: int, days: int, seed: int, wait: bool = True) -> None:
    config = sim_config_for_demo(catalog_dir, movies, days, seed, start=None)
    started = time.monotonic()
    print(f"CineLake demo. {ATTRIBUTION}")
    with local_stack(config, function_log=FUNCTION_LOG) as stack, published(_state(stack), STATE_FILE):
        print(f"\nPostgreSQL: {stack.postgres_in_use()}")
        print("\nThe local stack is up:")
        for name, address in stack.addresses().items():
            print(f"  {name:32} {address}")
        print(f"  {'Lambda functions output':32} {FUNCTION_LOG}")
        print(f"  {'sam local invoke --env-vars':32} cinelake local-env > env.json (docs/development.md)")

        day0 = date.fromisoformat(stack.sim.stats()["date"])
        print(f"\n1. Bulk load from TMDB's id export of {day0}")
        run_bulk(stack, day0)
        change_days = days if catalog_dir is None else _catalog_change_days(catalog_dir)
        for number in range(1, change_days + 1):
            print(f"\n{number + 1}. Daily changes, day {number}")
            advanced, _ = run_next_day(stack)
            print(f"   TMDB changed {advanced['updated']} movies and deleted {advanced['deleted']} that day")

        print(f"\nPipeline done in {time.monotonic() - started:.0f} s:")
        for line in summarize(stack).lines():
            print(f"  {line}")

        print("\nTraining the success model from PostgreSQL, publishing to models/ and the lake")
        print(f"  {train_model(stack)}")
        if wait:
            serve_api_until_interrupted(stack)
    print("Stopped everything the demo started.")


def _state(stack: LocalStack) -> LocalStackState:
    """What `cinelake local-env` needs to point `sam local invoke` at this stack."""
    return LocalStackState.of(stack.settings, stack.database_url, stack.aws_endpoint, pid=os.getpid())


def train_model(stack: LocalStack) -> str:
    from cinelake.adapters.model_data import ModelData
    from cinelake.services.model_card import headline
    from cinelake.services.publish_model import train_and_publish

    with closing(connect(stack.database_url, application_name="cinelake-train")) as conn:
        published = train_and_publish(ModelData(conn), MODELS_DIR, lake=stack.adapters.lake_store())
    return headline(published.card)


def _catalog_change_days(catalog_dir: Path) -> int:
    return len(list(catalog_dir.glob("changes_*.jsonl.gz")))


def serve_api_until_interrupted(stack: LocalStack) -> None:
    """The API on the demo's database, models/ and lake (the stack's settings), until Ctrl-C."""
    import uvicorn

    from api_service.main import create_app

    base = f"http://{API_HOST}:{API_PORT}"
    print(f"\nThe API serves the model on {base} (docs: {base}/docs). Everything stays up until Ctrl-C.")
    print(f"  curl -s {base}/predict -H 'content-type: application/json' -d '{{\"budget\": 50000000}}'")
    settings = stack.settings.model_copy(update={"models_dir": MODELS_DIR.resolve(), "api_warm_up": True})
    app = create_app(settings, aws_session=stack.adapters.aws_session)
    # uvicorn stops on Ctrl-C, then raises it again: stopping the rest of the stack is what was asked.
    with suppress(KeyboardInterrupt):
        uvicorn.run(app, host=API_HOST, port=API_PORT, log_level="warning")
