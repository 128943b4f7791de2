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


# Per NAMES_COPY statement: its ids, sorted, and each one's name key
NameKeys = dict[str, tuple[np.ndarray, np.ndarray]]


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

# The whole book, read column-wise: COPY ... TO STDOUT as CSV, parsed by pandas into arrays, so that no Python object
# is made per credit (at 1.2 million movies there are some 20 million). Dates come as ordinals (date.toordinal()), the
# fetch time as its UTC date's, which is what `run_over` compares.
DATED_FILMS_COPY = """
COPY (
    SELECT f.tmdb_id, f.release_date - DATE '0001-01-01' + 1, f.status, f.budget, f.revenue,
           (f.fetched_at AT TIME ZONE 'UTC')::date - DATE '0001-01-01' + 1, f.title, m.collection_id
    FROM movie_facts f JOIN movies m USING (tmdb_id)
    WHERE f.release_date IS NOT NULL
) TO STDOUT WITH (FORMAT csv)
"""
DATED_FILM_COLUMNS = ("tmdb_id", "day", "status", "budget", "revenue", "fetched_day", "title", "collection_id")
FILM_GENRES_COPY = """
COPY (SELECT mg.tmdb_id, g.name FROM movie_genres mg JOIN genres g USING (genre_id)) TO STDOUT WITH (FORMAT csv)
"""
# Per role: the names (an id and its name), then the credits (a film and a name's id).
NAMES_COPY: dict[Role, str] = {
    "director": "COPY (SELECT person_id, name FROM people) TO STDOUT WITH (FORMAT csv)",
    "cast": "COPY (SELECT person_id, name FROM people) TO STDOUT WITH (FORMAT csv)",
    "company": "COPY (SELECT company_id, name FROM companies) TO STDOUT WITH (FORMAT csv)",
    "keyword": "COPY (SELECT keyword_id, name FROM keywords) TO STDOUT WITH (FORMAT csv)",
}
CREDITS_COPY: dict[Role, str] = {
    "director": "COPY (SELECT tmdb_id, person_id FROM movie_crew WHERE job = 'Director') TO STDOUT WITH (FORMAT csv)",
    "cast": "COPY (SELECT tmdb_id, person_id FROM movie_cast) TO STDOUT WITH (FORMAT csv)",
    "company": "COPY (SELECT tmdb_id, company_id FROM movie_companies) TO STDOUT WITH (FORMAT csv)",
    "keyword": "COPY (SELECT tmdb_id, keyword_id FROM movie_keywords) TO STDOUT WITH (FORMAT csv)",
}
# The dated catalogue column-wise, for training's rows (`catalog_columns`): one row per movie, then per list its
# (movie, value) pairs, movies ascending and each movie's list in CATALOG_QUERY's order (the order the track records
# are pooled in, so the rows are the same to the last bit).
CATALOG_COLUMNS_COPY = """
COPY (
    SELECT f.tmdb_id, f.status, (f.fetched_at AT TIME ZONE 'UTC')::date - DATE '0001-01-01' + 1, f.title,
           m.collection_id, f.release_date - DATE '0001-01-01' + 1, f.budget, f.revenue, f.runtime, f.original_language
    FROM movie_facts f JOIN movies m USING (tmdb_id)
    WHERE f.release_date IS NOT NULL
    ORDER BY f.tmdb_id
) TO STDOUT WITH (FORMAT csv)
"""
CATALOG_COLUMNS = (
    "tmdb_id",
    "status",
    "fetched_day",
    "title",
    "collection_id",
    "day",
    "budget",
    "revenue",
    "runtime",
    "language",
)
LISTS_COPY = {
    "genres": """COPY (SELECT mg.tmdb_id, g.name FROM movie_genres mg JOIN genres g USING (genre_id)
        ORDER BY mg.tmdb_id) TO STDOUT WITH (FORMAT csv)""",
    "countries": "COPY (SELECT tmdb_id, iso_3166_1 FROM movie_countries ORDER BY tmdb_id) TO STDOUT WITH (FORMAT csv)",
}
CREDITS_IN_ORDER_COPY: dict[Role, str] = {
    "director": """COPY (SELECT tmdb_id, person_id FROM movie_crew WHERE job = 'Director'
        ORDER BY tmdb_id, credit_id) TO STDOUT WITH (FORMAT csv)""",
    "cast": """COPY (SELECT tmdb_id, person_id FROM movie_cast
        ORDER BY tmdb_id, cast_order, credit_id) TO STDOUT WITH (FORMAT csv)""",
    "company": """COPY (SELECT mc.tmdb_id, mc.company_id FROM movie_companies mc JOIN companies c USING (company_id)
        ORDER BY mc.tmdb_id, c.name, c.company_id) TO STDOUT WITH (FORMAT csv)""",
    "keyword": """COPY (SELECT mk.tmdb_id, mk.keyword_id FROM movie_keywords mk JOIN keywords k USING (keyword_id)
        ORDER BY mk.tmdb_id, k.name) TO STDOUT WITH (FORMAT csv)""",
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

    def catalog_columns(self, names: NameKeys | None = None) -> CatalogColumns:
        """Every movie with a release date, as `catalog_movies` reads them (tmdb_id order), column-wise: a Python
        object per movie and name took most of training's time at 213,000 movies. `names`: the name keys
        `track_record_book` read, if it was given the same dict (else they are read again)."""
        movies = self._copy_frame(
            CATALOG_COLUMNS_COPY,
            CATALOG_COLUMNS,
            {"tmdb_id": np.int64, "status": str, "day": np.int64, "title": str, "language": str},
            numbers=("fetched_day", "collection_id", "budget", "revenue", "runtime"),
        )
        tmdb_ids = movies["tmdb_id"].to_numpy()
        lists = {
            name: self._listed(sql, tmdb_ids, lambda values: values.astype(object)) for name, sql in LISTS_COPY.items()
        }
        names = {} if names is None else names
        credits = {
            role: self._listed(sql, tmdb_ids, lambda ids, role=role: self._name_keys(role, names, ids))
            for role, sql in CREDITS_IN_ORDER_COPY.items()
        }
        inputs = MovieColumns(
            title=movies["title"].to_numpy(dtype=object),
            collection_id=movies["collection_id"].to_numpy(),
            budget=movies["budget"].to_numpy(),
            runtime=movies["runtime"].to_numpy(),
            release_day=movies["day"].to_numpy(),
            original_language=movies["language"].to_numpy(dtype=object),
            genres=lists["genres"],
            countries=lists["countries"],
            companies=credits["company"],
            cast=credits["cast"],
            directors=credits["director"],
            keywords=credits["keyword"],
        )
        return CatalogColumns(
            tmdb_id=tmdb_ids,
            status=movies["status"].to_numpy(dtype=object),
            revenue=movies["revenue"].to_numpy(),
            fetched_day=movies["fetched_day"].to_numpy(),
            inputs=inputs,
        )

    def _listed(self, sql: str, tmdb_ids: np.ndarray, values: Callable[[np.ndarray], np.ndarray]) -> Listed:
        """A COPY of (tmdb_id, value) pairs as a `Listed` over the sorted `tmdb_ids` (pairs of other movies, the
        undated ones, left out), each value mapped by `values`."""
        pairs = self._copy_frame(sql, ("tmdb_id", "value"), {"tmdb_id": np.int64})
        movie = np.minimum(np.searchsorted(tmdb_ids, pairs["tmdb_id"].to_numpy()), max(len(tmdb_ids) - 1, 0))
        dated = tmdb_ids[movie] == pairs["tmdb_id"].to_numpy() if len(tmdb_ids) else np.zeros(len(pairs), bool)
        return Listed(movie[dated], values(pairs["value"].to_numpy()[dated]))

    def _name_keys(self, role: Role, names: NameKeys, ids: np.ndarray) -> np.ndarray:
        """The name key (`name_key(normalize_name(name))`) of each id of a role's names (people, companies or
        keywords), read once into `names` for every role that shares the table."""
        if NAMES_COPY[role] not in names:
            table = self._copy_frame(NAMES_COPY[role], ("id", "name"), {"id": np.int64, "name": str})
            normalized = table["name"].str.strip().str.lower()  # normalize_name, element by element
            order = np.argsort(table["id"].to_numpy())
            names[NAMES_COPY[role]] = (table["id"].to_numpy()[order], name_keys(normalized.to_numpy())[order])
        known_ids, keys = names[NAMES_COPY[role]]
        return keys[np.searchsorted(known_ids, ids)]

    def release_calendar(self) -> list[CalendarFilm]:
        return [
            CalendarFilm(day, title, budget, tuple(genres or ()))
            for day, title, budget, genres in self._run(CALENDAR_SQL)
        ]

    def track_record_book(
        self,
        rule: SuccessRule = DEFAULT_RULE,
        lag_days: int = TRACK_RECORD_LAG_DAYS,
        running_totals: bool = True,
        names: NameKeys | None = None,
    ) -> TrackRecordBook:
        """Everything the features know about other films: every credit, every series and the release calendar.

        Read column-wise (`DATED_FILMS_COPY`, `NAMES_COPY`, `CREDITS_COPY`): the same book as
        `TrackRecordBook.of_credits(self.past_credits(), ...)`, in a fraction of the memory. `running_totals`: see
        `Filmographies` (training keeps them; the API does not). `names`: a dict to keep the names' keys in, for
        `catalog_columns` (none: they are dropped once the book is built)."""
        films = self._copy_frame(
            DATED_FILMS_COPY,
            DATED_FILM_COLUMNS,
            {"tmdb_id": np.int64, "day": np.int32, "status": str, "title": str},
            numbers=("budget", "revenue", "fetched_day", "collection_id"),
        )
        table = FilmOutcomes.of(films["tmdb_id"].to_numpy(), _film_outcomes(films, rule))
        filmographies: dict[BookRole, Filmographies] = {}
        names_by_query: NameKeys = {} if names is None else names  # directors and cast share the people
        for role in ROLES:
            credits = self._copy_frame(CREDITS_COPY[role], ("tmdb_id", "id"), {"tmdb_id": np.int64, "id": np.int64})
            positions = table.position_of(credits["tmdb_id"].to_numpy())
            dated = positions >= 0  # films with no release date are in no track record
            keys = self._name_keys(role, names_by_query, credits["id"].to_numpy()[dated])
            filmographies[role] = Filmographies(keys, positions[dated], table, running_totals)
            del credits
        if names is None:
            names_by_query.clear()
        series_films, series_names = [], []
        for tmdb_id, title, collection in zip(
            films["tmdb_id"].tolist(), films["title"], films["collection_id"], strict=True
        ):
            for key in series_keys(title or None, None if np.isnan(collection) else int(collection)):
                series_films.append(tmdb_id)
                series_names.append(normalize_name(key))
        series_positions = table.position_of(np.array(series_films, dtype=np.int64))
        filmographies[SERIES] = Filmographies(name_keys(series_names), series_positions, table, running_totals)
        genre_pairs = self._copy_frame(FILM_GENRES_COPY, ("tmdb_id", "name"), {"tmdb_id": np.int64, "name": str})
        genres = genre_pairs.groupby("tmdb_id")["name"].agg(tuple).reindex(films["tmdb_id"].to_numpy())
        del genre_pairs
        calendar = ReleaseCalendar(
            (
                CalendarFilm(
                    date.fromordinal(day),
                    title or None,
                    None if budget != budget else int(budget),  # NaN: unknown
                    () if isinstance(named, float) else named,  # NaN: no genre
                )
                for day, title, budget, named in zip(
                    films["day"].tolist(), films["title"], films["budget"].tolist(), genres.tolist(), strict=True
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
