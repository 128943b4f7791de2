"""Everything one simulator instance holds, shared by its routes and its edge middleware."""

from dataclasses import dataclass

from cinelake.sim.config import SimConfig
from cinelake.sim.edge import ResponseCounters
from cinelake.sim.exports import ExportShelf
from cinelake.sim.timeline import Timeline


@dataclass
class SimState:
    config: SimConfig
    timeline: Timeline
    exports: ExportShelf
    counters: ResponseCounters
    gone_ids: frozenset[int]  # deleted_rate's ids: 404 on /movie/{id}, still in the exports
