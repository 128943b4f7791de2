import math
from datetime import date, timedelta

from fastapi import APIRouter
from starlette.responses import Response

from cinelake.sim.deps import SimStateDep
from cinelake.sim.movie_document import APPENDABLE
from cinelake.sim.responses import json_bytes_response, json_response, tmdb_error
from cinelake.sim.tmdb_status import (
    INVALID_DATE,
    INVALID_DATE_RANGE,
    INVALID_PAGE,
    NOT_FOUND,
    TOO_MANY_APPENDS,
)

router = APIRouter(prefix="/3/movie", tags=["movies"])

MAX_APPENDS = 20
MAX_CHANGES_DAYS = 14
MAX_PAGE = 500
CHANGES_PER_PAGE = 100


# Declared before /{movie_id}, which would otherwise claim "changes".
@router.get("/changes")
async def movie_changes(
    sim: SimStateDep, start_date: str | None = None, end_date: str | None = None, page: str | None = None
) -> Response:
    """Ids changed from start_date to end_date (inclusive); with no dates, yesterday and today."""
    try:
        end = date.fromisoformat(end_date) if end_date else sim.timeline.today
        start = date.fromisoformat(start_date) if start_date else end - timedelta(days=1)
    except ValueError:
        return tmdb_error(INVALID_DATE)
    if not 0 <= (end - start).days <= MAX_CHANGES_DAYS:
        return tmdb_error(INVALID_DATE_RANGE)
    page_number = _page_number(page)
    if page_number is None:
        return tmdb_error(INVALID_PAGE)
    changed = sim.timeline.changed_between(start, end)
    first = (page_number - 1) * CHANGES_PER_PAGE
    return json_response(
        {
            "results": changed[first : first + CHANGES_PER_PAGE],
            "page": page_number,
            "total_pages": math.ceil(len(changed) / CHANGES_PER_PAGE),
            "total_results": len(changed),
        }
    )


@router.get("/{movie_id}")
async def movie_details(movie_id: int, sim: SimStateDep, append_to_response: str | None = None) -> Response:
    requested = [name.strip() for name in (append_to_response or "").split(",") if name.strip()]
    if len(requested) > MAX_APPENDS:
        return tmdb_error(TOO_MANY_APPENDS)
    if movie_id in sim.gone_ids:
        return tmdb_error(NOT_FOUND)
    document = sim.timeline.movie(movie_id)
    if document is None:
        return tmdb_error(NOT_FOUND)
    appends = tuple(dict.fromkeys(name for name in requested if name in APPENDABLE))
    return json_bytes_response(document.render(appends))


def _page_number(page: str | None) -> int | None:
    """The page asked for (1 by default), or None where TMDB refuses it."""
    if page is None:
        return 1
    try:
        number = int(page)
    except ValueError:
        return None
    return number if 1 <= number <= MAX_PAGE else None
