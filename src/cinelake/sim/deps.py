"""FastAPI dependencies of the simulator's routes."""

from typing import Annotated

from fastapi import Depends, Request

from cinelake.sim.state import SimState


async def get_sim_state(request: Request) -> SimState:
    # async on purpose: FastAPI runs a plain `def` dependency in its thread pool, which costs more than the
    # whole rest of a /movie/{id} request.
    return request.app.state.sim


SimStateDep = Annotated[SimState, Depends(get_sim_state)]
