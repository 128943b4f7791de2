"""Rate limits, body size limits, CORS and the JSON request log, through TestClient against the real PostgreSQL."""

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr
from test_api import MOVIE, api, publish, tiny_model

from api_service.rate_limit import RateLimiter
from api_service.request_log import LOGGER_NAME, JsonFormatter

pytestmark = pytest.mark.integration

KEYS = SecretStr("key-of-alice-0123456789, key-of-bob-9876543210")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    models_dir = tmp_path_factory.mktemp("models")
    publish(models_dir, "v1", tiny_model(seed=0))
    return models_dir


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """Everything the API logs, formatted as it is in production."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger(LOGGER_NAME)
    logger.addHandler(handler)
    yield stream
    logger.removeHandler(handler)


# ---------------------------------------------------------------------------------------------------------------
# Rate limits


def test_a_key_over_its_rate_is_a_429_with_retry_after_and_other_keys_go_on(db, database_url, published):
    # GIVEN 3 requests a minute per key
    with api(database_url, published, cinelake_api_keys=KEYS, api_rate_limit_per_minute=3) as client:
        alice, bob = {"X-API-Key": "key-of-alice-0123456789"}, {"X-API-Key": "key-of-bob-9876543210"}
        # WHEN alice sends a fourth request within the minute
        statuses = [client.get("/model", headers=alice).status_code for _ in range(3)]
        refused = client.post("/predict", json=MOVIE, headers=alice)
        # THEN it is refused, saying when to retry (a token comes back every 20 s)
        assert statuses == [200, 200, 200]
        assert refused.status_code == 429
        assert refused.json()["error"] == "rate_limited"
        assert 1 <= int(refused.headers["Retry-After"]) <= 20
        # AND bob, health and readiness are not held back
        assert client.get("/model", headers=bob).status_code == 200
        assert all(client.get(path).status_code == 200 for path in ("/health", "/ready") * 3)


def test_without_keys_each_client_address_has_its_own_budget(db, database_url, published):
    with api(database_url, published, api_rate_limit_per_minute=1) as client:
        assert client.get("/model").status_code == 200
        assert client.get("/model").status_code == 429


def test_the_bucket_refills_evenly():
    # GIVEN 60 a minute on a clock the test moves
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert [limiter.take("a") for _ in range(60)] == [0.0] * 60
    # WHEN the minute's burst is spent THEN the next request waits a second, and half a second later half of one
    assert limiter.take("a") == pytest.approx(1.0)
    now[0] = 0.5
    assert limiter.take("a") == pytest.approx(0.5)
    now[0] = 1.0
    assert limiter.take("a") == 0.0


# ---------------------------------------------------------------------------------------------------------------
# Body size


def test_a_body_over_the_limit_is_a_json_413(db, database_url, published):
    with api(database_url, published, api_max_body_bytes=2_000) as client:
        big = MOVIE | {"keywords": ["x" * 50] * 50}
        declared = client.post("/predict", json=big)
        chunked = client.post(
            "/predict", content=iter([json.dumps(big).encode()]), headers={"content-type": "application/json"}
        )
        small_chunked = client.post(
            "/predict", content=iter([json.dumps(MOVIE).encode()]), headers={"content-type": "application/json"}
        )
    for response in (declared, chunked):
        assert response.status_code == 413
        assert response.json() == {
            "error": "too_large",
            "message": "the request body is larger than 2,000 bytes",
            "details": [],
        }
    # AND a body under the limit, sent in chunks, is read whole
    assert small_chunked.status_code == 200


def test_the_default_limit_takes_a_full_batch(db, database_url, published):
    # GIVEN the default 2 MB WHEN a batch of 1,000 movies is sent THEN it is scored
    with api(database_url, published) as client:
        response = client.post("/predict/batch", json={"movies": [MOVIE] * 1000})
    assert response.status_code == 200


# ---------------------------------------------------------------------------------------------------------------
# CORS


def test_cors_allows_only_the_configured_origins(db, database_url, published):
    preflight = {"Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"}
    with api(database_url, published, api_cors_origins=["https://app.example.com"]) as client:
        allowed = client.options("/predict", headers=preflight)
        other = client.options("/predict", headers=preflight | {"Origin": "https://evil.example.com"})
        simple = client.get("/health", headers={"Origin": "https://app.example.com"})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    assert "access-control-allow-origin" not in other.headers
    assert simple.headers["access-control-allow-origin"] == "https://app.example.com"


def test_no_cors_by_default(db, database_url, published):
    with api(database_url, published) as client:
        response = client.get("/health", headers={"Origin": "https://app.example.com"})
    assert "access-control-allow-origin" not in response.headers


# ---------------------------------------------------------------------------------------------------------------
# Logs


def test_each_request_is_one_json_line_with_its_request_id(db, database_url, published, log_lines):
    with api(database_url, published) as client:
        given = client.get("/model", headers={"X-Request-ID": "trace-42"})
        made = client.post("/predict", json=MOVIE)
        hostile = client.get("/health", headers={"X-Request-ID": 'a" injected'})
    # THEN the caller's id is echoed, or one is made
    assert given.headers["X-Request-ID"] == "trace-42"
    assert len(made.headers["X-Request-ID"]) == 32
    assert hostile.headers["X-Request-ID"] != 'a" injected'
    # AND each request is one JSON line with method, path, status and duration
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    requests = [line for line in lines if line["logger"] == f"{LOGGER_NAME}.requests"]
    assert [(r["request_id"], r["method"], r["path"], r["status"]) for r in requests] == [
        ("trace-42", "GET", "/model", 200),
        (made.headers["X-Request-ID"], "POST", "/predict", 200),
        (hostile.headers["X-Request-ID"], "GET", "/health", 200),
    ]
    assert all(r["duration_ms"] >= 0 for r in requests)
    # AND what else is logged while a request runs carries its id (here: the model being loaded)
    loading = next(line for line in lines if line["message"].startswith("serving model"))
    assert loading["request_id"] == "trace-42"


def test_the_api_key_never_appears_in_the_logs(db, database_url, published, log_lines, caplog):
    # GIVEN keys configured, and requests that succeed, fail, are refused and are limited
    caplog.set_level(logging.DEBUG)
    secret = "key-of-alice-0123456789"
    with api(database_url, published, cinelake_api_keys=KEYS, api_rate_limit_per_minute=4) as client:
        headers = {"X-API-Key": secret}
        responses = [
            client.post("/predict", json=MOVIE, headers=headers),
            client.post("/predict", json={"genres": ["Sci-Fi"]}, headers=headers),
            client.get("/predict/999999", headers=headers),
            client.get("/stats", headers={"X-API-Key": secret + "-wrong"}),
            client.get("/model", headers=headers),
            client.get("/model", headers=headers),
        ]
    assert [r.status_code for r in responses] == [200, 422, 404, 401, 200, 429]
    # THEN neither the formatted log nor any record holds the key, nor any part of it
    assert log_lines.getvalue().count('"logger": "api_service.requests"') == 6
    assert "alice" not in log_lines.getvalue()
    assert "alice" not in caplog.text
    assert all("alice" not in repr(vars(record)) for record in caplog.records)


# ---------------------------------------------------------------------------------------------------------------
# Bounded request bodies and self-served docs


def test_predict_bounds_its_lists_with_a_422_naming_the_field_and_the_bound(db, database_url, published):
    with api(database_url, published) as client:
        # GIVEN 50 cast names (the bound) THEN the movie is scored
        assert client.post("/predict", json=MOVIE | {"cast": [f"Actor {i}" for i in range(50)]}).status_code == 200
        # WHEN one more is sent, or 100,000
        for size in (51, 100_000):
            response = client.post("/predict", json=MOVIE | {"cast": ["Actor"] * size})
            # THEN it is a 422 that names the list and its bound
            assert response.status_code == 422
            (detail,) = response.json()["details"]
            assert detail["field"] == "cast"
            assert "at most 50" in detail["message"]
        # AND a name longer than any real one, or a keyword list past its bound, is refused the same way
        long_name = client.post("/predict", json=MOVIE | {"directors": ["x" * 201]})
        assert long_name.status_code == 422 and long_name.json()["details"][0]["field"] == "directors[0]"
        too_many = client.post("/predict/batch", json={"movies": [MOVIE | {"keywords": ["k"] * 101}]})
        assert too_many.status_code == 422 and "at most 100" in too_many.json()["message"]


def test_the_docs_load_swagger_ui_and_redoc_from_the_api_itself(db, database_url, published):
    with api(database_url, published) as client:
        for page in ("/docs", "/redoc"):
            html = client.get(page).text
            # THEN every script and stylesheet the page names is on this server, and answers
            sources = re.findall(r'(?:src|href)="([^"]+)"', html)
            assert sources, page
            for source in sources:
                assert source.startswith("/docs-assets/"), (page, source)
                assert client.get(source).status_code == 200, source
            assert "cdn" not in html.lower() and "googleapis" not in html
