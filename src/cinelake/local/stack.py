"""The local stack: PostgreSQL, moto (S3, SQS, Scheduler) and the TMDB simulator, wired from template.yaml.

Inside `local_stack()` the process's adapters (`cinelake.bootstrap.adapters()`) are built from the stack's own
`Settings`, pointing at the stand-ins, so the handlers run unchanged against it; the environment is left alone.
"""

import os
from collections.abc import Iterator
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pg8000.native

from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import connect, redact, with_database
from cinelake.bootstrap import Adapters, installed
from cinelake.config import Settings
from cinelake.errors import PermanentError
from cinelake.local.delivery import LocalDelivery
from cinelake.local.moto_server import moto_client, moto_server, moto_session
from cinelake.local.postgres import DEFAULT_SERVER_URL, LocalPostgres, find_or_start, server_answers, server_version
from cinelake.local.provision import Provisioned, provision
from cinelake.local.template import Wiring, project_wiring
from cinelake.sim.catalog import Catalog
from cinelake.sim.config import SimConfig
from cinelake.sim.server import SimServer

DEMO_DATABASE = "cinelake_demo"
# Locally time is compressed: the simulator has no rate limit and the client allows this many requests/s.
LOCAL_TMDB_RATE_LIMIT = 1000
LOCAL_DATABASE = "cinelake"
LOCAL_REGION = "us-east-1"
# The functions' output (Powertools logs and EMF metrics), as CloudWatch Logs would keep it.
FUNCTION_LOG = Path(".cinelake") / "functions.log"


@dataclass
class LocalStack:
    settings: Settings
    adapters: Adapters  # what the handlers use while the stack runs
    database_url: str
    postgres: LocalPostgres | None  # None when DATABASE_URL named the server
    aws_endpoint: str
    sim: SimServer
    wiring: Wiring
    provisioned: Provisioned
    delivery: LocalDelivery

    def aws(self, service: str):
        return moto_client(service, self.aws_endpoint, self.settings.aws_default_region)

    def postgres_in_use(self) -> str:
        """Which PostgreSQL the stack uses and its version, for people: the demo prints it."""
        if self.postgres is None:
            return f"DATABASE_URL, PostgreSQL {server_version(self.database_url)}"
        return self.postgres.describe()

    def addresses(self) -> dict[str, str]:
        return {
            "PostgreSQL": redact(self.database_url),
            "AWS (moto: S3, SQS, Scheduler)": self.aws_endpoint,
            "TMDB API (simulator)": self.sim.api_url,
            "TMDB exports (simulator)": self.sim.exports_url,
        }


@contextmanager
def local_stack(
    sim_config: SimConfig,
    database_url: str | None = None,
    tmdb_rate_limit: float = LOCAL_TMDB_RATE_LIMIT,
    catalog: Catalog | None = None,
    function_log: Path | None = None,
) -> Iterator[LocalStack]:
    """Start everything, point this process's adapters at it, and stop what was started afterwards.

    The database is `database_url`, else DATABASE_URL, else a fresh `cinelake_demo` on the local server.
    The functions print to `function_log` if given, else to this process's own output.
    """
    with ExitStack() as cleanup:
        log_file = None
        if function_log:
            function_log.parent.mkdir(parents=True, exist_ok=True)
            log_file = cleanup.enter_context(function_log.open("a", encoding="utf-8"))
        database_url = database_url or os.environ.get("DATABASE_URL")
        postgres = None
        if not database_url:
            postgres = find_or_start()
            cleanup.callback(postgres.stop)
            database_url = postgres.create_database(DEMO_DATABASE)
        with closing(connect(database_url)) as conn:
            apply_migrations(conn)

        aws_endpoint = cleanup.enter_context(moto_server())
        sim = cleanup.enter_context(SimServer(sim_config, catalog=catalog))
        settings = Settings(
            database_url=database_url,
            aws_endpoint_url=aws_endpoint,
            aws_default_region=LOCAL_REGION,
            tmdb_api_url=sim.api_url,
            tmdb_exports_url=sim.exports_url,
            tmdb_api_key=sim_config.api_key,
            tmdb_rate_limit=tmdb_rate_limit,
        )
        adapters = cleanup.enter_context(installed(Adapters(settings, aws_session=moto_session(LOCAL_REGION))))
        project = project_wiring(settings)
        s3, sqs = moto_client("s3", aws_endpoint, project.region), moto_client("sqs", aws_endpoint, project.region)
        provisioned = provision(
            project, s3=s3, sqs=sqs, scheduler=moto_client("scheduler", aws_endpoint, project.region)
        )
        yield LocalStack(
            settings=settings,
            adapters=adapters,
            database_url=database_url,
            postgres=postgres,
            aws_endpoint=aws_endpoint,
            sim=sim,
            wiring=project,
            provisioned=provisioned,
            delivery=LocalDelivery(project, sqs, log_file=log_file),
        )


def local_database_url(settings: Settings) -> str:
    """DATABASE_URL, else the `cinelake` database on the local server (created if missing)."""
    if settings.database_url:
        return settings.database_url.get_secret_value()
    if not server_answers(DEFAULT_SERVER_URL):
        raise PermanentError("DATABASE_URL is not set and no PostgreSQL answers on 127.0.0.1:5432")
    with closing(connect(DEFAULT_SERVER_URL)) as conn:
        exists = conn.run("SELECT 1 FROM pg_database WHERE datname = :name", name=LOCAL_DATABASE)
        if not exists:
            conn.run(f"CREATE DATABASE {pg8000.native.identifier(LOCAL_DATABASE)}")
    return with_database(DEFAULT_SERVER_URL, LOCAL_DATABASE)


def sim_config_for_demo(catalog_dir: Path | None, movies: int, days: int, seed: int, start: date | None) -> SimConfig:
    options = dict(catalog_dir=catalog_dir, synthetic_movies=movies, synthetic_days=days, seed=seed, rate_limit=0.0)
    if start:
        options["start_date"] = start
    return SimConfig(**options)
