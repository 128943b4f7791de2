"""The one place that builds the real adapters from the settings.

Each builder is cached, so a warm Lambda container keeps its HTTP pool, boto3 clients and database connection.
Nothing is built at import; `reset()` forgets everything (after the environment changed, as the local stack does).
"""

import json
from functools import cache
from urllib.parse import quote

import boto3
import pg8000.native
from pydantic import SecretStr

from cinelake.adapters.postgres import connect
from cinelake.adapters.s3 import LakeStore
from cinelake.adapters.sqs import SqsQueue
from cinelake.adapters.tmdb import TmdbClient
from cinelake.config import Settings, get_settings


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


def database_url(settings: Settings) -> str:
    """DATABASE_URL if set; deployed, the URL built from the RDS-managed secret."""
    if settings.database_url:
        return settings.database_url.get_secret_value()
    if settings.database_secret_arn and settings.database_host:
        secret = json.loads(
            aws_client("secretsmanager").get_secret_value(SecretId=settings.database_secret_arn)["SecretString"]
        )
        user, password = quote(secret["username"], safe=""), quote(secret["password"], safe="")
        return (
            f"postgresql://{user}:{password}@{settings.database_host}:{settings.database_port}"
            f"/{settings.database_name}?sslmode=require"
        )
    from cinelake.local.stack import local_database_url  # only local runs get here

    return local_database_url(settings)


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
