"""Running a question's SQL on real PostgreSQL: reads come back JSON-ready; writes, other tables and slow queries
are stopped by the database itself, with or without the guard; and the connection stays usable after each."""

import json
import time
import uuid
from contextlib import closing

import pg8000.native
import pytest

from cinelake.adapters.ask_db import QueryRefused, QueryTooSlow, ReadOnlyQueries
from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import connect
from cinelake.ask.guard import guard_sql
from cinelake.ask.schema import TABLE_COLUMNS
from cinelake.errors import PermanentError, RetryableError

pytestmark = pytest.mark.integration

SHORT_TYPE_NAMES = {"timestamp with time zone": "timestamptz"}


@pytest.fixture
def movie(db: pg8000.native.Connection) -> pg8000.native.Connection:
    """One movie with money, a genre and a director."""
    db.run(
        "INSERT INTO movies (tmdb_id, title, release_date, budget, revenue, origin_country, fetched_at)"
        " VALUES (603, 'The Matrix', '1999-03-31', 63000000, 463517383, '{US}', '2024-05-01T08:30:00Z')"
    )
    db.run("INSERT INTO genres VALUES (878, 'Science Fiction')")
    db.run("INSERT INTO movie_genres VALUES (603, 878)")
    db.run("INSERT INTO people (person_id, name) VALUES (9340, 'Lana Wachowski')")
    db.run("INSERT INTO movie_crew VALUES (603, 'c1', 9340, 'Director', 'Directing')")
    return db


def assert_session_is_clean(db: pg8000.native.Connection) -> None:
    """The connection answers, as its own user, outside any transaction, with no time limit left behind."""
    assert db.run(
        "SELECT current_user, current_setting('transaction_read_only'), current_setting('statement_timeout')"
    )[0] == [db.run("SELECT session_user")[0][0], "off", "0"]
    assert ReadOnlyQueries(db).run("SELECT count(*) AS n FROM movies").columns == ["n"]


def test_allowlist_matches_the_columns_of_the_database(db: pg8000.native.Connection):
    # GIVEN the migrated database
    rows = db.run(
        "SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns"
        " WHERE table_schema = 'public' AND table_name = ANY(:tables) ORDER BY table_name, ordinal_position",
        tables=list(TABLE_COLUMNS),
    )
    # WHEN its columns are read from information_schema
    actual: dict[str, list[tuple[str, str]]] = {}
    for table, column, data_type, udt_name in rows:
        kind = f"{udt_name.lstrip('_')}[]" if data_type == "ARRAY" else SHORT_TYPE_NAMES.get(data_type, data_type)
        actual.setdefault(table, []).append((column, kind))
    # THEN every allowlisted column exists with its type, and no column of those tables is missing from the list
    # (the guard is sound only while the allowlist holds every column of its tables)
    assert {table: tuple(columns) for table, columns in actual.items()} == TABLE_COLUMNS


def test_reader_role_may_read_every_allowlisted_table(db: pg8000.native.Connection):
    # GIVEN the reader role and the allowlist
    queries = ReadOnlyQueries(db)
    for table, columns in TABLE_COLUMNS.items():
        # WHEN each table is read as the role
        result = queries.run(guard_sql(f"SELECT * FROM {table}"))
        # THEN the database grants it, and returns the allowlisted columns
        assert result.columns == [name for name, _ in columns]


def test_a_read_returns_columns_and_json_ready_rows(movie: pg8000.native.Connection):
    # GIVEN a movie whose facts hold a numeric, a date, a timestamp and an array
    queries = ReadOnlyQueries(movie)
    # WHEN its facts are read
    result = queries.run(
        "SELECT f.title, f.release_date, f.release_year, f.profit, f.roi, f.fetched_at, m.origin_country"
        " FROM movie_facts AS f JOIN movies AS m USING (tmdb_id) WHERE f.tmdb_id = :tmdb_id",
        tmdb_id=603,
    )
    # THEN the columns are named and every value is a plain JSON value
    assert result.columns == ["title", "release_date", "release_year", "profit", "roi", "fetched_at", "origin_country"]
    assert result.rows == [["The Matrix", "1999-03-31", 1999, 400517383, 7.3574, "2024-05-01T08:30:00+00:00", ["US"]]]
    assert json.loads(json.dumps(result.rows)) == result.rows


def test_guarded_sql_runs_on_postgresql(movie: pg8000.native.Connection):
    # GIVEN statements the guard regenerates (casts added, date_part and btrim rewritten, LIMIT capped)
    statements = [
        "SELECT g.name, round(avg(f.roi), 2) AS mean_roi, count(*) FROM movie_facts f JOIN movie_genres mg"
        " ON mg.tmdb_id = f.tmdb_id JOIN genres g ON g.genre_id = mg.genre_id GROUP BY g.name HAVING count(*) > 0",
        "WITH directed AS (SELECT c.person_id, count(*) AS films FROM movie_crew AS c WHERE c.job = 'Director'"
        " GROUP BY c.person_id) SELECT p.name, d.films FROM directed AS d JOIN people AS p USING (person_id)",
        "SELECT date_part('year', release_date) AS y, date_trunc('month', release_date)::date AS m,"
        " make_date(2020, 1, 31) AS d, btrim(title) || '!' AS t, string_agg(title, ', ') OVER () AS s FROM movies",
        "SELECT title FROM movies WHERE title ILIKE :pattern AND 'US' = ANY(origin_country)"
        " AND release_date > DATE '1990-01-01' - INTERVAL '1 year' LIMIT 1000",
    ]
    queries = ReadOnlyQueries(movie)
    # WHEN each is guarded and run
    results = [queries.run(guard_sql(sql), pattern="%matrix%").rows for sql in statements]
    # THEN PostgreSQL accepts the regenerated SQL and answers
    assert results == [
        [["Science Fiction", 7.36, 1]],
        [["Lana Wachowski", 1]],
        [[1999.0, "1999-03-01", "2020-01-31", "The Matrix!", "The Matrix"]],
        [["The Matrix"]],
    ]


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE movies SET title = 'x'",
        "DELETE FROM movies",
        "INSERT INTO genres VALUES (1, 'x')",
        "CREATE TABLE t()",
        "CREATE TEMP TABLE t()",
        "WITH gone AS (DELETE FROM movies RETURNING tmdb_id) SELECT count(*) FROM gone",
        "SELECT lo_import('/etc/hostname')",
    ],
)
def test_a_write_that_bypasses_the_guard_is_refused_and_changes_nothing(movie: pg8000.native.Connection, sql: str):
    # GIVEN a write sent straight to the executor, guard bypassed
    # WHEN it runs
    with pytest.raises(QueryRefused):
        ReadOnlyQueries(movie).run(sql)
    # THEN nothing changed, and the connection works as before
    assert movie.run("SELECT title FROM movies") == [["The Matrix"]]
    assert movie.run("SELECT count(*) FROM genres") == [[1]]
    assert movie.run("SELECT to_regclass('t')") == [[None]]
    assert_session_is_clean(movie)


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM loaded_objects",
        "SELECT * FROM schema_migrations",
        "SELECT * FROM movie_tombstones",
        "SELECT * FROM pg_authid",
        "SELECT pg_read_file('/etc/hostname')",
    ],
)
def test_the_reader_role_refuses_what_the_allowlist_leaves_out(db: pg8000.native.Connection, sql: str):
    # GIVEN a connecting user who may read everything (locally, the superuser)
    # WHEN a read of the ledger, the migrations, the tombstones or the catalogue bypasses the guard
    # THEN the role refuses it, so the role holds even without the guard
    with pytest.raises(QueryRefused, match="42501"):
        ReadOnlyQueries(db).run(sql)
    assert_session_is_clean(db)


def test_a_slow_query_is_cancelled_at_the_time_limit(db: pg8000.native.Connection):
    # GIVEN an executor with a 200 ms limit
    queries = ReadOnlyQueries(db, timeout_ms=200)
    # WHEN a statement would take 5 s
    started = time.monotonic()
    with pytest.raises(QueryTooSlow):
        queries.run("SELECT pg_sleep(5)")
    # THEN it is cancelled within about a second, and the connection works as before
    assert time.monotonic() - started < 1.0
    assert_session_is_clean(db)


def test_a_read_runs_without_jit_and_leaves_the_session_as_it_was(db: pg8000.native.Connection):
    # GIVEN a session whose JIT setting is the server's
    before = db.run("SELECT current_setting('jit')")[0][0]
    # WHEN a question's statement reads the setting
    rows = ReadOnlyQueries(db).run("SELECT current_setting('jit') AS jit").rows
    # THEN it ran without JIT (compiling costs more than questions gain), and only within its transaction
    assert rows == [["off"]]
    assert db.run("SELECT current_setting('jit')")[0][0] == before
    assert_session_is_clean(db)


def test_a_serial_read_runs_without_parallel_workers_only_within_its_transaction(db: pg8000.native.Connection):
    # GIVEN a session with the server's parallel workers per gather
    setting = "SELECT current_setting('max_parallel_workers_per_gather') AS workers"
    before = db.run(setting)[0][0]
    assert before != "0"
    queries = ReadOnlyQueries(db)
    # WHEN a list's statement reads the setting (serial), and another statement does
    serial, parallel = queries.run(setting, serial=True).rows, queries.run(setting).rows
    # THEN the list ran without workers, the other with the server's, and the session is as it was
    assert serial == [["0"]]
    assert parallel == [[before]]
    assert db.run(setting)[0][0] == before
    assert_session_is_clean(db)


def test_stacked_statements_cannot_end_the_read_only_transaction(movie: pg8000.native.Connection):
    # GIVEN statements that would commit the read-only transaction and write after it
    # WHEN they are sent as one string, guard bypassed
    with pytest.raises(PermanentError, match="42601"):
        ReadOnlyQueries(movie).run("COMMIT; DELETE FROM movies")
    # THEN the prepared-statement protocol takes one statement only: nothing ran, and the connection works
    assert movie.run("SELECT count(*) FROM movies") == [[1]]
    assert_session_is_clean(movie)


def test_an_invalid_query_is_a_permanent_error(db: pg8000.native.Connection):
    # GIVEN a statement naming a column that does not exist
    # WHEN it runs
    # THEN the database's message comes back as a permanent error, and the connection works
    with pytest.raises(PermanentError, match="no_such_column"):
        ReadOnlyQueries(db).run("SELECT no_such_column FROM movies")
    assert_session_is_clean(db)


def test_a_lost_connection_is_retryable(database_url: str):
    # GIVEN a connection that is gone
    conn = connect(database_url)
    conn.close()
    # WHEN a query is run on it
    # THEN the caller may retry on a new connection
    with pytest.raises(RetryableError):
        ReadOnlyQueries(conn).run("SELECT 1")


def test_a_read_is_never_committed(database_url: str):
    # GIVEN a statement with a side effect allowed in a read-only transaction (a session setting)
    with closing(connect(database_url)) as conn:
        queries = ReadOnlyQueries(conn)
        # WHEN it runs
        queries.run("SELECT set_config('application_name', 'changed', false)")
        # THEN the rollback undid it, and the role and time limit ended with the transaction
        assert conn.run("SELECT current_setting('application_name'), current_user") == [
            ["cinelake", conn.run("SELECT session_user")[0][0]]
        ]


# PostgreSQL 16 lets a CREATEROLE user grant only the roles it has ADMIN on: here the reader role exists already
# (this run's superuser made it), so the grant of migration 0004 would be refused. On 15 it is allowed.
@pytest.mark.template_engine
def test_a_migrating_user_that_is_no_superuser_can_ask_as_the_reader(postgres_server):
    # GIVEN a login role like RDS's master user (CREATEROLE, not superuser) that owns a database it migrated
    suffix = uuid.uuid4().hex[:8]
    owner, name = f"cinelake_owner_{suffix}", f"cinelake_owned_{suffix}"
    with closing(connect(postgres_server.admin_url)) as admin:
        admin.run(f"CREATE ROLE {owner} LOGIN CREATEROLE")
        admin.run(f"CREATE DATABASE {name} OWNER {owner}")
    url = postgres_server.admin_url.replace("postgres@", f"{owner}@").rsplit("/", 1)[0] + f"/{name}"
    try:
        with closing(connect(url)) as conn:
            apply_migrations(conn)
            # WHEN it asks as the read-only role THEN reads work and writes are refused
            assert ReadOnlyQueries(conn).run("SELECT count(*) AS movies FROM movies").rows == [[0]]
            with pytest.raises(QueryRefused):
                ReadOnlyQueries(conn).run("DELETE FROM movies")
    finally:
        postgres_server.drop_database(name)
        with closing(connect(postgres_server.admin_url)) as admin:
            admin.run(f"DROP OWNED BY {owner}")
            admin.run(f"DROP ROLE {owner}")
