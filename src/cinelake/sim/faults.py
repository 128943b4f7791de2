"""What makes the simulator as awkward as the real TMDB: a rate limit, and faults reproducible from a seed."""

import random
import time
from collections.abc import Callable, Iterable

from cinelake.sim.config import SimConfig
from cinelake.sim.tmdb_status import SERVER_FAULTS, TmdbStatus


class TokenBucket:
    """`rate` tokens a second, holding at most one second's worth (at least one token)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0:
            raise ValueError(f"rate must be > 0, got {rate}")
        self.rate = rate
        self.capacity = max(1.0, rate)
        self._clock = clock
        self._tokens = self.capacity
        self._updated = clock()

    def take(self) -> float:
        """Take a token: 0.0 if one was there, else the seconds until one will be (nothing is taken)."""
        now = self._clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return 0.0
        return (1.0 - self._tokens) / self.rate


class FaultDice:
    """Seeded draws, one per request, so a run with the same seed and requests fails the same way.

    Errors and drops use separate streams: changing one rate does not move the other's faults.
    """

    def __init__(self, config: SimConfig) -> None:
        self._error_rate = config.error_rate
        self._drop_rate = config.drop_rate
        self._errors = random.Random(f"{config.seed}:errors")
        self._drops = random.Random(f"{config.seed}:drops")

    def server_fault(self) -> TmdbStatus | None:
        if self._error_rate and self._errors.random() < self._error_rate:
            return self._errors.choice(SERVER_FAULTS)
        return None

    def drop(self) -> bool:
        return bool(self._drop_rate) and self._drops.random() < self._drop_rate


def choose_gone_ids(ids: Iterable[int], share: float, seed: int) -> frozenset[int]:
    """Exactly round(share * len(ids)) ids, the same ones for the same seed: these 404 on /movie/{id}."""
    ordered = sorted(ids)
    count = round(share * len(ordered))
    return frozenset(random.Random(f"{seed}:gone").sample(ordered, count))
