"""A value computed at most once every few seconds per process, shared by the requests of that window."""

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class TtlCache(Generic[T]):
    """`get(compute)` returns the value computed within the last `seconds`, else computes it (once: concurrent
    callers wait for that one computation). A computation that raises is not kept."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._value: T | None = None
        self._expires_at = float("-inf")

    def get(self, compute: Callable[[], T]) -> T:
        with self._lock:
            if self._clock() < self._expires_at:
                return self._value  # type: ignore[return-value]
            value = compute()
            self._value, self._expires_at = value, self._clock() + self.seconds
            return value
