"""All configuration, read from environment variables in one place.

`get_settings()` is cached and never called at import, so tests build their own `Settings(...)`
and pass it in instead of patching the environment.
"""

import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# Local runs with DATABASE_URL unset (src/cinelake/local/postgres.py): `auto` tries 127.0.0.1:5432, then the
# machine's PostgreSQL binaries, then the PostgreSQL wheel in .venv; `wheel` goes to the wheel alone.
LocalPostgresDiscovery = Literal["auto", "wheel"]


class Settings(BaseSettings):
    # An empty variable counts as unset: the template declares DATABASE_URL, TMDB_API_URL, AWS_ENDPOINT_URL and a
    # few more blank, so that `sam local invoke --env-vars` (which sets only declared variables) can point a
    # function at the local stack, while deployed functions keep the defaults.
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False, env_ignore_empty=True)

    # PostgreSQL. Unset means: 127.0.0.1:5432 if a server answers there, else an embedded one (local runs only).
    database_url: SecretStr | None = Field(default=None, description="postgresql://user:pass@host:port/db")
    cinelake_local_postgres: LocalPostgresDiscovery = Field(
        default="auto", description="local runs: `wheel` ignores the machine's PostgreSQL server and binaries"
    )
    # Deployed: the job's own login secret (username/password) plus where the database is.
    database_secret_arn: str | None = None
    database_host: str | None = None
    database_port: int = 5432
    database_name: str = "cinelake"
    # Deployed: the CA bundle the server's certificate must chain to (RDS's), and where to fetch it when the file is
    # missing. A URL built from a secret always verifies the certificate and the host name (sslmode=verify-full).
    database_ca_bundle: Path | None = Field(default=None, description="PEM file of the CAs the database's cert needs")
    database_ca_bundle_url: str | None = Field(default=None, description="https URL to fetch DATABASE_CA_BUNDLE from")
    # The SQL of questions runs under a login of its own (read-only, tight limits): a URL locally, a secret deployed.
    # Unset, questions use the database of DATABASE_URL / DATABASE_SECRET_ARN.
    ask_database_url: SecretStr | None = Field(default=None, description="postgresql:// URL of the questions' login")
    ask_database_secret_arn: str | None = None
    # The migrate step only: the login secret of each job ({"load": arn, "api": arn, "ask": arn}, JSON), whose roles
    # it creates and keeps (cinelake.adapters.logins).
    database_login_secret_arns: dict[str, str] = Field(default={}, description="JSON: job -> login secret ARN")

    # TMDB: one of the two credentials is needed.
    tmdb_api_key: SecretStr | None = None
    tmdb_read_access_token: SecretStr | None = None
    # Deployed: a Secrets Manager secret {"api_key": ..., "read_access_token": ...} instead of the two above.
    tmdb_secret_arn: str | None = None
    tmdb_api_url: str = "https://api.themoviedb.org/3"
    tmdb_exports_url: str = "https://files.tmdb.org/p/exports"
    tmdb_rate_limit: float = Field(default=40.0, gt=0, description="client-side requests/s budget")
    tmdb_timeout: float = Field(default=10.0, gt=0, description="seconds per HTTP request")
    tmdb_max_attempts: int = Field(default=6, ge=1, description="attempts per request, first one included")

    # AWS. boto3 reads AWS_ENDPOINT_URL itself; it is declared here only to be documented and shown.
    aws_endpoint_url: str | None = None
    aws_default_region: str = "us-east-1"
    data_lake_bucket: str = "cinelake-data-lake"
    ids_queue_name: str = "cinelake-ids"
    load_queue_name: str = "cinelake-load"
    bulk_queue_name: str = "cinelake-bulk"

    # Pipeline tuning.
    enrich_concurrency: int = Field(default=8, ge=1, le=64, description="in-flight TMDB requests per enrich worker")
    export_min_popularity: float = Field(default=0.0, ge=0, description="bulk: skip ids below this popularity")

    # The API service.
    models_dir: Path = Field(default=Path("models"), description="where current.json and <version>/ live")
    model_refresh_seconds: float = Field(default=30.0, ge=0, description="how often the API re-reads current.json")
    data_refresh_seconds: float = Field(
        default=60.0,
        ge=0,
        description="how often the API checks whether its in-memory track records and names are stale",
    )
    cinelake_api_keys: SecretStr | None = Field(default=None, description="comma-separated; unset = no key needed")
    # Deployed: a Secrets Manager secret {"api_keys": "key1,key2"} instead of CINELAKE_API_KEYS.
    api_keys_secret_arn: str | None = None
    models_from_lake: bool = Field(default=False, description="serve the lake's models/current.json when it has one")
    model_cache_dir: Path = Field(
        default_factory=lambda: Path(tempfile.gettempdir()) / "cinelake-models",
        description="where models downloaded from the lake are kept",
    )
    api_rate_limit_per_minute: int = Field(
        default=600, ge=1, description="cost units per minute per API key (a /predict costs 1, see rate_limit.py)"
    )
    api_rate_limit_store: Path | None = Field(
        default=None, description="SQLite file the workers share their rate limits in; unset = one process's memory"
    )
    api_max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1, description="larger request bodies get a 413")
    # Questions (/ask-text, /ask-visual).
    ask_embedder: bool = Field(default=True, description="use the sentence model (all-MiniLM-L6-v2) where rules miss")
    ask_generative_model: str | None = Field(
        default=None, description="a Hugging Face text-to-SQL model id or local path, tried before the offline engine"
    )
    ask_timeout_ms: int = Field(default=3000, ge=100, le=30000, description="statement_timeout of a question's SQL")
    api_warm_up: bool = Field(default=False, description="load the sentence model, names and track records at start")
    api_cors_origins: list[str] = Field(default=[], description='JSON list, e.g. ["https://app.example.com"]')


@lru_cache
def get_settings() -> Settings:
    return Settings()
