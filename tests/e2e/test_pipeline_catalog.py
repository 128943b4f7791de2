"""The pipeline on the real catalogue in ../shared: 13,267 movies, then a day of real changes to 3,303 of them."""

import gzip
import json
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from cinelake.adapters.pipeline_counts import dead_letter_depths
from cinelake.adapters.postgres import connect
from cinelake.local.pipeline import run_bulk, run_next_day
from cinelake.local.stack import local_stack
from cinelake.sim.config import SimConfig

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.catalog]

START = date(2026, 11, 2)


def read_lines(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def test_the_real_catalogue_loads_whole_and_its_changes_arrive(catalog_dir: Path, fresh_database_url: str) -> None:
    changed = {movie["id"]: movie for movie in read_lines(catalog_dir / "changes_1.jsonl.gz")}
    config = SimConfig(catalog_dir=catalog_dir, rate_limit=0, start_date=START)
    with local_stack(config, database_url=fresh_database_url) as stack, closing(connect(fresh_database_url)) as db:
        # WHEN the day-0 export is extracted, enriched and loaded
        run_bulk(stack, START, show_progress=False)
        # THEN every movie of the catalogue is in the database
        assert db.run("SELECT count(*) FROM movies") == [[13_267]]
        # WHEN TMDB's clock advances a day and the daily run reads its changes
        run_next_day(stack, show_progress=False)
        # THEN every one of the 3,303 changed movies holds its new values
        rows = db.run(
            "SELECT tmdb_id, title, budget, revenue, vote_count, release_date::text FROM movies"
            " WHERE tmdb_id = ANY(CAST(:ids AS integer[]))",
            ids=list(changed),
        )
        assert len(rows) == 3_303
        stale = [
            row[0]
            for row in rows
            if row[1:]
            != [
                changed[row[0]]["title"],
                changed[row[0]]["budget"] or None,
                changed[row[0]]["revenue"] or None,
                changed[row[0]]["vote_count"],
                changed[row[0]]["release_date"] or None,
            ]
        ]
        assert stale == []
        assert db.run("SELECT count(*) FROM movies") == [[13_267]]
        assert set(dead_letter_depths(stack.aws("sqs"), stack.settings).values()) == {0}
