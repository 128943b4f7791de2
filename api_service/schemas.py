"""The API's request and response bodies."""

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cinelake.domain.features import GENRE_COLUMNS, MovieInputs
from cinelake.domain.genres import MOVIE_GENRES

GENRE_NAMES = ", ".join(genre.name for genre in MOVIE_GENRES)
MAX_BATCH = 1_000

MOVIE_EXAMPLE = {
    "title": "Edge of Tomorrow",
    "budget": 178_000_000,
    "runtime": 113,
    "release_date": "2014-05-27",
    "genres": ["Action", "Science Fiction"],
    "original_language": "en",
    "production_companies": ["Warner Bros. Pictures", "Village Roadshow Pictures"],
    "production_countries": ["US", "AU"],
    "cast": ["Tom Cruise", "Emily Blunt", "Bill Paxton"],
    "directors": ["Doug Liman"],
    "keywords": ["time loop", "alien invasion"],
}


class MovieRequest(MovieInputs):
    """One movie's pre-release features. Every field may be left out; the model treats it as unknown."""

    model_config = ConfigDict(json_schema_extra={"examples": [MOVIE_EXAMPLE]})

    title: str | None = Field(default=None, description="only echoed back; the model does not read it")

    @field_validator("genres")
    @classmethod
    def known_genres(cls, genres: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [name for name in genres if name.strip().lower() not in GENRE_COLUMNS]
        if unknown:
            raise ValueError(f"unknown genre {', '.join(map(repr, unknown))}; TMDB's genres are {GENRE_NAMES}")
        return genres

    @field_validator("*")
    @classmethod
    def no_nul_characters(cls, value):
        # PostgreSQL text cannot hold NUL: refuse it here, with a 422, rather than in the database.
        texts = value if isinstance(value, tuple | list) else (value,)
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("text must not contain NUL (\\u0000) characters")
        return value

    def inputs(self) -> MovieInputs:
        return MovieInputs(**self.model_dump(exclude={"title"}))


class BatchRequest(BaseModel):
    movies: list[MovieRequest] = Field(min_length=1, max_length=MAX_BATCH, description=f"1 to {MAX_BATCH:,} movies")


class Prediction(BaseModel):
    success_probability: float = Field(description="probability that revenue reaches 2.5 times the budget")
    success: bool = Field(description="success_probability >= threshold")
    threshold: float = Field(description="the model's decision threshold (see GET /model)")
    model_version: str


class CatalogPrediction(Prediction):
    tmdb_id: int = Field(description="the movie scored, from the features the database holds for it")


class BatchPrediction(BaseModel):
    predictions: list[Prediction] = Field(description="in the order of the request's movies")
