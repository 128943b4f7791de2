"""The API's request and response bodies."""

import unicodedata
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from api_service import examples
from cinelake.domain.features import GENRE_COLUMNS, MovieInputs
from cinelake.domain.genres import MOVIE_GENRES

GENRE_NAMES = ", ".join(genre.name for genre in MOVIE_GENRES)
MAX_BATCH = 1_000
TEXT_FIELDS = (  # every text a movie's request may carry
    "title",
    "original_language",
    "genres",
    "production_countries",
    "production_companies",
    "cast",
    "directors",
    "keywords",
)


# Bounds on what one movie may carry: far above any real film (TMDB's longest cast lists run to a few hundred, and
# the model reads the top-billed few), far below what would make one request cost seconds of work.
MAX_NAME_CHARS = 200
MAX_TITLE_CHARS = 500
MAX_CAST = 50
MAX_DIRECTORS = 10
MAX_GENRES = 20
MAX_COUNTRIES = 30
MAX_COMPANIES = 30
MAX_KEYWORDS = 100
Name = Annotated[str, StringConstraints(max_length=MAX_NAME_CHARS)]


class MovieRequest(MovieInputs):
    """One movie's pre-release features. Every field may be left out; the model treats it as unknown."""

    model_config = ConfigDict(json_schema_extra={"examples": [examples.MOVIE]})

    title: str | None = Field(
        default=None,
        max_length=MAX_TITLE_CHARS,
        description="the model reads its series: a shared stem with earlier films (a number, a colon, a sequel word)",
    )
    # The lists of MovieInputs, bounded: a request over a bound is a 422 naming the field and the bound.
    original_language: str | None = Field(default=None, max_length=3, description="ISO 639-1, e.g. 'en'")
    genres: tuple[Name, ...] = Field(
        default=(), max_length=MAX_GENRES, description="TMDB genre names in English, e.g. 'Science Fiction'"
    )
    production_countries: tuple[Name, ...] = Field(
        default=(), max_length=MAX_COUNTRIES, description="ISO 3166-1 codes, e.g. 'US'"
    )
    production_companies: tuple[Name, ...] = Field(default=(), max_length=MAX_COMPANIES)
    cast: tuple[Name, ...] = Field(
        default=(), max_length=MAX_CAST, description=f"in billing order, top-billed first; at most {MAX_CAST}"
    )
    directors: tuple[Name, ...] = Field(default=(), max_length=MAX_DIRECTORS)
    keywords: tuple[Name, ...] = Field(default=(), max_length=MAX_KEYWORDS)

    @field_validator("genres")
    @classmethod
    def known_genres(cls, genres: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [name for name in genres if name.strip().lower() not in GENRE_COLUMNS]
        if unknown:
            raise ValueError(f"unknown genre {', '.join(map(repr, unknown))}; TMDB's genres are {GENRE_NAMES}")
        return genres

    @model_validator(mode="after")
    def no_nul_characters(self) -> "MovieRequest":
        # PostgreSQL text cannot hold NUL: refuse it here, with a 422, rather than in the database. One check per
        # movie, not per field: a batch holds 1,000.
        if "\x00" in "".join(self._text_of(field) for field in TEXT_FIELDS):
            wrong = ", ".join(field for field in TEXT_FIELDS if "\x00" in self._text_of(field))
            raise ValueError(f"{wrong}: text must not contain NUL (\\u0000) characters")
        return self

    def _text_of(self, field: str) -> str:
        value = getattr(self, field)
        return "".join(value) if isinstance(value, tuple) else value or ""


class BatchRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"movies": [examples.MOVIE, examples.SMALL_MOVIE]}]})

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


# ---------------------------------------------------------------------------------------------------------------
# Questions

MAX_QUESTION_CHARS = 500


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_CHARS,
        description="a question about the movies, in Spanish or English",
    )

    @field_validator("question")
    @classmethod
    def plain_text(cls, question: str) -> str:
        if any(ord(ch) < 32 and ch not in "\t\n\r" or 0x7F <= ord(ch) < 0xA0 for ch in question):
            raise ValueError("control characters are not allowed in a question")
        if any(
            ch in question
            for ch in "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        ):
            raise ValueError("invisible or direction-changing characters are not allowed in a question")
        if not question.strip():
            raise ValueError("the question is empty")
        return unicodedata.normalize("NFKC", question).strip()  # fullwidth and compatibility forms as plain letters


class AskTextResponse(BaseModel):
    question: str
    language: str = Field(description='"es" or "en": the language of the question, and of the answer')
    answer: str = Field(description="a short sentence stating the result with its numbers")
    sql: str = Field(description="the SELECT that was run, read-only")
    columns: list[str]
    rows: list[list] = Field(description="the result, titles and names as stored; at most 100 rows")
    row_count: int
    capped: bool = Field(description="true when the result had more rows than `rows` carries")
    engine: str = Field(description='"offline" (rules and the sentence model) or "generative:<model>"')
    elapsed_ms: float


class AskVisualJson(BaseModel):
    question: str
    language: str
    sql: str
    chart_type: str = Field(description="bar, line, scatter or histogram")
    title: str
    columns: list[str]
    rows: list[list]
    image_png_base64: str
