"""The pipeline end to end: bulk export and daily changes in, a complete and fresh PostgreSQL copy out.

Events flow as in AWS: a bulk-queue message starts extraction, the daily schedule fires extract_changes, the ids
queue feeds enrich, S3 notifications feed load. Nothing is called directly but the entry points.
"""

import gzip
import json
from contextlib import closing
from datetime import date

import pytest

from cinelake.adapters.pipeline_counts import dead_letter_depths
from cinelake.adapters.postgres import connect
from cinelake.domain.lake import quarantine_key
from cinelake.local.pipeline import run_bulk, run_next_day
from cinelake.local.stack import LocalStack, local_stack
from cinelake.sim.catalog import Catalog
from cinelake.sim.config import SimConfig
from cinelake.sim.synthetic import generate_catalog

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

START = date(2026, 5, 4)
DAYS = 2


def expected_state(catalog: Catalog, days: int) -> dict[int, dict]:
    """What the database must hold: day 0's export without adult and video titles, then each day's changes
    (TMDB's changes list says only whether a title is adult), the newest version of each, deletions removed."""
    movies = {i: m for i, m in catalog.base.items() if not m["adult"] and not m["video"]}
    for change in catalog.changes[:days]:
        for movie in change.updated:
            if not movie["adult"]:
                movies[movie["id"]] = movie
        for movie_id in change.deleted:
            movies.pop(movie_id, None)
    return movies


def stored_movies(stack: LocalStack) -> dict[int, tuple]:
    with closing(connect(stack.database_url)) as conn:
        rows = conn.run(
            "SELECT m.tmdb_id, m.title, m.budget, m.revenue, m.vote_count,"
            " (SELECT count(*) FROM movie_cast c WHERE c.tmdb_id = m.tmdb_id),"
            " (SELECT count(*) FROM movie_genres g WHERE g.tmdb_id = m.tmdb_id)"
            " FROM movies m"
        )
    return {row[0]: tuple(row[1:]) for row in rows}


def as_stored(movie: dict) -> tuple:
    return (
        movie["title"],
        movie["budget"] or None,
        movie["revenue"] or None,
        movie["vote_count"],
        len(movie["credits"]["cast"]),
        len(movie["genres"]),
    )


def run_pipeline(stack: LocalStack, days: int) -> None:
    run_bulk(stack, START, show_progress=False)
    for _ in range(days):
        run_next_day(stack, show_progress=False)


def assert_database_matches(stack: LocalStack, catalog: Catalog, days: int) -> None:
    expected = expected_state(catalog, days)
    stored = stored_movies(stack)
    assert set(stored) == set(expected), "every movie loaded, none extra"
    mismatched = [i for i, movie in expected.items() if stored[i] != as_stored(movie)]
    assert mismatched == [], "every movie holds its newest values"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return generate_catalog(n_movies=800, n_days=DAYS, seed=11, start_date=START)


def test_bulk_then_daily_changes_give_a_complete_and_fresh_copy(catalog, fresh_database_url) -> None:
    config = SimConfig(rate_limit=0, start_date=START)
    with local_stack(config, database_url=fresh_database_url, catalog=catalog) as stack:
        run_pipeline(stack, DAYS)
        assert_database_matches(stack, catalog, DAYS)
        assert set(dead_letter_depths(stack.aws("sqs"), stack.settings).values()) == {0}
        with closing(connect(stack.database_url)) as conn:
            assert conn.run("SELECT count(*) FROM movie_tombstones")[0][0] == sum(
                len(c.deleted) for c in catalog.changes[:DAYS]
            )


def test_faults_on_tmdb_change_nothing_in_the_end_state(catalog, fresh_database_url) -> None:
    # GIVEN TMDB answering 10% of requests with 5xx, cutting 5% of responses off, and rate limited below the
    # client's own budget, so 429s happen too
    config = SimConfig(rate_limit=40, error_rate=0.10, drop_rate=0.05, seed=3, start_date=START)
    with local_stack(config, database_url=fresh_database_url, tmdb_rate_limit=80, catalog=catalog) as stack:
        # WHEN the same pipeline runs
        run_pipeline(stack, DAYS)
        # THEN the faults happened, and the database still ends exactly as without them
        responses = stack.sim.stats()["responses"]
        assert responses.get("5xx", 0) > 0 and responses.get("dropped", 0) > 0 and responses.get("429", 0) > 0
        assert_database_matches(stack, catalog, DAYS)
        assert set(dead_letter_depths(stack.aws("sqs"), stack.settings).values()) == {0}


def test_bad_input_is_parked_and_the_rest_flows(catalog, fresh_database_url) -> None:
    config = SimConfig(rate_limit=0, start_date=START)
    with local_stack(config, database_url=fresh_database_url, catalog=catalog) as stack:
        sqs, s3 = stack.aws("sqs"), stack.aws("s3")
        bucket = stack.settings.data_lake_bucket
        # GIVEN a poison message on the ids queue next to the bulk run
        sqs.send_message(QueueUrl=stack.provisioned.queue_urls["IdsQueue"], MessageBody='{"ids": "not a list"}')
        # AND a lake object with one good record and one malformed record
        good = {
            "kind": "movie",
            "tmdb_id": 1,
            "fetched_at": "2026-05-04T10:00:00+00:00",
            "movie": {"id": 1, "title": "Odd"},
        }
        bad = {"kind": "movie", "tmdb_id": 2, "fetched_at": "2026-05-04T10:00:00+00:00", "movie": {"id": 2}}
        key = "raw/movies/dt=2026-05-04/hand-made.ndjson.gz"
        body = gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in (good, bad)))
        s3.put_object(Bucket=bucket, Key=key, Body=body)
        # WHEN the pipeline runs
        run_pipeline(stack, 0)
        # THEN the poison message is parked in the ids DLQ, the malformed record in quarantine/, and the rest loaded
        assert dead_letter_depths(stack.aws("sqs"), stack.settings)[f"{stack.settings.ids_queue_name}-dlq"] == 1
        parked = s3.get_object(Bucket=bucket, Key=quarantine_key(key))["Body"].read().decode()
        assert '"line": 2' in parked and "title" in parked
        expected = expected_state(catalog, 0)
        assert set(stored_movies(stack)) == set(expected) | {1}


def test_a_replayed_s3_event_changes_nothing(catalog, fresh_database_url) -> None:
    config = SimConfig(rate_limit=0, start_date=START)
    with local_stack(config, database_url=fresh_database_url, catalog=catalog) as stack:
        run_pipeline(stack, 0)
        with closing(connect(stack.database_url)) as conn:
            before = conn.run("SELECT tmdb_id, loaded_at FROM movies ORDER BY 1")
            objects = conn.run("SELECT object_key FROM loaded_objects")
        # WHEN S3 delivers every notification a second time
        s3 = stack.aws("s3")
        bucket = stack.settings.data_lake_bucket
        for (key,) in objects:
            s3.copy_object(
                Bucket=bucket, Key=key, CopySource={"Bucket": bucket, "Key": key}, MetadataDirective="REPLACE"
            )
        stack.delivery.run_until_idle()
        # THEN nothing was written again
        with closing(connect(stack.database_url)) as conn:
            assert conn.run("SELECT tmdb_id, loaded_at FROM movies ORDER BY 1") == before
