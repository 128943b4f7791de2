"""A TMDB movie as the pipeline reads it, and the cleaning rules that turn it into database rows.

The models accept what TMDB sends (`/movie/{id}?append_to_response=credits,keywords,release_dates,external_ids,
translations`) and ignore fields we do not store. Cleaning: TMDB's 0 for budget, revenue and runtime means
"unknown" -> None; empty strings -> None.
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


def _empty_to_none(value):
    return None if value == "" else value


def _zero_to_none(value):
    return None if value == 0 else value


def _positive(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise ValueError("must not be negative")
    return value


OptionalText = Annotated[str | None, BeforeValidator(_empty_to_none)]
UnknownIfZero = Annotated[int | None, BeforeValidator(_zero_to_none), AfterValidator(_positive)]


class TmdbModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Named(TmdbModel):
    id: int = Field(gt=0)
    name: str


class Genre(Named):
    pass


class Keyword(Named):
    pass


class Company(Named):
    origin_country: OptionalText = None
    logo_path: OptionalText = None


class Collection(Named):
    pass


class Country(TmdbModel):
    iso_3166_1: str = Field(min_length=2, max_length=2)
    name: str


class SpokenLanguage(TmdbModel):
    iso_639_1: str = Field(min_length=2, max_length=3)
    english_name: OptionalText = None
    name: OptionalText = None


class Person(TmdbModel):
    id: int = Field(gt=0)
    name: str
    original_name: OptionalText = None
    gender: int | None = None
    known_for_department: OptionalText = None
    profile_path: OptionalText = None
    credit_id: str = Field(min_length=1)


class CastMember(Person):
    character: OptionalText = None
    order: int = Field(ge=0)


class CrewMember(Person):
    job: str
    department: str


class Credits(TmdbModel):
    cast: list[CastMember] = []
    crew: list[CrewMember] = []


class Keywords(TmdbModel):
    keywords: list[Keyword] = []


class ReleaseDate(TmdbModel):
    release_date: datetime
    type: int = Field(ge=1, le=6)
    certification: OptionalText = None
    iso_639_1: OptionalText = None
    note: OptionalText = None


class CountryReleases(TmdbModel):
    iso_3166_1: str = Field(min_length=2, max_length=2)
    release_dates: list[ReleaseDate] = []


class ReleaseDates(TmdbModel):
    results: list[CountryReleases] = []


class TranslationData(TmdbModel):
    title: OptionalText = None


class Translation(TmdbModel):
    iso_3166_1: str = Field(min_length=2, max_length=2)
    iso_639_1: str = Field(min_length=2, max_length=2)
    data: TranslationData = TranslationData()


class Translations(TmdbModel):
    translations: list[Translation] = []


class ExternalIds(TmdbModel):
    imdb_id: OptionalText = None


class TmdbMovie(TmdbModel):
    id: int = Field(gt=0)
    title: str = Field(min_length=1)
    original_title: OptionalText = None
    original_language: OptionalText = None
    overview: OptionalText = None
    tagline: OptionalText = None
    status: OptionalText = None
    release_date: Annotated[date | None, BeforeValidator(_empty_to_none)] = None
    runtime: UnknownIfZero = None
    budget: UnknownIfZero = None
    revenue: UnknownIfZero = None
    popularity: float | None = Field(default=None, ge=0)
    vote_average: float | None = Field(default=None, ge=0, le=10)
    vote_count: int | None = Field(default=None, ge=0)
    adult: bool = False
    video: bool = False
    homepage: OptionalText = None
    imdb_id: OptionalText = None
    poster_path: OptionalText = None
    backdrop_path: OptionalText = None
    belongs_to_collection: Collection | None = None
    origin_country: list[str] = []
    genres: list[Genre] = []
    production_companies: list[Company] = []
    production_countries: list[Country] = []
    spoken_languages: list[SpokenLanguage] = []
    credits: Credits = Credits()
    keywords: Keywords = Keywords()
    release_dates: ReleaseDates = ReleaseDates()
    external_ids: ExternalIds = ExternalIds()
    translations: Translations = Translations()

    @property
    def best_imdb_id(self) -> str | None:
        return self.imdb_id or self.external_ids.imdb_id
