"""Versioned SQL migrations: `NNNN_name.sql` files applied in order, each once, each in its own transaction."""

import hashlib
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pg8000.native
from aws_lambda_powertools import Logger

from cinelake.errors import PermanentError

logger = Logger(child=True)

MIGRATION_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
# Any fixed number works; it only has to be the same for every migrator.
ADVISORY_LOCK_KEY = 7_242_001


@dataclass(frozen=True)
class Migration:
    version: str
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def shipped_migrations_dir() -> Path:
    return Path(str(resources.files("cinelake") / "migrations"))


def read_migrations(directory: Path) -> list[Migration]:
    migrations = []
    for path in sorted(directory.glob("*.sql")):
        match = MIGRATION_FILE.match(path.name)
        if not match:
            raise PermanentError(f"migration file {path.name} is not named NNNN_name.sql")
        migrations.append(Migration(match[1], match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in migrations]
    if len(set(versions)) != len(versions):
        raise PermanentError(f"two migrations share a version in {directory}")
    return migrations


def apply_migrations(conn: pg8000.native.Connection, directory: Path | None = None) -> list[str]:
    """Apply the pending migrations and return their versions. Safe to run again, and concurrently."""
    migrations = read_migrations(directory or shipped_migrations_dir())
    conn.run("SELECT pg_advisory_lock(:key)", key=ADVISORY_LOCK_KEY)
    try:
        conn.run(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
            " applied_at timestamptz NOT NULL DEFAULT now())"
        )
        applied = dict(conn.run("SELECT version, checksum FROM schema_migrations"))
        done = []
        for migration in migrations:
            if migration.version in applied:
                if applied[migration.version] != migration.checksum:
                    raise PermanentError(
                        f"migration {migration.version}_{migration.name} was edited after it was applied; "
                        "add a new migration instead"
                    )
                continue
            _apply_one(conn, migration)
            done.append(migration.version)
        return done
    finally:
        conn.run("SELECT pg_advisory_unlock(:key)", key=ADVISORY_LOCK_KEY)


def _apply_one(conn: pg8000.native.Connection, migration: Migration) -> None:
    logger.info("applying migration", extra={"version": migration.version, "name_": migration.name})
    conn.run("BEGIN")
    try:
        conn.run(migration.sql)  # no parameters: pg8000 sends it as one simple query, so many statements work
        conn.run(
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (:v, :n, :c)",
            v=migration.version,
            n=migration.name,
            c=migration.checksum,
        )
        conn.run("COMMIT")
    except pg8000.native.DatabaseError:
        conn.run("ROLLBACK")
        raise
