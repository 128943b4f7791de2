"""The API through TestClient, against the real PostgreSQL and real ONNX models published to a folder."""

import csv
import json
import time
import uuid
from contextlib import closing
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api_service import examples
from api_service.database import ConnectionPool
from api_service.main import create_app
from api_service.model_registry import ModelRegistry
from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import MovieRepository, connect
from cinelake.config import Settings
from cinelake.domain.features import ROLES, MovieInputs, MovieTrackRecords, TrackRecord, feature_row
from cinelake.domain.lake import LoadBatch
from cinelake.domain.movie import TmdbMovie
from cinelake.services.model_inputs import feature_frame
from cinelake.services.onnx_export import to_onnx
from cinelake.services.publish_model import HOLDOUT_CSV, train_and_publish
from cinelake.services.train import TrainingOptions, build_model

pytestmark = pytest.mark.integration

UNREACHABLE_DATABASE = "postgresql://postgres@127.0.0.1:1/cinelake"  # nothing listens on port 1
# The example movie, by the director of make_movie's films and released after all those the tests load.
MOVIE = examples.MOVIE | {"directors": ["Some Director"], "release_date": "2020-06-01"}


def tiny_model(seed: int) -> bytes:
    """A real model of the real pipeline, fitted in a moment on made-up rows (bigger budgets succeed more)."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for _ in range(300):
        budget = int(10 ** rng.uniform(5, 8.5))
        inputs = MovieInputs(budget=budget, runtime=int(rng.integers(80, 150)), release_date=date(2010, 1, 1))
        films = int(rng.integers(1, 6))  # no all-NaN column: the trees' binning needs some values in each
        record = TrackRecord(films, films, int(rng.integers(0, films + 1)), float(rng.normal()))
        rows.append(feature_row(inputs, MovieTrackRecords({role: (record,) for role in ROLES})))
        labels.append(int(rng.random() < budget / 4e8))
    frame = feature_frame(rows)
    return to_onnx(build_model(["en"], seed, frame).fit(frame, np.array(labels)))


def publish(models_dir: Path, version: str, model_bytes: bytes, threshold: float = 0.5) -> None:
    """The layout publish_model publishes: <version>/model.onnx and model_card.json, then current.json."""
    (models_dir / version).mkdir(parents=True)
    (models_dir / version / "model.onnx").write_bytes(model_bytes)
    card = {"version": version, "threshold": {"value": threshold}}
    (models_dir / version / "model_card.json").write_text(json.dumps(card))
    pointer = {
        "version": version,
        "model": f"{version}/model.onnx",
        "model_card": f"{version}/model_card.json",
        "threshold": threshold,
    }
    (models_dir / "current.json").write_text(json.dumps(pointer))


@pytest.fixture(scope="module")
def model_bytes() -> bytes:
    return tiny_model(seed=0)


@pytest.fixture
def models_dir(tmp_path: Path, model_bytes: bytes) -> Path:
    publish(tmp_path, "v1", model_bytes)
    return tmp_path


def api(database_url: str, models_dir: Path, **settings) -> TestClient:
    settings = {"model_refresh_seconds": 0, "data_refresh_seconds": 0} | settings
    return TestClient(create_app(Settings(database_url=database_url, models_dir=models_dir, **settings)))


@pytest.fixture
def client(db, database_url: str, models_dir: Path):
    with api(database_url, models_dir) as test_client:
        yield test_client


def load_movies(conn, movies: list[dict]) -> None:
    batch = LoadBatch(object_key=f"test/api/{uuid.uuid4().hex}", etag="1", record_count=len(movies))
    for movie in movies:
        batch.add_movie(TmdbMovie.model_validate(movie), date(2026, 1, 1))
    MovieRepository(conn).load_object(batch)


# ---------------------------------------------------------------------------------------------------------------
# Health


def test_health_answers_without_database_or_model(tmp_path):
    # GIVEN an app whose database is unreachable and with no model WHEN asked for liveness THEN it answers
    with api(UNREACHABLE_DATABASE, tmp_path) as client:
        assert client.get("/health").json() == {"status": "ok"}


def test_ready_when_the_database_answers_and_a_model_is_loaded(client):
    response = client.get("/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "missing": [], "model_version": "v1"}


def test_not_ready_names_what_is_missing(tmp_path, database_url):
    # GIVEN no model published and then also an unreachable database
    with api(database_url, tmp_path) as client:
        response = client.get("/ready")
    assert (response.status_code, response.json()["missing"]) == (503, ["model"])
    with api(UNREACHABLE_DATABASE, tmp_path) as client:
        response = client.get("/ready")
    assert (response.status_code, response.json()["missing"]) == (503, ["database", "model"])


# ---------------------------------------------------------------------------------------------------------------
# Errors


def test_an_unknown_genre_is_a_422_that_names_the_field_and_the_genres(client):
    response = client.post("/predict", json=MOVIE | {"genres": ["Drama", "Sci-Fi"]})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_error"
    assert body["details"][0]["field"] == "genres"
    assert "unknown genre 'Sci-Fi'" in body["details"][0]["message"]
    assert "Science Fiction" in body["details"][0]["message"]


def test_a_genre_is_known_in_any_case(client):
    response = client.post("/predict", json=MOVIE | {"genres": ["action", "SCIENCE FICTION"]})
    assert response.status_code == 200


def test_wrong_types_unknown_fields_and_bad_json_say_which_field_and_why(client):
    wrong_type = client.post("/predict", json=MOVIE | {"budget": "a lot"}).json()
    assert [d["field"] for d in wrong_type["details"]] == ["budget"]
    unknown_field = client.post("/predict", json=MOVIE | {"revenue": 1}).json()
    assert [d["field"] for d in unknown_field["details"]] == ["revenue"]
    bad_json = client.post("/predict", content=b'{"budget": ', headers={"content-type": "application/json"})
    assert bad_json.status_code == 422
    assert bad_json.json()["error"] == "validation_error"
    assert "Traceback" not in bad_json.text


def test_a_batch_over_1000_movies_is_refused(client):
    response = client.post("/predict/batch", json={"movies": [MOVIE] * 1001})
    assert response.status_code == 422
    assert response.json()["details"][0]["field"] == "movies"


def test_an_unreachable_database_is_a_clean_503(models_dir):
    with api(UNREACHABLE_DATABASE, models_dir) as client:
        response = client.post("/predict", json=MOVIE)
        bad_body = client.post("/predict", json={"genres": ["Sci-Fi"]})
    assert response.status_code == 503
    assert response.json()["error"] == "database_unavailable"
    assert "Traceback" not in response.text
    # AND a bad body is still told what is wrong with it
    assert bad_body.status_code == 422


def test_no_model_yet_is_a_clean_503(database_url, tmp_path):
    with api(database_url, tmp_path) as client:
        for response in (client.post("/predict", json=MOVIE), client.get("/model")):
            assert response.status_code == 503
            assert response.json()["error"] == "no_model"


def test_an_unknown_path_is_a_json_404(client):
    response = client.get("/nowhere")
    assert (response.status_code, response.json()["error"]) == (404, "not_found")


# ---------------------------------------------------------------------------------------------------------------
# The model


def test_a_newly_published_version_is_served_without_a_restart(client, models_dir):
    # GIVEN the app serving v1
    assert client.get("/model").json()["version"] == "v1"
    before = client.post("/predict", json=MOVIE).json()
    # WHEN v2 is published (another model, another threshold)
    publish(models_dir, "v2", tiny_model(seed=1), threshold=0.3)
    # THEN the card and the predictions are v2's
    assert client.get("/model").json()["version"] == "v2"
    after = client.post("/predict", json=MOVIE).json()
    assert (before["model_version"], after["model_version"], after["threshold"]) == ("v1", "v2", 0.3)


# ---------------------------------------------------------------------------------------------------------------
# Predictions


def test_predict_answers_probability_decision_threshold_and_version(client):
    body = client.post("/predict", json=MOVIE).json()
    assert set(body) == {"success_probability", "success", "threshold", "model_version"}
    assert 0 <= body["success_probability"] <= 1
    assert body["success"] == (body["success_probability"] >= body["threshold"])
    assert body["model_version"] == "v1"


def test_fields_may_be_left_out(client):
    response = client.post("/predict", json={})
    assert response.status_code == 200


def test_a_batch_gives_each_movie_the_prediction_it_gets_alone(client, db, make_movie):
    # GIVEN the director's earlier films in the database, and movies released before and after them
    load_movies(db, [make_movie(1, release_date="2000-03-01"), make_movie(2, release_date="2018-03-01")])
    movies = [MOVIE, MOVIE | {"release_date": "2001-01-01", "budget": 2_000_000}, MOVIE | {"release_date": None}]
    # WHEN they are scored together and one by one
    together = client.post("/predict/batch", json={"movies": movies}).json()["predictions"]
    alone = [client.post("/predict", json=movie).json() for movie in movies]
    # THEN the answers are the same (to float32 rounding: onnxruntime sums the trees per batch)
    assert [p["success_probability"] for p in together] == pytest.approx([p["success_probability"] for p in alone])
    assert [{**p, "success_probability": 0} for p in together] == [{**p, "success_probability": 0} for p in alone]


def test_newly_loaded_films_enter_the_track_records_served(client, db, database_url, models_dir, make_movie):
    # GIVEN a prediction made while the director has one earlier film
    load_movies(db, [make_movie(1, release_date="2000-03-01")])
    client.post("/predict", json=MOVIE)
    cache = client.app.state.track_records
    assert cache.get().record("director", "Some Director", date(2020, 6, 1)).films == 1
    # WHEN three more of their films are loaded
    load_movies(db, [make_movie(n, release_date=f"200{n}-03-01", budget=1_000, revenue=10**9) for n in (2, 3, 4)])
    # THEN the book is rebuilt in the background (requests keep the old one meanwhile) and counts them
    assert eventually(lambda: cache.get().record("director", "some director ", date(2020, 6, 1)).films == 4)
    # AND the predictions are a fresh app's
    with api(database_url, models_dir) as fresh:
        assert fresh.post("/predict", json=MOVIE).json() == client.post("/predict", json=MOVIE).json()


def eventually(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_track_records_are_checked_at_most_every_refresh_interval(db, database_url, models_dir, make_movie):
    # GIVEN an app that checks its track records every hour, and a first prediction
    with api(database_url, models_dir, data_refresh_seconds=3600) as client:
        load_movies(db, [make_movie(1, release_date="2000-03-01")])
        first = client.post("/predict", json=MOVIE).json()
        # WHEN more films are loaded within the hour THEN the prediction is the one made from the book it holds
        load_movies(db, [make_movie(n, release_date=f"200{n}-03-01", budget=1_000, revenue=10**9) for n in (2, 3)])
        assert client.post("/predict", json=MOVIE).json() == first


def test_the_track_records_held_keep_serving_when_the_database_goes_away(postgres_server, models_dir, make_movie):
    # GIVEN an app that has read its track records from a database
    name = f"cinelake_going_{uuid.uuid4().hex[:8]}"
    url = postgres_server.create_database(name)
    with closing(connect(url)) as conn:
        apply_migrations(conn)
        load_movies(conn, [make_movie(1, release_date="2000-03-01")])
    with api(url, models_dir) as client:
        first = client.post("/predict", json=MOVIE).json()
        client.app.state.pool.close()
        # WHEN the database is dropped
        postgres_server.drop_database(name)
        # THEN /predict answers from the book it holds, while /ready says the database is missing
        assert client.post("/predict", json=MOVIE).json() == first
        assert client.get("/ready").json()["missing"] == ["database"]


# ---------------------------------------------------------------------------------------------------------------
# A movie the database holds, by its id


def test_a_stored_movie_is_scored_from_its_stored_features(client, db, make_movie):
    # GIVEN a director's earlier film and a later one of theirs in the database
    load_movies(db, [make_movie(1, release_date="2000-03-01"), make_movie(2, release_date="2018-03-01", budget=9)])
    # WHEN the later one is scored by its id
    response = client.get("/predict/2")
    # THEN it is scored as its stored features would be when posted (its track record counts only film 1)
    assert response.status_code == 200
    stored = ModelData(db).catalog_movie(2)
    posted = client.post("/predict", json=stored.inputs.model_dump(mode="json")).json()
    assert response.json() == posted | {"tmdb_id": 2}
    assert stored.inputs.budget == 9
    assert [movie.tmdb_id for movie in ModelData(db).catalog_movies()] == [1, 2]
    assert ModelData(db).catalog_movie(1) == ModelData(db).catalog_movies()[0]


def test_an_unknown_id_is_a_404_that_says_so(client):
    response = client.get("/predict/424242")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert "no movie with TMDB id 424242 is in the database" in response.json()["message"]
    # AND an id that is no number is a 422 naming it
    assert client.get("/predict/abc").json()["details"][0]["field"] == "path.tmdb_id"


# ---------------------------------------------------------------------------------------------------------------
# The real catalogue: served probabilities are the holdout's


@pytest.fixture(scope="module")
def catalog_model_dir(catalog_database_url, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("catalog_models")
    with closing(connect(catalog_database_url)) as conn:
        train_and_publish(ModelData(conn), output, TrainingOptions(seed=0))
    return output


@pytest.mark.slow
@pytest.mark.catalog
def test_predict_reproduces_the_holdout_probabilities(catalog_database_url, catalog_model_dir):
    # GIVEN a model trained on the real catalogue, and its holdout's probabilities
    version = json.loads((catalog_model_dir / "current.json").read_text())["version"]
    with (catalog_model_dir / version / HOLDOUT_CSV).open() as file:
        holdout = {int(row["tmdb_id"]): float(row["probability"]) for row in csv.DictReader(file)}
    sample = sorted(holdout)[:: max(1, len(holdout) // 40)]
    with closing(connect(catalog_database_url)) as conn:
        inputs = {m.tmdb_id: m.inputs for m in ModelData(conn).catalog_movies() if m.tmdb_id in set(sample)}
    bodies = [inputs[tmdb_id].model_dump(mode="json") for tmdb_id in sample]
    # WHEN the API scores those movies from their readable fields, one by one and as a batch, and by their ids
    with api(catalog_database_url, catalog_model_dir) as client:
        alone = [client.post("/predict", json=body).json()["success_probability"] for body in bodies]
        together = client.post("/predict/batch", json={"movies": bodies}).json()["predictions"]
        by_id = [client.get(f"/predict/{tmdb_id}").json()["success_probability"] for tmdb_id in sample]
    # THEN the probabilities are the holdout's
    expected = [holdout[tmdb_id] for tmdb_id in sample]
    assert np.allclose(alone, expected, atol=1e-6)
    assert np.allclose([p["success_probability"] for p in together], expected, atol=1e-6)
    assert np.allclose(by_id, expected, atol=1e-6)


# ---------------------------------------------------------------------------------------------------------------
# API keys


@pytest.fixture
def keyed_client(db, database_url: str, models_dir: Path):
    with api(database_url, models_dir, cinelake_api_keys=SecretStr("first-key, second-key")) as test_client:
        yield test_client


def test_with_keys_configured_a_missing_or_wrong_key_is_a_401_that_reveals_nothing(keyed_client):
    for headers in ({}, {"X-API-Key": "wrong"}, {"X-API-Key": ""}, {"X-API-Key": "first-key, second-key"}):
        for response in (keyed_client.post("/predict", json=MOVIE, headers=headers), keyed_client.get("/model")):
            assert response.status_code == 401
            assert response.json() == {
                "error": "unauthorized",
                "message": "a valid X-API-Key header is required",
                "details": [],
            }
            assert "first-key" not in response.text


def test_with_keys_configured_any_configured_key_opens_the_api(keyed_client):
    for key in ("first-key", "second-key"):
        assert keyed_client.post("/predict", json=MOVIE, headers={"X-API-Key": key}).status_code == 200
        assert keyed_client.get("/model", headers={"X-API-Key": key}).status_code == 200


def test_health_ready_and_the_docs_need_no_key(keyed_client):
    for path in ("/health", "/ready", "/docs", "/openapi.json"):
        assert keyed_client.get(path).status_code == 200, path
    # AND the docs say how to send the key
    schemes = keyed_client.get("/openapi.json").json()["components"]["securitySchemes"]
    assert schemes["APIKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"} | {
        "description": "one of CINELAKE_API_KEYS (deployed: of the API keys secret)"
    }


def test_the_docs_show_an_example_of_every_request_and_answer(keyed_client):
    # GIVEN the spec /docs renders
    spec = keyed_client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]

    def has_example(node) -> bool:
        text = json.dumps(node)
        references = [part.split('"')[0] for part in text.split('"#/components/schemas/')[1:]]
        return '"example' in text or any('"example' in json.dumps(schemas[name]) for name in references)

    # WHEN each operation's body, parameters and JSON answers are read
    missing = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            parts = {"body": operation.get("requestBody")} | {p["name"]: p for p in operation.get("parameters", [])}
            parts |= {status: answer for status, answer in operation["responses"].items() if "content" in answer}
            label = f"{method.upper()} {path}"
            missing += [f"{label} {name}" for name, part in parts.items() if part and not has_example(part)]
    # THEN every one has an example, and the guarded ones document their 401 and 429
    assert missing == []
    assert {"401", "429", "503"} <= set(spec["paths"]["/predict"]["post"]["responses"])
    assert spec["paths"]["/ask-text"]["post"]["responses"]["422"]["content"]["application/json"]["example"]["language"]


# ---------------------------------------------------------------------------------------------------------------
# The registry


def test_the_pointer_is_read_at_most_every_refresh_interval(tmp_path, model_bytes):
    # GIVEN a registry that checks every 30 s, on a clock the test moves
    now = [0.0]
    registry = ModelRegistry(tmp_path, refresh_seconds=30, clock=lambda: now[0])
    assert registry.current() is None
    publish(tmp_path, "v1", model_bytes)
    # WHEN v1 is published 10 s later THEN it is not seen before the interval is over
    now[0] = 10.0
    assert registry.current() is None
    now[0] = 30.0
    loaded = registry.current()
    assert loaded.version == "v1"
    # AND the session is created once and reused while the pointer stays the same
    now[0] = 120.0
    assert registry.current() is loaded


def test_a_version_that_fails_to_load_leaves_the_current_one_serving(tmp_path, model_bytes):
    registry = ModelRegistry(tmp_path, refresh_seconds=0)
    publish(tmp_path, "v1", model_bytes)
    assert registry.current().version == "v1"
    # WHEN v2's file is not an ONNX model THEN v1 keeps serving
    publish(tmp_path, "v2", b"not a model")
    assert registry.current().version == "v1"


# ---------------------------------------------------------------------------------------------------------------
# The pool


def test_a_connection_refused_for_its_credentials_reads_the_url_again(database_url):
    # GIVEN a URL source that first gives credentials the server refuses (as after a password rotation)
    stale = database_url.replace("postgres@", "cinelake_no_such_role@")
    given = iter([stale, database_url])
    pool = ConnectionPool(lambda: next(given))
    # WHEN a connection is taken THEN the source is read again and the connection works
    with pool.connection() as conn:
        assert conn.run("SELECT 1") == [[1]]
    pool.close()
