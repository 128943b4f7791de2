"""Fixtures shared by every tier: a real PostgreSQL database per test run, and the shared data folder."""

import os
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pg8000.native
import pytest

from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import connect
from cinelake.adapters.s3 import LakeStore
from cinelake.local.moto_server import moto_client, moto_server
from cinelake.local.postgres import LocalPostgres, find_or_start
from cinelake.local.seed import seed_catalog
from cinelake.local.template import PROJECT_TEMPLATE
from cinelake.local.template_yaml import load_template

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"
CATALOG_DIR = SHARED_DIR / "data" / "catalog"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[LocalPostgres]:
    """The server DATABASE_URL names, else the one discovery finds or starts (127.0.0.1:5432, the machine's
    binaries, the PostgreSQL wheel; CINELAKE_LOCAL_POSTGRES=wheel goes to the wheel), stopped at the end."""
    server = find_or_start(os.environ.get("DATABASE_URL"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def server_major_version(postgres_server: LocalPostgres) -> int:
    with closing(connect(postgres_server.admin_url)) as conn:
        return int(conn.run("SHOW server_version_num")[0][0]) // 10000


def template_engine_major_version() -> int:
    """The PostgreSQL major version that template.yaml deploys on RDS (DatabaseEngineVersion's default)."""
    template = load_template(PROJECT_TEMPLATE.read_text(encoding="utf-8"))
    return int(str(template["Parameters"]["DatabaseEngineVersion"]["Default"]).split(".")[0])


@pytest.fixture(autouse=True)
def on_the_template_engine(request: pytest.FixtureRequest) -> None:
    """Tests marked template_engine pin behaviour that differs between PostgreSQL versions (role grants, the order of
    tied rows): what counts is the version deployed, so on a server of another major version (the PostgreSQL
    wheel's 18) they are skipped, saying so."""
    if request.node.get_closest_marker("template_engine") is None:
        return
    deployed, running = template_engine_major_version(), request.getfixturevalue("server_major_version")
    if running != deployed:
        pytest.skip(f"relies on PostgreSQL {deployed}'s behaviour (template.yaml deploys it); this server is {running}")


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


@pytest.fixture(scope="session")
def database_url(empty_database_url: str) -> str:
    """This run's database with every migration applied."""
    with closing(connect(empty_database_url)) as conn:
        apply_migrations(conn)
    return empty_database_url


@pytest.fixture
def db(database_url: str) -> Iterator[pg8000.native.Connection]:
    """A connection to a migrated database emptied of data before the test."""
    with closing(connect(database_url)) as conn:
        tables = [row[0] for row in conn.run(DATA_TABLES_QUERY)]
        conn.run(f"TRUNCATE {', '.join(tables)} CASCADE")
        yield conn


DATA_TABLES_QUERY = (
    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations' ORDER BY 1"
)


@pytest.fixture(scope="session")
def aws_endpoint() -> Iterator[str]:
    """A real moto server on loopback, shared by the run; tests use their own bucket and queue names."""
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3(aws_endpoint: str):
    return moto_client("s3", aws_endpoint, "us-east-1")


@pytest.fixture
def lake(s3) -> LakeStore:
    bucket = f"lake-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    return LakeStore(s3, bucket)


def tmdb_movie(movie_id: int, **overrides) -> dict:
    """A movie in TMDB's `/movie/{id}?append_to_response=credits,keywords,release_dates,external_ids` shape."""
    movie = {
        "adult": False,
        "backdrop_path": None,
        "belongs_to_collection": None,
        "budget": 10_000_000,
        "genres": [{"id": 18, "name": "Drama"}, {"id": 35, "name": "Comedy"}],
        "homepage": "",
        "id": movie_id,
        "imdb_id": None,
        "origin_country": ["US"],
        "original_language": "en",
        "original_title": f"Movie {movie_id}",
        "overview": "A film.",
        "popularity": 12.5,
        "poster_path": None,
        "production_companies": [{"id": 7000 + movie_id, "logo_path": None, "name": "Studio", "origin_country": "US"}],
        "production_countries": [{"iso_3166_1": "US", "name": "United States of America"}],
        "release_date": "2015-06-01",
        "revenue": 35_000_000,
        "runtime": 101,
        "spoken_languages": [{"english_name": "English", "iso_639_1": "en", "name": "English"}],
        "status": "Released",
        "tagline": "",
        "title": f"Movie {movie_id}",
        "video": False,
        "vote_average": 6.8,
        "vote_count": 420,
        "credits": {
            "cast": [
                {
                    "adult": False,
                    "cast_id": order,
                    "character": f"Role {order}",
                    "credit_id": f"c{movie_id}-{order}",
                    "gender": 1,
                    "id": 100 + order,
                    "known_for_department": "Acting",
                    "name": f"Actor {order}",
                    "order": order,
                    "original_name": f"Actor {order}",
                    "popularity": 1.0,
                    "profile_path": None,
                }
                for order in range(3)
            ],
            "crew": [
                {
                    "adult": False,
                    "credit_id": f"d{movie_id}",
                    "department": "Directing",
                    "gender": 2,
                    "id": 900,
                    "job": "Director",
                    "known_for_department": "Directing",
                    "name": "Some Director",
                    "original_name": "Some Director",
                    "popularity": 1.0,
                    "profile_path": None,
                }
            ],
        },
        "keywords": {"keywords": [{"id": 4379, "name": "time travel"}]},
        "release_dates": {
            "results": [
                {
                    "iso_3166_1": "US",
                    "release_dates": [
                        {
                            "certification": "PG-13",
                            "descriptors": [],
                            "iso_639_1": "",
                            "note": "",
                            "release_date": "2015-06-01T00:00:00.000Z",
                            "type": 3,
                        }
                    ],
                }
            ]
        },
        "external_ids": {"imdb_id": f"tt{movie_id:07d}"},
    }
    movie.update(overrides)
    return movie


@pytest.fixture
def make_movie():
    return tmdb_movie


@pytest.fixture(scope="session")
def catalog_database_url(postgres_server: LocalPostgres) -> Iterator[str]:
    """A database holding the real catalogue (base, then changes_1), loaded once per run."""
    if not CATALOG_DIR.is_dir():
        pytest.skip(f"{CATALOG_DIR} is absent (the real catalogue lives in ../shared)")
    name = f"cinelake_catalog_{uuid.uuid4().hex[:10]}"
    url = postgres_server.create_database(name)
    seed_catalog(url, CATALOG_DIR)
    yield url
    postgres_server.drop_database(name)
