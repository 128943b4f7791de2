"""`cinelake migrate`: versioned SQL files, applied once each, recorded, and safe to re-run."""

import uuid
from contextlib import closing
from pathlib import Path

import pg8000.native
import pytest

from cinelake.adapters.migrations import apply_migrations, read_migrations, shipped_migrations_dir
from cinelake.adapters.postgres import connect
from cinelake.errors import PermanentError
from cinelake.local.postgres import LocalPostgres
from tests.integration.refusals import refused

pytestmark = pytest.mark.integration


@pytest.fixture
def fresh_db(postgres_server: LocalPostgres) -> str:
    name = f"cinelake_mig_{uuid.uuid4().hex[:10]}"
    url = postgres_server.create_database(name)
    yield url
    postgres_server.drop_database(name)


def write(directory: Path, name: str, sql: str) -> None:
    (directory / name).write_text(sql, encoding="utf-8")


def test_applies_pending_migrations_in_order_and_records_them(fresh_db: str, tmp_path: Path) -> None:
    # GIVEN two migrations, the second depending on the first
    write(tmp_path, "0002_add_column.sql", "ALTER TABLE things ADD COLUMN colour text;")
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY); INSERT INTO things VALUES (1);")
    with closing(connect(fresh_db)) as conn:
        # WHEN migrating twice
        first = apply_migrations(conn, tmp_path)
        second = apply_migrations(conn, tmp_path)
        # THEN both apply once, in version order, and are recorded
        assert first == ["0001", "0002"]
        assert second == []
        assert conn.run("SELECT version, name FROM schema_migrations ORDER BY version") == [
            ["0001", "things"],
            ["0002", "add_column"],
        ]
        assert conn.run("SELECT id, colour FROM things") == [[1, None]]


def test_a_failing_migration_leaves_nothing_behind(fresh_db: str, tmp_path: Path) -> None:
    # GIVEN a good migration and one that fails half-way
    write(tmp_path, "0001_ok.sql", "CREATE TABLE ok (id int);")
    write(tmp_path, "0002_broken.sql", "CREATE TABLE half (id int); SELECT no_such_function();")
    with closing(connect(fresh_db)) as conn:
        # WHEN migrating
        with pytest.raises(pg8000.native.DatabaseError):
            apply_migrations(conn, tmp_path)
        # THEN the good one stays applied and the broken one left no table and no record
        assert conn.run("SELECT version FROM schema_migrations") == [["0001"]]
        assert conn.run("SELECT to_regclass('half')") == [[None]]


def test_an_applied_migration_that_was_edited_is_refused(fresh_db: str, tmp_path: Path) -> None:
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id int);")
    with closing(connect(fresh_db)) as conn:
        apply_migrations(conn, tmp_path)
        write(tmp_path, "0001_things.sql", "CREATE TABLE things (id bigint);")
        with pytest.raises(PermanentError, match="edited after it was applied"):
            apply_migrations(conn, tmp_path)


def test_badly_named_files_are_refused(tmp_path: Path) -> None:
    write(tmp_path, "1_things.sql", "SELECT 1;")
    with pytest.raises(PermanentError, match="NNNN_name.sql"):
        read_migrations(tmp_path)


def test_shipped_migrations_build_the_schema(fresh_db: str) -> None:
    # GIVEN the migrations that ship in the package
    assert read_migrations(shipped_migrations_dir()), "the package ships its migrations"
    with closing(connect(fresh_db)) as conn:
        # WHEN applied to an empty database
        apply_migrations(conn)
        # THEN the main tables and the analysts' view exist
        for relation in ("movies", "people", "movie_cast", "movie_crew", "movie_genres", "movie_facts"):
            assert conn.run("SELECT to_regclass(:r)", r=relation) == [[relation]]


def test_the_reader_role_reads_movie_data_and_writes_nothing(fresh_db: str) -> None:
    with closing(connect(fresh_db)) as conn:
        apply_migrations(conn)
        conn.run("SET ROLE cinelake_reader")
        # it reads the movie tables and the analysts' view
        assert conn.run("SELECT count(*) FROM movies") == [[0]]
        assert conn.run("SELECT count(*) FROM movie_facts") == [[0]]
        # but writes nothing and cannot read the pipeline's own tables
        for statement in (
            "INSERT INTO genres VALUES (1, 'x')",
            "DELETE FROM movies",
            "SELECT * FROM loaded_objects",
            "CREATE TABLE t (i int)",
        ):
            refused(conn, statement)
