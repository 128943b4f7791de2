"""The token bucket, the one behind every rate limit: the TMDB client waits on one before each request
(`acquire`), the simulator and the API turn a caller away when theirs is empty (`take`)."""

import threading
import time
from collections.abc import Callable


class TokenBucket:
    """`rate` tokens a second, holding at most `capacity` of them; `acquire` blocks until its tokens are there.

    `capacity` defaults to one token, so requests go out evenly spaced. Against a server that allows bursts
    (TMDB, our simulator: one second's worth), the server's own bucket then stays nearly full, and that
    margin absorbs network jitter that would otherwise turn a request arriving a little early into a 429.

    Waiting is first come, first served: a caller takes its tokens at once, letting the balance go below
    zero, and sleeps off that debt outside the lock. So one bucket can be shared by many threads. `take` never
    waits and never goes into debt: it takes the tokens only if they are there.
    """

    def __init__(
        self,
        rate: float,
        capacity: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be > 0 tokens a second, got {rate}")
        capacity = 1.0 if capacity is None else capacity
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1 token, got {capacity}")
        self.rate = rate
        self.capacity = capacity
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._tokens = capacity
        self._updated = clock()

    def acquire(self, tokens: float = 1.0) -> None:
        """Take `tokens`, first waiting until the bucket has refilled enough to cover them."""
        if tokens < 0:
            raise ValueError(f"tokens must be >= 0, got {tokens}")
        with self._lock:
            self._refill()
            self._tokens -= tokens
            wait = -self._tokens / self.rate
        if wait > 0:
            self._sleep(wait)

    def take(self, tokens: float = 1.0) -> float:
        """Take `tokens` if the bucket holds them: 0.0; else the seconds until it will (and nothing is taken)."""
        with self._lock:
            self._refill()
            if self._tokens >= tokens:
                self._tokens -= tokens
                return 0.0
            return seconds_until(tokens, self._tokens, self.rate)

    def _refill(self) -> None:
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now


def seconds_until(tokens: float, held: float, rate: float) -> float:
    """How long a bucket holding `held` takes to refill to `tokens` at `rate` a second."""
    return max(tokens - held, 0.0) / rate
