"""Every name's track record, read from the database once and kept in memory, so /predict makes no query.

The book is the one training builds (`TrackRecordBook` over every dated credit), so a served row is the training
row. It is rebuilt when the data moves: at most every `refresh_seconds` the database's snapshot (movie count and
newest `loaded_at`) is read, and a new book is built when it differs. Requests keep the old book while a new one is
built. When the database cannot be reached for a check, the book it already holds keeps serving; with no book yet,
the request gets the database's 503.
"""

import logging
import math
import threading
import time
from collections.abc import Callable

from api_service.database import ConnectionPool
from cinelake.adapters.model_data import DataSnapshot, ModelData
from cinelake.domain.features import TrackRecordBook
from cinelake.errors import RetryableError

log = logging.getLogger(__name__)


class TrackRecords:
    def __init__(self, pool: ConnectionPool, refresh_seconds: float, clock: Callable[[], float] = time.monotonic):
        self._pool = pool
        self.refresh_seconds = refresh_seconds
        self._clock = clock
        self._building = threading.Lock()
        self._book: TrackRecordBook | None = None
        self._snapshot: DataSnapshot | None = None
        self._checked_at = -math.inf

    def book(self) -> TrackRecordBook:
        """The current book; the first call builds it, and a due check runs in the calling request."""
        if self._book is not None and self._clock() - self._checked_at < self.refresh_seconds:
            return self._book
        # Only one request checks; while it does, the others serve the book already built.
        if self._building.acquire(blocking=self._book is None):
            try:
                if self._book is None or self._clock() - self._checked_at >= self.refresh_seconds:
                    self._refresh()
            finally:
                self._building.release()
        assert self._book is not None  # _refresh raised if it could build none
        return self._book

    def _refresh(self) -> None:
        try:
            with self._pool.connection() as conn:
                data = ModelData(conn)
                snapshot = data.snapshot()
                if snapshot != self._snapshot:
                    started = time.perf_counter()
                    credits = data.past_credits()
                    self._book = TrackRecordBook(credits)
                    self._snapshot = snapshot
                    log.info(
                        "track records rebuilt: %d credits of %d movies in %.1f s",
                        len(credits),
                        snapshot.movies,
                        time.perf_counter() - started,
                    )
        except RetryableError as error:
            if self._book is None:
                raise
            log.warning("track records not refreshed, serving the ones read before: %s", error)
        self._checked_at = self._clock()
