"""Schemathesis fuzzes every operation of the API's OpenAPI spec: no generated request may get a 5xx.

The app is the real one (`create_app`), against this run's PostgreSQL holding a few movies and a small ONNX model
published to a folder, called in-process through ASGI. Examples are bounded so the file runs in seconds.
"""

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from api_service.main import create_app
from cinelake.adapters.postgres import MovieRepository
from cinelake.config import Settings
from cinelake.domain.features import ROLES, MovieInputs, MovieTrackRecords, TrackRecord, feature_row
from cinelake.domain.lake import LoadBatch
from cinelake.domain.movie import TmdbMovie
from cinelake.services.model_inputs import feature_frame
from cinelake.services.onnx_export import to_onnx
from cinelake.services.train import build_model

pytestmark = pytest.mark.integration

MAX_EXAMPLES = 25  # per operation
MODEL_VERSION = "fuzz"


def small_model() -> bytes:
    """A real model of the real pipeline, fitted in a moment on made-up rows."""
    rng = np.random.default_rng(0)
    rows, labels = [], []
    for _ in range(200):
        budget = int(10 ** rng.uniform(5, 8.5))
        inputs = MovieInputs(budget=budget, runtime=int(rng.integers(80, 150)), release_date=date(2010, 1, 1))
        films = int(rng.integers(1, 6))  # each column needs some values for the trees' binning
        record = TrackRecord(films, films, int(rng.integers(0, films + 1)), float(rng.normal()))
        rows.append(feature_row(inputs, MovieTrackRecords({role: (record,) for role in ROLES})))
        labels.append(int(rng.random() < budget / 4e8))
    frame = feature_frame(rows)
    return to_onnx(build_model(["en"], seed=0, features=frame).fit(frame, np.array(labels)))


def publish(models_dir: Path, model_bytes: bytes) -> None:
    """publish_model's layout: <version>/model.onnx and model_card.json, then current.json pointing at them."""
    (models_dir / MODEL_VERSION).mkdir()
    (models_dir / MODEL_VERSION / "model.onnx").write_bytes(model_bytes)
    (models_dir / MODEL_VERSION / "model_card.json").write_text(json.dumps({"version": MODEL_VERSION}))
    pointer = {
        "version": MODEL_VERSION,
        "model": f"{MODEL_VERSION}/model.onnx",
        "model_card": f"{MODEL_VERSION}/model_card.json",
        "threshold": 0.5,
    }
    (models_dir / "current.json").write_text(json.dumps(pointer))


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return small_model()


@pytest.fixture
def fuzzed_schema(db, database_url: str, tmp_path: Path, model_bytes: bytes, make_movie):
    # GIVEN a database with a few movies (so track records exist) and a published model
    movies = [make_movie(1, release_date="2000-03-01"), make_movie(2, release_date="2019-11-20")]
    batch = LoadBatch(object_key="test/fuzz", etag="1", record_count=len(movies))
    for movie in movies:
        batch.add_movie(TmdbMovie.model_validate(movie), date(2026, 1, 1))
    MovieRepository(db).load_object(batch)
    publish(tmp_path, model_bytes)
    app = create_app(Settings(database_url=database_url, models_dir=tmp_path, model_refresh_seconds=60))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def server_errors(operation: schemathesis.APIOperation, mode: GenerationMode) -> list[str]:
    """Fuzz one operation; each 5xx it answers is named with the request that caused it."""
    found: list[str] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def fuzz(case: schemathesis.Case) -> None:
        try:
            response = case.call()
        except Exception as error:  # noqa: BLE001 - the in-process client re-raises what the app answered 500 for
            found.append(f"{case.as_curl_command()} -> 500 ({type(error).__name__}: {error})")
            return
        if response.status_code >= 500:
            found.append(f"{case.as_curl_command()} -> {response.status_code} {response.text[:200]}")

    try:
        fuzz()
    except Unsatisfiable:
        # an operation with no parameters and no body (GET /health) has nothing to make invalid
        if mode is not GenerationMode.NEGATIVE:
            raise
    return found


# schemathesis.pytest.from_fixture() fails on pytest 9.2 (it sets the private `Function._nodeid`), so the test walks
# the spec's operations itself and hands each one's case strategy to hypothesis.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
def test_no_generated_request_gets_a_server_error(fuzzed_schema, mode):
    # GIVEN every operation of the spec
    operations = [result.ok() for result in fuzzed_schema.get_all_operations()]
    assert {operation.label for operation in operations} >= {"POST /predict", "POST /predict/batch", "GET /ready"}
    # WHEN schemathesis sends requests generated from each operation's schema (valid, or deliberately invalid)
    errors = {operation.label: server_errors(operation, mode) for operation in operations}
    # THEN none is answered with a 5xx
    assert {label: found for label, found in errors.items() if found} == {}


# ---------------------------------------------------------------------------------------------------------------
# What the fuzzing found, fixed and pinned.


@pytest.fixture
def client(fuzzed_schema):
    with TestClient(fuzzed_schema.app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_nul_character_in_a_name_is_a_422(client):
    response = client.post("/predict", json={"cast": ["\u0000"]})
    assert response.status_code == 422


def test_a_tmdb_id_beyond_postgres_integer_is_a_4xx(client):
    response = client.get(f"/predict/{2**31}")
    assert response.status_code in {404, 422}
