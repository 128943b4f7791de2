"""A small pool of PostgreSQL connections shared by the API's worker threads (pg8000 connections are not)."""

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import pg8000.native
from botocore.exceptions import BotoCoreError, ClientError

from cinelake.adapters.postgres import connect
from cinelake.errors import RetryableError

CONNECT_TIMEOUT_SECONDS = 5.0


AUTHENTICATION_FAILED = ("28P01", "28000")  # wrong password; no such role


class ConnectionPool:
    """`url` is a string, or a function giving it: deployed, the URL is built from the database secret, and a
    connection refused for its password re-reads it (RDS rotates the password; the workers keep running)."""

    def __init__(self, url: str | Callable[[], str], size: int = 4) -> None:
        self._url_source = url if callable(url) else (lambda: url)
        self._url = self._url_source()
        self._slots = threading.BoundedSemaphore(size)
        self._idle: queue.LifoQueue[pg8000.native.Connection] = queue.LifoQueue()

    @property
    def url(self) -> str:
        """The URL the pool connects with (the secret's latest, deployed)."""
        return self._url

    @contextmanager
    def connection(self) -> Iterator[pg8000.native.Connection]:
        """A connection for one request. One that failed is closed rather than handed to the next request."""
        if not self._slots.acquire(timeout=CONNECT_TIMEOUT_SECONDS):
            raise RetryableError("every database connection is busy")
        try:
            conn = self._take()
            try:
                yield conn
            except (RetryableError, pg8000.native.InterfaceError, OSError):
                self._discard(conn)
                raise
            self._idle.put(conn)
        finally:
            self._slots.release()

    def ping(self) -> None:
        with self.connection() as conn:
            try:
                conn.run("SELECT 1")
            except (pg8000.native.InterfaceError, OSError) as error:
                raise RetryableError(f"database connection failed: {error}") from error

    def close(self) -> None:
        while True:
            try:
                self._discard(self._idle.get_nowait())
            except queue.Empty:
                return

    def _take(self) -> pg8000.native.Connection:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        try:
            return self._connect()
        except pg8000.native.DatabaseError as error:
            if not is_authentication_failure(error):
                raise RetryableError(f"cannot connect to the database: {error}") from error
            try:
                self._url = self._url_source()  # the password may have been rotated: read it again, once
                return self._connect()
            except (pg8000.native.InterfaceError, pg8000.native.DatabaseError, OSError) as retry_error:
                raise RetryableError(f"cannot connect to the database: {retry_error}") from retry_error
            except (BotoCoreError, ClientError) as secret_error:
                raise RetryableError(
                    f"cannot read the database secret: {type(secret_error).__name__}"
                ) from secret_error
        except (pg8000.native.InterfaceError, OSError) as error:
            raise RetryableError(f"cannot connect to the database: {error}") from error

    def _connect(self) -> pg8000.native.Connection:
        return connect(self._url, application_name="cinelake-api", timeout=CONNECT_TIMEOUT_SECONDS)

    @staticmethod
    def _discard(conn: pg8000.native.Connection) -> None:
        with suppress(pg8000.native.InterfaceError, OSError):  # already gone: nothing to close
            conn.close()


def is_authentication_failure(error: pg8000.native.DatabaseError) -> bool:
    details = error.args[0] if error.args and isinstance(error.args[0], dict) else {}
    return details.get("C") in AUTHENTICATION_FAILED
