"""GET /stats through TestClient: real PostgreSQL, and S3 and SQS from the moto server (or from nowhere)."""

import json
import uuid
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from fastapi.testclient import TestClient
from test_api import load_movies, publish, tiny_model

from api_service.main import create_app
from cinelake.adapters.s3 import LakeStore
from cinelake.config import Settings
from cinelake.local.moto_server import moto_client
from cinelake.services.extract import WATERMARK_KEY

pytestmark = pytest.mark.integration

NOWHERE = "http://127.0.0.1:1"  # nothing listens on port 1


def stats_app(database_url: str, models_dir: Path, lake: LakeStore, sqs_client, **settings) -> TestClient:
    app = create_app(Settings(database_url=database_url, models_dir=models_dir, model_refresh_seconds=0, **settings))
    app.state.lake = lake
    app.state.sqs = sqs_client
    return TestClient(app)


def unreachable(service: str):
    """A client of an AWS that does not answer: one attempt, refused at once."""
    return boto3.client(
        service,
        endpoint_url=NOWHERE,
        region_name="us-east-1",
        aws_access_key_id="nobody",
        aws_secret_access_key="nothing",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=1),
    )


def test_stats_reports_counts_watermark_dlq_depths_and_the_model(
    db, database_url, tmp_path, lake, aws_endpoint, make_movie
):
    # GIVEN two movies loaded, a watermark in the lake, the ids DLQ holding two messages and a published model
    load_movies(db, [make_movie(1), make_movie(2)])
    lake.put_json(WATERMARK_KEY, {"last_day": "2026-11-24"})
    sqs = moto_client("sqs", aws_endpoint, "us-east-1")
    prefix = f"q{uuid.uuid4().hex[:8]}"
    for name in ("ids", "load"):  # the bulk DLQ does not exist: its depth is unknown
        sqs.create_queue(QueueName=f"{prefix}-{name}-dlq")
    ids_dlq = sqs.get_queue_url(QueueName=f"{prefix}-ids-dlq")["QueueUrl"]
    for body in ("a", "b"):
        sqs.send_message(QueueUrl=ids_dlq, MessageBody=body)
    publish(tmp_path, "v1", tiny_model(seed=0), threshold=0.4)
    card = json.loads((tmp_path / "v1" / "model_card.json").read_text())
    card["metrics"] = {"holdout": {"model": {"roc_auc": 0.6}}, "holdout_at_threshold": {"precision": 0.57}}
    (tmp_path / "v1" / "model_card.json").write_text(json.dumps(card))
    queues = {
        "ids_queue_name": f"{prefix}-ids",
        "load_queue_name": f"{prefix}-load",
        "bulk_queue_name": f"{prefix}-bulk",
    }
    # WHEN asked for the stats
    with stats_app(database_url, tmp_path, lake, sqs, **queues) as client:
        response = client.get("/stats")
    # THEN each figure is there
    assert response.status_code == 200
    body = response.json()
    # (each movie: 3 cast, 1 director, 2 genres, 1 company, 1 country, 1 language, 1 keyword, 1 release date: links
    # are counted as the local pipeline's summary counts them)
    assert body["tables"] == {"movies": 2, "people": 4, "companies": 2, "keywords": 1, "links": 22}
    assert body["newest_loaded_at"] is not None
    assert body["watermark"] == {"last_day": "2026-11-24"}
    assert body["dlq_depths"] == {f"{prefix}-ids-dlq": 2, f"{prefix}-load-dlq": 0, f"{prefix}-bulk-dlq": None}
    assert body["model"] == {
        "version": "v1",
        "threshold": 0.4,
        "holdout": {"roc_auc": 0.6},
        "holdout_at_threshold": {"precision": 0.57},
    }


def test_stats_answers_200_with_nulls_when_aws_does_not_answer(db, database_url, tmp_path):
    # GIVEN an empty database, no model, and S3 and SQS that refuse every connection
    lake = LakeStore(unreachable("s3"), "no-bucket")
    # WHEN asked for the stats
    with stats_app(database_url, tmp_path, lake, unreachable("sqs")) as client:
        response = client.get("/stats")
    # THEN it answers, with what AWS would have told as null
    assert response.status_code == 200
    body = response.json()
    assert body["tables"] == {"movies": 0, "people": 0, "companies": 0, "keywords": 0, "links": 0}
    assert body["newest_loaded_at"] is None
    assert body["watermark"] is None
    assert set(body["dlq_depths"].values()) == {None}
    assert sorted(body["dlq_depths"]) == ["cinelake-bulk-dlq", "cinelake-ids-dlq", "cinelake-load-dlq"]
    assert body["model"] is None
