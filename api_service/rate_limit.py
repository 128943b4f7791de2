"""Cost units per minute per caller, as token buckets: in one process's memory, or in a SQLite file that every
worker of the API shares, so a key's budget holds however many workers serve it.

A bucket holds up to a minute's units and refills evenly, so a caller may burst its whole minute at once and then
waits. A request costs the units of its route (ROUTE_COSTS): a question runs SQL over up to 20,000 rows and draws a
chart, where a /predict scores one movie from memory.
"""

import math
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from cinelake.adapters.rate_limit import TokenBucket, seconds_until

ROUTE_COSTS = {"/ask-visual": 10, "/ask-text": 5, "/predict/batch": 5, "/stats": 2}
DEFAULT_COST = 1
BUSY_TIMEOUT_SECONDS = 2.0

# One statement refills the bucket, takes the cost if it is there, and says whether it was: atomic across
# processes (SQLite locks the file for the write). Time never runs backwards for a bucket (max(0, ...)).
TAKE_SQL = """
INSERT INTO buckets (caller, tokens, updated_at, granted) VALUES (:caller, :capacity - :cost, :now, 1)
ON CONFLICT (caller) DO UPDATE SET
    tokens = min(:capacity, tokens + max(0, :now - updated_at) * :per_second)
        - CASE WHEN min(:capacity, tokens + max(0, :now - updated_at) * :per_second) >= :cost THEN :cost ELSE 0 END,
    granted = min(:capacity, tokens + max(0, :now - updated_at) * :per_second) >= :cost,
    updated_at = max(updated_at, :now)
RETURNING tokens, granted
"""


def route_cost(path: str) -> int:
    return ROUTE_COSTS.get(path, DEFAULT_COST)


class RateLimiter:
    """One process's buckets, in memory."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60.0
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, TokenBucket] = {}

    def take(self, caller: str, cost: float = 1) -> float:
        """0 if the caller may go on now, else the seconds until it may."""
        cost = min(float(cost), self.capacity)  # a cost above the budget would never pass
        with self._lock:
            if caller not in self._buckets:
                self._buckets[caller] = TokenBucket(self.per_second, self.capacity, clock=self._clock)
            bucket = self._buckets[caller]
        return bucket.take(cost)


class SharedRateLimiter:
    """Buckets in a SQLite file that every worker opens; put it on a tmpfs (/run, /dev/shm): it is only counters.

    The clock must be one all the workers share: CLOCK_MONOTONIC is, on one machine, and does not jump with the
    wall clock.
    """

    def __init__(self, per_minute: int, path: Path, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60.0
        self._clock = clock
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = OFF")  # counters: a crash may lose the last few, nothing more
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS buckets"
            " (caller TEXT PRIMARY KEY, tokens REAL NOT NULL, updated_at REAL NOT NULL, granted INTEGER NOT NULL)"
        )

    def take(self, caller: str, cost: float = 1) -> float:
        """0 if the caller may go on now, else the seconds until it may."""
        cost = min(float(cost), self.capacity)  # a cost above the budget would never pass
        values = {"caller": caller, "capacity": self.capacity, "cost": cost, "now": self._clock()}
        with self._lock:
            tokens, granted = self._db.execute(TAKE_SQL, values | {"per_second": self.per_second}).fetchone()
        return 0.0 if granted else seconds_until(cost, tokens, self.per_second)

    def close(self) -> None:
        self._db.close()


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
