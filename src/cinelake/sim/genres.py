"""The body of `GET /3/genre/movie/list` (English names)."""

from cinelake.domain.genres import MOVIE_GENRES


def genre_list() -> dict:
    return {"genres": [{"id": genre.id, "name": genre.name} for genre in MOVIE_GENRES]}
