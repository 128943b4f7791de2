"""Score question sets against the API in process, over a database that already holds the catalogue.

    .venv/bin/python -m tests.eval.score_sets --database-url URL [SET.json ...] [--failures]

Without files: the shared dev set, the project set and every held-out set in bench/ask_heldout/. Each set prints its
accuracy, refusals (422: the engine said what it did not understand) and wrong answers, overall and by language.
"""

import argparse
import sys
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient

from api_service.main import create_app
from cinelake.config import Settings
from tests.eval.scoring import DEV_QUESTIONS, PROJECT_QUESTIONS, asker, load_items, score

HELD_OUT_DIR = Path(__file__).resolve().parents[2] / "bench" / "ask_heldout"


def default_sets() -> list[Path]:
    """The timing sets of bench/scale.py (charts-*, text-*) have no gold answers: they are not scored."""
    held_out = [path for path in sorted(HELD_OUT_DIR.glob("*.json")) if not path.name.startswith(("charts-", "text-"))]
    return [DEV_QUESTIONS, PROJECT_QUESTIONS, *held_out]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--failures", action="store_true", help="print each question that did not pass")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as models_dir:
        # One caller asks every question: the rate limit is not what is scored.
        settings = Settings(
            database_url=args.database_url, models_dir=Path(models_dir), api_rate_limit_per_minute=10**9
        )
        app = create_app(settings)
        with TestClient(app, raise_server_exceptions=False) as client:
            ask = asker(client)
            for path in args.sets or default_sets():
                report = score(load_items(path), ask)
                rendered = report.render(path.name)
                print(rendered if args.failures else "\n".join(rendered.splitlines()[:3]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
