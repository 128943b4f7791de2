"""Running a question's SQL: one read-only transaction, as the reader role, with a time limit, always rolled back.

This is the second line of defence behind the SQL guard; it holds without it. The transaction is READ ONLY, so
nothing can be written; the role can read the movie tables and nothing else; and the statement goes through the
extended protocol (a prepared statement), which accepts exactly one statement, so no `; COMMIT; ...` can end the
transaction early.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

import pg8000.native

from cinelake.adapters.postgres import database_error
from cinelake.errors import CineLakeError, PermanentError, RetryableError

QUERY_CANCELED = "57014"  # statement_timeout
REFUSED_SQLSTATES = {"42501", "25006"}  # insufficient privilege, write in a read-only transaction
SERIAL_SQL = "; SET LOCAL max_parallel_workers_per_gather = 0"


class QueryTooSlow(PermanentError):
    """The statement ran past its time limit and was cancelled."""


class QueryRefused(PermanentError):
    """The database refused the statement: a write, or a read the role may not do."""


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[list]  # JSON-ready values: Decimal as float, dates and times as ISO strings


class ReadOnlyQueries:
    """Runs one statement at a time read-only as `role`, cancelled after `timeout_ms`.

    The connection must be idle (pg8000's native connections are, between statements): inside a transaction the
    caller opened, START TRANSACTION would only warn, and the ROLLBACK would end the caller's transaction.
    """

    def __init__(self, conn: pg8000.native.Connection, role: str = "cinelake_reader", timeout_ms: int = 3000) -> None:
        if timeout_ms < 1:
            raise ValueError("timeout_ms must be at least 1")
        self.conn = conn
        # One round trip. search_path puts temporary tables last, so none can stand in for a movie table; strings
        # are read the standard way whatever the server's default, as the guard's regenerated SQL expects. No JIT:
        # it compiles any plan estimated above jit_above_cost, which at 1.2 M movies is most of them, for 100-300 ms
        # that a question of well under a second never wins back (measured at 552,000 movies).
        self.begin_sql = (
            "START TRANSACTION READ ONLY;"
            f" SET LOCAL ROLE {pg8000.native.identifier(role)};"
            f" SET LOCAL statement_timeout = {int(timeout_ms)};"
            " SET LOCAL jit = off;"
            " SET LOCAL search_path = public, pg_temp;"
            " SET LOCAL standard_conforming_strings = on"
        )

    def run(self, sql: str, *, serial: bool = False, **params) -> QueryResult:
        """Run one statement (`:name` parameters bound from params) and return its rows; nothing is committed.
        `serial` runs it without parallel workers: see `cinelake.ask.sql.stops_early`."""
        try:
            try:
                self.conn.run(self.begin_sql + (SERIAL_SQL if serial else ""))
                return self._fetch(sql, params)
            finally:
                self.conn.run("ROLLBACK")  # also after a failure; without a transaction it only warns
        except pg8000.native.DatabaseError as error:
            raise query_error(error) from error
        except (pg8000.native.InterfaceError, OSError) as error:
            raise RetryableError(f"database connection failed: {error}") from error

    def preaggregates_fresh(self) -> bool:
        """Whether the pre-aggregations hold every load (migration 0007); false where they do not exist yet."""
        if not self.run("SELECT to_regclass('public.preaggregate_freshness') IS NOT NULL").rows[0][0]:
            return False  # a database migrated before 0007
        rows = self.run("SELECT fresh FROM preaggregate_freshness").rows
        return bool(rows and rows[0][0])

    def _fetch(self, sql: str, params: dict) -> QueryResult:
        statement = self.conn.prepare(sql)
        try:
            rows = statement.run(**params)
            columns = [column["name"] for column in statement.columns or []]
        finally:
            statement.close()
        return QueryResult(columns=columns, rows=[[json_ready(value) for value in row] for row in rows or []])


def query_error(error: pg8000.native.DatabaseError) -> CineLakeError:
    """Too slow and refused are the question's fault; the rest is mapped as for any other statement."""
    details = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    code, message = details.get("C", ""), details.get("M", str(error))
    if code == QUERY_CANCELED:
        return QueryTooSlow(f"the query took too long and was cancelled: {message}")
    if code in REFUSED_SQLSTATES:
        return QueryRefused(f"the database refused the query ({code}): {message}")
    return database_error(error, "the query")


def json_ready(value):
    """A database value as JSON can carry it."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str | dict):
        return value
    return str(value)  # intervals and the like: their text form
