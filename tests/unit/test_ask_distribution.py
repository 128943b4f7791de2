"""A distribution past its row limit: a sample spread over the matching movies, and said to be one."""

from cinelake.ask.answer import write_answer
from cinelake.ask.spec import QuerySpec
from cinelake.ask.sql import build_sql

COLUMNS = ["title", "release_year", "runtime"]


def runtimes(spec: QuerySpec, count: int) -> str:
    rows = [[f"Movie {n}", 2000, 80 + n % 40] for n in range(count)]
    return write_answer(spec, COLUMNS, rows, capped=count > 100)


def test_a_distribution_reads_its_rows_in_an_order_unrelated_to_the_measure():
    # GIVEN the distribution of runtimes
    spec = QuerySpec(language="en", kind="distribution", measure="runtime", limit=20_000)
    # WHEN its SQL is built
    sql = build_sql(spec)
    # THEN past the limit it keeps the movies a hash of their ids picks, not the shortest ones
    assert sql.endswith("ORDER BY (f.tmdb_id * 2654435761) % 4294967296, f.tmdb_id LIMIT 20000")


def test_a_distribution_of_every_matching_movie_says_how_many_and_is_not_called_a_part():
    spec = QuerySpec(language="en", kind="distribution", measure="runtime", limit=20_000)
    assert runtimes(spec, 329) == "Runtime of 329 movies: median 99 min, from 80 min to 119 min."


def test_a_distribution_that_reached_its_limit_is_called_a_sample():
    # GIVEN as many rows as the limit (more movies match)
    english = QuerySpec(language="en", kind="distribution", measure="runtime", limit=500)
    spanish = QuerySpec(language="es", kind="distribution", measure="runtime", limit=500)
    # THEN the answer says its figures are a sample's, in either language
    assert runtimes(english, 500) == (
        "Runtime of a sample of 500 of the movies (more match): median 99 min, from 80 min to 119 min in the sample."
    )
    assert runtimes(spanish, 500).startswith("Duración de una muestra de 500 de las películas (hay más): mediana")
