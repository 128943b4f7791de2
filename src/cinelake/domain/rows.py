"""Turn validated TMDB movies into the rows of the normalized schema.

Each row type's field names are the column names of its table, so the loader can build set-based SQL from them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from cinelake.domain.movie import TmdbMovie


class MovieRow(NamedTuple):
    tmdb_id: int
    imdb_id: str | None
    title: str
    original_title: str | None
    original_language: str | None
    overview: str | None
    tagline: str | None
    status: str | None
    release_date: date | None
    runtime: int | None
    budget: int | None
    revenue: int | None
    popularity: float | None
    vote_average: float | None
    vote_count: int | None
    adult: bool
    video: bool
    homepage: str | None
    poster_path: str | None
    backdrop_path: str | None
    collection_id: int | None
    collection_name: str | None
    origin_country: str  # a PostgreSQL array literal: pg8000 cannot send arrays of arrays through unnest
    fetched_at: datetime


class GenreRow(NamedTuple):
    genre_id: int
    name: str


class PersonRow(NamedTuple):
    person_id: int
    name: str
    original_name: str | None
    gender: int | None
    known_for_department: str | None
    profile_path: str | None


class CompanyRow(NamedTuple):
    company_id: int
    name: str
    origin_country: str | None
    logo_path: str | None


class CountryRow(NamedTuple):
    iso_3166_1: str
    name: str


class LanguageRow(NamedTuple):
    iso_639_1: str
    english_name: str | None
    name: str | None


class KeywordRow(NamedTuple):
    keyword_id: int
    name: str


class CastRow(NamedTuple):
    tmdb_id: int
    credit_id: str
    person_id: int
    character: str | None
    cast_order: int


class CrewRow(NamedTuple):
    tmdb_id: int
    credit_id: str
    person_id: int
    job: str
    department: str


class MovieGenreRow(NamedTuple):
    tmdb_id: int
    genre_id: int


class MovieCompanyRow(NamedTuple):
    tmdb_id: int
    company_id: int


class MovieCountryRow(NamedTuple):
    tmdb_id: int
    iso_3166_1: str


class MovieLanguageRow(NamedTuple):
    tmdb_id: int
    iso_639_1: str


class MovieKeywordRow(NamedTuple):
    tmdb_id: int
    keyword_id: int


class MovieTitleRow(NamedTuple):
    tmdb_id: int
    iso_639_1: str
    iso_3166_1: str
    title: str


# The languages whose titles are stored: those questions are asked in (English titles are the movies' own).
TITLE_LANGUAGES = frozenset(("es",))


class ReleaseDateRow(NamedTuple):
    tmdb_id: int
    iso_3166_1: str
    ordinal: int
    release_date: datetime
    release_type: int
    certification: str | None
    iso_639_1: str | None
    note: str | None


@dataclass
class MovieRows:
    """Every row a set of movies contributes, deduplicated by each table's key (the last one seen wins)."""

    movies: dict[int, MovieRow] = field(default_factory=dict)
    genres: dict[int, GenreRow] = field(default_factory=dict)
    people: dict[int, PersonRow] = field(default_factory=dict)
    companies: dict[int, CompanyRow] = field(default_factory=dict)
    countries: dict[str, CountryRow] = field(default_factory=dict)
    languages: dict[str, LanguageRow] = field(default_factory=dict)
    keywords: dict[int, KeywordRow] = field(default_factory=dict)
    movie_cast: dict[tuple, CastRow] = field(default_factory=dict)
    movie_crew: dict[tuple, CrewRow] = field(default_factory=dict)
    movie_genres: dict[tuple, MovieGenreRow] = field(default_factory=dict)
    movie_companies: dict[tuple, MovieCompanyRow] = field(default_factory=dict)
    movie_countries: dict[tuple, MovieCountryRow] = field(default_factory=dict)
    movie_languages: dict[tuple, MovieLanguageRow] = field(default_factory=dict)
    movie_keywords: dict[tuple, MovieKeywordRow] = field(default_factory=dict)
    release_dates: dict[tuple, ReleaseDateRow] = field(default_factory=dict)
    movie_titles: dict[tuple, MovieTitleRow] = field(default_factory=dict)

    def add(self, movie: TmdbMovie, fetched_at: datetime) -> None:
        movie_id = movie.id
        self.movies[movie_id] = movie_row(movie, fetched_at)
        for genre in movie.genres:
            self.genres[genre.id] = GenreRow(genre.id, genre.name)
            self.movie_genres[movie_id, genre.id] = MovieGenreRow(movie_id, genre.id)
        for company in movie.production_companies:
            self.companies[company.id] = CompanyRow(company.id, company.name, company.origin_country, company.logo_path)
            self.movie_companies[movie_id, company.id] = MovieCompanyRow(movie_id, company.id)
        for country in movie.production_countries:
            self.countries[country.iso_3166_1] = CountryRow(country.iso_3166_1, country.name)
            self.movie_countries[movie_id, country.iso_3166_1] = MovieCountryRow(movie_id, country.iso_3166_1)
        for language in movie.spoken_languages:
            self.languages[language.iso_639_1] = LanguageRow(language.iso_639_1, language.english_name, language.name)
            self.movie_languages[movie_id, language.iso_639_1] = MovieLanguageRow(movie_id, language.iso_639_1)
        for keyword in movie.keywords.keywords:
            self.keywords[keyword.id] = KeywordRow(keyword.id, keyword.name)
            self.movie_keywords[movie_id, keyword.id] = MovieKeywordRow(movie_id, keyword.id)
        for person in [*movie.credits.cast, *movie.credits.crew]:
            self.people[person.id] = PersonRow(
                person.id,
                person.name,
                person.original_name,
                person.gender,
                person.known_for_department,
                person.profile_path,
            )
        for member in movie.credits.cast:
            self.movie_cast[movie_id, member.credit_id] = CastRow(
                movie_id, member.credit_id, member.id, member.character, member.order
            )
        for member in movie.credits.crew:
            self.movie_crew[movie_id, member.credit_id] = CrewRow(
                movie_id, member.credit_id, member.id, member.job, member.department
            )
        for translation in movie.translations.translations:
            title = translation.data.title
            if translation.iso_639_1 in TITLE_LANGUAGES and title and title != movie.title:
                key = (movie_id, translation.iso_639_1, translation.iso_3166_1)
                self.movie_titles[key] = MovieTitleRow(*key, title)
        for country in movie.release_dates.results:
            for ordinal, release in enumerate(country.release_dates):
                self.release_dates[movie_id, country.iso_3166_1, ordinal] = ReleaseDateRow(
                    movie_id,
                    country.iso_3166_1,
                    ordinal,
                    release.release_date,
                    release.type,
                    release.certification,
                    release.iso_639_1,
                    release.note,
                )


def movie_row(movie: TmdbMovie, fetched_at: datetime) -> MovieRow:
    collection = movie.belongs_to_collection
    return MovieRow(
        tmdb_id=movie.id,
        imdb_id=movie.best_imdb_id,
        title=movie.title,
        original_title=movie.original_title,
        original_language=movie.original_language,
        overview=movie.overview,
        tagline=movie.tagline,
        status=movie.status,
        release_date=movie.release_date,
        runtime=movie.runtime,
        budget=movie.budget,
        revenue=movie.revenue,
        popularity=movie.popularity,
        vote_average=movie.vote_average,
        vote_count=movie.vote_count,
        adult=movie.adult,
        video=movie.video,
        homepage=movie.homepage,
        poster_path=movie.poster_path,
        backdrop_path=movie.backdrop_path,
        collection_id=collection.id if collection else None,
        collection_name=collection.name if collection else None,
        origin_country=array_literal(movie.origin_country),
        fetched_at=fetched_at,
    )


def array_literal(values: Iterable[str]) -> str:
    """A PostgreSQL text[] literal, quoting every element."""
    quoted = ('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' for value in values)
    return "{" + ",".join(quoted) + "}"


DIMENSION_TABLES = ("genres", "people", "companies", "countries", "languages", "keywords")
LINK_TABLES = (
    "movie_cast",
    "movie_crew",
    "movie_genres",
    "movie_companies",
    "movie_countries",
    "movie_languages",
    "movie_keywords",
    "release_dates",
    "movie_titles",
)
ROW_TYPES = {
    "movies": MovieRow,
    "genres": GenreRow,
    "people": PersonRow,
    "companies": CompanyRow,
    "countries": CountryRow,
    "languages": LanguageRow,
    "keywords": KeywordRow,
    "movie_cast": CastRow,
    "movie_crew": CrewRow,
    "movie_genres": MovieGenreRow,
    "movie_companies": MovieCompanyRow,
    "movie_countries": MovieCountryRow,
    "movie_languages": MovieLanguageRow,
    "movie_keywords": MovieKeywordRow,
    "release_dates": ReleaseDateRow,
    "movie_titles": MovieTitleRow,
}
