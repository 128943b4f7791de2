"""The one place that builds the real adapters from the settings.

Each builder is cached, so a warm Lambda container keeps its HTTP pool, boto3 clients and database connection.
Nothing is built at import; `reset()` forgets everything (after the environment changed, as the local stack does).
"""

import json
import os
import tempfile
from functools import cache
from pathlib import Path
from urllib.parse import quote

import boto3
import pg8000.native
import requests
from pydantic import SecretStr

from cinelake.adapters.postgres import connect
from cinelake.adapters.s3 import LakeStore
from cinelake.adapters.sqs import SqsQueue
from cinelake.adapters.tmdb import TmdbClient
from cinelake.config import Settings, get_settings
from cinelake.errors import PermanentError, RetryableError

CA_FETCH_TIMEOUT_SECONDS = 15


@cache
def aws_client(service: str):
    settings = get_settings()
    return boto3.client(service, region_name=settings.aws_default_region, endpoint_url=settings.aws_endpoint_url)


@cache
def tmdb_client() -> TmdbClient:
    return TmdbClient(tmdb_settings(get_settings()))


def tmdb_settings(settings: Settings) -> Settings:
    """The settings with TMDB's credentials read from their secret, when one is configured."""
    if not settings.tmdb_secret_arn:
        return settings
    secret = json.loads(
        aws_client("secretsmanager").get_secret_value(SecretId=settings.tmdb_secret_arn)["SecretString"]
    )
    return settings.model_copy(
        update={
            "tmdb_api_key": SecretStr(secret["api_key"]) if secret.get("api_key") else None,
            "tmdb_read_access_token": (
                SecretStr(secret["read_access_token"]) if secret.get("read_access_token") else None
            ),
        }
    )


@cache
def lake_store() -> LakeStore:
    return LakeStore(aws_client("s3"), get_settings().data_lake_bucket)


@cache
def id_queue() -> SqsQueue:
    return SqsQueue.by_name(aws_client("sqs"), get_settings().ids_queue_name)


@cache
def bulk_queue() -> SqsQueue:
    return SqsQueue.by_name(aws_client("sqs"), get_settings().bulk_queue_name)


def database_url(settings: Settings, secret_arn: str | None = None) -> str:
    """DATABASE_URL if set; deployed, the URL of the job's own login, from its secret (`secret_arn`, else
    DATABASE_SECRET_ARN), verifying the server's certificate."""
    if settings.database_url:
        return settings.database_url.get_secret_value()
    arn = secret_arn or settings.database_secret_arn
    if arn and settings.database_host:
        return login_url(read_secret(arn), settings)
    from cinelake.local.stack import local_database_url  # only local runs get here

    return local_database_url(settings)


def ask_database_url(settings: Settings) -> str:
    """The login that runs the SQL of questions: ASK_DATABASE_URL, or ASK_DATABASE_SECRET_ARN's, else the job's."""
    if settings.ask_database_url:
        return settings.ask_database_url.get_secret_value()
    if settings.ask_database_secret_arn and not settings.database_url:
        return database_url(settings, settings.ask_database_secret_arn)
    return database_url(settings)


def read_secret(arn: str) -> dict:
    return json.loads(aws_client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])


def login_url(secret: dict, settings: Settings) -> str:
    """The URL of a login secret ({"username", "password"}) on the configured host, with the server's certificate
    checked against the CA bundle and its host name (sslmode=verify-full)."""
    user, password = quote(secret["username"], safe=""), quote(secret["password"], safe="")
    ca_file = quote(str(database_ca_file(settings)), safe="/")
    return (
        f"postgresql://{user}:{password}@{settings.database_host}:{settings.database_port}"
        f"/{settings.database_name}?sslmode=verify-full&sslrootcert={ca_file}"
    )


def database_ca_file(settings: Settings) -> Path:
    """DATABASE_CA_BUNDLE if the file is there (the layer's build and the instance's install fetch it); else the
    bundle fetched from DATABASE_CA_BUNDLE_URL once per machine. Neither: no connection, not an unchecked one."""
    if settings.database_ca_bundle and settings.database_ca_bundle.is_file():
        return settings.database_ca_bundle
    if not settings.database_ca_bundle_url:
        raise PermanentError(
            "a database login from a secret needs the server's CA bundle: set DATABASE_CA_BUNDLE to a PEM file "
            "(the RDS bundle) or DATABASE_CA_BUNDLE_URL"
        )
    target = Path(tempfile.gettempdir()) / "cinelake-database-ca.pem"
    if not target.is_file():
        try:
            response = requests.get(settings.database_ca_bundle_url, timeout=CA_FETCH_TIMEOUT_SECONDS)
            response.raise_for_status()
        except requests.RequestException as error:
            raise RetryableError(f"cannot fetch the database CA bundle: {error}") from error
        if "BEGIN CERTIFICATE" not in response.text:
            raise PermanentError(f"{settings.database_ca_bundle_url} holds no PEM certificate")
        partial = target.with_suffix(f".{os.getpid()}.part")
        partial.write_text(response.text, encoding="ascii")
        partial.replace(target)  # atomic: a concurrent reader sees the whole file or none
    return target


_connection: pg8000.native.Connection | None = None


def database() -> pg8000.native.Connection:
    """One connection per process, reopened if it was lost."""
    global _connection
    if _connection is not None:
        try:
            _connection.run("SELECT 1")
            return _connection
        except (pg8000.native.InterfaceError, OSError):
            _connection = None
    _connection = connect(database_url(get_settings()), application_name="cinelake-pipeline")
    return _connection


def reset() -> None:
    global _connection
    for builder in (aws_client, tmdb_client, lake_store, id_queue, bulk_queue, get_settings):
        builder.cache_clear()
    if _connection is not None:
        _connection.close()
        _connection = None
