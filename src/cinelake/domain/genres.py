"""TMDB's 19 movie genres (`GET /3/genre/movie/list`), with the names TMDB gives them in English and Spanish."""

from typing import NamedTuple


class Genre(NamedTuple):
    id: int
    name: str  # English, as stored
    name_es: str  # TMDB's es-ES name


MOVIE_GENRES: tuple[Genre, ...] = (
    Genre(28, "Action", "Acción"),
    Genre(12, "Adventure", "Aventura"),
    Genre(16, "Animation", "Animación"),
    Genre(35, "Comedy", "Comedia"),
    Genre(80, "Crime", "Crimen"),
    Genre(99, "Documentary", "Documental"),
    Genre(18, "Drama", "Drama"),
    Genre(10751, "Family", "Familia"),
    Genre(14, "Fantasy", "Fantasía"),
    Genre(36, "History", "Historia"),
    Genre(27, "Horror", "Terror"),
    Genre(10402, "Music", "Música"),
    Genre(9648, "Mystery", "Misterio"),
    Genre(10749, "Romance", "Romance"),
    Genre(878, "Science Fiction", "Ciencia ficción"),
    Genre(10770, "TV Movie", "Película de TV"),
    Genre(53, "Thriller", "Suspense"),
    Genre(10752, "War", "Bélica"),
    Genre(37, "Western", "Western"),
)
GENRES_BY_ID = {genre.id: genre for genre in MOVIE_GENRES}
