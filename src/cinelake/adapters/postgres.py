"""PostgreSQL through pg8000: connections from a URL, and the queries the services run."""

import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qs, unquote, urlsplit

import pg8000.native

from cinelake.domain.lake import LoadBatch
from cinelake.domain.rows import DIMENSION_TABLES, LINK_TABLES, ROW_TYPES, MovieRow, MovieRows, movie_row
from cinelake.errors import CineLakeError, PermanentError, RetryableError


def connection_params(url: str) -> dict:
    """pg8000 keyword arguments for a `postgresql://user:password@host:port/database?sslmode=...` URL."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise PermanentError(f"DATABASE_URL must start with postgresql://, not {parts.scheme}://")
    params: dict = {
        "user": unquote(parts.username or "postgres"),
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "database": unquote(parts.path.lstrip("/")) or "postgres",
    }
    if parts.password:
        params["password"] = unquote(parts.password)
    sslmode = parse_qs(parts.query).get("sslmode", ["disable"])[0]
    if sslmode == "require":  # encrypted, certificate not checked (libpq's meaning)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        params["ssl_context"] = context
    elif sslmode in ("verify-ca", "verify-full"):
        params["ssl_context"] = ssl.create_default_context()
    return params


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return parts._replace(path="/" + database).geturl()


def redact(url: str) -> str:
    """The URL without its password, for logs and messages."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


def connect(url: str, application_name: str = "cinelake", timeout: float = 30.0) -> pg8000.native.Connection:
    return pg8000.native.Connection(application_name=application_name, timeout=timeout, **connection_params(url))


# ---------------------------------------------------------------------------------------------------------------
# Loading movies: set-based upserts, one transaction per lake object.
# Every column travels as one text[] parameter and is cast on the server, so pg8000 never has to guess an
# array's element type (a column of NULLs has none) and each table costs one round trip whatever its size.

PG_TYPES = {int: "bigint", str: "text", float: "double precision", bool: "boolean"}
PG_TYPES_BY_NAME = {"date": "date", "datetime": "timestamptz"}
COLUMN_TYPE_OVERRIDES = {("movies", "origin_country"): "text[]"}
TABLE_KEYS = {
    "movies": ("tmdb_id",),
    "genres": ("genre_id",),
    "people": ("person_id",),
    "companies": ("company_id",),
    "countries": ("iso_3166_1",),
    "languages": ("iso_639_1",),
    "keywords": ("keyword_id",),
}
PG_RETRYABLE_SQLSTATES = {
    "40001",
    "40P01",
    "55P03",
    "57014",
    "53300",
}  # serialization, deadlock, lock, timeout


@dataclass(frozen=True)
class LoadOutcome:
    already_loaded: bool
    movies_written: int = 0
    movies_skipped_as_older: int = 0
    movies_deleted: int = 0
    rows_written: int = 0


class MovieRepository:
    """Writes lake objects into the normalized schema."""

    def __init__(self, conn: pg8000.native.Connection) -> None:
        self.conn = conn

    def already_loaded(self, object_key: str, etag: str) -> bool:
        found = self.conn.run("SELECT 1 FROM loaded_objects WHERE object_key = :k AND etag = :e", k=object_key, e=etag)
        return bool(found)

    def load_object(self, batch: LoadBatch) -> LoadOutcome:
        """Apply one lake object atomically; a redelivered object changes nothing."""
        try:
            self.conn.run("BEGIN")
            try:
                outcome = self._load(batch)
            except BaseException:
                self.conn.run("ROLLBACK")
                raise
            self.conn.run("COMMIT")
            return outcome
        except pg8000.native.DatabaseError as error:
            raise database_error(error) from error
        except (pg8000.native.InterfaceError, OSError) as error:
            raise RetryableError(f"database connection failed: {error}") from error

    def _load(self, batch: LoadBatch) -> LoadOutcome:
        claimed = self.conn.run(
            "INSERT INTO loaded_objects (object_key, etag, records, loaded, tombstones, quarantined)"
            " VALUES (:k, :e, :r, :l, :t, :q) ON CONFLICT DO NOTHING RETURNING 1",
            k=batch.object_key,
            e=batch.etag,
            r=batch.record_count,
            l=len(batch.movies),
            t=len(batch.tombstones),
            q=batch.quarantined,
        )
        if not claimed:
            return LoadOutcome(already_loaded=True)

        candidates = [movie_row(movie, fetched_at) for movie, fetched_at in batch.movies.values()]
        written = {row[0] for row in self._upsert_movies(candidates)}

        rows = MovieRows()
        for movie_id in sorted(written):
            rows.add(*batch.movies[movie_id])
        rows_written = len(written)
        for table in DIMENSION_TABLES:
            rows_written += self._upsert(table, getattr(rows, table).values())
        if written:
            ids = sorted(written)
            for table in LINK_TABLES:
                self.conn.run(f"DELETE FROM {table} WHERE tmdb_id = ANY(CAST(:ids AS integer[]))", ids=ids)
            self.conn.run("DELETE FROM movie_tombstones WHERE tmdb_id = ANY(CAST(:ids AS integer[]))", ids=ids)
        for table in LINK_TABLES:
            rows_written += self._insert(table, getattr(rows, table).values())

        deleted = self._apply_tombstones(batch.tombstones)
        return LoadOutcome(
            already_loaded=False,
            movies_written=len(written),
            movies_skipped_as_older=len(batch.movies) - len(written),
            movies_deleted=deleted,
            rows_written=rows_written,
        )

    def _upsert_movies(self, rows) -> list:
        """Insert or update movies, but never with data older than what is stored or than a tombstone."""
        rows = sorted(rows)  # a fixed lock order, so concurrent loaders cannot deadlock
        if not rows:
            return []
        columns = MovieRow._fields
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != "tmdb_id")
        return self.conn.run(
            f"INSERT INTO movies ({', '.join(columns)}) {_select_unnest('movies', columns)}"
            " WHERE NOT EXISTS (SELECT 1 FROM movie_tombstones t"
            "   WHERE t.tmdb_id = u.tmdb_id::integer AND t.fetched_at >= u.fetched_at::timestamptz)"
            f" ON CONFLICT (tmdb_id) DO UPDATE SET {updates}, loaded_at = now()"
            " WHERE movies.fetched_at < EXCLUDED.fetched_at"
            " RETURNING tmdb_id",
            **_column_params(columns, rows),
        )

    def _upsert(self, table: str, rows) -> int:
        rows = sorted(rows)
        if not rows:
            return 0
        columns = rows[0]._fields
        keys = TABLE_KEYS[table]
        others = [c for c in columns if c not in keys]
        changed = " OR ".join(f"{table}.{c} IS DISTINCT FROM EXCLUDED.{c}" for c in others)
        self.conn.run(
            f"INSERT INTO {table} ({', '.join(columns)}) {_select_unnest(table, columns)}"
            f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET "
            + ", ".join(f"{c} = EXCLUDED.{c}" for c in others)
            + f" WHERE {changed}",
            **_column_params(columns, rows),
        )
        return len(rows)

    def _insert(self, table: str, rows) -> int:
        rows = list(rows)
        if not rows:
            return 0
        columns = rows[0]._fields
        self.conn.run(
            f"INSERT INTO {table} ({', '.join(columns)}) {_select_unnest(table, columns)}",
            **_column_params(columns, rows),
        )
        return len(rows)

    def _apply_tombstones(self, tombstones: dict[int, datetime]) -> int:
        if not tombstones:
            return 0
        ids = sorted(tombstones)
        params = {"ids": ids, "fetched": [tombstones[i].isoformat() for i in ids]}
        self.conn.run(
            "INSERT INTO movie_tombstones (tmdb_id, fetched_at)"
            " SELECT * FROM unnest(CAST(:ids AS integer[]), CAST(:fetched AS timestamptz[]))"
            " ON CONFLICT (tmdb_id) DO UPDATE SET fetched_at = EXCLUDED.fetched_at, deleted_at = now()"
            " WHERE movie_tombstones.fetched_at < EXCLUDED.fetched_at",
            **params,
        )
        deleted = self.conn.run(
            "DELETE FROM movies m"
            " USING unnest(CAST(:ids AS integer[]), CAST(:fetched AS timestamptz[])) AS t(tmdb_id, fetched_at)"
            " WHERE m.tmdb_id = t.tmdb_id AND m.fetched_at < t.fetched_at RETURNING m.tmdb_id",
            **params,
        )
        return len(deleted)


def _pg_type(table: str, column: str, annotation) -> str:
    if (table, column) in COLUMN_TYPE_OVERRIDES:
        return COLUMN_TYPE_OVERRIDES[(table, column)]
    for python_type, pg_type in PG_TYPES.items():
        if annotation is python_type or python_type in getattr(annotation, "__args__", ()):
            return pg_type
    names = {getattr(a, "__name__", "") for a in (annotation, *getattr(annotation, "__args__", ()))}
    for name, pg_type in PG_TYPES_BY_NAME.items():
        if name in names:
            return pg_type
    raise TypeError(f"no PostgreSQL type for {table}.{column}: {annotation}")


def _select_unnest(table: str, columns: Sequence[str]) -> str:
    row_type = ROW_TYPES[table]
    casts = ", ".join(f"u.{c}::{_pg_type(table, c, row_type.__annotations__[c])}" for c in columns)
    arrays = ", ".join(f"CAST(:{c} AS text[])" for c in columns)
    return f"SELECT {casts} FROM unnest({arrays}) AS u({', '.join(columns)})"


def _column_params(columns: Sequence[str], rows: Sequence[tuple]) -> dict[str, list]:
    """One text[] parameter per column: the rows transposed."""
    values_by_column = zip(*rows, strict=True)
    return {column: [_as_text(v) for v in values] for column, values in zip(columns, values_by_column, strict=True)}


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def database_error(error: pg8000.native.DatabaseError) -> CineLakeError:
    details = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    code, message = details.get("C", ""), details.get("M", str(error))
    if code in PG_RETRYABLE_SQLSTATES or code.startswith("08"):
        return RetryableError(f"database busy or unreachable ({code}): {message}")
    return PermanentError(f"database refused the load ({code}): {message}")
