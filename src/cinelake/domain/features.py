"""The pre-release features: what the model may know about a movie before it opens, and how that becomes one row.

Training and serving build rows the same way: `feature_row(movie, book.records_for(movie, as_of))`.
- `MovieInputs` is what is known before release, with readable names (the API takes the same JSON).
- `TrackRecordBook` holds the earlier films of directors, cast members, companies and keywords, keyed by name.
  Its answers only count films released strictly before `as_of` (the scored film's release date), so a later
  film can never leak into a track record. Training fills the book with every credit in the database; the API
  fills it with the credits of the names in one request. The arithmetic is the same.

Post-release fields (revenue, vote average, vote count, popularity) never enter a row. Earlier films' revenue does,
through their success and ROI: that is what a track record is.
"""

import math
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from cinelake.domain.genres import MOVIE_GENRES
from cinelake.domain.success import DEFAULT_RULE, SuccessRule, log_roi, plausible_money, success_label

POST_RELEASE_FIELDS = frozenset({"revenue", "vote_average", "vote_count", "popularity"})

TOP_BILLED_CAST = 3  # the cast members whose track records count: the names on the poster
CAST_LISTED = 5  # the catalogue keeps the five top-billed cast members, so a longer list counts as five
# Production countries common enough in the catalogue to earn a column of their own.
COUNTRY_FLAGS = ("US", "GB", "FR", "DE", "CA", "JP", "CN", "IN", "AU", "IT", "ES", "HK")

LOG_ROI_CLIP = math.log(20)  # a track record's per-film log-ROI is clipped to [-log 20, log 20]

Role = Literal["director", "cast", "company", "keyword"]
ROLES: tuple[Role, ...] = ("director", "cast", "company", "keyword")


class MovieInputs(BaseModel):
    """A movie as known before its release. Names are as TMDB spells them; matching ignores case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    budget: int | None = Field(default=None, ge=0, description="USD; None or 0 = unknown")
    runtime: int | None = Field(default=None, ge=0, description="minutes; None or 0 = unknown")
    release_date: date | None = None
    genres: tuple[str, ...] = Field(default=(), description="TMDB genre names in English, e.g. 'Science Fiction'")
    original_language: str | None = Field(default=None, description="ISO 639-1, e.g. 'en'")
    production_countries: tuple[str, ...] = Field(default=(), description="ISO 3166-1 codes, e.g. 'US'")
    production_companies: tuple[str, ...] = ()
    cast: tuple[str, ...] = Field(default=(), description="in billing order, top-billed first")
    directors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


def normalize_name(name: str) -> str:
    """How names are matched: case and surrounding spaces do not matter."""
    return name.strip().lower()


def tracked_names(movie: MovieInputs) -> dict[Role, tuple[str, ...]]:
    """The names whose track records the movie's row uses, by role, normalized and without repeats."""
    chosen = {
        "director": movie.directors,
        "cast": movie.cast[:TOP_BILLED_CAST],
        "company": movie.production_companies,
        "keyword": movie.keywords,
    }
    return {role: tuple(dict.fromkeys(normalize_name(n) for n in names if n.strip())) for role, names in chosen.items()}


# ---------------------------------------------------------------------------------------------------------------
# Track records


@dataclass(frozen=True)
class PastCredit:
    """One film a name worked on (or, for a keyword, was tagged on), with what its success needs."""

    role: Role
    name: str
    tmdb_id: int
    release_date: date
    status: str | None
    budget: int | None
    revenue: int | None


class TrackRecord(NamedTuple):
    # A named tuple, not a dataclass: /predict/batch builds some 16,000 of them per 1,000 movies.
    films: int = 0  # earlier films, labelled or not
    labelled: int = 0  # of which the success label is known
    successes: int = 0
    log_roi_sum: float = 0.0  # over the labelled ones

    @property
    def success_rate(self) -> float:
        return self.successes / self.labelled if self.labelled else math.nan

    @property
    def mean_log_roi(self) -> float:
        return self.log_roi_sum / self.labelled if self.labelled else math.nan


NO_RECORD = TrackRecord()


def pooled(records: Iterable[TrackRecord]) -> TrackRecord:
    """Several records as one: their films, labels, successes and log-ROI sums added up."""
    films = labelled = successes = 0
    log_roi_sum = 0.0
    for record in records:
        films += record.films
        labelled += record.labelled
        successes += record.successes
        log_roi_sum += record.log_roi_sum
    return TrackRecord(films, labelled, successes, log_roi_sum)


class Filmography:
    """One name's films sorted by release date, with running totals: the record before any day is one bisect."""

    def __init__(self, films: Iterable[tuple[date, bool | None, float | None]]) -> None:
        ordered = sorted(films, key=lambda film: film[0])
        self.dates = [day for day, _, _ in ordered]
        self.totals = [TrackRecord()]
        for _, success, film_log_roi in ordered:
            labelled = success is not None
            film = TrackRecord(1, int(labelled), int(bool(success)), film_log_roi if labelled else 0.0)
            self.totals.append(pooled((self.totals[-1], film)))

    def before(self, day: date) -> TrackRecord:
        """The record over films released strictly before `day`."""
        return self.totals[bisect_left(self.dates, day)]


def _clipped_log_roi(budget: int | None, revenue: int | None, rule: SuccessRule) -> float | None:
    # A film earning 1/20 or 20 times its budget says all there is to say about it; beyond that, one outlier
    # (The Blair Witch Project earned 4,144 times its budget) would dominate a whole career's mean.
    value = log_roi(budget, revenue, rule)
    return None if value is None else max(-LOG_ROI_CLIP, min(LOG_ROI_CLIP, value))


@dataclass(frozen=True)
class MovieTrackRecords:
    """The track record of each tracked name of one movie, in the movie's order, as of one day."""

    by_role: Mapping[Role, tuple[TrackRecord, ...]]


class TrackRecordBook:
    """Every name's filmography, built once from past credits; answers "as of" questions."""

    def __init__(self, credits: Iterable[PastCredit], rule: SuccessRule = DEFAULT_RULE) -> None:
        films: dict[tuple[Role, str], dict[int, tuple[date, bool | None, float | None]]] = defaultdict(dict)
        for credit in credits:
            label = success_label(credit.status, credit.budget, credit.revenue, rule)
            ratio = _clipped_log_roi(credit.budget, credit.revenue, rule) if label is not None else None
            # keyed by film: a name credited twice on one film (two directing credits) counts it once
            films[(credit.role, normalize_name(credit.name))][credit.tmdb_id] = (credit.release_date, label, ratio)
        self.filmographies = {key: Filmography(by_film.values()) for key, by_film in films.items()}

    def record(self, role: Role, name: str, as_of: date) -> TrackRecord:
        return self._record(role, normalize_name(name), as_of)

    def _record(self, role: Role, normalized_name: str, as_of: date) -> TrackRecord:
        filmography = self.filmographies.get((role, normalized_name))
        return filmography.before(as_of) if filmography else NO_RECORD

    def records_for(self, movie: MovieInputs, as_of: date) -> MovieTrackRecords:
        """The movie's track records counting only films released strictly before `as_of`."""
        return MovieTrackRecords(  # tracked_names has normalized the names already
            {role: tuple(self._record(role, n, as_of) for n in names) for role, names in tracked_names(movie).items()}
        )


# ---------------------------------------------------------------------------------------------------------------
# The row


def _slug(name: str) -> str:
    return name.lower().replace(" ", "_")


GENRE_COLUMNS = {genre.name.lower(): f"genre_{_slug(genre.name)}" for genre in MOVIE_GENRES}
TRACK_RECORD_STATS = ("films", "successes", "success_rate", "mean_log_roi", "best_films")

NUMERIC_FEATURES: tuple[str, ...] = (
    "log_budget",
    "runtime",
    "release_year",
    "release_month",
    "genre_count",
    *GENRE_COLUMNS.values(),
    "country_count",
    *(f"country_{code.lower()}" for code in COUNTRY_FLAGS),
    "company_count",
    "cast_count",
    "director_count",
    # No keyword count: TMDB's keywords are tagged by users, mostly after release, so how many a film has measures
    # its popularity, not anything known before it opens (and in this catalogue, which source it came from).
    *(f"{role}_{stat}" for role in ROLES for stat in TRACK_RECORD_STATS),
)
CATEGORICAL_FEATURES: tuple[str, ...] = ("original_language",)
FEATURE_COLUMNS: tuple[str, ...] = NUMERIC_FEATURES + CATEGORICAL_FEATURES
UNKNOWN_LANGUAGE = "unknown"

FeatureValue = float | str


def feature_row(movie: MovieInputs, records: MovieTrackRecords) -> dict[str, FeatureValue]:
    """One row of the model's raw feature columns: numbers (NaN = unknown) and the original language."""
    budget = plausible_money(movie.budget)
    released = movie.release_date
    genres = {name.strip().lower() for name in movie.genres}
    countries = {code.upper() for code in movie.production_countries}
    row: dict[str, FeatureValue] = {
        "log_budget": math.log10(budget) if budget else math.nan,
        "runtime": float(movie.runtime) if movie.runtime else math.nan,
        "release_year": float(released.year) if released else math.nan,
        "release_month": float(released.month) if released else math.nan,
        "genre_count": float(len(genres)),
        **{column: float(name in genres) for name, column in GENRE_COLUMNS.items()},
        "country_count": float(len(countries)),
        **{f"country_{code.lower()}": float(code in countries) for code in COUNTRY_FLAGS},
        "company_count": float(len(movie.production_companies)),
        "cast_count": float(min(len(movie.cast), CAST_LISTED)),
        "director_count": float(len(movie.directors)),
    }
    for role in ROLES:
        members = records.by_role.get(role, ())
        together = pooled(members)
        row[f"{role}_films"] = float(together.films)
        row[f"{role}_successes"] = float(together.successes)
        row[f"{role}_success_rate"] = together.success_rate
        row[f"{role}_mean_log_roi"] = together.mean_log_roi
        row[f"{role}_best_films"] = float(max((member.films for member in members), default=0))
    row["original_language"] = (movie.original_language or UNKNOWN_LANGUAGE).strip().lower() or UNKNOWN_LANGUAGE
    return {column: row[column] for column in FEATURE_COLUMNS}
