"""What the success model reads from PostgreSQL: the analysts' view `movie_facts` plus the link tables.

Every query is one set-based statement. Names are matched on `lower(name)`, which the migrations index.
"""

import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import numpy as np
import pandas as pd
import pg8000.native

from cinelake.adapters.postgres import database_error, run
from cinelake.domain.feature_columns import Listed, MovieColumns
from cinelake.domain.features import (
    ROLES,
    SERIES,
    TRACK_RECORD_LAG_DAYS,
    BookRole,
    CalendarFilm,
    Filmographies,
    FilmOutcomes,
    MovieInputs,
    PastCredit,
    ReleaseCalendar,
    Role,
    TrackRecordBook,
    name_keys,
    normalize_name,
    outcome_of,
)
from cinelake.domain.series import series_keys
from cinelake.domain.success import DEFAULT_RULE, SuccessRule


@dataclass(frozen=True)
class DataSnapshot:
    """Which data a model saw: enough to tell whether the database has moved on since."""

    movies: int
    newest_loaded_at: datetime | None


@dataclass(frozen=True)
class CatalogMovie:
    """A movie of the catalogue: its pre-release inputs, plus what its label needs."""

    tmdb_id: int
    status: str | None
    revenue: int | None
    fetched_at: datetime
    inputs: MovieInputs


@dataclass(frozen=True)
class CatalogColumns:
    """Every dated movie of the catalogue, column-wise: its pre-release inputs, plus what its label needs."""

    tmdb_id: np.ndarray  # int64, ascending
    status: np.ndarray  # object: str, '' = none
    revenue: np.ndarray  # float64, NaN = unknown
    fetched_day: np.ndarray  # float64: the fetch's UTC date as an ordinal, NaN = unknown
    inputs: MovieColumns

    def __len__(self) -> int:
        return len(self.tmdb_id)

    def subset(self, kept: np.ndarray) -> "CatalogColumns":
        return CatalogColumns(
            self.tmdb_id[kept], self.status[kept], self.revenue[kept], self.fetched_day[kept], self.inputs.subset(kept)
        )


@dataclass(frozen=True)
class MovieFacts:
    """One row of `movie_facts`, for the analysis of what success could mean."""

    tmdb_id: int
    status: str | None
    release_year: int | None
    budget: int | None
    revenue: int | None
    vote_average: float | None
    vote_count: int | None


SNAPSHOT_SQL = "SELECT count(*), max(loaded_at) FROM movie_facts"

FACTS_SQL = """
SELECT tmdb_id, status, release_year, budget, revenue, vote_average, vote_count
FROM movie_facts
ORDER BY tmdb_id
"""

# One row per movie, each list aggregated once per link table and joined in (cast in billing order). The lists'
# orders are CREDITS_IN_ORDER_COPY's too.
CATALOG_QUERY = """
WITH
    genre_lists AS (
        SELECT mg.tmdb_id, array_agg(g.name ORDER BY g.name) AS names
        FROM movie_genres mg JOIN genres g USING (genre_id) GROUP BY mg.tmdb_id),
    country_lists AS (
        SELECT tmdb_id, array_agg(iso_3166_1 ORDER BY iso_3166_1) AS names
        FROM movie_countries GROUP BY tmdb_id),
    company_lists AS (
        SELECT mc.tmdb_id, array_agg(c.name ORDER BY c.name, c.company_id) AS names
        FROM movie_companies mc JOIN companies c USING (company_id) GROUP BY mc.tmdb_id),
    cast_lists AS (
        SELECT mc.tmdb_id, array_agg(p.name ORDER BY mc.cast_order, mc.credit_id) AS names
        FROM movie_cast mc JOIN people p USING (person_id) GROUP BY mc.tmdb_id),
    director_lists AS (
        SELECT mc.tmdb_id, array_agg(p.name ORDER BY mc.credit_id) AS names
        FROM movie_crew mc JOIN people p USING (person_id) WHERE mc.job = 'Director' GROUP BY mc.tmdb_id),
    keyword_lists AS (
        SELECT mk.tmdb_id, array_agg(k.name ORDER BY k.name) AS names
        FROM movie_keywords mk JOIN keywords k USING (keyword_id) GROUP BY mk.tmdb_id)
SELECT
    f.tmdb_id, f.status, f.fetched_at, f.title, m.collection_id, f.release_date, f.budget, f.revenue, f.runtime,
    f.original_language, g.names, co.names, cm.names, ca.names, d.names, k.names
FROM movie_facts f
    JOIN movies m USING (tmdb_id)
    LEFT JOIN genre_lists g USING (tmdb_id)
    LEFT JOIN country_lists co USING (tmdb_id)
    LEFT JOIN company_lists cm USING (tmdb_id)
    LEFT JOIN cast_lists ca USING (tmdb_id)
    LEFT JOIN director_lists d USING (tmdb_id)
    LEFT JOIN keyword_lists k USING (tmdb_id)
"""
CATALOG_SQL = CATALOG_QUERY + "ORDER BY f.tmdb_id\n"
# The planner carries the id through the USING joins into each list, so only that movie's links are read.
CATALOG_MOVIE_SQL = CATALOG_QUERY + "WHERE f.tmdb_id = :tmdb_id\n"

# Every dated credit of every role, or only those of the given names (NULL array = no filter), released before a
# day (NULL = no limit). The four roles share one statement, so training and serving see the same credits. With
# :series, every dated film also comes back once as 'series', named by its title and collection: Python files it
# under its series keys (domain.series), which SQL cannot compute.
PAST_CREDITS_SQL = """
WITH credits (role, name, tmdb_id) AS (
    SELECT 'director', p.name, c.tmdb_id
    FROM movie_crew c JOIN people p USING (person_id)
    WHERE c.job = 'Director'
      AND (CAST(:directors AS text[]) IS NULL OR lower(btrim(p.name)) = ANY(CAST(:directors AS text[])))
    UNION ALL
    SELECT 'cast', p.name, c.tmdb_id
    FROM movie_cast c JOIN people p USING (person_id)
    WHERE CAST(:cast_names AS text[]) IS NULL OR lower(btrim(p.name)) = ANY(CAST(:cast_names AS text[]))
    UNION ALL
    SELECT 'company', co.name, mc.tmdb_id
    FROM movie_companies mc JOIN companies co USING (company_id)
    WHERE CAST(:companies AS text[]) IS NULL OR lower(btrim(co.name)) = ANY(CAST(:companies AS text[]))
    UNION ALL
    SELECT 'keyword', k.name, mk.tmdb_id
    FROM movie_keywords mk JOIN keywords k USING (keyword_id)
    WHERE CAST(:keywords AS text[]) IS NULL OR lower(btrim(k.name)) = ANY(CAST(:keywords AS text[]))
    UNION ALL
    SELECT 'series', m.title, m.tmdb_id
    FROM movies m
    WHERE CAST(:series AS boolean)
)
SELECT c.role, c.name, f.tmdb_id, f.release_date, f.status, f.budget, f.revenue, f.fetched_at, m.collection_id
FROM credits c JOIN movie_facts f USING (tmdb_id) JOIN movies m USING (tmdb_id)
WHERE f.release_date IS NOT NULL
  AND (CAST(:before AS date) IS NULL OR f.release_date < CAST(:before AS date))
ORDER BY c.role, c.name, f.release_date, f.tmdb_id
"""

# The release calendar: every dated film's day, budget and genres (all announced before the release).
CALENDAR_SQL = """
SELECT f.release_date, f.title, f.budget, g.names
FROM movie_facts f
    LEFT JOIN (
        SELECT mg.tmdb_id, array_agg(g.name ORDER BY g.name) AS names
        FROM movie_genres mg JOIN genres g USING (genre_id) GROUP BY mg.tmdb_id
    ) g USING (tmdb_id)
WHERE f.release_date IS NOT NULL
ORDER BY f.release_date, f.tmdb_id
"""

# The whole book and training's catalogue, read column-wise: COPY ... TO STDOUT as CSV, parsed by pandas into arrays,
# so that no Python object is made per credit (at 1.2 million movies there are some 20 million). Dates come as
# ordinals (date.toordinal()), the fetch time as its UTC date's, which is what `run_over` compares.
DATED_FILMS_COPY = """
COPY (
    SELECT f.tmdb_id, f.release_date - DATE '0001-01-01' + 1, f.status, f.budget, f.revenue,
           (f.fetched_at AT TIME ZONE 'UTC')::date - DATE '0001-01-01' + 1, f.title, m.collection_id, f.runtime,
           f.original_language
    FROM movie_facts f JOIN movies m USING (tmdb_id)
    WHERE f.release_date IS NOT NULL
    ORDER BY f.tmdb_id
) TO STDOUT WITH (FORMAT csv)
"""
DATED_FILM_COLUMNS = (
    "tmdb_id",
    "day",
    "status",
    "budget",
    "revenue",
    "fetched_day",
    "title",
    "collection_id",
    "runtime",
    "language",
)
DATED_FILM_TYPES = {"tmdb_id": np.int64, "day": np.int32, "status": str, "title": str, "language": str}
DATED_FILM_NUMBERS = ("budget", "revenue", "fetched_day", "collection_id", "runtime")  # NaN for NULL
# Per role: the names (an id and its name), then the credits (a film and a name's id). pg8000 handles each row of a
# COPY in Python, some 3 µs a row, and at 1.2 M movies there are 3 million people and 20 million credits. So the server
# packs the rows of 1,024 consecutive ids into one, each column as one list (`PACKED_SEPARATOR` between names, which
# no name keeps), and the client splits them in C: the cast's credits read in 2.7 s instead of 7.7 s.
PACKED_SEPARATOR = "\x1f"  # ASCII's unit separator


def packed_copy(pairs_sql: str, text_values: bool = False) -> str:
    """COPY of `pairs_sql`'s (id, value) pairs, 1,024 consecutive ids a row: the ids space-separated, then the values
    in the same order (two aggregates of one group read its rows in one order)."""
    values = f"replace(value, E'{PACKED_SEPARATOR}', ' '), E'{PACKED_SEPARATOR}'" if text_values else "value::text, ' '"
    return f"""COPY (SELECT string_agg(id::text, ' '), string_agg({values})
        FROM ({pairs_sql}) AS pairs (id, value) GROUP BY id >> 10) TO STDOUT WITH (FORMAT csv)"""


PEOPLE_COPY = packed_copy("SELECT person_id, name FROM people", text_values=True)
NAMES_COPY: dict[Role, str] = {
    "director": PEOPLE_COPY,
    "cast": PEOPLE_COPY,
    "company": packed_copy("SELECT company_id, name FROM companies", text_values=True),
    "keyword": packed_copy("SELECT keyword_id, name FROM keywords", text_values=True),
}
CREDITS_COPY: dict[Role, str] = {
    "director": packed_copy("SELECT tmdb_id, person_id FROM movie_crew WHERE job = 'Director'"),
    "cast": packed_copy("SELECT tmdb_id, person_id FROM movie_cast"),
    "company": packed_copy("SELECT tmdb_id, company_id FROM movie_companies"),
    "keyword": packed_copy("SELECT tmdb_id, keyword_id FROM movie_keywords"),
}
PACKED_COLUMNS = ("ids", "values")
PACKED_TYPES = {"ids": str, "values": str}
# Per list, its (movie, value) pairs.
LISTS_COPY = {
    "genres": packed_copy(
        "SELECT mg.tmdb_id, g.name FROM movie_genres mg JOIN genres g USING (genre_id)", text_values=True
    ),
    "countries": packed_copy("SELECT tmdb_id, iso_3166_1 FROM movie_countries", text_values=True),
}
# The same credits for training: each movie's in the order CATALOG_QUERY lists them, movies ascending (the order its
# rows pool the track records in, so that they are the same to the last bit), one row a movie: pg8000 handles each
# row of a COPY in Python, and there are 20 million credits at 1.2 M movies. The API's book keeps CREDITS_COPY: at
# 1.2 M movies its whole build took 58 s with those and 66 s with these (the server sorts), one run each, load 3-4.5.
CREDITS_IN_ORDER_COPY: dict[Role, str] = {
    "director": """COPY (SELECT tmdb_id, string_agg(person_id::text, ' ' ORDER BY credit_id)
        FROM movie_crew WHERE job = 'Director' GROUP BY tmdb_id ORDER BY tmdb_id) TO STDOUT WITH (FORMAT csv)""",
    "cast": """COPY (SELECT tmdb_id, string_agg(person_id::text, ' ' ORDER BY cast_order, credit_id)
        FROM movie_cast GROUP BY tmdb_id ORDER BY tmdb_id) TO STDOUT WITH (FORMAT csv)""",
    "company": """COPY (SELECT mc.tmdb_id, string_agg(mc.company_id::text, ' ' ORDER BY c.name, c.company_id)
        FROM movie_companies mc JOIN companies c USING (company_id) GROUP BY mc.tmdb_id ORDER BY mc.tmdb_id)
        TO STDOUT WITH (FORMAT csv)""",
    "keyword": """COPY (SELECT mk.tmdb_id, string_agg(mk.keyword_id::text, ' ' ORDER BY k.name)
        FROM movie_keywords mk JOIN keywords k USING (keyword_id) GROUP BY mk.tmdb_id ORDER BY mk.tmdb_id)
        TO STDOUT WITH (FORMAT csv)""",
}

ROLE_PARAMETERS: dict[Role, str] = {
    "director": "directors",
    "cast": "cast_names",
    "company": "companies",
    "keyword": "keywords",
}


class ModelData:
    """Reads training data and track records; never writes."""

    def __init__(self, conn: pg8000.native.Connection) -> None:
        self.conn = conn

    def snapshot(self) -> DataSnapshot:
        movies, newest = self._run(SNAPSHOT_SQL)[0]
        return DataSnapshot(movies=movies, newest_loaded_at=newest)

    def movie_facts(self) -> list[MovieFacts]:
        return [MovieFacts(*row) for row in self._run(FACTS_SQL)]

    def catalog_movies(self) -> list[CatalogMovie]:
        return [catalog_movie_from(row) for row in self._run(CATALOG_SQL)]

    def catalog_movie(self, tmdb_id: int) -> CatalogMovie | None:
        """One movie of the catalogue, as `catalog_movies` reads it, or None if the database does not hold it."""
        rows = self._run(CATALOG_MOVIE_SQL, tmdb_id=tmdb_id)
        return catalog_movie_from(rows[0]) if rows else None

    def past_credits(
        self,
        names: Mapping[Role, Sequence[str]] | None = None,
        before: date | None = None,
        series: Sequence[str] | None = None,
    ) -> list[PastCredit]:
        """Credits of films released strictly before `before`: of the given names by role and the given series keys,
        or, with neither, of everyone and every series.

        With `names`, a role missing from it gets no credits (not all of them), and series only those in `series`.
        """
        params: dict[str, object] = {"before": before, "series": names is None or bool(series)}
        for role in ROLES:
            if names is None:
                params[ROLE_PARAMETERS[role]] = None
            else:
                params[ROLE_PARAMETERS[role]] = sorted({normalize_name(n) for n in names.get(role, ())})
        wanted = None if names is None else set(series or ())
        credits = []
        for role, name, tmdb_id, released, status, budget, revenue, fetched_at, collection_id in self._run(
            PAST_CREDITS_SQL, **params
        ):
            keys = series_keys(name, collection_id) if role == SERIES else (name,)
            for key in keys:
                if role != SERIES or wanted is None or key in wanted:
                    credits.append(PastCredit(role, key, tmdb_id, released, status, budget, revenue, fetched_at))
        return credits

    def release_calendar(self) -> list[CalendarFilm]:
        return [
            CalendarFilm(day, title, budget, tuple(genres or ()))
            for day, title, budget, genres in self._run(CALENDAR_SQL)
        ]

    def track_record_book(
        self, rule: SuccessRule = DEFAULT_RULE, lag_days: int = TRACK_RECORD_LAG_DAYS, running_totals: bool = True
    ) -> TrackRecordBook:
        """Everything the features know about other films: every credit, every series and the release calendar.

        Read column-wise (`DATED_FILMS_COPY`, `NAMES_COPY`, `CREDITS_COPY`): the same book as
        `TrackRecordBook.of_credits(self.past_credits(), ...)`, in a fraction of the memory. `running_totals`: see
        `Filmographies` (training keeps them; the API does not)."""
        return self._book(_Reads(self, for_training=False), rule, lag_days, running_totals)

    def training_data(
        self, rule: SuccessRule = DEFAULT_RULE, lag_days: int = TRACK_RECORD_LAG_DAYS
    ) -> tuple[TrackRecordBook, CatalogColumns]:
        """The book (with running totals) and every dated movie of the catalogue, column-wise, from one read of each
        table: the credits, read in each movie's order, serve both. A Python object per movie and name took most of
        training's time at 213,000 movies."""
        reads = _Reads(self, for_training=True)
        book = self._book(reads, rule, lag_days, running_totals=True)
        films = reads.films()
        tmdb_ids = films["tmdb_id"].to_numpy()
        lists = {name: _listed(reads.pairs(sql), tmdb_ids) for name, sql in LISTS_COPY.items()}
        credits = {}
        for role in ROLES:
            credits[role] = _listed(reads.credits(role), tmdb_ids, lambda ids, role=role: reads.name_keys(role, ids))
            del reads.frames[CREDITS_IN_ORDER_COPY[role]]  # read for the last time: at 1.2 M movies, 16 bytes a credit
        inputs = MovieColumns(
            title=films["title"].to_numpy(dtype=object),
            collection_id=films["collection_id"].to_numpy(),
            budget=films["budget"].to_numpy(),
            runtime=films["runtime"].to_numpy(),
            release_day=films["day"].to_numpy().astype(np.int64),
            original_language=films["language"].to_numpy(dtype=object),
            genres=lists["genres"],
            countries=lists["countries"],
            companies=credits["company"],
            cast=credits["cast"],
            directors=credits["director"],
            keywords=credits["keyword"],
        )
        catalog = CatalogColumns(
            tmdb_id=tmdb_ids,
            status=films["status"].to_numpy(dtype=object),
            revenue=films["revenue"].to_numpy(),
            fetched_day=films["fetched_day"].to_numpy(),
            inputs=inputs,
        )
        return book, catalog

    def _book(self, reads: "_Reads", rule: SuccessRule, lag_days: int, running_totals: bool) -> TrackRecordBook:
        films = reads.films()
        tmdb_ids = films["tmdb_id"].to_numpy()
        table = FilmOutcomes.of(tmdb_ids, _film_outcomes(films, rule))
        filmographies: dict[BookRole, Filmographies] = {}
        for role in ROLES:
            credits = reads.credits(role)
            positions = table.position_of(credits["tmdb_id"].to_numpy())
            dated = positions >= 0  # films with no release date are in no track record
            keys = reads.name_keys(role, credits["value"].to_numpy()[dated])
            filmographies[role] = Filmographies(keys, positions[dated], table, running_totals)
            del credits
        series_films, series_names = [], []
        for tmdb_id, title, collection in zip(
            tmdb_ids.tolist(), films["title"], films["collection_id"].tolist(), strict=True
        ):
            for key in series_keys(title or None, None if collection != collection else int(collection)):
                series_films.append(tmdb_id)
                series_names.append(normalize_name(key))
        series_positions = table.position_of(np.array(series_films, dtype=np.int64))
        filmographies[SERIES] = Filmographies(name_keys(series_names), series_positions, table, running_totals)
        genres = _listed(reads.pairs(LISTS_COPY["genres"]), tmdb_ids)
        names: list[list[str]] = [[] for _ in range(len(tmdb_ids))]  # each film's genres
        for movie, name in zip(genres.movie.tolist(), genres.value.tolist(), strict=True):
            names[movie].append(name)
        del genres
        calendar = ReleaseCalendar(
            (
                CalendarFilm(
                    date.fromordinal(day),
                    title or None,
                    None if budget != budget else int(budget),  # NaN: unknown
                    tuple(named),
                )
                for day, title, budget, named in zip(
                    films["day"].tolist(), films["title"], films["budget"].tolist(), names, strict=True
                )
            ),
            rule,
        )
        return TrackRecordBook(filmographies, calendar, lag_days)

    def _copy_frame(
        self, sql: str, columns: Sequence[str], dtypes: Mapping[str, object], numbers: Sequence[str] = ()
    ) -> pd.DataFrame:
        """A COPY ... TO STDOUT WITH (FORMAT csv) as a frame: text as given ('' for NULL), `numbers` as float64 with
        NaN for NULL, the rest as `dtypes` says."""
        with tempfile.TemporaryFile() as buffer:
            try:
                self.conn.run(sql, stream=buffer)
            except pg8000.native.DatabaseError as error:
                raise database_error(error, "the model's query") from error
            buffer.seek(0)
            return pd.read_csv(
                buffer,
                header=None,
                names=list(columns),
                dtype={**dtypes, **{name: np.float64 for name in numbers}},
                keep_default_na=False,
                na_values={name: [""] for name in numbers},
            )

    def _run(self, sql: str, **params) -> list:
        return run(self.conn, sql, "the model's query", **params)


def _listed(
    pairs: pd.DataFrame, tmdb_ids: np.ndarray, values: Callable[[np.ndarray], np.ndarray] = np.asarray
) -> Listed:
    """(tmdb_id, value) pairs, movies ascending, as a `Listed` over the sorted `tmdb_ids` (the pairs of undated movies
    left out), each value mapped by `values`."""
    ids = pairs["tmdb_id"].to_numpy()
    movie = np.minimum(np.searchsorted(tmdb_ids, ids), max(len(tmdb_ids) - 1, 0))
    dated = tmdb_ids[movie] == ids if len(tmdb_ids) else np.zeros(len(ids), dtype=bool)
    return Listed(movie[dated], values(pairs["value"].to_numpy()[dated]))


class _Reads:
    """COPY reads for a book. For training (`for_training`), the credits are read in each movie's order and every read
    is kept, so that each table is read once for the book and the rows; for the API's book, each is dropped once
    used."""

    def __init__(self, data: ModelData, for_training: bool) -> None:
        self.data = data
        self.keep = for_training
        self.frames: dict[str, pd.DataFrame] = {}
        self.names: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # per NAMES_COPY: ids (sorted), their name keys

    def films(self) -> pd.DataFrame:
        """Every dated film (`DATED_FILMS_COPY`): the whole book reads it, so it is always kept."""
        if DATED_FILMS_COPY not in self.frames:
            self.frames[DATED_FILMS_COPY] = self.data._copy_frame(
                DATED_FILMS_COPY, DATED_FILM_COLUMNS, DATED_FILM_TYPES, DATED_FILM_NUMBERS
            )
        return self.frames[DATED_FILMS_COPY]

    def pairs(self, sql: str) -> pd.DataFrame:
        """A list's (tmdb_id, value) pairs (`LISTS_COPY`)."""
        if sql in self.frames:
            return self.frames[sql]
        packed = self.data._copy_frame(sql, PACKED_COLUMNS, PACKED_TYPES)
        movies = _numbers(packed["ids"])
        order = np.argsort(movies, kind="stable")  # movies ascending, as `_listed` reads them
        frame = pd.DataFrame({"tmdb_id": movies[order], "value": _texts(packed["values"])[order]})
        if self.keep:
            self.frames[sql] = frame
        return frame

    def credits(self, role: Role) -> pd.DataFrame:
        """A role's credits as (tmdb_id, value) pairs: for training each movie's in its order
        (`CREDITS_IN_ORDER_COPY`), else in any order (`CREDITS_COPY`)."""
        if not self.keep:
            packed = self.data._copy_frame(CREDITS_COPY[role], PACKED_COLUMNS, PACKED_TYPES)
            return pd.DataFrame({"tmdb_id": _numbers(packed["ids"]), "value": _numbers(packed["values"])})
        sql = CREDITS_IN_ORDER_COPY[role]
        if sql in self.frames:
            return self.frames[sql]
        per_movie = self.data._copy_frame(sql, ("tmdb_id", "ids"), {"tmdb_id": np.int64, "ids": str})
        counts = per_movie["ids"].str.count(" ").to_numpy() + 1
        ids = _numbers(per_movie["ids"])
        self.frames[sql] = pd.DataFrame({"tmdb_id": np.repeat(per_movie["tmdb_id"].to_numpy(), counts), "value": ids})
        return self.frames[sql]

    def name_keys(self, role: Role, ids: np.ndarray) -> np.ndarray:
        """The name key (`name_key(normalize_name(name))`) of each id of a role's names (people, companies or
        keywords), each table read once (directors and cast share the people)."""
        if NAMES_COPY[role] not in self.names:
            packed = self.data._copy_frame(NAMES_COPY[role], PACKED_COLUMNS, PACKED_TYPES)
            name_ids = _numbers(packed["ids"])
            normalized = pd.Series(_texts(packed["values"])).str.strip().str.lower()  # normalize_name, one by one
            order = np.argsort(name_ids)
            self.names[NAMES_COPY[role]] = (name_ids[order], name_keys(normalized.to_numpy())[order])
        known_ids, keys = self.names[NAMES_COPY[role]]
        return keys[np.searchsorted(known_ids, ids)]


def _numbers(lists: pd.Series) -> np.ndarray:
    """The integers of a column of space-separated lists, in order, parsed in C."""
    return np.fromstring(" ".join(lists.tolist()), dtype=np.int64, sep=" ")


def _texts(lists: pd.Series) -> np.ndarray:
    """The texts of a column of `PACKED_SEPARATOR`-separated lists, in order."""
    texts = PACKED_SEPARATOR.join(lists.tolist()).split(PACKED_SEPARATOR) if len(lists) else []
    return np.array(texts, dtype=object)


def _film_outcomes(films: pd.DataFrame, rule: SuccessRule) -> Iterator:
    """Each dated film's outcome, by the success rule itself (one call per film: the rule lives in one place)."""
    for day, status, budget, revenue, fetched_day in zip(
        films["day"].tolist(),
        films["status"].tolist(),
        films["budget"].tolist(),
        films["revenue"].tolist(),
        films["fetched_day"].tolist(),
        strict=True,
    ):
        yield outcome_of(
            date.fromordinal(day),
            status or None,
            None if budget != budget else int(budget),  # NaN: unknown
            None if revenue != revenue else int(revenue),
            None if fetched_day != fetched_day else date.fromordinal(int(fetched_day)),
            rule,
        )


def catalog_movie_from(row: list) -> CatalogMovie:
    tmdb_id, status, fetched_at, title, collection_id, released, budget, revenue, runtime, language, *lists = row
    genres, countries, companies, cast, directors, keywords = (tuple(values or ()) for values in lists)
    inputs = MovieInputs(
        title=title,
        collection_id=collection_id,
        budget=budget,
        runtime=runtime,
        release_date=released,
        genres=genres,
        original_language=language,
        production_countries=countries,
        production_companies=companies,
        cast=cast,
        directors=directors,
        keywords=keywords,
    )
    return CatalogMovie(tmdb_id=tmdb_id, status=status, revenue=revenue, fetched_at=fetched_at, inputs=inputs)
