"""Fixtures shared by every tier: a real PostgreSQL database per test run, and the shared data folder."""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cinelake.local.postgres import LocalPostgres, find_or_start

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
CATALOG_DIR = SHARED_DIR / "data" / "catalog"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    """The server DATABASE_URL names, else 127.0.0.1:5432, else an embedded one we start and stop."""
    server = find_or_start(os.environ.get("DATABASE_URL"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def empty_database_url(postgres_server: LocalPostgres) -> Iterator[str]:
    """A database of its own for this test run, dropped afterwards."""
    name = f"cinelake_test_{uuid.uuid4().hex[:10]}"
    url = postgres_server.create_database(name)
    yield url
    postgres_server.drop_database(name)


@pytest.fixture
def catalog_dir() -> Path:
    if not CATALOG_DIR.is_dir():
        pytest.skip(f"{CATALOG_DIR} is absent (the real catalogue lives in ../shared)")
    return CATALOG_DIR
