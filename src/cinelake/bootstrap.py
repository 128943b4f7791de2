"""The composition root: the one place that builds the real adapters, from an explicit `Settings`.

`Adapters(settings)` builds each adapter on first use and keeps it, so a warm Lambda container keeps its HTTP pool,
boto3 clients and database connection. The Lambda handlers and the CLI use the process's `adapters()`: built from the
environment's settings, unless a caller installed its own (`installed(...)`, as the local stack does). The API keeps
one per app (api_service/deps.py), with short AWS timeouts. Nothing is built at import.
"""

import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

import boto3
import pg8000.native
import requests
from botocore.config import Config
from pydantic import SecretStr

from cinelake.adapters.postgres import connect
from cinelake.adapters.s3 import LakeStore
from cinelake.adapters.sqs import SqsQueue
from cinelake.adapters.tmdb import TmdbClient
from cinelake.config import Settings, get_settings
from cinelake.errors import ConfigurationError, PermanentError, RetryableError

CA_FETCH_TIMEOUT_SECONDS = 15

T = TypeVar("T")


class Adapters:
    """The real adapters of one configuration. `aws_session` gives the credentials (default: boto3's own chain);
    `aws_config` the clients' timeouts and retries (default: boto3's)."""

    def __init__(
        self, settings: Settings, aws_session: boto3.Session | None = None, aws_config: Config | None = None
    ) -> None:
        self.settings = settings
        self.aws_session = aws_session
        self.aws_config = aws_config
        self._built: dict[Any, Any] = {}
        self._building = threading.RLock()  # the API builds from several threads
        self._connection: pg8000.native.Connection | None = None

    def with_settings(self, **changes: Any) -> "Adapters":
        """Adapters of these settings changed (validated as the environment's would be), on the same AWS."""
        settings = Settings.model_validate(self.settings.model_dump() | changes)
        return Adapters(settings, self.aws_session, self.aws_config)

    def once(self, key: Any, build: Callable[[], T]) -> T:
        """`build()` the first time `key` is asked for; the same object afterwards."""
        with self._building:
            if key not in self._built:
                self._built[key] = build()
            return self._built[key]

    def aws_client(self, service: str):
        def build():
            factory = self.aws_session or boto3
            return factory.client(
                service,
                region_name=self.settings.aws_default_region,
                endpoint_url=self.settings.aws_endpoint_url,
                config=self.aws_config,
            )

        return self.once(("aws", service), build)

    def tmdb_client(self) -> TmdbClient:
        return self.once("tmdb", lambda: TmdbClient(self.tmdb_settings()))

    def tmdb_settings(self) -> Settings:
        """The settings with TMDB's credentials read from their secret, when one is configured."""
        settings = self.settings
        if not settings.tmdb_secret_arn:
            return settings
        secret = self.read_secret(settings.tmdb_secret_arn)
        return settings.model_copy(
            update={
                "tmdb_api_key": SecretStr(secret["api_key"]) if secret.get("api_key") else None,
                "tmdb_read_access_token": (
                    SecretStr(secret["read_access_token"]) if secret.get("read_access_token") else None
                ),
            }
        )

    def lake_store(self) -> LakeStore:
        return self.once("lake", lambda: LakeStore(self.aws_client("s3"), self.settings.data_lake_bucket))

    def id_queue(self) -> SqsQueue:
        return self.once("ids", lambda: SqsQueue.by_name(self.aws_client("sqs"), self.settings.ids_queue_name))

    def bulk_queue(self) -> SqsQueue:
        return self.once("bulk", lambda: SqsQueue.by_name(self.aws_client("sqs"), self.settings.bulk_queue_name))

    def read_secret(self, arn: str) -> dict:
        return json.loads(self.aws_client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"])

    def database_url(self, secret_arn: str | None = None) -> str:
        """DATABASE_URL if set; deployed, the URL of the job's own login, from its secret (`secret_arn`, else
        DATABASE_SECRET_ARN), verifying the server's certificate. Neither: a configuration error."""
        settings = self.settings
        if settings.database_url:
            return settings.database_url.get_secret_value()
        arn = secret_arn or settings.database_secret_arn
        if names_a_database(settings, arn):
            return login_url(self.read_secret(arn), settings)
        raise ConfigurationError(
            "no database is configured: set DATABASE_URL, or DATABASE_SECRET_ARN together with DATABASE_HOST "
            f"(DATABASE_SECRET_ARN is {'set' if arn else 'unset'}, DATABASE_HOST is "
            f"{'set' if settings.database_host else 'unset'})"
        )

    def ask_database_url(self) -> str:
        """The login that runs the SQL of questions: ASK_DATABASE_URL, or ASK_DATABASE_SECRET_ARN's, else the
        job's."""
        settings = self.settings
        if settings.ask_database_url:
            return settings.ask_database_url.get_secret_value()
        if settings.ask_database_secret_arn and not settings.database_url:
            return self.database_url(settings.ask_database_secret_arn)
        return self.database_url()

    def database(self) -> pg8000.native.Connection:
        """One connection per process, reopened if it was lost."""
        if self._connection is not None:
            try:
                self._connection.run("SELECT 1")
                return self._connection
            except (pg8000.native.InterfaceError, OSError):
                self._connection = None
        self._connection = connect(self.database_url(), application_name="cinelake-pipeline")
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def names_a_database(settings: Settings, secret_arn: str | None = None) -> bool:
    """Whether the settings say which database to use: a URL, or a login secret and the host."""
    return bool(settings.database_url or ((secret_arn or settings.database_secret_arn) and settings.database_host))


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


# The process's adapters: those installed last, else the environment's (a Lambda container's, the CLI's).
_installed: list[Adapters] = []


@cache
def _from_environment() -> Adapters:
    return Adapters(get_settings())


def adapters() -> Adapters:
    return _installed[-1] if _installed else _from_environment()


@contextmanager
def installed(chosen: Adapters) -> Iterator[Adapters]:
    """`adapters()` is `chosen` for the duration (the local stack's, a test's); its connection is closed after."""
    _installed.append(chosen)
    try:
        yield chosen
    finally:
        _installed.remove(chosen)
        chosen.close()
