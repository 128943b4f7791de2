"""The TMDB API v3 responses the client reads, as pydantic models.

Only the fields the pipeline uses are declared; TMDB adds fields over time, and those are ignored.
`/movie/{id}` has no model here: the pipeline stores that object raw, exactly as TMDB sent it.
"""

from pydantic import BaseModel, ConfigDict


class _TmdbModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class ChangeItem(_TmdbModel):
    id: int
    adult: bool | None = None  # TMDB sends null for some ids


class ChangesPage(_TmdbModel):
    """One page of `GET /movie/changes` (100 ids a page)."""

    page: int
    total_pages: int
    total_results: int
    results: list[ChangeItem]


class Genre(_TmdbModel):
    id: int
    name: str


class GenreList(_TmdbModel):
    """`GET /genre/movie/list`."""

    genres: list[Genre]


class ExportEntry(_TmdbModel):
    """One line of a daily id export (`movie_ids_MM_DD_YYYY.json.gz`)."""

    adult: bool
    id: int
    original_title: str | None
    popularity: float | None
    video: bool


class TmdbErrorBody(_TmdbModel):
    """What TMDB answers with a failing status, e.g. 404 with status_code 34."""

    success: bool | None = None
    status_code: int
    status_message: str
