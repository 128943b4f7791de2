"""The whole pipeline on the local stack: PostgreSQL, moto and the simulator, wired from template.yaml."""

import uuid
from collections.abc import Iterator

import pytest

from cinelake.local.postgres import LocalPostgres


@pytest.fixture
def fresh_database_url(postgres_server: LocalPostgres) -> Iterator[str]:
    name = f"cinelake_e2e_{uuid.uuid4().hex[:10]}"
    yield postgres_server.create_database(name)
    postgres_server.drop_database(name)
