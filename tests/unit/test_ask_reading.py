"""Reading filters from a question's words: relative years, ranges, either-or and negations, in both languages."""

from dataclasses import replace

import pytest

from cinelake.ask.names import NameRow, NameTable, person_role
from cinelake.ask.parse import QuestionParser, normalize_numbers
from cinelake.ask.reading import read_limit, read_places_and_genres, read_thresholds, read_years
from cinelake.ask.spec import Filters, QuerySpec, Threshold
from cinelake.ask.sql import build_sql, stops_early
from cinelake.ask.text import fold
from cinelake.ask.words import Words
from tests.unit.ask_names import name_index

pytestmark = pytest.mark.unit

HORROR, THRILLER, ANIMATION, COMEDY = 27, 53, 16, 35


def read(question: str, this_year: int = 2026) -> tuple[Filters, Words]:
    words = Words(fold(normalize_numbers(question)).split())
    filters = Filters()
    read_years(words, filters, this_year)
    read_thresholds(words, filters)
    read_places_and_genres(words, filters)
    return filters, words


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("Movies released in the last 5 years with the highest revenue", (2022, None)),
        ("Películas de los últimos tres años mejor valoradas", (2024, None)),
        ("films from the past 10 years", (2017, None)),
        ("Películas de este año", (2026, 2026)),
        ("movies from last year", (2025, 2025)),
        ("Movies from 2019 or 2020 with the biggest budgets", (2019, 2020)),
        ("Películas de 2019 o 2020", (2019, 2020)),
        ("movies between 2000 and 2005", (2000, 2005)),
    ],
)
def test_years_relative_to_this_year_and_either_of_two(question, years):
    filters, _ = read(question)
    assert (filters.year_from, filters.year_to) == years


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("¿Qué películas de Tim Burton se estrenaron antes del 2000?", (None, 1999)),
        ("películas después del 2010", (2011, None)),
        ("películas posteriores al 2010", (2011, None)),
        ("películas anteriores al 2010", (None, 2009)),
        ("películas previas al 2000", (None, 1999)),
        ("películas a partir del 2015", (2015, None)),
        ("películas del 2000", (2000, 2000)),
        ("películas de la década del 2000", (2000, 2009)),
        ("películas de los 2000", (2000, 2009)),
        ("películas antes de los 90", (None, 1989)),
    ],
)
def test_spanish_contractions_del_and_al_bound_a_year_and_del_alone_is_no_decade(question, years):
    filters, words = read(question)
    assert (filters.year_from, filters.year_to) == years
    assert set(words.unused_text.split()) <= {"que", "de", "tim", "burton", "se", "estrenaron", "peliculas"}


def test_a_bound_word_before_a_year_read_whole_is_left_unexplained():
    # GIVEN a bound written in a way the reading does not know ("prior" without "to")
    filters, words = read("movies prior 2010")
    # THEN the year is read whole, and "prior" is left unexplained, so the question is refused rather than misread
    assert (filters.year_from, filters.year_to) == (2010, 2010)
    assert "prior" in words.unused_text.split()


def test_two_years_apart_joined_by_or_are_not_a_range():
    filters, _ = read("movies from 2010 or 2015")
    assert (filters.year_from, filters.year_to) == (2010, 2010)


@pytest.mark.parametrize(
    ("question", "thresholds"),
    [
        ("Movies with a budget between 50 and 100 million", [("budget", ">=", 50e6), ("budget", "<=", 100e6)]),
        ("películas de entre 90 y 120 minutos", [("runtime", ">=", 90), ("runtime", "<=", 120)]),
        ("Lowest budget movie that grossed over a billion", [("revenue", ">", 1e9)]),
        ("Movies longer than three hours", [("runtime", ">", 180)]),
        ("películas más cortas de 90 minutos", [("runtime", "<", 90)]),
    ],
)
def test_ranges_and_thresholds(question, thresholds):
    filters, _ = read(question)
    assert filters.thresholds == [Threshold(*threshold) for threshold in thresholds]


@pytest.mark.parametrize(
    ("question", "language", "other_languages"),
    [
        ("Non-English movies with the highest revenue", "en", True),
        ("Top 5 movies not in English by rating", "en", True),
        ("¿Cuáles son las películas más taquilleras que no son en inglés?", "en", True),
        ("Películas en inglés", "en", False),
    ],
)
def test_a_language_may_be_excluded(question, language, other_languages):
    filters, _ = read(question)
    assert (filters.language, filters.other_languages) == (language, other_languages)


def test_genres_either_or_excluded():
    either, _ = read("Horror or thriller movies from 2020")
    assert (either.genres, either.any_genre) == ([HORROR, THRILLER], True)
    both, _ = read("Películas de acción y comedia de 2022")
    assert both.any_genre is False and len(both.genres) == 2
    excluded, _ = read("Top 5 comedies excluding animation by revenue")
    assert (excluded.genres, excluded.excluded_genres) == ([COMEDY], [ANIMATION])
    outside, _ = read("Las películas de animación más taquilleras que no son de Estados Unidos")
    assert (outside.genres, outside.excluded_countries, outside.countries) == ([ANIMATION], ["US"], [])
    abroad, _ = read("movies not made in the US")
    assert (abroad.excluded_countries, abroad.countries) == (["US"], [])


@pytest.mark.parametrize(
    ("question", "offset", "limit"),
    [
        ("What is the second highest grossing movie?", 1, 1),
        ("¿Cuál es la tercera película más cara de 2019?", 2, 1),
        ("Top 5 movies by revenue", 0, 5),
        ("the second world war movies", 0, 10),  # an ordinal with no ranking after it is no rank
    ],
)
def test_an_ordinal_before_a_ranking_asks_for_one_row_after_the_ones_ahead(question, offset, limit):
    words = Words(fold(question).split())
    spec = QuerySpec(language="en", kind="list")
    read_limit(words, spec)
    assert (spec.offset, spec.limit) == (offset, limit)


@pytest.mark.parametrize(
    ("value", "written"),
    [(180.0, "f.runtime > 180"), (7.5, "f.runtime > 7.5"), (200_000_000.0, "f.runtime > 200000000")],
)
def test_a_whole_threshold_is_written_as_an_integer_so_an_index_on_the_column_answers_it(value, written):
    # GIVEN a threshold on an integer column; WHEN its SQL is built
    spec = QuerySpec(language="en", kind="list", filters=Filters(thresholds=[Threshold("runtime", ">", value)]))
    # THEN a whole number is compared as an integer (180.0 would cast every runtime to numeric)
    assert written in build_sql(spec)


@pytest.mark.parametrize(
    ("directed", "acted", "known_for", "role"),
    [
        (3, 5, "Directing", "director"),  # Greta Gerwig: a film directed weighs two billed parts
        (25, 16, "Acting", "director"),  # Woody Allen, whatever TMDB's department says
        (5, 40, "Directing", "actor"),  # Mel Gibson
        (2, 4, "Acting", "actor"),  # a tie: TMDB's department decides
        (2, 4, "Directing", "director"),
        (0, 3, None, "actor"),
    ],
)
def test_a_name_alone_means_the_role_of_most_credits_a_film_directed_weighing_two_parts(
    directed, acted, known_for, role
):
    assert person_role(directed, acted, known_for) == role


@pytest.mark.parametrize(
    ("question", "left_out"),
    [
        ("Which actor starred in the most Clint Eastwood movies?", True),  # ranked: someone else
        ("Top 3 actors in Clint Eastwood movies", True),
        ("Directors who made a movie with Tom Hanks in the 1990s", False),  # listed: Hanks directed one
    ],
)
def test_people_ranked_by_their_films_with_a_named_person_leave_that_person_out_and_a_list_does_not(question, left_out):
    spec = QuestionParser(name_index()).parse(question)
    assert ("NOT p.person_id" in build_sql(spec)) is left_out


@pytest.mark.parametrize(
    ("question", "serial"),
    [
        ("Películas sobre viajes en el tiempo de los 2000", True),  # a list in date order, stopped at its limit
        ("Top 10 horror movies by revenue", True),  # a ranking: a measure's index, stopped at its limit
        ("How many horror movies were released in 2015?", False),  # counts, sums and groups scan: workers help
        ("Average budget by genre", False),
        ("Revenue vs budget of action movies", False),
    ],
)
def test_a_list_runs_without_parallel_workers_and_an_aggregate_with_them(question: str, serial: bool):
    spec = QuestionParser(name_index()).parse(question)
    assert stops_early(spec) is serial


THEMES = [(401, "haunted house", 27), (402, "haunted", 3), (403, "house", 40), (404, "shark", 23), (405, "sharks", 2),
          (406, "dysfunctional family", 32), (407, "family", 90), (408, "hitman", 53), (409, "hitmen", 1)]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "ids"),
    [
        ("How many films about haunted houses are there?", [(401,)]),  # one keyword in the singular, not two
        ("Movies about dysfunctional families", [(406,)]),  # -ies: -y
        ("Movies about sharks", [(404, 405)]),  # both forms are keywords: the films of either
        ("What is the total revenue of movies about hitmen?", [(408, 409)]),  # -men: -man
        ("Movies about shark", [(404,)]),  # as written: a singular is not made plural
    ],
)
def test_a_theme_in_the_plural_reads_as_its_keyword(question: str, ids: list[tuple[int, ...]]):
    names = name_index()
    themed = replace(names, keywords=NameTable(NameRow(i, name, float(n)) for i, name, n in THEMES))
    spec = QuestionParser(themed).parse(question)
    assert [keyword.ids for keyword in spec.filters.keywords] == ids


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("Horror movies from 2010 or later", (2010, None)),
        ("Horror movies released in 1990 or earlier", (None, 1990)),
        ("Películas de terror de 2000 o posteriores", (2000, None)),
        ("Comedias de 1950 o anteriores", (None, 1950)),
    ],
)
def test_a_year_or_later_is_an_open_range(question: str, years: tuple[int | None, int | None]):
    filters = QuestionParser(name_index()).parse(question).filters
    assert (filters.year_from, filters.year_to) == years
