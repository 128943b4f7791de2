"""The feature rows of many movies at once, column-wise: for each movie, what `features.feature_row(movie,
book.records_for(movie, as_of=its release date))` gives, to the last bit.

Training builds a row for every labelled film: some 500,000 at 1.2 million movies. One Python call per movie and
name took about 2.5 ms a row (20 minutes there); here each role costs a few numpy passes over all the films' names.
The API scores a few films a request and keeps `feature_row`. The two are one definition written twice, so a test
builds the real catalogue's rows both ways and compares every bit (tests/integration/test_train.py); sums are added
in the order `pooled` adds them (`np.bincount` adds its weights one at a time, in order), and logarithms are
`math.log10`'s, computed once per distinct value.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date

import numpy as np

from cinelake.domain.features import (
    CAST_LISTED,
    COUNTRY_FLAGS,
    GENRE_COLUMNS,
    HOLIDAYS_FROM,
    NUMERIC_FEATURES,
    ROLES,
    SERIES,
    SERIES_COLUMNS,
    SUMMER_MONTHS,
    TOP_BILLED_CAST,
    TRACK_RECORD_STATS,
    UNKNOWN_LANGUAGE,
    Role,
    TrackRecordBook,
    TrackRecordColumns,
    counted_before,
    name_key,
)
from cinelake.domain.series import collection_key, title_key
from cinelake.domain.success import plausible_money

BLANK_NAME = name_key("")  # a name of spaces only, normalized: never tracked (`tracked_names` skips it)


@dataclass(frozen=True)
class Listed:
    """One list per movie, flattened: `value[i]` is in the list of movie `movie[i]` (a position among the movies),
    movies ascending and each list in its own order."""

    movie: np.ndarray  # int64
    value: np.ndarray

    def subset(self, kept: np.ndarray) -> "Listed":
        """The lists of the movies where `kept` (a mask over the movies) is true, renumbered."""
        renumbered = np.cumsum(kept) - 1
        keep = kept[self.movie]
        return Listed(renumbered[self.movie[keep]], self.value[keep])

    def counts(self, movies: int) -> np.ndarray:
        return np.bincount(self.movie, minlength=movies)

    def first_of_each(self, limit: int) -> "Listed":
        """Each list's first `limit` values."""
        starts = np.searchsorted(self.movie, self.movie, side="left")
        keep = np.arange(len(self.movie)) - starts < limit
        return Listed(self.movie[keep], self.value[keep])

    def distinct(self) -> "Listed":
        """Each list without repeats, first occurrences kept in order (as `dict.fromkeys`)."""
        order = np.lexsort((np.arange(len(self.movie)), self.value, self.movie))
        first = np.ones(len(order), dtype=bool)
        movie, value = self.movie[order], self.value[order]
        first[1:] = (movie[1:] != movie[:-1]) | (value[1:] != value[:-1])
        kept = np.sort(order[first])
        return Listed(self.movie[kept], self.value[kept])


@dataclass(frozen=True)
class MovieColumns:
    """`MovieInputs` of many movies, each with a release date, column-wise. Names are given as the keys the book
    files them by (`name_key(normalize_name(name))`), in the order `MovieInputs` lists them."""

    title: np.ndarray  # object: str, '' = none
    collection_id: np.ndarray  # float64, NaN = none
    budget: np.ndarray  # float64, NaN = unknown
    runtime: np.ndarray  # float64, NaN = unknown
    release_day: np.ndarray  # int64: date.toordinal()
    original_language: np.ndarray  # object: str, '' = none
    genres: Listed  # names as given
    countries: Listed  # ISO codes as given
    companies: Listed  # name keys
    cast: Listed  # name keys, in billing order
    directors: Listed  # name keys
    keywords: Listed  # name keys

    def __len__(self) -> int:
        return len(self.release_day)

    def subset(self, kept: np.ndarray) -> "MovieColumns":
        return MovieColumns(
            *(
                value.subset(kept) if isinstance(value, Listed) else value[kept]
                for value in (getattr(self, column.name) for column in fields(self))
            )
        )

    def names(self, role: Role) -> Listed:
        """The names whose track records count (`tracked_names`): the top-billed cast, every other role's names;
        blanks left out, each name once."""
        if role == "cast":
            listed = self.cast.first_of_each(TOP_BILLED_CAST)
        else:
            listed = {"director": self.directors, "company": self.companies, "keyword": self.keywords}[role]
        named = listed.value != BLANK_NAME
        return Listed(listed.movie[named], listed.value[named]).distinct()


def feature_columns(movies: MovieColumns, book: TrackRecordBook) -> dict[str, np.ndarray]:
    """Every movie's feature row as of its release date, column by column: float64 numbers (NaN = unknown) and the
    original language, in `FEATURE_COLUMNS`' order."""
    count = len(movies)
    log_budget = _per_distinct(movies.budget, _log_budget)
    days = _per_distinct(movies.release_day, date.fromordinal, dtype=object)
    months = np.array([day.month for day in days], dtype=np.int64)
    columns: dict[str, np.ndarray] = {
        "log_budget": log_budget,
        "runtime": np.where(movies.runtime > 0, movies.runtime, math.nan),  # NaN > 0 is false: unknown stays NaN
        "release_year": np.array([day.year for day in days], dtype=np.float64),
        "release_month": months.astype(np.float64),
    }
    columns |= _flags(movies.genres, count, "genre", GENRE_COLUMNS, lambda name: name.strip().lower())
    countries = {code: f"country_{code.lower()}" for code in COUNTRY_FLAGS}
    columns |= _flags(movies.countries, count, "country", countries, str.upper)
    columns["company_count"] = _known_count(movies.companies.counts(count))
    columns["cast_count"] = _known_count(np.minimum(movies.cast.counts(count), CAST_LISTED))
    columns["director_count"] = _known_count(movies.directors.counts(count))
    before = _per_distinct(
        movies.release_day, lambda day: counted_before(date.fromordinal(day), book.lag_days).toordinal(), np.int64
    )
    for role in ROLES:
        columns |= _role_columns(role, movies.names(role), book, before, count)
    columns |= _series_columns(movies, book, before)
    columns |= _calendar_columns(movies, book, days, log_budget)
    columns["release_summer"] = np.isin(months, SUMMER_MONTHS).astype(np.float64)
    columns["release_holidays"] = np.array([(day.month, day.day) >= HOLIDAYS_FROM for day in days], dtype=np.float64)
    languages = (language.strip().lower() for language in movies.original_language)
    columns["original_language"] = np.array([language or UNKNOWN_LANGUAGE for language in languages], dtype=object)
    return {name: columns[name] for name in (*NUMERIC_FEATURES, "original_language")}


def _per_distinct(values: np.ndarray, function, dtype=np.float64) -> np.ndarray:
    """`function` of each value, called once per distinct value."""
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([function(value) for value in distinct.tolist()], dtype=dtype)[inverse]


def _log_budget(budget: float) -> float:
    plausible = None if math.isnan(budget) else plausible_money(int(budget))
    return math.log10(plausible) if plausible else math.nan


def _known_count(counts: np.ndarray) -> np.ndarray:
    """How many, or NaN for none: an empty list means the source did not say."""
    return np.where(counts > 0, counts, math.nan)


def _flags(listed: Listed, count: int, prefix: str, columns: Mapping[str, str], fold) -> dict[str, np.ndarray]:
    """`<prefix>_count` (distinct values once folded as `feature_row` folds them; NaN for none) and a 0/1 column
    per flagged value."""
    folded = np.array([fold(value) for value in listed.value.tolist()], dtype=object)
    distinct, codes = np.unique(folded, return_inverse=True)
    pairs = Listed(listed.movie, codes).distinct()
    result = {f"{prefix}_count": _known_count(pairs.counts(count))}
    position = {value: code for code, value in enumerate(distinct.tolist())}
    for value, column in columns.items():
        flag = np.zeros(count)
        if value in position:
            flag[pairs.movie[pairs.value == position[value]]] = 1.0
        result[column] = flag
    return result


def _role_columns(role: Role, names: Listed, book: TrackRecordBook, before: np.ndarray, count: int) -> dict:
    """The pooled track record of each movie's names of one role (`pooled`, `feature_row`)."""
    records = _lookup(book, role, names.value, before[names.movie])
    movie = names.movie
    films, labelled, successes, with_revenue = (
        np.bincount(movie, weights=values, minlength=count)
        for values in (records.films, records.labelled, records.successes, records.with_revenue)
    )
    # added one name at a time, in the movie's order, as `pooled` adds them
    log_roi_sum = np.bincount(movie, weights=records.log_roi_sum, minlength=count)
    log_revenue_sum = np.bincount(movie, weights=records.log_revenue_sum, minlength=count)
    best = np.zeros(count)
    np.maximum.at(best, movie, records.films.astype(np.float64))
    named = np.bincount(movie, minlength=count) > 0  # a role the record leaves empty is unknown, not 0
    stats = {
        "films": films,
        "successes": successes,
        "success_rate": _ratio(successes, labelled),
        "mean_log_roi": _ratio(log_roi_sum, labelled),
        "mean_log_revenue": _ratio(log_revenue_sum, with_revenue),
        "best_films": best,
    }
    return {f"{role}_{stat}": np.where(named, stats[stat], math.nan) for stat in TRACK_RECORD_STATS}


def _ratio(total: np.ndarray, over: np.ndarray) -> np.ndarray:
    return np.divide(total, over, out=np.full(len(total), math.nan), where=over > 0)


def _lookup(book: TrackRecordBook, role: str, keys: np.ndarray, before: np.ndarray) -> TrackRecordColumns:
    """Each (name key, first day not counted) pair's record, as `TrackRecordBook._records` reads one."""
    filmographies = book.filmographies.get(role)
    if filmographies is None:
        return TrackRecordColumns.none(len(keys))
    first_not_counted = np.searchsorted(filmographies.films.day, before, side="left")
    return filmographies.before_many(keys.astype(np.uint64), first_not_counted)


def _series_columns(movies: MovieColumns, book: TrackRecordBook, before: np.ndarray) -> dict[str, np.ndarray]:
    """`TrackRecordBook.series_record` and `features._series_columns`: the collection's earlier films when it has
    any, else the title's; NaN when the film has neither."""
    collections = [None if math.isnan(value) else collection_key(int(value)) for value in movies.collection_id.tolist()]
    titles = [title_key(title or None) for title in movies.title.tolist()]
    by_collection = _lookup(book, SERIES, _keys(collections), before)
    by_title = _lookup(book, SERIES, _keys(titles), before)
    has_collection = np.array([key is not None for key in collections])
    has_title = np.array([key is not None for key in titles])
    use_title = has_title & ~(has_collection & (by_collection.films > 0))
    record = TrackRecordColumns(*(np.where(use_title, t, c) for t, c in zip(by_title, by_collection, strict=True)))
    known = has_collection | has_title
    since = np.where(record.last_day > 0, (movies.release_day - record.last_day) / 365.25, math.nan)
    values = (
        record.films.astype(np.float64),
        _ratio(record.successes.astype(np.float64), record.labelled),
        _ratio(record.log_roi_sum, record.labelled),
        _ratio(record.log_revenue_sum, record.with_revenue),
        since,
    )
    return {column: np.where(known, value, math.nan) for column, value in zip(SERIES_COLUMNS, values, strict=True)}


def _keys(keys: list[str | None]) -> np.ndarray:
    """Series keys as the book looks them up (0 for none: masked out by the caller)."""
    return np.array([0 if key is None else name_key(key) for key in keys], dtype=np.uint64)


def _calendar_columns(
    movies: MovieColumns, book: TrackRecordBook, days: np.ndarray, log_budget: np.ndarray
) -> dict[str, np.ndarray]:
    """The release calendar's answers, asked once per distinct question: a month's window, a genre set's month."""
    calendar = book.calendar
    past_year = _per_distinct(
        movies.release_day, lambda day: calendar.past_year_median_log_budget(date.fromordinal(day))
    )
    near = np.array(
        [calendar.big_releases_near(day, title or None) for day, title in zip(days, movies.title.tolist(), strict=True)]
    )
    genres: list[list[str]] = [[] for _ in range(len(movies))]
    for movie, name in zip(movies.genres.movie.tolist(), movies.genres.value.tolist(), strict=True):
        genres[movie].append(name)
    asked: dict[tuple[int, int, frozenset[str]], float] = {}  # the answer depends on the month, not the day
    by_genre = np.empty(len(movies))
    for position, (day, names) in enumerate(zip(days, genres, strict=True)):
        question = (day.year, day.month, frozenset(names))
        if question not in asked:
            asked[question] = calendar.past_genre_median_log_budget(day, names)
        by_genre[position] = asked[question]
    return {
        "budget_vs_past_year": log_budget - past_year,
        "big_releases_near": near,
        "budget_vs_genre": log_budget - by_genre,
    }
