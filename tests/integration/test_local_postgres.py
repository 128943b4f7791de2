"""The local PostgreSQL: the machine's server when one answers, else an embedded throwaway cluster made with the
machine's binaries, else one from the PostgreSQL wheel in .venv."""

import gzip
import itertools
from contextlib import closing
from pathlib import Path

import pg8000.native
import psutil
import pytest

from cinelake.adapters.ask_db import ReadOnlyQueries
from cinelake.adapters.ask_names import load_name_index
from cinelake.adapters.postgres import connect, connection_params, redact, with_database
from cinelake.errors import PermanentError
from cinelake.local.postgres import find_binaries, find_or_start, server_answers, start_embedded
from cinelake.local.seed import seed_catalog
from cinelake.services.ask import AskEngine

pytestmark = pytest.mark.integration

CATALOGUE_MOVIES = 60


def test_an_embedded_server_starts_serves_and_is_removed() -> None:
    # GIVEN an embedded cluster made with the machine's binaries
    if find_binaries() is None:
        pytest.skip("this machine has no PostgreSQL binaries (initdb, pg_ctl); the wheel's test covers it")
    server = start_embedded()
    data_dir = server.data_dir
    try:
        # WHEN a database is created on it
        url = server.create_database("cinelake_embedded_check")
        # THEN it answers queries
        with closing(connect(url)) as conn:
            assert conn.run("SELECT current_database()") == [["cinelake_embedded_check"]]
    finally:
        server.stop()
    # AND stopping it removes the cluster
    assert not data_dir.exists()
    assert not server_answers(url)


def test_with_the_machine_postgres_hidden_the_wheel_migrates_loads_and_answers(catalog_dir: Path, tmp_path: Path):
    # GIVEN a few movies of the real catalogue, and discovery told to ignore the machine's server and binaries
    # (as on a machine without PostgreSQL: this one has both)
    few = tmp_path / "catalog"
    few.mkdir()
    with gzip.open(catalog_dir / "base.jsonl.gz", "rt") as source, gzip.open(few / "base.jsonl.gz", "wt") as target:
        target.writelines(itertools.islice(source, CATALOGUE_MOVIES))
    server = find_or_start(discovery="wheel")
    data_dir = server.data_dir
    postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
    try:
        # THEN the server is the wheel's PostgreSQL 18, reached on the Unix socket it listens on (it has no TCP port)
        assert "wheel" in server.describe() and "PostgreSQL 18." in server.describe()
        assert "unix_sock" in connection_params(server.admin_url)
        url = server.create_database("cinelake_wheel_check")
        # WHEN the migrations run (roles included) and the movies are loaded
        assert seed_catalog(url, few) == CATALOGUE_MOVIES
        with closing(connect(url)) as conn:
            # the wheel ships pg_trgm, as RDS does: migration 0008 created it for the name lookups
            assert conn.run("SELECT similarity('Kill Bill', 'Kill Bil') > 0.5") == [[True]]
            dramas = conn.run(
                "SELECT count(*) FROM movie_genres JOIN genres USING (genre_id) WHERE genres.name = 'Drama'"
            )[0][0]
            # AND questions are asked as the read-only role
            engine, names, queries = AskEngine(None), load_name_index(conn), ReadOnlyQueries(conn)
            # THEN they are answered from the loaded movies
            assert engine.answer("How many movies are there?", names, queries).rows == [[CATALOGUE_MOVIES]]
            assert engine.answer("¿Cuántas películas de drama hay?", names, queries).rows == [[dramas]]
        # AND a refused login says why, on the Unix socket as over TCP (the API's pool re-reads rotated passwords)
        with pytest.raises(pg8000.native.DatabaseError, match="28000"):
            connect(url.replace("postgres@", "cinelake_no_such_role@"))
    finally:
        server.stop()
    # AND stopping it leaves no server process and no temp dir
    assert not data_dir.parent.exists()
    assert not server_answers(url)
    assert not psutil.pid_exists(postmaster) or psutil.Process(postmaster).status() == psutil.STATUS_ZOMBIE


def test_a_configured_url_that_does_not_answer_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(PermanentError, match="DATABASE_URL"):
        find_or_start("postgresql://postgres@127.0.0.1:1/postgres")


@pytest.mark.unit
def test_urls_are_parsed_and_redacted() -> None:
    url = "postgresql://api:s%40cret@db.example.com:6543/cinelake?sslmode=require"
    params = connection_params(url)
    assert (params["user"], params["password"], params["host"], params["port"], params["database"]) == (
        "api",
        "s@cret",
        "db.example.com",
        6543,
        "cinelake",
    )
    assert "ssl_context" in params
    assert "s%40cret" not in redact(url) and "***" in redact(url)
    assert with_database(url, "other").split("?")[0].endswith("/other")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("url", "socket_path"),
    [
        # the host percent-encoded, as the wheel's server is written (the directory's case is kept)
        ("postgresql://postgres@%2Ftmp%2FCineLake-pg%2Fdata:5432/postgres", "/tmp/CineLake-pg/data/.s.PGSQL.5432"),
        ("postgresql://postgres@%2Fvar%2Frun%2Fpostgresql/postgres", "/var/run/postgresql/.s.PGSQL.5432"),
        # the host in the query, as libpq also takes it
        ("postgresql://postgres:@/postgres?host=/tmp/pg&port=6543", "/tmp/pg/.s.PGSQL.6543"),
    ],
)
def test_a_directory_as_host_is_a_unix_socket(url: str, socket_path: str) -> None:
    params = connection_params(url)
    assert params["unix_sock"] == socket_path
    assert "host" not in params and "port" not in params
    assert connection_params(with_database(url, "other"))["database"] == "other"
