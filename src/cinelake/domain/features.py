"""The pre-release features: what the model may know about a movie before it opens, and how that becomes one row.

Training and serving build rows the same way: `feature_row(movie, book.records_for(movie, as_of))`.
- `MovieInputs` is what is known before release, with readable names (the API takes the same JSON).
- `TrackRecordBook` holds the earlier films of directors, cast members, companies, keywords and series, keyed by
  name, and the release calendar (every film's date, budget and genres). Its answers count only films released at
  least `lag_days` (90) before `as_of`, the scored film's release date: a later film can never leak into a track
  record, and an earlier one counts only once its box office had had time to be known. Training fills the book with
  every credit in the database; the API does the same, once, and refreshes it. The arithmetic is the same.
- The book is column-wise (`FilmOutcomes`, `Filmographies`): one table of films with their outcomes, and per role
  each name's films as positions in it, in numpy arrays. At 1.2 million movies (some 16 million credits) a Python
  object per credit did not fit in 14 GB; 4 bytes a credit (32 with the running totals training keeps) does.

Post-release fields (revenue, vote average, vote count, popularity) of the scored film never enter a row. Earlier
films' revenue does, through their success, ROI and revenue: that is what a track record is.

Unknown is not zero: a movie whose record names no company, no cast member, no director or no keyword gets NaN for
that count and for that role's track record, not 0. "No earlier films" (0) is said only of names that are known.
"""

import math
import statistics
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from functools import cached_property
from hashlib import blake2b
from typing import Literal, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from cinelake.domain.genres import MOVIE_GENRES
from cinelake.domain.series import collection_key, normalize_title, title_key
from cinelake.domain.success import DEFAULT_RULE, SuccessRule, log_roi, plausible_money, run_over, success_label

POST_RELEASE_FIELDS = frozenset({"revenue", "vote_average", "vote_count", "popularity"})

TOP_BILLED_CAST = 3  # the cast members whose track records count: the names on the poster
CAST_LISTED = 5  # the catalogue keeps the five top-billed cast members, so a longer list counts as five
# Production countries common enough in the catalogue to earn a column of their own.
COUNTRY_FLAGS = ("US", "GB", "FR", "DE", "CA", "JP", "CN", "IN", "AU", "IT", "ES", "HK")

# A name with at most this many films counted is summed in Python; a longer one with numpy (Filmographies.before)
SUMMED_IN_PYTHON = 64
LOG_ROI_CLIP = math.log(20)  # a track record's per-film log-ROI is clipped to [-log 20, log 20]
# An earlier film counts in a track record only if it came out at least this many days before the scored film: a
# film released a few weeks before had not finished its run, so its final box office was not yet known.
TRACK_RECORD_LAG_DAYS = 90
# The release calendar: "big" releases are those in the top tenth of budgets of the twelve months before theirs,
# and a film's competition is the big releases within two weeks either side of its own date.
BIG_RELEASE_QUANTILE = 0.9
COMPETITION_DAYS = 14
BUDGET_WINDOW_MONTHS = 12
SUMMER_MONTHS = (5, 6, 7, 8)
HOLIDAYS_FROM = (11, 15)  # month, day: mid-November to the end of the year
MIN_WINDOW_FILMS = 10  # a year with fewer budgets on record says nothing about what was usual
# A film's budget beside its genres': the mean over its genres of each genre's median log budget over the 36 calendar
# months before its month. Chosen on the time-ordered folds.
GENRE_WINDOW_MONTHS = 36

Role = Literal["director", "cast", "company", "keyword"]
ROLES: tuple[Role, ...] = ("director", "cast", "company", "keyword")
SERIES = "series"  # the earlier films of the scored film's series, filed in the book like a name's films
BookRole = Role | Literal["series"]


class MovieInputs(BaseModel):
    """A movie as known before its release. Names are as TMDB spells them; matching ignores case."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: str | None = Field(
        default=None, description="as TMDB spells it in English; finds the film's series (e.g. 'Toy Story 5')"
    )
    collection_id: int | None = Field(
        default=None, ge=1, description="TMDB's belongs_to_collection.id, if the film is in one"
    )
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


def counted_before(as_of: date, lag_days: int) -> date:
    """The first day whose films no longer count: films released at least `lag_days` days before `as_of` count,
    and never one released on `as_of` itself."""
    return as_of - timedelta(days=max(lag_days - 1, 0)) if as_of != date.max else as_of


# ---------------------------------------------------------------------------------------------------------------
# Track records


@dataclass(frozen=True)
class PastCredit:
    """One film a name worked on (or, for a keyword, was tagged on; for a series, belongs to), with what its success
    needs. `fetched_at` is when its record was read: a label needs a finished run (`SuccessRule`); None = finished."""

    role: BookRole
    name: str
    tmdb_id: int
    release_date: date
    status: str | None
    budget: int | None
    revenue: int | None
    fetched_at: datetime | date | None = None


class TrackRecord(NamedTuple):
    # A named tuple, not a dataclass: /predict/batch builds some 16,000 of them per 1,000 movies.
    films: int = 0  # earlier films, labelled or not
    labelled: int = 0  # of which the success label is known
    successes: int = 0
    log_roi_sum: float = 0.0  # over the labelled ones
    with_revenue: int = 0  # earlier films whose final revenue is known
    log_revenue_sum: float = 0.0  # log10 USD, over those
    last_day: int = 0  # the latest earlier film's release day (date.toordinal()); 0 = none

    @property
    def success_rate(self) -> float:
        return self.successes / self.labelled if self.labelled else math.nan

    @property
    def mean_log_roi(self) -> float:
        return self.log_roi_sum / self.labelled if self.labelled else math.nan

    @property
    def mean_log_revenue(self) -> float:
        return self.log_revenue_sum / self.with_revenue if self.with_revenue else math.nan


NO_RECORD = TrackRecord()


def pooled(records: Sequence[TrackRecord]) -> TrackRecord:
    """Several records as one: their films, labels, successes and sums added up; the latest day kept."""
    if len(records) == 1:  # most roles of most movies name one person or company
        return records[0]
    films = labelled = successes = with_revenue = last_day = 0
    log_roi_sum = log_revenue_sum = 0.0
    for record in records:
        films += record.films
        labelled += record.labelled
        successes += record.successes
        log_roi_sum += record.log_roi_sum
        with_revenue += record.with_revenue
        log_revenue_sum += record.log_revenue_sum
        last_day = max(last_day, record.last_day)
    return TrackRecord(films, labelled, successes, log_roi_sum, with_revenue, log_revenue_sum, last_day)


class FilmOutcome(NamedTuple):
    released: date
    success: bool | None  # None: unknown (no final label)
    log_roi: float | None
    log_revenue: float | None


@dataclass(frozen=True)
class FilmOutcomes:
    """What films contribute to track records, as arrays, one entry per film, sorted by (release day, tmdb_id): a
    name's films are then its positions in this table, in the order they count."""

    tmdb_id: np.ndarray  # int64
    day: np.ndarray  # int32: the release date's ordinal (date.toordinal())
    labelled: np.ndarray  # int8 0/1: the success label is known
    success: np.ndarray  # int8 0/1
    log_roi: np.ndarray  # float64; 0 unless labelled
    with_revenue: np.ndarray  # int8 0/1: the final revenue is known
    log_revenue: np.ndarray  # float64 (log10 USD); 0 unless known

    @classmethod
    def of(cls, tmdb_ids: Sequence[int], outcomes: Iterable[FilmOutcome]) -> "FilmOutcomes":
        """The films in any order, each with its outcome (one pass: at a million films, no list of them is kept)."""
        count = len(tmdb_ids)
        day = np.empty(count, dtype=np.int32)
        labelled, success, with_revenue = (np.zeros(count, dtype=np.int8) for _ in range(3))
        log_roi, log_revenue = np.zeros(count), np.zeros(count)
        for position, outcome in enumerate(outcomes):
            day[position] = outcome.released.toordinal()
            if outcome.success is not None:
                labelled[position] = 1
                success[position] = outcome.success
                log_roi[position] = outcome.log_roi or 0.0
            if outcome.log_revenue is not None:
                with_revenue[position] = 1
                log_revenue[position] = outcome.log_revenue
        ids = np.asarray(tmdb_ids, dtype=np.int64)
        order = np.lexsort((ids, day))
        return cls(*(values[order] for values in (ids, day, labelled, success, log_roi, with_revenue, log_revenue)))

    @cached_property
    def views(self) -> "FilmOutcomes":
        """The same columns as memoryviews: one element read as a Python number (`bisect` searches them), without
        numpy's cost per call, which a request's few lookups would pay a dozen times each."""
        return FilmOutcomes(*(memoryview(getattr(self, column.name)) for column in fields(self)))

    def first_on_or_after(self, day: int) -> int:
        """The position of the first film released on `day` (an ordinal) or later."""
        return bisect_left(self.views.day, day)

    def position_of(self, tmdb_ids: np.ndarray) -> np.ndarray:
        """Each film's position in the table (-1: not in it)."""
        if not len(self.tmdb_id):
            return np.full(len(tmdb_ids), -1, dtype=np.int64)
        by_id = np.argsort(self.tmdb_id)
        ids = self.tmdb_id[by_id]
        found = np.minimum(np.searchsorted(ids, tmdb_ids), len(ids) - 1)
        return np.where(ids[found] == tmdb_ids, by_id[found], -1)


def name_key(name: str) -> int:
    """A 64-bit key for a name as given (BLAKE2b): the book files names by these, not by the strings, so that
    millions of names cost 8 bytes each. Two of 5 million names share a key with probability about 1e-6."""
    return int.from_bytes(blake2b(name.encode(), digest_size=8).digest(), "little")


def name_keys(names: Iterable[str]) -> np.ndarray:
    return np.fromiter((name_key(name) for name in names), dtype=np.uint64)


def _running_sums(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each group's running total, the groups being the runs `starts[i]:starts[i + 1]`, added one film at a time in
    order (as `np.cumsum` over one group adds them, to the last bit): one vectorised step per position, over the
    groups that long."""
    totals = values.copy()
    lengths = np.diff(starts)
    by_length = np.argsort(-lengths, kind="stable")
    longest_first = starts[:-1][by_length]
    sorted_lengths = lengths[by_length]
    for position in range(1, int(sorted_lengths[0]) if len(sorted_lengths) else 0):
        groups = int(np.searchsorted(-sorted_lengths, -position, side="left"))  # the groups longer than position
        at = longest_first[:groups] + position
        totals[at] += totals[at - 1]
    return totals


class Filmographies:
    """Every name's films for one role: per name (a 64-bit key, sorted), its films' positions in the book's
    `FilmOutcomes`, in the order they count. A record before a day is two binary searches, then its films' sums.

    With `running_totals`, each name's running sums are kept too (32 bytes a credit instead of 4): a record is then
    read, not summed. Training scores every labelled film, some of whose keywords have tens of thousands of films;
    the API scores a few films per request and keeps the 4 bytes. Both add the same films in the same order, so
    they give the same records to the last bit."""

    def __init__(self, keys: np.ndarray, positions: np.ndarray, films: FilmOutcomes, running_totals: bool) -> None:
        """`keys[i]` (from `name_keys`) is the name credited on the film at `positions[i]` of `films`."""
        order = np.lexsort((positions, keys))
        keys, positions = keys[order], positions[order].astype(np.int32)
        # a name credited twice on one film (two directing credits) counts it once
        first = np.ones(len(keys), dtype=bool)
        first[1:] = (keys[1:] != keys[:-1]) | (positions[1:] != positions[:-1])
        keys, self.positions = keys[first], positions[first]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.array([], dtype=np.int64)
        self.keys = keys[starts]
        self.starts = np.r_[starts, len(keys)].astype(np.int64)
        self.films = films
        self.totals: tuple[np.ndarray, ...] | None = None
        if running_totals:
            self.totals = tuple(
                _running_sums(
                    values[self.positions].astype(np.int32 if values.dtype == np.int8 else np.float64), self.starts
                )
                for values in (films.labelled, films.success, films.log_roi, films.with_revenue, films.log_revenue)
            )

    def __len__(self) -> int:
        return len(self.keys)

    @property
    def credits(self) -> int:
        return len(self.positions)

    @property
    def nbytes(self) -> int:
        """The memory of its own arrays (the film table is the book's, shared by every role)."""
        return sum(a.nbytes for a in (self.keys, self.starts, self.positions, *(self.totals or ())))

    @cached_property
    def _views(self) -> tuple[memoryview, ...]:
        return tuple(memoryview(a) for a in (self.keys, self.starts, self.positions, *(self.totals or ())))

    def before(self, key: int, first_not_counted: int) -> TrackRecord:
        """The record of the name with this key (`name_key`) over the films before position `first_not_counted` of
        the film table (`FilmOutcomes.first_on_or_after`). Python's bisect over memoryviews: a request looks up a
        dozen names, and a numpy call costs more than the search."""
        keys, starts, positions, *totals = self._views
        found = bisect_left(keys, key)
        if found == len(keys) or keys[found] != key:
            return NO_RECORD
        start = starts[found]
        stop = bisect_left(positions, first_not_counted, start, starts[found + 1])
        if stop == start:
            return NO_RECORD
        films, last = self.films.views, stop - 1
        last_day = films.day[positions[last]]
        if totals:
            labelled, successes, log_roi_sum, with_revenue, log_revenue_sum = (column[last] for column in totals)
        elif stop - start <= SUMMED_IN_PYTHON:
            labelled = successes = with_revenue = 0
            log_roi_sum = log_revenue_sum = 0.0
            for film in positions[start:stop]:  # one at a time, in order, as the running totals add them
                labelled += films.labelled[film]
                successes += films.success[film]
                with_revenue += films.with_revenue[film]
                log_roi_sum += films.log_roi[film]
                log_revenue_sum += films.log_revenue[film]
        else:
            chosen = self.positions[start:stop]
            labelled = int(self.films.labelled[chosen].sum(dtype=np.int64))
            successes = int(self.films.success[chosen].sum(dtype=np.int64))
            with_revenue = int(self.films.with_revenue[chosen].sum(dtype=np.int64))
            log_roi_sum = float(np.cumsum(self.films.log_roi[chosen])[-1])  # in order, as the running totals
            log_revenue_sum = float(np.cumsum(self.films.log_revenue[chosen])[-1])
        return TrackRecord(stop - start, labelled, successes, log_roi_sum, with_revenue, log_revenue_sum, last_day)

    def before_many(self, keys: np.ndarray, first_not_counted: np.ndarray) -> "TrackRecordColumns":
        """`before` for many (key, position) pairs at once, as arrays: the same numbers, read from the running
        totals (training's; a book without them raises). One vectorised binary search per pair, in its name's run."""
        if self.totals is None:
            raise ValueError("before_many reads running totals: build the Filmographies with running_totals=True")
        count = len(keys)
        if not len(self.keys):
            return TrackRecordColumns.none(count)
        found = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        known = self.keys[found] == keys
        start = np.where(known, self.starts[found], 0)
        low, high = start.copy(), np.where(known, self.starts[found + 1], 0)
        while (active := low < high).any():  # bisect_left of first_not_counted in each name's positions
            middle = (low + high) // 2
            right = active & (self.positions[np.minimum(middle, len(self.positions) - 1)] < first_not_counted)
            low = np.where(right, middle + 1, low)
            high = np.where(active & ~right, middle, high)
        films = low - start
        last = np.where(films > 0, low - 1, 0)
        some = films > 0
        labelled, successes, log_roi_sum, with_revenue, log_revenue_sum = (
            np.where(some, column[last], 0) for column in self.totals
        )
        last_day = np.where(some, self.films.day[self.positions[last]], 0)
        return TrackRecordColumns(films, labelled, successes, log_roi_sum, with_revenue, log_revenue_sum, last_day)


class TrackRecordColumns(NamedTuple):
    """`TrackRecord`'s fields for many records, one array each."""

    films: np.ndarray
    labelled: np.ndarray
    successes: np.ndarray
    log_roi_sum: np.ndarray
    with_revenue: np.ndarray
    log_revenue_sum: np.ndarray
    last_day: np.ndarray

    @classmethod
    def none(cls, count: int) -> "TrackRecordColumns":
        """`count` times NO_RECORD."""
        return cls(*(np.zeros(count, dtype=np.float64 if name.endswith("_sum") else np.int64) for name in cls._fields))


def _clipped_log_roi(budget: int | None, revenue: int | None, rule: SuccessRule) -> float | None:
    # A film earning 1/20 or 20 times its budget says all there is to say about it; beyond that, one outlier
    # (The Blair Witch Project earned 4,144 times its budget) would dominate a whole career's mean.
    value = log_roi(budget, revenue, rule)
    return None if value is None else max(-LOG_ROI_CLIP, min(LOG_ROI_CLIP, value))


def film_outcome(credit: PastCredit, rule: SuccessRule) -> FilmOutcome:
    """What an earlier film contributes: its label, log-ROI and log-revenue, each only once its run was over."""
    return outcome_of(credit.release_date, credit.status, credit.budget, credit.revenue, credit.fetched_at, rule)


def outcome_of(
    released: date,
    status: str | None,
    budget: int | None,
    revenue: int | None,
    fetched_at: datetime | date | None,
    rule: SuccessRule,
) -> FilmOutcome:
    finished = run_over(released, fetched_at, rule)
    label = success_label(status, budget, revenue, rule) if finished else None
    ratio = _clipped_log_roi(budget, revenue, rule) if label is not None else None
    kept_revenue = plausible_money(revenue, rule) if finished and status == rule.status else None
    return FilmOutcome(released, label, ratio, math.log10(kept_revenue) if kept_revenue else None)


# ---------------------------------------------------------------------------------------------------------------
# The release calendar


@dataclass(frozen=True)
class CalendarFilm:
    """A film on the release calendar: when it opens, its title, what it cost and its genres (known before release)."""

    release_date: date
    title: str | None
    budget: int | None
    genres: tuple[str, ...] = ()


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _same_film(title: str | None) -> str:
    return normalize_title(title or "")


def _genre(name: str) -> str:
    return name.strip().lower()


class ReleaseCalendar:
    """Every dated film with a plausible budget: the budgets of the year before a day, and the big releases near it.

    A film is not its own competition: a big release with the scored film's date and title is left out, so a film
    in the catalogue and the same film sent to the API get the same count."""

    def __init__(self, films: Iterable[CalendarFilm], rule: SuccessRule = DEFAULT_RULE) -> None:
        # Kept in numpy arrays, not lists of Python floats: at a million films those would pin the memory of every
        # object built beside them (the API holds the calendar for as long as it runs).
        days, titles, log_budgets = [], [], []
        by_genre: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for film in films:
            budget = plausible_money(film.budget, rule)
            if budget:
                days.append(film.release_date.toordinal())
                titles.append(_same_film(film.title))
                log_budgets.append(math.log10(budget))
                for genre in film.genres:
                    by_genre[_genre(genre)].append((_month_index(film.release_date), log_budgets[-1]))
        months = np.array([_month_index(date.fromordinal(day)) for day in days], dtype=np.int32)
        by_month = np.argsort(months, kind="stable")
        self._months, self._month_log_budgets = months[by_month], np.array(log_budgets)[by_month]
        self._windows: dict[int, tuple[float, float]] = {}  # month -> (median, big-release cut) of the year before
        big = sorted(
            (day, title)
            for day, title, log_budget in zip(days, titles, log_budgets, strict=True)
            if log_budget >= self._window(date.fromordinal(day))[1]
        )
        self._big_days = np.array([day for day, _ in big], dtype=np.int32)
        self._big_titles = name_keys([title for _, title in big])
        self._by_genre = {}  # genre -> (release months, sorted; their log budgets)
        for genre, listed in by_genre.items():
            listed.sort()
            self._by_genre[genre] = (
                np.array([month for month, _ in listed], dtype=np.int32),
                np.array([value for _, value in listed], dtype=np.float64),
            )
        self._genre_windows: dict[tuple[str, int], float] = {}  # (genre, month) -> median

    def _window(self, day: date) -> tuple[float, float]:
        """The median and the big-release cut of the log budgets of the twelve months before `day`'s month."""
        month = _month_index(day)
        if month not in self._windows:
            low, high = np.searchsorted(self._months, (month - BUDGET_WINDOW_MONTHS, month), side="left")
            values = sorted(self._month_log_budgets[low:high].tolist())
            if len(values) < MIN_WINDOW_FILMS:  # too few films to say what was usual
                self._windows[month] = (math.nan, math.inf)
            else:
                cut = values[min(len(values) - 1, int(BIG_RELEASE_QUANTILE * len(values)))]
                self._windows[month] = (statistics.median(values), cut)
        return self._windows[month]

    def past_year_median_log_budget(self, day: date | None) -> float:
        return math.nan if day is None or day == date.max else self._window(day)[0]

    def past_genre_median_log_budget(self, day: date | None, genres: Iterable[str]) -> float:
        """The mean over the film's genres of each genre's median log budget over the `GENRE_WINDOW_MONTHS` before
        `day`'s month (a genre with fewer than `MIN_WINDOW_FILMS` there is left out; NaN: no date, or no genre with
        enough films). Each genre's median is kept per month: at a million films a window holds 100,000 budgets."""
        if day is None or day == date.max:
            return math.nan
        month = _month_index(day)
        medians = [self._genre_window(_genre(name), month) for name in set(genres)]
        known = [median for median in medians if not math.isnan(median)]
        return math.fsum(sorted(known)) / len(known) if known else math.nan

    def _genre_window(self, genre: str, month: int) -> float:
        if (genre, month) not in self._genre_windows:
            median = math.nan
            if genre in self._by_genre:
                months, log_budgets = self._by_genre[genre]
                low, high = months.searchsorted(np.array([month - GENRE_WINDOW_MONTHS, month], dtype=np.int32))
                if high - low >= MIN_WINDOW_FILMS:
                    median = float(np.median(log_budgets[low:high]))
            self._genre_windows[(genre, month)] = median
        return self._genre_windows[(genre, month)]

    def big_releases_near(self, day: date | None, title: str | None) -> float:
        """The big releases within `COMPETITION_DAYS` either side of `day`, other than the film itself."""
        if day is None or day == date.max or not len(self._big_days):
            return math.nan
        ordinal = day.toordinal()
        low, high = np.searchsorted(self._big_days, (ordinal - COMPETITION_DAYS, ordinal + COMPETITION_DAYS + 1))
        same_day = self._big_days[low:high] == ordinal
        itself = bool(np.any(same_day & (self._big_titles[low:high] == np.uint64(name_key(_same_film(title))))))
        return float(high - low - itself)


EMPTY_CALENDAR = ReleaseCalendar(())


# ---------------------------------------------------------------------------------------------------------------
# The book


@dataclass(frozen=True)
class MovieTrackRecords:
    """The track record of each tracked name of one movie, in the movie's order, as of one day; its series' record
    (None: no title or collection to find it by); and its place on the release calendar."""

    by_role: Mapping[Role, tuple[TrackRecord, ...]]
    series: TrackRecord | None = None
    past_year_median_log_budget: float = math.nan
    big_releases_near: float = math.nan
    past_genre_median_log_budget: float = math.nan


class TrackRecordBook:
    """Every name's and series' filmography (`Filmographies`, one per role) and the release calendar, built once;
    answers "as of" questions."""

    def __init__(
        self,
        filmographies: Mapping[BookRole, Filmographies],
        calendar: ReleaseCalendar = EMPTY_CALENDAR,
        lag_days: int = TRACK_RECORD_LAG_DAYS,
    ) -> None:
        self.filmographies = dict(filmographies)
        self.calendar = calendar
        self.lag_days = lag_days

    @classmethod
    def of_credits(
        cls,
        credits: Iterable[PastCredit],
        rule: SuccessRule = DEFAULT_RULE,
        calendar: ReleaseCalendar = EMPTY_CALENDAR,
        lag_days: int = TRACK_RECORD_LAG_DAYS,
        running_totals: bool = False,
    ) -> "TrackRecordBook":
        """A book of the given credits (a few names' films, or a test's)."""
        listed = list(credits)
        outcomes = {credit.tmdb_id: film_outcome(credit, rule) for credit in listed}
        films = FilmOutcomes.of(list(outcomes), outcomes.values())
        positions = films.position_of(np.array([credit.tmdb_id for credit in listed], dtype=np.int64))
        roles = np.array([credit.role for credit in listed], dtype=object)
        keys = name_keys([normalize_name(credit.name) for credit in listed])
        filmographies = {
            role: Filmographies(keys[roles == role], positions[roles == role], films, running_totals)
            for role in dict.fromkeys(roles.tolist())
        }
        return cls(filmographies, calendar, lag_days)

    @property
    def names(self) -> int:
        """How many names and series the book holds."""
        return sum(len(filmographies) for filmographies in self.filmographies.values())

    @property
    def nbytes(self) -> int:
        """The memory of its arrays (the calendar aside)."""
        tables = {id(f.films): f.films for f in self.filmographies.values()}
        films = sum(values.nbytes for table in tables.values() for values in vars(table).values())
        return films + sum(filmographies.nbytes for filmographies in self.filmographies.values())

    def record(self, role: BookRole, name: str, as_of: date, lag_days: int | None = None) -> TrackRecord:
        return self._records(role, (normalize_name(name),), counted_before(as_of, self._lag(lag_days)))[0]

    def _lag(self, lag_days: int | None) -> int:
        return self.lag_days if lag_days is None else lag_days

    def _records(self, role: BookRole, normalized_names: Sequence[str], before: date) -> tuple[TrackRecord, ...]:
        filmographies = self.filmographies.get(role)
        if filmographies is None or not normalized_names:
            return tuple(NO_RECORD for _ in normalized_names)
        first_not_counted = filmographies.films.first_on_or_after(before.toordinal())
        return tuple(filmographies.before(name_key(name), first_not_counted) for name in normalized_names)

    def series_record(self, movie: MovieInputs, before: date) -> TrackRecord | None:
        """The earlier instalments of the movie's series: its collection's when that has any, else its title's."""
        by_collection = collection_key(movie.collection_id)
        if by_collection is not None:
            (record,) = self._records(SERIES, (by_collection,), before)
            if record.films:
                return record
        by_title = title_key(movie.title)
        if by_title is not None:
            return self._records(SERIES, (by_title,), before)[0]
        return NO_RECORD if by_collection is not None else None

    def records_for(self, movie: MovieInputs, as_of: date, lag_days: int | None = None) -> MovieTrackRecords:
        """The movie's track records counting only films released at least the lag before `as_of` (the book's lag
        unless given: a model's card says which it was trained with), and its place on the release calendar."""
        before = counted_before(as_of, self._lag(lag_days))
        day = movie.release_date
        return MovieTrackRecords(  # tracked_names has normalized the names already
            {role: self._records(role, names, before) for role, names in tracked_names(movie).items()},
            series=self.series_record(movie, before),
            past_year_median_log_budget=self.calendar.past_year_median_log_budget(day),
            big_releases_near=self.calendar.big_releases_near(day, movie.title),
            past_genre_median_log_budget=self.calendar.past_genre_median_log_budget(day, movie.genres),
        )


# ---------------------------------------------------------------------------------------------------------------
# The row


def _slug(name: str) -> str:
    return name.lower().replace(" ", "_")


GENRE_COLUMNS = {genre.name.lower(): f"genre_{_slug(genre.name)}" for genre in MOVIE_GENRES}
TRACK_RECORD_STATS = ("films", "successes", "success_rate", "mean_log_roi", "mean_log_revenue", "best_films")
SERIES_COLUMNS = (
    "series_films",
    "series_success_rate",
    "series_mean_log_roi",
    "series_mean_log_revenue",
    "series_years_since_last",
)
CALENDAR_COLUMNS = (
    "budget_vs_past_year",
    "big_releases_near",
    "release_summer",
    "release_holidays",
    "budget_vs_genre",
)

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
    *SERIES_COLUMNS,
    *CALENDAR_COLUMNS,
)
CATEGORICAL_FEATURES: tuple[str, ...] = ("original_language",)
FEATURE_COLUMNS: tuple[str, ...] = NUMERIC_FEATURES + CATEGORICAL_FEATURES
UNKNOWN_LANGUAGE = "unknown"
NAN = math.nan

FeatureValue = float | str


def _count(values: tuple[str, ...] | set[str], cap: int | None = None) -> float:
    """How many, or NaN when there are none: an empty list means the source did not say."""
    if not values:
        return NAN
    return float(len(values) if cap is None else min(len(values), cap))


def _series_columns(record: TrackRecord | None, released: date | None) -> list[float]:
    if record is None:
        return [NAN] * len(SERIES_COLUMNS)
    since = NAN
    if record.last_day and released is not None and released != date.max:
        since = (released.toordinal() - record.last_day) / 365.25
    return [float(record.films), record.success_rate, record.mean_log_roi, record.mean_log_revenue, since]


def feature_row(movie: MovieInputs, records: MovieTrackRecords) -> dict[str, FeatureValue]:
    """One row of the model's raw feature columns: numbers (NaN = unknown) and the original language."""
    budget = plausible_money(movie.budget)
    log_budget = math.log10(budget) if budget else NAN
    released = movie.release_date
    genres = {name.strip().lower() for name in movie.genres}
    countries = {code.upper() for code in movie.production_countries}
    row: dict[str, FeatureValue] = {
        "log_budget": log_budget,
        "runtime": float(movie.runtime) if movie.runtime else NAN,
        "release_year": float(released.year) if released else NAN,
        "release_month": float(released.month) if released else NAN,
        "genre_count": _count(genres),
        **{column: float(name in genres) for name, column in GENRE_COLUMNS.items()},
        "country_count": _count(countries),
        **{f"country_{code.lower()}": float(code in countries) for code in COUNTRY_FLAGS},
        "company_count": _count(movie.production_companies),
        "cast_count": _count(movie.cast, CAST_LISTED),
        "director_count": _count(movie.directors),
    }
    for role in ROLES:
        members = records.by_role.get(role, ())
        if not members:  # the movie names nobody in this role: unknown, not "nobody with earlier films"
            row.update({f"{role}_{stat}": NAN for stat in TRACK_RECORD_STATS})
            continue
        together = pooled(members)
        row[f"{role}_films"] = float(together.films)
        row[f"{role}_successes"] = float(together.successes)
        row[f"{role}_success_rate"] = together.success_rate
        row[f"{role}_mean_log_roi"] = together.mean_log_roi
        row[f"{role}_mean_log_revenue"] = together.mean_log_revenue
        row[f"{role}_best_films"] = float(max(member.films for member in members))
    row.update(zip(SERIES_COLUMNS, _series_columns(records.series, released), strict=True))
    row["budget_vs_past_year"] = log_budget - records.past_year_median_log_budget
    row["big_releases_near"] = records.big_releases_near
    row["budget_vs_genre"] = log_budget - records.past_genre_median_log_budget
    row["release_summer"] = float(released.month in SUMMER_MONTHS) if released else NAN
    row["release_holidays"] = float((released.month, released.day) >= HOLIDAYS_FROM) if released else NAN
    row["original_language"] = (movie.original_language or UNKNOWN_LANGUAGE).strip().lower() or UNKNOWN_LANGUAGE
    return {column: row[column] for column in FEATURE_COLUMNS}
