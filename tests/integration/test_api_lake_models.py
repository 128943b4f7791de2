"""Models published to the lake's `models/` (moto server), downloaded into a cache folder and served."""

import json
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from fastapi.testclient import TestClient
from test_api import MOVIE, publish, tiny_model

from api_service.main import create_app
from api_service.model_registry import ModelRegistry
from api_service.model_sources import LakeModels, LocalModels
from cinelake.adapters.s3 import LakeStore
from cinelake.config import Settings

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return tiny_model(seed=0)


def publish_to_lake(lake: LakeStore, version: str, model_bytes: bytes, threshold: float = 0.5) -> None:
    """The layout publish_model's publish_to_lake writes: the version's files first, then models/current.json."""
    lake.put_bytes(f"models/{version}/model.onnx", model_bytes, content_type="application/octet-stream")
    card = {"version": version, "threshold": {"value": threshold}}
    lake.put_bytes(f"models/{version}/model_card.json", json.dumps(card).encode(), content_type="application/json")
    pointer = {
        "version": version,
        "model": f"{version}/model.onnx",
        "model_card": f"{version}/model_card.json",
        "threshold": threshold,
    }
    lake.put_json("models/current.json", pointer)


def lake_app(database_url: str, tmp_path: Path, lake: LakeStore, models_from_lake: bool = True) -> TestClient:
    settings = Settings(
        database_url=database_url,
        models_dir=tmp_path / "local",
        model_cache_dir=tmp_path / "cache",
        model_refresh_seconds=0,
        models_from_lake=models_from_lake,
        data_lake_bucket=lake.bucket,
    )
    app = create_app(settings)
    app.state.lake = lake
    return TestClient(app)


def test_the_lake_model_is_downloaded_cached_and_served(db, database_url, tmp_path, lake, model_bytes):
    # GIVEN v1 in the lake and another version in the local folder
    publish_to_lake(lake, "v1", model_bytes)
    publish(tmp_path / "local", "local-v", model_bytes)
    with lake_app(database_url, tmp_path, lake) as client:
        # WHEN the API starts serving THEN it serves the lake's version, from files in the cache folder
        assert client.get("/model").json()["version"] == "v1"
        assert client.post("/predict", json=MOVIE).json()["model_version"] == "v1"
        assert (tmp_path / "cache" / "v1" / "model.onnx").read_bytes() == model_bytes
        assert client.get("/ready").json()["model_version"] == "v1"
        # AND a version newly published to the lake is served without a restart
        publish_to_lake(lake, "v2", tiny_model(seed=1), threshold=0.3)
        after = client.post("/predict", json=MOVIE).json()
    assert (after["model_version"], after["threshold"]) == ("v2", 0.3)
    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == ["v1", "v2"]


def test_an_empty_lake_falls_back_to_the_local_folder(db, database_url, tmp_path, lake, model_bytes):
    publish(tmp_path / "local", "local-v", model_bytes)
    with lake_app(database_url, tmp_path, lake) as client:
        assert client.get("/model").json()["version"] == "local-v"


def test_without_models_from_lake_the_local_folder_is_served(db, database_url, tmp_path, lake, model_bytes):
    publish_to_lake(lake, "v1", model_bytes)
    publish(tmp_path / "local", "local-v", model_bytes)
    with lake_app(database_url, tmp_path, lake, models_from_lake=False) as client:
        assert client.get("/model").json()["version"] == "local-v"
    assert not (tmp_path / "cache").exists()


def test_an_unreachable_lake_falls_back_to_the_local_folder(tmp_path, model_bytes):
    # GIVEN a lake that refuses connections, and v1 in the local folder
    nowhere = boto3.client(
        "s3",
        endpoint_url="http://127.0.0.1:1",
        region_name="us-east-1",
        aws_access_key_id="nobody",
        aws_secret_access_key="nothing",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=1),
    )
    publish(tmp_path / "local", "v1", model_bytes)
    registry = ModelRegistry(
        [LakeModels(LakeStore(nowhere, "lake"), tmp_path / "cache"), LocalModels(tmp_path / "local")],
        refresh_seconds=0,
    )
    # WHEN the registry looks for the current model THEN it serves the local one
    assert registry.current().version == "v1"


def test_a_pointer_outside_the_models_root_is_refused(tmp_path, lake, model_bytes):
    # GIVEN a pointer whose paths climb out of models/
    publish_to_lake(lake, "v1", model_bytes)
    lake.put_json("models/current.json", {"version": "x", "model": "../x.onnx", "model_card": "v1/model_card.json"})
    registry = ModelRegistry(LakeModels(lake, tmp_path / "cache"), refresh_seconds=0)
    # THEN nothing is written outside the cache and nothing is served
    assert registry.current() is None
    assert not (tmp_path / "x.onnx").exists()
