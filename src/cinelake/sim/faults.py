"""What makes the simulator as awkward as the real TMDB: a rate limit, and faults reproducible from a seed."""

import random
from collections.abc import Iterable

from cinelake.sim.config import SimConfig
from cinelake.sim.tmdb_status import SERVER_FAULTS, TmdbStatus


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
