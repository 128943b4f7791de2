"""Deployed, the API's keys live in a Secrets Manager secret (moto server): read, re-read when rotated, fail closed."""

import json
import uuid

import pytest
from fastapi.testclient import TestClient

from api_service.api_keys import SECRET_REFRESH_SECONDS, ApiKeys
from api_service.main import create_app
from cinelake.config import Settings
from cinelake.errors import RetryableError
from cinelake.local.moto_server import LOCAL_ACCESS_KEY_ID, LOCAL_SECRET_ACCESS_KEY, moto_client

pytestmark = pytest.mark.integration


@pytest.fixture
def secrets(aws_endpoint, monkeypatch):
    # the API's own client finds credentials as deployed code does: in the environment (moto accepts any)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", LOCAL_ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", LOCAL_SECRET_ACCESS_KEY)
    return moto_client("secretsmanager", aws_endpoint, "us-east-1")


def keys_secret(secrets, keys: str) -> str:
    name = f"api-keys-{uuid.uuid4().hex[:8]}"
    return secrets.create_secret(Name=name, SecretString=json.dumps({"api_keys": keys}))["ARN"]


def settings_with(aws_endpoint: str, secret_arn: str, **more) -> Settings:
    return Settings(aws_endpoint_url=aws_endpoint, api_keys_secret_arn=secret_arn, **more)


def test_the_keys_in_the_secret_open_the_api_and_others_do_not(aws_endpoint, secrets, database_url, tmp_path):
    arn = keys_secret(secrets, "deployed-key-1,deployed-key-2")
    settings = settings_with(aws_endpoint, arn, database_url=database_url, models_dir=tmp_path)
    with TestClient(create_app(settings)) as client:
        assert client.get("/stats").status_code == 401
        assert client.get("/stats", headers={"X-API-Key": "wrong"}).status_code == 401
        assert client.get("/stats", headers={"X-API-Key": "deployed-key-2"}).status_code == 200
        # AND liveness needs no key
        assert client.get("/health").status_code == 200


def test_a_rotated_key_takes_effect_after_the_refresh_interval(aws_endpoint, secrets):
    # GIVEN keys read from the secret at t=0
    now = [0.0]
    arn = keys_secret(secrets, "old-key")
    keys = ApiKeys(settings_with(aws_endpoint, arn), lambda: secrets, clock=lambda: now[0])
    assert keys.current() == (b"old-key",)
    # WHEN the secret is rotated THEN the old key holds until the interval is up, then only the new one does
    secrets.put_secret_value(SecretId=arn, SecretString=json.dumps({"api_keys": "new-key"}))
    now[0] = SECRET_REFRESH_SECONDS - 1
    assert keys.current() == (b"old-key",)
    now[0] = SECRET_REFRESH_SECONDS
    assert keys.current() == (b"new-key",)


def test_an_unreadable_or_malformed_secret_lets_no_one_in(aws_endpoint, secrets, database_url, tmp_path):
    # GIVEN a secret that does not exist, and one that is not {"api_keys": ...}
    missing = f"arn:aws:secretsmanager:us-east-1:123456789012:secret:absent-{uuid.uuid4().hex[:6]}"
    malformed = secrets.create_secret(Name=f"bad-{uuid.uuid4().hex[:8]}", SecretString="not json")["ARN"]
    for arn in (missing, malformed):
        keys = ApiKeys(settings_with(aws_endpoint, arn), lambda: secrets)
        assert keys.required
        with pytest.raises(RetryableError):
            keys.current()
        # THEN the API answers 503 without saying more, never 200
        settings = settings_with(aws_endpoint, arn, database_url=database_url, models_dir=tmp_path)
        with TestClient(create_app(settings)) as client:
            response = client.get("/stats", headers={"X-API-Key": "anything"})
            assert response.status_code == 503
            assert arn not in response.text


def test_an_empty_secret_requires_a_key_that_cannot_exist(aws_endpoint, secrets):
    keys = ApiKeys(settings_with(aws_endpoint, keys_secret(secrets, " , ")), lambda: secrets)
    assert keys.required and keys.current() == ()
