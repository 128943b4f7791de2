"""The simulator's own controls: no auth, never faulted, not counted."""

from fastapi import APIRouter
from starlette.responses import Response

from cinelake.sim.deps import SimStateDep
from cinelake.sim.responses import json_response

router = APIRouter(prefix="/__sim__", tags=["control"])


@router.post("/advance")
async def advance(sim: SimStateDep) -> Response:
    """One day on: the clock moves and the next change set applies."""
    return json_response(sim.timeline.advance())


@router.get("/stats")
async def stats(sim: SimStateDep) -> Response:
    timeline = sim.timeline
    return json_response(
        {
            "date": timeline.today.isoformat(),
            "day": timeline.day,
            "movies": timeline.movie_count,
            "gone_ids": len(sim.gone_ids),
            **sim.counters.as_dict(),
        }
    )
