"""Every sample event in events/ is run, not only parsed: each handler gets its sample, as `sam local invoke -e`
would give it, on the local stack (moto, the TMDB simulator, PostgreSQL), and the test checks what it did.

The samples name the template's default bucket and queues and a pre-signed CloudFormation URL; they are rewritten
to the local stack's before the call, nothing else. The simulator serves a catalogue that holds the TMDB ids the
samples name, starting on 2024-04-30 so that 2024-05-01, the samples' day, is its day 1.
A sample that no longer matches what its handler does fails here; a new sample with no test here fails too.
"""

import copy
import gzip
import json
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from cinelake.adapters.migrations import read_migrations, shipped_migrations_dir
from cinelake.adapters.postgres import connect
from cinelake.bootstrap import installed
from cinelake.domain.lake import EXPORTS_PREFIX, movies_key
from cinelake.domain.messages import IdBatch
from cinelake.local.postgres import LocalPostgres
from cinelake.local.stack import LocalStack, local_stack
from cinelake.services.extract import bulk_checkpoint_key
from cinelake.sim.catalog import Catalog
from cinelake.sim.config import SimConfig
from cinelake.sim.synthetic import generate_catalog

pytestmark = pytest.mark.integration

EVENTS_DIR = Path(__file__).resolve().parents[2] / "events"
SIM_START = date(2024, 4, 30)
SAMPLE_DAY = date(2024, 5, 1)  # the day every sample names; the simulator's day 1
SAMPLE_IDS = [550, 551, 552, 603, 13, 27205, 155]  # the TMDB ids of events/enrich_ids_batch.json


def sample(name: str) -> dict[str, Any]:
    return json.loads((EVENTS_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """A small synthetic catalogue in which seven released movies carry the samples' ids."""
    catalog = generate_catalog(n_movies=40, n_days=1, seed=16, start_date=SIM_START)
    (changes,) = catalog.changes
    changing = {movie["id"] for movie in changes.updated} | set(changes.deleted)
    assert not set(SAMPLE_IDS) & (set(catalog.base) | changing)
    steady = [m for m in catalog.base.values() if m["id"] not in changing and not m["adult"] and not m["video"]]
    for movie, sample_id in zip(steady, SAMPLE_IDS, strict=False):
        del catalog.base[movie["id"]]
        movie["id"] = sample_id
        catalog.base[sample_id] = movie
    assert set(SAMPLE_IDS) <= set(catalog.base)
    return catalog


@pytest.fixture(scope="module")
def stack(catalog: Catalog, postgres_server: LocalPostgres) -> Iterator[LocalStack]:
    name = f"cinelake_samples_{uuid.uuid4().hex[:10]}"
    database_url = postgres_server.create_database(name)
    config = SimConfig(rate_limit=0, start_date=SIM_START)
    with local_stack(config, database_url=database_url, catalog=catalog) as running:
        assert running.sim.advance()["date"] == SAMPLE_DAY.isoformat()
        yield running
    postgres_server.drop_database(name)


@pytest.fixture
def ids_queue(stack: LocalStack) -> Iterator[str]:
    """The ids queue, empty before the test and after it."""
    url = stack.provisioned.queue_urls["IdsQueue"]
    drain(stack, url)
    yield url
    drain(stack, url)


def drain(stack: LocalStack, queue_url: str) -> list[str]:
    """Take every message off the queue; return their bodies. (SQS allows one PurgeQueue a minute.)"""
    sqs, bodies = stack.aws("sqs"), []
    while messages := sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return bodies


def queued_ids(stack: LocalStack, queue_url: str) -> list[int]:
    """Every id in the ids-queue messages (taking them off the queue); each message is for the samples' day."""
    batches = [IdBatch.model_validate_json(body) for body in drain(stack, queue_url)]
    assert {batch.day for batch in batches} == {SAMPLE_DAY}
    return [movie_id for batch in batches for movie_id in batch.ids]


def on_local_queue(event: dict[str, Any], stack: LocalStack, queue_id: str) -> dict[str, Any]:
    """The SQS sample as the local queue's poller would deliver it: the local queue's ARN and region."""
    event = copy.deepcopy(event)
    for record in event["Records"]:
        record["eventSourceARN"] = stack.provisioned.queue_arns[queue_id]
        record["awsRegion"] = stack.wiring.region
    return event


def with_body(record: dict[str, Any], body: dict[str, Any]) -> None:
    record["body"] = json.dumps(body, separators=(",", ":"))


def lake_lines(stack: LocalStack, key: str) -> list[dict[str, Any]]:
    body = stack.aws("s3").get_object(Bucket=stack.settings.data_lake_bucket, Key=key)["Body"].read()
    return [json.loads(line) for line in gzip.decompress(body).splitlines()]


def expected_export_ids(catalog: Catalog) -> set[int]:
    """The day-1 catalogue without adult and video titles, which bulk extraction leaves out."""
    (changes,) = catalog.changes
    movies = {**catalog.base, **{movie["id"]: movie for movie in changes.updated}}
    for movie_id in changes.deleted:
        movies.pop(movie_id, None)
    return {i for i, movie in movies.items() if not movie["adult"] and not movie["video"]}


# ---- One test per sample -----------------------------------------------------------------------------------


def test_the_bulk_run_sample_queues_every_id_of_that_days_export(stack, catalog, ids_queue):
    # GIVEN the bulk-queue message asking for 2024-05-01's export, on the local bulk queue
    event = on_local_queue(sample("extract_bulk_run.json"), stack, "BulkQueue")

    # WHEN ExtractBulkFunction runs it
    response = stack.delivery.invoke("ExtractBulkFunction", event)

    # THEN the message succeeded, every id of that export (adult and video titles aside) is queued once
    assert response == {"batchItemFailures": []}
    ids = queued_ids(stack, ids_queue)
    assert sorted(ids) == sorted(expected_export_ids(catalog))
    # AND TMDB's file is kept in the lake, and the run's checkpoint says it is complete
    s3, bucket = stack.aws("s3"), stack.settings.data_lake_bucket
    assert s3.list_objects_v2(Bucket=bucket, Prefix=EXPORTS_PREFIX)["KeyCount"] == 1
    checkpoint = json.loads(s3.get_object(Bucket=bucket, Key=bulk_checkpoint_key(SAMPLE_DAY))["Body"].read())
    assert checkpoint["complete"] is True and checkpoint["ids_sent"] == len(ids)


def test_the_schedule_sample_queues_the_ids_tmdb_changed_the_day_before(stack, catalog, ids_queue):
    # GIVEN EventBridge Scheduler's payload for the run of 2024-05-02 08:30 UTC (no bucket or queue in it)
    event = sample("extract_changes_schedule.json")

    # WHEN ExtractChangesFunction runs it
    response = stack.delivery.invoke("ExtractChangesFunction", event)

    # THEN it read TMDB's changes of 2024-05-01 and queued those ids (TMDB's changes list drops only adult titles)
    (changes,) = catalog.changes
    deleted = {movie_id for movie_id in changes.deleted if not catalog.base[movie_id]["adult"]}
    changed = {movie["id"] for movie in changes.updated if not movie["adult"]} | deleted
    assert response == {"through": "2024-05-01", "windows": 1, "ids_sent": len(changed)}
    assert sorted(queued_ids(stack, ids_queue)) == sorted(changed)
    # AND the watermark moved to that day
    watermark = stack.aws("s3").get_object(Bucket=stack.settings.data_lake_bucket, Key="state/changes-watermark.json")
    assert json.loads(watermark["Body"].read())["last_day"] == "2024-05-01"


def test_the_ids_batch_sample_writes_one_lake_object_per_message(stack):
    # GIVEN two ids-queue messages (five ids from the bulk run, two from the changes)
    event = on_local_queue(sample("enrich_ids_batch.json"), stack, "IdsQueue")

    # WHEN EnrichFunction runs them
    response = stack.delivery.invoke("EnrichFunction", event)

    # THEN both succeeded, and each wrote one object, named by its message id, with one movie a line
    assert response == {"batchItemFailures": []}
    today = datetime.now(UTC)
    for record in event["Records"]:
        lines = lake_lines(stack, movies_key(today, record["messageId"]))
        assert [line["tmdb_id"] for line in lines] == json.loads(record["body"])["ids"]
        assert {line["kind"] for line in lines} == {"movie"}
        assert all(line["movie"]["id"] == line["tmdb_id"] for line in lines)


def test_the_object_created_sample_loads_the_object_it_names(stack, catalog):
    # GIVEN the lake object the ids batch sample's first message writes (the load sample names that message's id)
    enrich = on_local_queue(sample("enrich_ids_batch.json"), stack, "IdsQueue")
    enrich["Records"] = enrich["Records"][:1]
    assert stack.delivery.invoke("EnrichFunction", enrich) == {"batchItemFailures": []}
    key = movies_key(datetime.now(UTC), enrich["Records"][0]["messageId"])
    etag = stack.aws("s3").head_object(Bucket=stack.settings.data_lake_bucket, Key=key)["ETag"].strip('"')
    # AND the S3 notification sample, rewritten to that object in the local bucket (the day in its key is today)
    event = on_local_queue(sample("load_object_created.json"), stack, "LoadQueue")
    (record,) = event["Records"]
    notification = json.loads(record["body"])
    (s3_record,) = notification["Records"]
    assert s3_record["s3"]["object"]["key"].endswith(key.rsplit("/", 1)[1])  # the same message id
    s3_record["s3"]["bucket"]["name"] = stack.settings.data_lake_bucket
    s3_record["s3"]["bucket"]["arn"] = f"arn:aws:s3:::{stack.settings.data_lake_bucket}"
    s3_record["s3"]["object"]["key"] = key.replace("=", "%3D")  # S3 URL-encodes keys
    s3_record["s3"]["object"]["eTag"] = etag
    with_body(record, notification)

    # WHEN LoadFunction runs it
    response = stack.delivery.invoke("LoadFunction", event)

    # THEN the object's five movies are in PostgreSQL with their TMDB titles, and the ledger has the object
    assert response == {"batchItemFailures": []}
    ids = json.loads(enrich["Records"][0]["body"])["ids"]
    with closing(connect(stack.database_url)) as conn:
        stored = dict(conn.run("SELECT tmdb_id, title FROM movies WHERE tmdb_id = ANY(:ids)", ids=ids))
        ledger = conn.run("SELECT records, loaded, quarantined FROM loaded_objects WHERE object_key = :k", k=key)
    assert stored == {movie_id: catalog.base[movie_id]["title"] for movie_id in ids}
    assert ledger == [[5, 5, 0]]


def test_the_s3_test_event_sample_is_skipped_without_failing(stack):
    # GIVEN the test event S3 sends once when the notification is configured, naming the local bucket
    event = on_local_queue(sample("load_s3_test_event.json"), stack, "LoadQueue")
    (record,) = event["Records"]
    with_body(record, {**json.loads(record["body"]), "Bucket": stack.settings.data_lake_bucket})
    with closing(connect(stack.database_url)) as conn:
        before = conn.run("SELECT count(*) FROM loaded_objects")

        # WHEN LoadFunction runs it
        response = stack.delivery.invoke("LoadFunction", event)

        # THEN the message succeeds (it is deleted, not retried into the dead-letter queue) and nothing is loaded
        assert response == {"batchItemFailures": []}
        assert conn.run("SELECT count(*) FROM loaded_objects") == before


def test_the_custom_resource_sample_applies_the_migrations_and_answers_cloudformation(
    stack, cloudformation, postgres_server
):
    # GIVEN an empty database, and CloudFormation's Create request answered to a local stand-in of its URL
    event = sample("migrate_create.json")
    event["ResponseURL"] = cloudformation.local(event["ResponseURL"])
    name = f"cinelake_samples_migrate_{uuid.uuid4().hex[:10]}"
    database_url = postgres_server.create_database(name)
    try:
        # WHEN MigrateFunction runs it against that database
        with installed(stack.adapters.with_settings(database_url=database_url)):
            assert stack.delivery.invoke("MigrateFunction", event) is None

        # THEN every shipped migration is applied, and CloudFormation heard SUCCESS with their versions
        shipped = [migration.version for migration in read_migrations(shipped_migrations_dir())]
        with closing(connect(database_url)) as conn:
            assert conn.run("SELECT version FROM schema_migrations ORDER BY 1") == [[v] for v in shipped]
    finally:
        postgres_server.drop_database(name)
    answer = cloudformation.only_answer()
    assert (answer.body["Status"], answer.body["Data"]) == ("SUCCESS", {"Applied": ",".join(shipped)})
    assert answer.body["RequestId"] == event["RequestId"]


# ---- Every sample has its test -------------------------------------------------------------------------------

RUN_BY = {
    "extract_bulk_run.json": test_the_bulk_run_sample_queues_every_id_of_that_days_export,
    "extract_changes_schedule.json": test_the_schedule_sample_queues_the_ids_tmdb_changed_the_day_before,
    "enrich_ids_batch.json": test_the_ids_batch_sample_writes_one_lake_object_per_message,
    "load_object_created.json": test_the_object_created_sample_loads_the_object_it_names,
    "load_s3_test_event.json": test_the_s3_test_event_sample_is_skipped_without_failing,
    "migrate_create.json": test_the_custom_resource_sample_applies_the_migrations_and_answers_cloudformation,
}


def test_every_sample_event_is_run_by_a_test_here():
    assert sorted(path.name for path in EVENTS_DIR.glob("*.json")) == sorted(RUN_BY)
