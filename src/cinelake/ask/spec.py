"""What a question asks, once parsed: the one structure the SQL builder, the answer writer and the charts read."""

from dataclasses import dataclass, field
from typing import Literal

from cinelake.ask.text import Language
from cinelake.ask.vocabulary import Dimension, LookupField, Measure

SPANISH_TITLE = "titulo"  # the column a Spanish question's rows carry a movie's Spanish title in, when stored
MAX_LIST_ROWS = 100  # rows an answer lists; a list asks for one more to know when it was cut
DEFAULT_TOP = 10  # a ranking that does not say how many

Kind = Literal[
    "list", "count", "aggregate", "group", "group_count", "best_per_group", "share", "lookup", "compare",
    "distribution", "scatter"
]  # fmt: skip
Aggregate = Literal["count", "avg", "sum", "min", "max", "median", "percentile", "stddev"]
Comparison = Literal[">", ">=", "<", "<=", "="]


@dataclass(frozen=True)
class Linked:
    """A name in the question linked to database rows: the ids that carry it and the name as stored."""

    ids: tuple[int, ...]
    name: str


@dataclass(frozen=True)
class Threshold:
    measure: Measure
    op: Comparison
    value: float


@dataclass(frozen=True)
class ColumnComparison:
    """ "earned less than it cost", "revenue above twice the budget": one value against a multiple of another."""

    left: Measure
    op: Comparison
    factor: float
    right: Measure


@dataclass(frozen=True)
class MovieComparison:
    """ "longer than Titanic", "más votos que Toy Story": a movie's value against the same value of a named movie."""

    measure: Measure
    op: Comparison
    movie: Linked


@dataclass
class Filters:
    year_from: int | None = None  # inclusive
    year_to: int | None = None  # inclusive
    excluded_years: tuple[int, int] | None = None  # "not released in the 2010s": a span of years left out
    genres: list[int] = field(default_factory=list)
    any_genre: bool = False  # the movies of any of the genres, not of all of them
    excluded_genres: list[int] = field(default_factory=list)  # "excluding animation", "sin animación"
    language: str | None = None  # ISO 639-1
    other_languages: bool = False  # "non-English": every original language but `language`
    countries: list[str] = field(default_factory=list)  # ISO 3166-1
    excluded_countries: list[str] = field(default_factory=list)
    companies: list[Linked] = field(default_factory=list)
    directors: list[Linked] = field(default_factory=list)
    actors: list[Linked] = field(default_factory=list)
    keywords: list[Linked] = field(default_factory=list)
    thresholds: list[Threshold] = field(default_factory=list)
    comparisons: list[ColumnComparison] = field(default_factory=list)
    than_movies: list[MovieComparison] = field(default_factory=list)
    same_year_as: Linked | None = None  # "released the same year as Titanic": that movie's release year
    known: dict[Measure, bool] = field(default_factory=dict)  # "no known runtime": runtime -> False
    month: int | None = None  # 1-12, of the release date
    month_to: int | None = None  # with `month`, a range of months: "in the first half of 2019" is 1 to 6
    day: int | None = None  # 1-31, of the release date (with a month): "on Christmas Day 2019"
    status: str | None = None  # TMDB's status: Released, Post Production, Rumored...
    series: list[str] = field(default_factory=list)  # title prefixes: "Toy Story" is every title starting so
    min_group_movies: int | None = None  # groups ranked only with at least this many movies
    directed_by_women: bool = False  # a woman among the directors
    any_person: bool = False  # the movies of any of the people named, not of all of them

    def is_empty(self) -> bool:
        return (
            not any(
                (
                    self.year_from,
                    self.year_to,
                    self.genres,
                    self.language,
                    self.countries,
                    self.companies,
                    self.excluded_genres,
                    self.excluded_countries,
                ),  # fmt: skip
            )
            and not any(
                (
                    self.directors,
                    self.actors,
                    self.keywords,
                    self.thresholds,
                    self.comparisons,
                    self.than_movies,
                    self.same_year_as,
                    self.known,
                    self.month,
                    self.day,
                ),
            )
            and not any((self.status, self.series, self.directed_by_women, self.excluded_years))
        )


@dataclass
class QuerySpec:
    language: Language
    kind: Kind
    measure: Measure | None = None
    second_measure: Measure | None = None  # scatter: the y axis
    descending: bool = True
    limit: int = 10
    aggregate: Aggregate = "count"
    group_by: Dimension | None = None
    lookup: LookupField | None = None
    movies: list[Linked] = field(default_factory=list)  # lookup and compare: the titles named
    filters: Filters = field(default_factory=Filters)
    explicit_limit: bool = False  # the question said how many
    offset: int = 0  # "the second highest": the rows ranked ahead of the one asked for
    chronological: bool = False  # groups by year or decade, listed oldest first (a series, not a ranking)
    percentile: float | None = None  # aggregate "percentile": 0.9 for the 90th
    subset: Filters | None = None  # share: the part of the matched movies whose percentage is asked
    women_only: bool = False  # grouping people as "actresses", "directoras"
    measure_by_meaning: bool = False  # the sentence model chose the measure from words the rules do not know
    spanish_titles: bool = False  # rows carry each movie's Spanish title too (a Spanish question, titles stored)
