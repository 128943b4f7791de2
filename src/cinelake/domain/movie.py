"""A TMDB movie as the pipeline reads it, and the cleaning rules that turn it into database rows.

The models accept what TMDB sends (`/movie/{id}?append_to_response=credits,keywords,release_dates,external_ids,
translations`) and ignore fields we do not store. Cleaning: TMDB's 0 for budget, revenue and runtime means
"unknown" -> None; empty strings -> None.

Whatever a model accepts, PostgreSQL stores: text holds no NUL character (PostgreSQL text cannot) and no lone
surrogate (not UTF-8), and each integer fits its column (integer, smallint or bigint). A record that breaks one of
these fails validation, so the loader quarantines that record alone instead of failing its whole object's COPY.
"""

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field


def _empty_to_none(value):
    return None if value == "" else value


def _zero_to_none(value):
    return None if value == 0 else value


def _storable(value: str) -> str:
    if "\x00" in value:
        raise ValueError("text must not contain NUL (\\u0000) characters")
    if not value.isascii():
        try:
            value.encode()
        except UnicodeEncodeError as error:  # a lone surrogate, such as \ud800, has no UTF-8 form
            raise ValueError(f"text must be valid Unicode: {error.reason} at {error.start}") from error
    return value


def _storable_or_none(value: str | None) -> str | None:
    return None if value is None else _storable(value)


# PostgreSQL's integer types.
INT2_MAX = 2**15 - 1
INT4_MAX = 2**31 - 1
INT8_MAX = 2**63 - 1

Text = Annotated[str, AfterValidator(_storable)]
OptionalText = Annotated[str | None, BeforeValidator(_empty_to_none), AfterValidator(_storable_or_none)]
Id = Annotated[int, Field(gt=0, le=INT4_MAX)]
UnknownIfZero = Annotated[Annotated[int, Field(ge=0, le=INT4_MAX)] | None, BeforeValidator(_zero_to_none)]
UnknownMoneyIfZero = Annotated[Annotated[int, Field(ge=0, le=INT8_MAX)] | None, BeforeValidator(_zero_to_none)]


class TmdbModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class Named(TmdbModel):
    id: Id
    name: Text


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
    iso_3166_1: Text = Field(min_length=2, max_length=2)
    name: Text


class SpokenLanguage(TmdbModel):
    iso_639_1: Text = Field(min_length=2, max_length=3)
    english_name: OptionalText = None
    name: OptionalText = None


class Person(TmdbModel):
    id: Id
    name: Text
    original_name: OptionalText = None
    gender: int | None = Field(default=None, ge=-INT2_MAX - 1, le=INT2_MAX)  # smallint
    known_for_department: OptionalText = None
    profile_path: OptionalText = None
    credit_id: Text = Field(min_length=1)


class CastMember(Person):
    character: OptionalText = None
    order: int = Field(ge=0, le=INT4_MAX)


class CrewMember(Person):
    job: Text
    department: Text


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
    iso_3166_1: Text = Field(min_length=2, max_length=2)
    release_dates: list[ReleaseDate] = []


class ReleaseDates(TmdbModel):
    results: list[CountryReleases] = []


class TranslationData(TmdbModel):
    title: OptionalText = None


class Translation(TmdbModel):
    iso_3166_1: Text = Field(min_length=2, max_length=2)
    iso_639_1: Text = Field(min_length=2, max_length=2)
    data: TranslationData = TranslationData()


class Translations(TmdbModel):
    translations: list[Translation] = []


class ExternalIds(TmdbModel):
    imdb_id: OptionalText = None


class TmdbMovie(TmdbModel):
    id: Id
    title: Text = Field(min_length=1)
    original_title: OptionalText = None
    original_language: OptionalText = None
    overview: OptionalText = None
    tagline: OptionalText = None
    status: OptionalText = None
    release_date: Annotated[date | None, BeforeValidator(_empty_to_none)] = None
    runtime: UnknownIfZero = None
    budget: UnknownMoneyIfZero = None  # bigint
    revenue: UnknownMoneyIfZero = None
    popularity: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    vote_average: float | None = Field(default=None, ge=0, le=10, allow_inf_nan=False)
    vote_count: int | None = Field(default=None, ge=0, le=INT4_MAX)
    adult: bool = False
    video: bool = False
    homepage: OptionalText = None
    imdb_id: OptionalText = None
    poster_path: OptionalText = None
    backdrop_path: OptionalText = None
    belongs_to_collection: Collection | None = None
    origin_country: list[Text] = []
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
