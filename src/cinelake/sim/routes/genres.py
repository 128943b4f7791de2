from fastapi import APIRouter
from starlette.responses import Response

from cinelake.sim.genres import genre_list
from cinelake.sim.responses import json_response

router = APIRouter(prefix="/3/genre", tags=["genres"])


@router.get("/movie/list")
async def movie_genres() -> Response:
    return json_response(genre_list())
