"""Requests per minute per caller, as token buckets held in memory (one API process serves them all).

A bucket holds up to a minute's requests and refills evenly, so a caller may burst its whole minute at once and then
gets one request every 60/limit seconds.
"""

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Bucket:
    tokens: float
    updated_at: float


class RateLimiter:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(per_minute)
        self.per_second = per_minute / 60.0
        self._clock = clock
        self._lock = threading.Lock()
        self._buckets: dict[str, Bucket] = {}

    def take(self, caller: str) -> float:
        """0 if the caller may go on now, else the seconds until it may."""
        now = self._clock()
        with self._lock:
            bucket = self._buckets.setdefault(caller, Bucket(tokens=self.capacity, updated_at=now))
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated_at) * self.per_second)
            bucket.updated_at = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return 0.0
            return (1 - bucket.tokens) / self.per_second


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
