"""One database login per job, on the real PostgreSQL: each login can do its job and cannot do more.

Roles are cluster-wide, so each test run makes logins with names of its own and drops them at the end.
"""

import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pg8000.native
import pytest

from cinelake.adapters.ask_db import QueryRefused, ReadOnlyQueries
from cinelake.adapters.logins import JOBS, ensure_login
from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.model_data import ModelData
from cinelake.adapters.postgres import MovieRepository, connect
from cinelake.domain.lake import LoadBatch
from cinelake.domain.movie import TmdbMovie
from cinelake.errors import PermanentError
from cinelake.services.logins import ensure_logins
from tests.integration.refusals import refused

pytestmark = pytest.mark.integration


def as_user(url: str, user: str) -> str:
    """The same database, logged in as `user` (the test server trusts 127.0.0.1: no password is asked)."""
    parts = urlsplit(url)
    return parts._replace(netloc=f"{user}@{parts.hostname}:{parts.port or 5432}").geturl()


@pytest.fixture(scope="module")
def logins(postgres_server) -> Iterator[tuple[str, dict[str, str]]]:
    """A migrated database of its own, and a login of each job (job -> role name), dropped afterwards."""
    suffix = uuid.uuid4().hex[:8]
    name = f"cinelake_logins_{suffix}"
    url = postgres_server.create_database(name)
    names = {job: f"t{suffix}_{job}" for job in JOBS}
    try:
        with closing(connect(url)) as conn:
            apply_migrations(conn)
            ensure_logins(
                conn, {job: {"username": user, "password": "unused-with-trust"} for job, user in names.items()}
            )
            repository = MovieRepository(conn)
            batch = LoadBatch(object_key="test/logins", etag="1", record_count=1)
            batch.add_movie(TmdbMovie(id=1, title="Before"), datetime(2026, 1, 1, tzinfo=UTC))
            repository.load_object(batch)
        yield url, names
    finally:
        postgres_server.drop_database(name)
        with closing(connect(postgres_server.admin_url)) as conn:
            for user in names.values():
                conn.run(f"DROP ROLE IF EXISTS {pg8000.native.identifier(user)}")


def test_the_questions_login_reads_movies_and_nothing_else_and_cannot_become_anyone_stronger(logins):
    url, names = logins
    with closing(connect(as_user(url, names["ask"]))) as conn:
        # GIVEN the questions' login, with its limits on the role itself
        settings = dict(
            conn.run("SELECT name, setting FROM pg_settings WHERE name = ANY(:n)", n=list(JOBS["ask"].settings))
        )
        assert settings["default_transaction_read_only"] == "on"
        assert settings["statement_timeout"] == "10000"
        assert settings["work_mem"] == str(16 * 1024)
        assert settings["temp_file_limit"] == str(256 * 1024)
        # WHEN it asks a question THEN it reads the movie data, as the questions do
        assert ReadOnlyQueries(conn).run("SELECT title FROM movies").rows == [["Before"]]
        assert conn.run("SELECT title FROM movies") == [["Before"]]
        # BUT it writes nothing, not even in a read-write transaction it opens itself
        for statement in ("INSERT INTO genres VALUES (1, 'x')", "UPDATE movies SET title = 'x'", "DELETE FROM movies"):
            refused(conn, statement)
            conn.run("START TRANSACTION READ WRITE")
            refused(conn, statement)
        conn.run("SET default_transaction_read_only = off")
        refused(conn, "DELETE FROM movies")
        # AND it cannot read the ledger or the tombstones
        refused(conn, "SELECT * FROM loaded_objects")
        refused(conn, "SELECT * FROM movie_tombstones")
        # AND RESET ROLE leaves it itself: there is no stronger session user to fall back to
        conn.run("RESET ROLE")
        assert conn.run("SELECT session_user = current_user, current_user") == [[True, names["ask"]]]
        refused(conn, "SELECT * FROM loaded_objects")
        # AND it cannot SET ROLE to the loader's group, another login or the superuser, nor lift its own limits
        admin = urlsplit(url).username or "postgres"
        for role in ("cinelake_writer", names["load"], admin):
            refused(conn, f"SET ROLE {pg8000.native.identifier(role)}")
        refused(conn, f"SET SESSION AUTHORIZATION {pg8000.native.identifier(admin)}")
        refused(conn, "SET temp_file_limit = -1")
        # AND it creates nothing
        refused(conn, "CREATE TABLE mine (i int)")
        # AND the question guard's second line holds with it: a write in a question's SQL is refused
        with pytest.raises(QueryRefused):
            ReadOnlyQueries(conn).run("DELETE FROM movies")


def test_the_loader_login_loads_an_object_but_cannot_create_drop_or_alter_tables(logins):
    url, names = logins
    with closing(connect(as_user(url, names["load"]))) as conn:
        # GIVEN the loader's login WHEN it loads an object (staging tables, merge, ledger) THEN the movie is stored
        batch = LoadBatch(object_key="test/loader-login", etag="1", record_count=1)
        batch.add_movie(TmdbMovie(id=2, title="Loaded"), datetime(2026, 1, 2, tzinfo=UTC))
        outcome = MovieRepository(conn).load_object(batch)
        assert outcome.movies_written == 1
        assert conn.run("SELECT count(*) FROM loaded_objects") == [[2]]
        # AND it may delete a movie (a tombstone does)
        assert conn.run("DELETE FROM movies WHERE tmdb_id = 2 RETURNING tmdb_id") == [[2]]
        # BUT it cannot create, drop, alter or empty a table, or grant anything
        for statement in (
            "CREATE TABLE mine (i int)",
            "DROP TABLE movies",
            "DROP TABLE loaded_objects",
            "ALTER TABLE movies ADD COLUMN x int",
            "TRUNCATE movies",
            "CREATE INDEX ON movies (title)",
            "DROP VIEW movie_facts",
            "SET ROLE cinelake_reader",
        ):
            refused(conn, statement)
        refused(conn, "SELECT * FROM schema_migrations")
        # AND what it holds it cannot hand on: a grant is a warning that grants nothing
        conn.run("GRANT SELECT ON loaded_objects TO PUBLIC")
        assert conn.run("SELECT has_table_privilege('cinelake_reader', 'loaded_objects', 'SELECT')") == [[False]]


def test_the_api_login_reads_the_catalogue_read_only_with_a_timeout(logins):
    url, names = logins
    with closing(connect(as_user(url, names["api"]))) as conn:
        # GIVEN the API's catalogue login WHEN it reads a movie's stored features THEN it gets them
        assert ModelData(conn).catalog_movie(1) is not None
        assert conn.run("SHOW statement_timeout") == [["1min"]]
        assert conn.run("SHOW default_transaction_read_only") == [["on"]]
        # BUT it writes nothing and cannot read the ledger
        refused(conn, "UPDATE movies SET title = 'x'")
        conn.run("START TRANSACTION READ WRITE")
        refused(conn, "UPDATE movies SET title = 'x'")
        refused(conn, "SELECT * FROM loaded_objects")
        refused(conn, "SET ROLE cinelake_writer")


def test_making_the_logins_again_keeps_one_group_each_and_refuses_a_privileged_role(logins, postgres_server):
    url, names = logins
    with closing(connect(url)) as conn:
        # GIVEN the questions' login was made a member of the loader's group by hand
        conn.run(f"GRANT cinelake_writer TO {pg8000.native.identifier(names['ask'])}")
        # WHEN the migrate step makes the logins again
        ensure_login(conn, "ask", names["ask"], "again")
        # THEN it is back to its one group
        groups = conn.run(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid"
            " JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = :n",
            n=names["ask"],
        )
        assert groups == [["cinelake_reader"]]
        # AND a login named after the superuser (or the migrator itself) is refused, never downgraded
        admin = urlsplit(postgres_server.admin_url).username or "postgres"
        with pytest.raises(PermanentError, match="privileged role"):
            ensure_login(conn, "api", admin, "x")


def test_the_loaders_group_may_write_every_table_the_loader_writes(logins):
    from cinelake.domain.rows import ROW_TYPES

    url, _ = logins
    with closing(connect(url)) as conn:
        for table in [*ROW_TYPES, "movie_tombstones", "loaded_objects"]:
            for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE"):
                assert conn.run("SELECT has_table_privilege('cinelake_writer', :t, :p)", t=table, p=privilege) == [
                    [True]
                ], (table, privilege)
