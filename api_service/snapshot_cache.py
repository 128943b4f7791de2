"""Values built from the whole database and kept in memory: the track records /predict scores with, and the names
questions are linked to. Neither then costs a query per request.

A value is rebuilt when the data moves: at most every `refresh_seconds` the database's snapshot (movie count and
newest `loaded_at`) is read, in a background thread, and the value is rebuilt when it differs. Requests keep the old
value meanwhile. When the database cannot be reached for a check, the value already held keeps serving; with none
yet, the request gets the database's 503.
"""

import gc
import logging
import math
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

import pg8000.native

from api_service.database import ConnectionPool
from cinelake.adapters.model_data import DataSnapshot, ModelData
from cinelake.errors import RetryableError

log = logging.getLogger(__name__)
T = TypeVar("T")


class SnapshotCache(Generic[T]):
    def __init__(
        self,
        pool: ConnectionPool,
        build: Callable[[pg8000.native.Connection], T],
        what: str,
        refresh_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._pool = pool
        self._build = build
        self.what = what
        self.refresh_seconds = refresh_seconds
        self._clock = clock
        self._building = threading.Lock()
        self._value: T | None = None
        self._snapshot: DataSnapshot | None = None
        self._checked_at = -math.inf

    @property
    def ready(self) -> bool:
        """Whether `get` answers at once (a value is held), rather than building the first one."""
        return self._value is not None

    def get(self) -> T:
        """The current value. The first call builds it; later, a due check runs in a background thread while the
        value already held keeps serving, so no request waits on a rebuild."""
        if self._value is None:
            with self._building:
                if self._value is None:
                    self._refresh()
            assert self._value is not None  # _refresh raised if it could build none
            return self._value
        if self._clock() - self._checked_at >= self.refresh_seconds and self._building.acquire(blocking=False):
            threading.Thread(target=self._refresh_in_background, daemon=True).start()
        return self._value

    def _refresh_in_background(self) -> None:
        try:
            self._refresh()
        finally:
            self._building.release()

    def _refresh(self) -> None:
        try:
            with self._pool.connection() as conn:
                snapshot = ModelData(conn).snapshot()
                if snapshot != self._snapshot:
                    started = time.perf_counter()
                    self._value = self._build(conn)
                    self._snapshot = snapshot
                    gc.freeze()  # kept until the next rebuild: the cyclic collector need not walk it (main.warm_up)
                    log.info(
                        "%s rebuilt for %d movies in %.1f s", self.what, snapshot.movies, time.perf_counter() - started
                    )
        except RetryableError as error:
            if self._value is None:
                raise
            log.warning("%s not refreshed, serving the ones read before: %s", self.what, error)
        self._checked_at = self._clock()
