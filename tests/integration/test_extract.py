"""Extraction against the simulator and moto: the bulk export with checkpoints, the changes with a watermark."""

import json
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from cinelake.adapters.s3 import LakeStore
from cinelake.adapters.sqs import SqsQueue
from cinelake.adapters.tmdb import TmdbClient
from cinelake.config import Settings
from cinelake.services.extract import (
    WATERMARK_KEY,
    ExportFilter,
    bulk_checkpoint_key,
    newest_export_day,
    run_bulk,
    run_changes,
)
from cinelake.sim.config import SimConfig
from cinelake.sim.server import SimServer
from cinelake.sim.synthetic import generate_catalog

pytestmark = pytest.mark.integration

START = date(2026, 3, 2)


@pytest.fixture(scope="module")
def sim() -> Iterator[SimServer]:
    catalog = generate_catalog(n_movies=2500, n_days=20, seed=7, start_date=START)
    with SimServer(SimConfig(rate_limit=0, start_date=START), catalog=catalog) as server:
        yield server


@pytest.fixture
def client(sim: SimServer) -> Iterator[TmdbClient]:
    settings = Settings(
        tmdb_api_url=sim.api_url,
        tmdb_exports_url=sim.exports_url,
        tmdb_api_key="cinelake-sim-key",
        tmdb_rate_limit=1000,
    )
    with TmdbClient(settings) as tmdb:
        yield tmdb


@pytest.fixture
def queue(aws_endpoint: str) -> SqsQueue:
    from cinelake.local.moto_server import moto_client

    sqs = moto_client("sqs", aws_endpoint, "us-east-1")
    url = sqs.create_queue(QueueName=f"ids-{uuid.uuid4().hex[:10]}")["QueueUrl"]
    return SqsQueue(sqs, url)


def drain(queue: SqsQueue) -> list[dict]:
    """Every message body on the queue (deleting them), in no particular order."""
    bodies = []
    while True:
        messages = queue.sqs.receive_message(QueueUrl=queue.queue_url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return bodies
        for message in messages:
            bodies.append(json.loads(message["Body"]))
            queue.sqs.delete_message(QueueUrl=queue.queue_url, ReceiptHandle=message["ReceiptHandle"])


def queued_ids(queue: SqsQueue) -> Counter:
    return Counter(movie_id for body in drain(queue) for movie_id in body["ids"])


def expected_export_ids(client: TmdbClient, day: date, export_filter: ExportFilter = ExportFilter()) -> set[int]:
    return {entry.id for entry in client.iter_export(day) if export_filter.keeps(entry)}


def test_bulk_queues_every_kept_id_once_and_keeps_a_raw_copy(client, lake: LakeStore, queue) -> None:
    # WHEN the day's export is extracted
    checkpoint = run_bulk(START, client, lake, queue)
    # THEN every non-adult, non-video id is queued exactly once, 100 ids a message at most
    ids = queued_ids(queue)
    assert checkpoint.complete
    assert set(ids) == expected_export_ids(client, START)
    assert max(ids.values()) == 1
    assert (
        checkpoint.ids_sent == len(ids) and checkpoint.ids_filtered > 0
    )  # the synthetic export has adult/video titles
    # AND TMDB's file is kept in the lake as it was
    raw = list(lake.read_gz_lines(checkpoint.export_key))
    assert checkpoint.export_key == f"raw/exports/movie_ids_{START:%m_%d_%Y}.json.gz"
    assert len(raw) == checkpoint.lines_read


def test_a_rerun_for_the_same_date_sends_nothing(client, lake, queue) -> None:
    run_bulk(START, client, lake, queue)
    drain(queue)
    again = run_bulk(START, client, lake, queue)
    assert again.complete
    assert drain(queue) == []


def test_bulk_stops_before_the_time_limit_and_continues_where_it_stopped(client, lake, queue) -> None:
    # GIVEN an invocation that runs out of time after two sends
    calls = iter([1000.0, 1000.0] + [1.0] * 100)
    first = run_bulk(START, client, lake, queue, seconds_left=lambda: next(calls))
    assert not first.complete and first.lines_read == 2000
    assert lake.get_json(bulk_checkpoint_key(START))["lines_read"] == 2000
    # WHEN a new invocation continues
    second = run_bulk(START, client, lake, queue)
    # THEN together they queued every id exactly once
    ids = queued_ids(queue)
    assert second.complete
    assert set(ids) == expected_export_ids(client, START) and max(ids.values()) == 1


def test_bulk_filters_by_minimum_popularity(client, lake, queue) -> None:
    popular = ExportFilter(min_popularity=10.0)
    run_bulk(START, client, lake, queue, popular)
    ids = set(queued_ids(queue))
    assert ids == expected_export_ids(client, START, popular)
    assert 0 < len(ids) < len(expected_export_ids(client, START))


def test_the_newest_export_is_todays_after_eight_utc_else_yesterdays(client, sim) -> None:
    from datetime import UTC, datetime

    today = date.fromisoformat(sim.stats()["date"])
    assert newest_export_day(client, datetime.combine(today, datetime.min.time(), UTC).replace(hour=9)) == today
    early = datetime.combine(today, datetime.min.time(), UTC).replace(hour=7)
    assert newest_export_day(client, early) == today - timedelta(days=1)


def test_changes_catch_up_missed_days_and_advance_the_watermark(sim, client, lake, queue) -> None:
    # GIVEN the watermark says day 1 was processed, and TMDB is now at day 3
    sim.advance(), sim.advance(), sim.advance()
    lake.put_json(WATERMARK_KEY, {"last_day": str(START + timedelta(days=1))})
    # WHEN the daily run for day 3 happens (day 2 was missed)
    report = run_changes(START + timedelta(days=3), client, lake, queue)
    # THEN days 2 and 3 are both queued, and the watermark moves to day 3
    expected = {
        item.id
        for item in client.iter_changed_ids(START + timedelta(days=2), START + timedelta(days=3))
        if not item.adult
    }
    assert set(queued_ids(queue)) == expected and expected
    assert report.windows == 1
    assert lake.get_json(WATERMARK_KEY)["last_day"] == str(START + timedelta(days=3))
    # AND running again changes nothing
    assert run_changes(START + timedelta(days=3), client, lake, queue).ids_sent == 0


def test_a_gap_longer_than_14_days_is_read_in_windows(sim, client, lake, queue) -> None:
    # GIVEN TMDB at day 20 or later and a watermark at the start date
    while sim.stats()["day"] < 20:
        sim.advance()
    lake.put_json(WATERMARK_KEY, {"last_day": str(START)})
    # WHEN the run for day 20 happens
    report = run_changes(START + timedelta(days=20), client, lake, queue)
    # THEN it read two windows (14 days, then 6) and queued each window's changed ids once
    first = {
        item.id
        for item in client.iter_changed_ids(START + timedelta(days=1), START + timedelta(days=14))
        if not item.adult
    }
    second = {
        item.id
        for item in client.iter_changed_ids(START + timedelta(days=15), START + timedelta(days=20))
        if not item.adult
    }
    ids = queued_ids(queue)
    assert report.windows == 2
    assert set(ids) == first | second
    assert sum(ids.values()) == len(first) + len(second) == report.ids_sent
