"""PostgreSQL through pg8000: connections from a URL, and the queries the services run."""

import io
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import NamedTuple
from urllib.parse import parse_qs, unquote, urlsplit

import pg8000.native

from cinelake.domain.lake import LoadBatch
from cinelake.domain.rows import LINK_TABLES, ROW_TYPES, MovieRow, MovieRows
from cinelake.errors import CineLakeError, PermanentError, RetryableError


def connection_params(url: str) -> dict:
    """pg8000 keyword arguments for a `postgresql://user:password@host:port/database?sslmode=...` URL.

    As in libpq, a host that is a directory (`%2Ftmp%2Fpg` in the URL, or `?host=/tmp/pg`) names a Unix socket
    there, `.s.PGSQL.<port>`: the params then hold `unix_sock` instead of `host` and `port`.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise PermanentError(f"DATABASE_URL must start with postgresql://, not {parts.scheme}://")
    query = parse_qs(parts.query)
    port = parts.port or int(query.get("port", ["5432"])[0])
    params: dict = {
        "user": unquote(parts.username or "postgres"),
        "database": unquote(parts.path.lstrip("/")) or "postgres",
    }
    if "host" in query:
        host = query["host"][0]
    else:  # as written: urlsplit's hostname is lowercased, which a directory's name must not be
        host = unquote(parts.netloc.rpartition("@")[2].removesuffix(f":{parts.port}" if parts.port else ""))
        host = host if host.startswith("/") else parts.hostname or "127.0.0.1"
    if host.startswith("/"):
        params["unix_sock"] = f"{host.rstrip('/')}/.s.PGSQL.{port}"
    else:
        params["host"], params["port"] = host, port
    if parts.password:
        params["password"] = unquote(parts.password)
    sslmode = query.get("sslmode", ["disable"])[0]
    if sslmode == "require":  # encrypted, certificate not checked (libpq's meaning)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        params["ssl_context"] = context
    elif sslmode in ("verify-ca", "verify-full"):
        # The certificate must chain to sslrootcert's CAs (else the system's); verify-full also checks the host name.
        context = ssl.create_default_context(cafile=query.get("sslrootcert", [None])[0])
        context.check_hostname = sslmode == "verify-full"
        params["ssl_context"] = context
    elif sslmode not in ("disable", "allow", "prefer"):
        raise PermanentError(f"unknown sslmode {sslmode!r}")
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
    params = connection_params(url)
    sock = open_socket(params, timeout)
    try:
        return pg8000.native.Connection(application_name=application_name, timeout=timeout, sock=sock, **params)
    except pg8000.native.InterfaceError as error:
        sock.close()
        if (refusal := login_refusal(error)) is not None:
            raise refusal from None
        raise
    except BaseException:
        sock.close()
        raise


def login_refusal(error: pg8000.native.InterfaceError) -> pg8000.native.DatabaseError | None:
    """The server's refusal (a wrong password, no such role) behind pg8000's "network error", if there is one.

    A server that refuses a login hangs up at once. pg8000 then says goodbye before raising the refusal; on a Unix
    socket that write fails at once (over TCP it does not), and its network error hides what callers act on.
    """
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, pg8000.native.DatabaseError):
            return cause
        cause = cause.__cause__ or cause.__context__
    return None


def open_socket(params: dict, timeout: float) -> socket.socket:
    """The connection's socket, taking its address out of `params`: a Unix socket, or TCP with TCP_NODELAY."""
    if unix_sock := params.pop("unix_sock", None):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(unix_sock)
        except OSError as error:
            sock.close()
            raise ConnectionError(f"cannot reach PostgreSQL at {unix_sock}: {error}") from error
        return sock
    # pg8000 leaves Nagle's algorithm on, so a statement's last small packet waits for the server's delayed ACK
    # (about 40 ms a statement): open the socket ourselves, with TCP_NODELAY. The host stays in the params: pg8000
    # checks the server certificate against it (verify-full), and would check "localhost" else.
    host, port = params["host"], params.pop("port")
    try:
        sock = socket.create_connection((host, port), timeout)
    except OSError as error:
        raise ConnectionError(f"cannot reach PostgreSQL at {host}:{port}: {error}") from error
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    return sock


# ---------------------------------------------------------------------------------------------------------------
# Loading movies: one transaction per lake object. Each table's rows are COPYed into a session-local staging
# table, then one SQL script merges them set-based (INSERT ... SELECT ... ON CONFLICT): about twenty round trips
# an object whatever its size, and no per-value parameter encoding in Python.

TABLE_KEYS = {
    "movies": ("tmdb_id",),
    "genres": ("genre_id",),
    "people": ("person_id",),
    "companies": ("company_id",),
    "countries": ("iso_3166_1",),
    "languages": ("iso_639_1",),
    "keywords": ("keyword_id",),
}
# Which link tables name each dimension: only dimensions of movies actually written are upserted.
DIMENSION_REFERENCES = {
    "genres": (("movie_genres", "genre_id"),),
    "people": (("movie_cast", "person_id"), ("movie_crew", "person_id")),
    "companies": (("movie_companies", "company_id"),),
    "countries": (("movie_countries", "iso_3166_1"),),
    "languages": (("movie_languages", "iso_639_1"),),
    "keywords": (("movie_keywords", "keyword_id"),),
}
PG_RETRYABLE_SQLSTATES = {"40001", "40P01", "55P03", "57014", "53300"}  # serialization, deadlock, lock, timeout
COPY_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


class TombstoneRow(NamedTuple):
    tmdb_id: int
    fetched_at: datetime


STAGED_ROW_TYPES = {**ROW_TYPES, "tombstones": TombstoneRow}


@dataclass(frozen=True)
class LoadOutcome:
    already_loaded: bool
    movies_written: int = 0
    movies_skipped_as_older: int = 0
    movies_deleted: int = 0
    rows_written: int = 0  # movies and their link rows


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
            if not self.conn.run("SELECT to_regclass('pg_temp.stage_movies') IS NOT NULL")[0][0]:
                self.conn.run(staging_tables_sql())  # once per database session
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

    def refresh_preaggregates(self, min_age_seconds: float = 0.0, timeout_ms: int | None = None) -> bool:
        """Rebuild the questions' pre-aggregations (migration 0007) unless they are fresh or were rebuilt less than
        `min_age_seconds` ago; returns whether they were rebuilt. Questions read the base tables meanwhile.

        With `timeout_ms`, a rebuild that would take longer is cancelled (and rolled back) by the server: a Lambda
        passes what is left of its time, so a rebuild of the whole of TMDB never outlives the function."""
        try:
            if timeout_ms is not None:
                self.conn.run(f"SET statement_timeout = {max(int(timeout_ms), 1)}")
            try:
                return self.conn.run(
                    "SELECT refresh_preaggregates(make_interval(secs => :age))", age=float(min_age_seconds)
                )[0][0]
            finally:
                if timeout_ms is not None:
                    self.conn.run("RESET statement_timeout")
        except pg8000.native.DatabaseError as error:
            raise database_error(error, "the pre-aggregations' refresh") from error
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

        rows = MovieRows()
        for movie, fetched_at in batch.movies.values():
            rows.add(movie, fetched_at)
        for table in ROW_TYPES:
            self._copy(table, getattr(rows, table).values())
        self._copy("tombstones", [TombstoneRow(*item) for item in sorted(batch.tombstones.items())])
        written, link_rows, deleted = self.conn.run(merge_sql())[-1]
        return LoadOutcome(
            already_loaded=False,
            movies_written=written,
            movies_skipped_as_older=len(batch.movies) - written,
            movies_deleted=deleted,
            rows_written=written + link_rows,
        )

    def _copy(self, table: str, rows: Iterable[tuple]) -> None:
        encoders = copy_encoders(table)
        text = "".join(
            "\t".join(["\\N" if v is None else encode(v) for encode, v in zip(encoders, row, strict=True)]) + "\n"
            for row in rows
        )
        if text:
            self.conn.run(f"COPY stage_{table} FROM STDIN", stream=io.BytesIO(text.encode()))


def _copy_text(value: str) -> str:
    return value.translate(COPY_TEXT_ESCAPES)


def _copy_bool(value: bool) -> str:
    return "t" if value else "f"


def _copy_iso(value: date | datetime) -> str:
    return value.isoformat()


@cache
def copy_encoders(table: str) -> tuple:
    """For each column of the table's row type, how a non-NULL value is written in COPY's text format."""
    row_type = STAGED_ROW_TYPES[table]
    encoders = []
    for annotation in row_type.__annotations__.values():
        kinds = set(getattr(annotation, "__args__", ())) | {annotation}
        if str in kinds:
            encoders.append(_copy_text)
        elif bool in kinds:
            encoders.append(_copy_bool)
        elif kinds & {date, datetime}:
            encoders.append(_copy_iso)
        else:  # int, float
            encoders.append(str)
    return tuple(encoders)


def _columns(table: str) -> str:
    return ", ".join(ROW_TYPES[table]._fields)


@cache
def staging_tables_sql() -> str:
    # The row type's columns, in its order, with the target's types: what COPY fills.
    statements = [
        f"CREATE TEMP TABLE IF NOT EXISTS stage_{table} ON COMMIT DELETE ROWS"
        f" AS SELECT {_columns(table)} FROM {table} WITH NO DATA;"
        for table in ROW_TYPES
    ]
    statements += [
        "CREATE TEMP TABLE IF NOT EXISTS stage_tombstones (tmdb_id integer, fetched_at timestamptz)"
        " ON COMMIT DELETE ROWS;",
        "CREATE TEMP TABLE IF NOT EXISTS stage_written (tmdb_id integer) ON COMMIT DELETE ROWS;",
        "CREATE TEMP TABLE IF NOT EXISTS stage_deleted (tmdb_id integer) ON COMMIT DELETE ROWS;",
    ]
    return "SET client_min_messages = warning; " + " ".join(statements)


@cache
def merge_sql() -> str:
    """The script that merges the staged rows; it returns (movies written, link rows written, movies deleted)."""
    # An array, not a subquery: the planner then looks the few ids up by index instead of guessing the size
    # of a temp table it has no statistics for.
    written = "ARRAY(SELECT tmdb_id FROM stage_written)"
    movie_columns = MovieRow._fields
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in movie_columns if c != "tmdb_id")
    # Movies first, never with data older than what is stored or than a tombstone. Sorted: a fixed lock order,
    # so concurrent loaders cannot deadlock.
    script = [
        f"WITH w AS (INSERT INTO movies ({_columns('movies')})"
        f" SELECT {_columns('movies')} FROM stage_movies s"
        " WHERE NOT EXISTS (SELECT 1 FROM movie_tombstones t"
        "   WHERE t.tmdb_id = s.tmdb_id AND t.fetched_at >= s.fetched_at)"
        " ORDER BY tmdb_id"
        f" ON CONFLICT (tmdb_id) DO UPDATE SET {updates}, loaded_at = now()"
        " WHERE movies.fetched_at < EXCLUDED.fetched_at RETURNING tmdb_id)"
        " INSERT INTO stage_written SELECT tmdb_id FROM w;"
    ]
    for table, references in DIMENSION_REFERENCES.items():
        (key,) = TABLE_KEYS[table]
        others = [c for c in ROW_TYPES[table]._fields if c != key]
        named = " UNION ".join(
            f"SELECT {column} FROM stage_{link} WHERE tmdb_id = ANY({written})" for link, column in references
        )
        script.append(
            f"INSERT INTO {table} ({_columns(table)}) SELECT {_columns(table)} FROM stage_{table}"
            f" WHERE {key} IN ({named}) ORDER BY {key}"
            f" ON CONFLICT ({key}) DO UPDATE SET "
            + ", ".join(f"{c} = EXCLUDED.{c}" for c in others)
            + f" WHERE ({', '.join(f'{table}.{c}' for c in others)}) IS DISTINCT FROM"
            f" ({', '.join(f'EXCLUDED.{c}' for c in others)});"
        )
    for table in LINK_TABLES:
        script.append(f"DELETE FROM {table} WHERE tmdb_id = ANY({written});")
        script.append(
            f"INSERT INTO {table} ({_columns(table)}) SELECT {_columns(table)} FROM stage_{table}"
            f" WHERE tmdb_id = ANY({written});"
        )
    script += [
        f"DELETE FROM movie_tombstones WHERE tmdb_id = ANY({written});",
        "INSERT INTO movie_tombstones (tmdb_id, fetched_at) SELECT tmdb_id, fetched_at FROM stage_tombstones"
        " ORDER BY tmdb_id ON CONFLICT (tmdb_id) DO UPDATE SET fetched_at = EXCLUDED.fetched_at, deleted_at = now()"
        " WHERE movie_tombstones.fetched_at < EXCLUDED.fetched_at;",
        "WITH d AS (DELETE FROM movies m USING stage_tombstones t"
        " WHERE m.tmdb_id = t.tmdb_id AND m.fetched_at < t.fetched_at RETURNING m.tmdb_id)"
        " INSERT INTO stage_deleted SELECT tmdb_id FROM d;",
        "SELECT (SELECT count(*) FROM stage_written)::integer, ("
        + " + ".join(f"(SELECT count(*) FROM stage_{t} WHERE tmdb_id = ANY({written}))" for t in LINK_TABLES)
        + ")::integer, (SELECT count(*) FROM stage_deleted)::integer;",
    ]
    return "\n".join(script)


def database_error(error: pg8000.native.DatabaseError, what: str = "the load") -> CineLakeError:
    """CineLake's error for a driver error: busy, timed out or unreachable is worth retrying; the rest is not."""
    details = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    code, message = details.get("C", ""), details.get("M", str(error))
    if code in PG_RETRYABLE_SQLSTATES or code.startswith("08"):
        return RetryableError(f"database busy or unreachable ({code}): {message}")
    return PermanentError(f"database refused {what} ({code}): {message}")


def run(conn: pg8000.native.Connection, sql: str, what: str, **params) -> list:
    """Run one statement, with driver errors turned into CineLake's."""
    try:
        return conn.run(sql, **params)
    except pg8000.native.DatabaseError as error:
        raise database_error(error, what) from error
    except (pg8000.native.InterfaceError, OSError) as error:
        raise RetryableError(f"database connection failed: {error}") from error
