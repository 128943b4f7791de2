"""The pre-aggregations (migrations 0007, 0009 and 0015) give the same answers as the base tables, and only while they
are fresh."""

from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from datetime import UTC, datetime

import pg8000.native
import pytest
from sqlglot import exp

from cinelake.adapters.ask_db import ReadOnlyQueries
from cinelake.adapters.ask_names import load_name_index
from cinelake.adapters.migrations import shipped_migrations_dir
from cinelake.adapters.postgres import MovieRepository, connect
from cinelake.ask.guard import guard_sql
from cinelake.ask.preaggregates import build_sql_fitting, in_spread_order, preaggregated_query
from cinelake.ask.sql import build_sql
from cinelake.domain.lake import LoadBatch
from cinelake.domain.movie import TmdbMovie
from cinelake.errors import CineLakeError
from cinelake.services.ask import AskEngine

pytestmark = pytest.mark.integration

# Each fits a pre-aggregation: films per person, company, keyword and genre; per genre, year, decade and language
# statistics, with year, language and one-genre filters; counts and averages without a grouping; per director, actor and
# company, a measure's total, average, minimum or maximum and films in some years or languages (0009), women only,
# at least N films, ranked from the top or the bottom or from the second (a total kept in order by 0015 read from its
# index); films per country, of one genre or any.
FITTING_QUESTIONS = (
    "Which director has the most movies?",
    "Top 10 actors by number of movies",
    "Which studio appears on the most movies in the catalogue?",
    "Top 10 keywords by number of movies",
    "Top 5 genres by number of movies",
    "Número de películas por género",
    "Average revenue by genre",
    "Top 5 géneros por popularidad",
    "Which genre has the highest average revenue?",
    "Average rating by genre since 2010",
    "Number of movies per year since 2000",
    "Presupuesto medio por año desde 1990",
    "Average rating per year since 2010",
    "Número de películas por década",
    "Number of horror movies per year",
    "Top 5 languages by number of movies",
    "How many comedies were released in 2015?",
    "¿Cuántas películas de terror no se estrenaron en los años 90?",
    "Which directors have made the most movies outside the 2000s?",
    "What is the average runtime of animation movies?",
    "Average budget of movies from 2019",
    "¿Qué director suma más taquilla con sus películas?",
    "Which four directors have made the most movies since 2000?",
    "¿Qué productora acumula más ingresos?",
    "Which 3 companies made the most money in 2023?",
    "Which director has the highest average rating?",
    "Which actors have the highest average revenue?",
    "Top 10 actresses by number of movies since 2010",
    "Which company has the lowest average budget?",
    "Which director has the highest average box office since 1990?",
    "Which French director has made the most films?",
    "Which directors made the most non-English films since 2000?",
    "Which director has the second highest total revenue?",
    "Top 5 actors by total revenue",
    "Top 5 companies by total revenue",
    "Which director has the lowest total revenue?",
    "Which company has the most popular movies on average?",
    "Top 5 directors by total profit since 2010",
    "Which actor has the lowest average rating?",
    "Directors with at least 10 films ranked by average rating",
    "Which actor has the highest maximum revenue?",
    "Which director has made the most movies since 2015?",
    "Top 10 actors by number of movies since 2010",
    "Which companies produced the most movies in 2019?",
    "Which country has produced the most horror movies?",
    "Which country has produced the most movies?",
    "Top 5 countries by number of comedies in the 2000s",
    "Which country has the most Spanish-language movies?",
    "How many directors have made more than 10 movies?",
    "¿Cuántas actrices tienen al menos 20 películas?",
    "How many countries produced movies in 2019?",
    "How many genres are there?",
)


@pytest.fixture(scope="module")
def catalog(catalog_database_url: str) -> Iterator[pg8000.native.Connection]:
    with closing(connect(catalog_database_url)) as conn:
        yield conn


@pytest.mark.parametrize("question", FITTING_QUESTIONS)
def test_a_fitting_question_gets_the_same_answer_from_the_preaggregations(
    catalog: pg8000.native.Connection, question: str
):
    # GIVEN the real catalogue, its pre-aggregations rebuilt after the load
    queries = ReadOnlyQueries(catalog)
    assert queries.preaggregates_fresh()
    spec = AskEngine(None).parse(question, load_name_index(catalog))
    # WHEN the question's SQL is built on the pre-aggregations and on the base tables
    preaggregated = preaggregated_query(spec)
    assert preaggregated is not None, f"{question!r} ({spec.kind}, {spec.group_by}) fits no pre-aggregation"
    fast = queries.run(guard_sql(preaggregated.sql(dialect="postgres")))
    base = queries.run(guard_sql(build_sql(spec)))
    # THEN both give the same columns and rows, in the same order
    assert fast.columns == base.columns
    assert fast.rows == base.rows
    assert base.rows


def test_a_film_count_ranking_is_ordered_as_its_index_is(catalog: pg8000.native.Connection):
    # GIVEN the actor with the most films, answered from film_counts
    spec = AskEngine(None).parse("Which actor appears in the most movies?", load_name_index(catalog))
    select = preaggregated_query(spec)
    assert select is not None
    # WHEN its order and migration 0018's index are read
    index = catalog.run("SELECT indexdef FROM pg_indexes WHERE indexname = 'film_counts_rank_idx'")[0][0]
    # THEN both rank DESC NULLS LAST: the index can give the order, so a ranking of 2.4 M actors stops at the top
    assert "ORDER BY fc.movies DESC NULLS LAST" in select.sql(dialect="postgres")
    assert index.endswith("(dimension, movies DESC NULLS LAST)")


# Distributions read migration 0017's sample of a quarter of the movies, whatever they filter on: (question, limit,
# whether the sample holds `limit` of its movies). At 5,000 none is held: the base tables answer in the same statement.
DISTRIBUTIONS = (
    ("Distribution of runtimes", 40, True),  # 3,287 of 13,052 in the sample
    ("Distribución de la duración de las películas de terror", 40, True),  # 481 of 1,913
    ("Distribution of ratings of 2019 movies", 40, True),  # 107 of 430
    ("Histograma de los presupuestos de las películas en francés", 40, True),  # 50 of 172
    ("Distribution of runtimes of Steven Spielberg movies", 40, False),  # 11 of 33
    ("Distribution of the revenue of movies about time travel", 40, False),  # 14 of 56
    ("Distribution of runtimes", 5000, False),
    ("Distribución de la duración de las películas de terror", 5000, False),
)


@pytest.mark.parametrize(("question", "limit", "held"), DISTRIBUTIONS)
def test_a_distribution_gets_the_base_tables_rows_from_the_sample_or_past_it(
    catalog: pg8000.native.Connection, question: str, limit: int, held: bool
):
    # GIVEN the real catalogue with its sample rebuilt, and a distribution limited to `limit` movies
    queries = ReadOnlyQueries(catalog)
    spec = replace(AskEngine(None).parse(question, load_name_index(catalog)), limit=limit)
    assert spec.kind == "distribution"
    sampled = in_spread_order(spec, exp.table_("distribution_sample", alias="f"), exp.column("spread", "f"))
    assert (len(queries.run(sampled.sql(dialect="postgres")).rows) == limit) is held
    # WHEN its SQL is built on the sample and on the base tables
    preaggregated = preaggregated_query(spec)
    assert preaggregated is not None
    fast = queries.run(guard_sql(preaggregated.sql(dialect="postgres"), limit))
    base = queries.run(guard_sql(build_sql(spec), limit))
    # THEN both give the same movies in the same order: the sample's first matches, or the base tables' past it
    assert fast.columns == base.columns
    assert fast.rows == base.rows
    assert len(base.rows) == min(
        limit, len(queries.run(guard_sql(build_sql(replace(spec, limit=20_000)), 20_000)).rows)
    )


@pytest.mark.parametrize(
    "question",
    [
        "Number of Steven Spielberg movies per decade",  # filtered on a director: no pre-aggregation holds that
        "Which director's movies are the longest on average?",  # runtime is not among credit_stats' measures
    ],
)
def test_a_question_that_fits_none_reads_the_base_tables(catalog: pg8000.native.Connection, question: str):
    # GIVEN a question no pre-aggregation holds
    spec = AskEngine(None).parse(question, load_name_index(catalog))
    # WHEN its SQL is built
    # THEN it reads the base tables, fresh or not
    assert preaggregated_query(spec) is None
    assert build_sql_fitting(spec, lambda: True) == build_sql(spec)


def movie_batch(key: str, movies: list[dict]) -> LoadBatch:
    batch = LoadBatch(object_key=key, etag="e1", record_count=len(movies))
    for movie in movies:
        batch.add_movie(TmdbMovie.model_validate(movie), datetime(2026, 12, 5, tzinfo=UTC))
    return batch


def test_a_load_makes_them_stale_until_the_loader_rebuilds_them(db: pg8000.native.Connection, make_movie):
    # GIVEN a database whose pre-aggregations were rebuilt after a load
    repository, queries = MovieRepository(db), ReadOnlyQueries(db)
    repository.load_object(movie_batch("raw/1", [make_movie(1, release_date="2015-05-01")]))
    assert repository.refresh_preaggregates()
    assert queries.preaggregates_fresh()
    assert not repository.refresh_preaggregates()  # nothing to do while fresh
    engine, question = AskEngine(None), "Number of movies per year since 2000"
    assert engine.answer(question, load_name_index(db), queries).rows == [[2015, 1]]

    # WHEN another object is loaded
    repository.load_object(movie_batch("raw/2", [make_movie(2, release_date="2015-06-01")]))
    # THEN they are stale, a question reads the base tables and sees the new movie
    assert not queries.preaggregates_fresh()
    answered = engine.answer(question, load_name_index(db), queries)
    assert "year_language_stats" not in answered.sql
    assert answered.rows == [[2015, 2]]
    # AND a rebuild within its minimum age is skipped, while the loader's rebuild brings them back
    assert not repository.refresh_preaggregates(min_age_seconds=3600)
    assert repository.refresh_preaggregates()
    answered = engine.answer(question, load_name_index(db), queries)
    assert "year_language_stats" in answered.sql
    assert answered.rows == [[2015, 2]]
    # AND the distributions' sample with it: movie 2's spread is in the lowest quarter, movie 1's is not
    assert db.run("SELECT tmdb_id, spread FROM distribution_sample") == [[2, 2 * 2654435761 % 2**32]]


def test_a_rebuild_that_would_outlive_its_time_is_cancelled_and_leaves_them_stale(
    db: pg8000.native.Connection, make_movie
):
    # GIVEN stale pre-aggregations (a load since the last rebuild)
    repository, queries = MovieRepository(db), ReadOnlyQueries(db)
    repository.load_object(movie_batch("raw/slow", [make_movie(3, release_date="2016-01-01")]))
    assert not queries.preaggregates_fresh()
    # WHEN the rebuild gets less time than it takes (as a Lambda near its end would give it)
    with pytest.raises(CineLakeError, match="statement timeout|canceling statement"):
        repository.refresh_preaggregates(timeout_ms=1)
    # THEN the server cancelled it: still stale, the session's own limit restored, and a later rebuild succeeds
    assert not queries.preaggregates_fresh()
    assert db.run("SELECT current_setting('statement_timeout')") == [["0"]]
    assert repository.refresh_preaggregates()


def test_the_credit_statistics_follow_a_load_once_rebuilt(db: pg8000.native.Connection, make_movie):
    # GIVEN a director's movie loaded and the pre-aggregations rebuilt
    repository, queries = MovieRepository(db), ReadOnlyQueries(db)
    repository.load_object(movie_batch("raw/c1", [make_movie(11, release_date="2015-05-01", revenue=35_000_000)]))
    assert repository.refresh_preaggregates()
    engine, question = AskEngine(None), "Which director has the highest total revenue since 2000?"
    answered = engine.answer(question, load_name_index(db), queries)
    assert "credit_stats" in answered.sql
    assert answered.rows == [["Some Director", 35_000_000, 1]]

    # WHEN another of the director's movies is loaded
    repository.load_object(movie_batch("raw/c2", [make_movie(12, release_date="2016-05-01", revenue=50_000_000)]))
    # THEN the base tables answer, with both movies, until the loader's rebuild, which gives the same answer
    answered = engine.answer(question, load_name_index(db), queries)
    assert "credit_stats" not in answered.sql
    assert answered.rows == [["Some Director", 85_000_000, 2]]
    assert repository.refresh_preaggregates()
    answered = engine.answer(question, load_name_index(db), queries)
    assert "credit_stats" in answered.sql
    assert answered.rows == [["Some Director", 85_000_000, 2]]


def test_an_actor_credited_twice_on_a_movie_counts_as_the_base_tables_count_them(
    db: pg8000.native.Connection, make_movie
):
    # GIVEN an actor with two roles in one movie and one in each of two others (the base tables' join meets the
    # first movie twice; an average needs three films)
    twice = make_movie(21, revenue=90_000_000)
    twice["credits"]["cast"].append(twice["credits"]["cast"][0] | {"credit_id": "c21-again", "character": "Twin"})
    others = [make_movie(22, revenue=30_000_000), make_movie(23, revenue=20_000_000)]
    repository, queries = MovieRepository(db), ReadOnlyQueries(db)
    repository.load_object(movie_batch("raw/t1", [twice, *others]))
    assert repository.refresh_preaggregates()
    names = load_name_index(db)
    for question in ("Which actors have the highest total revenue?", "Which actor has the highest average revenue?"):
        # WHEN it is asked on the pre-aggregations and on the base tables
        spec = AskEngine(None).parse(question, names.reading_on(db, question))
        preaggregated = preaggregated_query(spec)
        assert preaggregated is not None
        fast = queries.run(guard_sql(preaggregated.sql(dialect="postgres")))
        base = queries.run(guard_sql(build_sql(spec)))
        # THEN both count the doubled credit alike
        assert fast.rows == base.rows
        assert fast.rows


def test_migration_0014_leaves_them_stale_so_that_tables_added_since_the_last_rebuild_are_not_read_empty(
    db: pg8000.native.Connection, make_movie
):
    # GIVEN pre-aggregations rebuilt before migration 0009 added its tables: a fresh stamp, the new tables empty
    repository, queries = MovieRepository(db), ReadOnlyQueries(db)
    repository.load_object(movie_batch("raw/1", [make_movie(1, release_date="2015-05-01")]))
    assert repository.refresh_preaggregates()
    db.run("TRUNCATE credit_stats, credit_totals, country_counts")
    assert queries.preaggregates_fresh()
    # WHEN migration 0014 runs
    db.run((shipped_migrations_dir() / "0014_stale_preaggregates.sql").read_text(encoding="utf-8"))
    # THEN they are stale, so questions read the base tables, and the next rebuild fills every table
    assert not queries.preaggregates_fresh()
    assert repository.refresh_preaggregates()
    assert db.run("SELECT count(*) > 0 FROM credit_stats") == [[True]]
