"""Titles and people looked up in PostgreSQL (migration 0008) link as the in-memory table of the same rows did."""

import random
from collections.abc import Iterator
from contextlib import closing

import pg8000.native
import pytest

from cinelake.adapters.ask_names import StoredPeople, StoredTitles, load_name_index
from cinelake.adapters.postgres import connect
from cinelake.ask.names import NameMatch, NameRow, NameTable, person_role
from cinelake.ask.text import fold

pytestmark = pytest.mark.integration

# The rows the API held in memory before migration 0008, read as it read them: the reference the stored tables
# are compared with.
IN_MEMORY_TITLES_SQL = """
SELECT tmdb_id, title, coalesce(vote_count, 0) FROM movies
UNION ALL
SELECT tmdb_id, original_title, coalesce(vote_count, 0) FROM movies
WHERE original_title IS NOT NULL AND original_title <> title
UNION ALL
SELECT DISTINCT t.tmdb_id, t.title, coalesce(m.vote_count, 0) FROM movie_titles t JOIN movies m USING (tmdb_id)
WHERE t.title <> m.title AND t.title IS DISTINCT FROM m.original_title
"""
IN_MEMORY_PEOPLE_SQL = """
WITH credits AS (
    SELECT person_id, count(*) AS directed, 0 AS acted FROM movie_crew WHERE job = 'Director' GROUP BY person_id
    UNION ALL
    SELECT person_id, 0, count(*) FROM movie_cast GROUP BY person_id
)
SELECT p.person_id, p.name, sum(c.directed), sum(c.acted), p.known_for_department
FROM credits c JOIN people p USING (person_id)
GROUP BY p.person_id, p.name, p.known_for_department
"""
NAMED_COLUMNS = (
    ("people", "name"),
    ("movies", "title"),
    ("movies", "original_title"),
    ("movie_titles", "title"),
    ("companies", "name"),
    ("keywords", "name"),
)
SAMPLE = 150


@pytest.fixture(scope="module")
def catalog(catalog_database_url: str) -> Iterator[pg8000.native.Connection]:
    with closing(connect(catalog_database_url)) as conn:
        yield conn


@pytest.fixture(scope="module")
def in_memory(catalog: pg8000.native.Connection) -> tuple[NameTable, NameTable]:
    titles = NameTable(NameRow(i, title, float(votes)) for i, title, votes in catalog.run(IN_MEMORY_TITLES_SQL))
    people = NameTable(
        NameRow(i, name, float(d + a), person_role(d, a, known_for), d, a)
        for i, name, d, a, known_for in catalog.run(IN_MEMORY_PEOPLE_SQL)
    )
    return titles, people


def same(a: NameMatch | None, b: NameMatch | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.key == b.key and set(a.rows) == set(b.rows) and a.exact == b.exact


def with_typo(text: str, rng: random.Random) -> str:
    at, letter = rng.randrange(len(text)), rng.choice("abcdefghijklmnopqrstuvwxyz")
    return rng.choice((text[:at] + letter + text[at + 1 :], text[:at] + text[at + 1 :], text[:at] + letter + text[at:]))


@pytest.mark.parametrize(("table", "column"), NAMED_COLUMNS)
def test_ask_fold_in_sql_folds_every_name_of_the_catalogue_as_python_does(
    catalog: pg8000.native.Connection, table: str, column: str
):
    # GIVEN every name of a column of the real catalogue; WHEN folded by the database and by linking
    rows = catalog.run(f"SELECT {column}, ask_fold({column}) FROM {table} WHERE {column} IS NOT NULL")
    # THEN both folds agree on every one
    assert [name for name, key in rows if key != fold(name)] == []


def test_stored_titles_and_people_find_the_same_rows_by_exact_name(catalog, in_memory):
    # GIVEN the names in memory, and the same names looked up in the database
    rng = random.Random(13)
    for table, stored in zip(in_memory, (StoredTitles(catalog), StoredPeople(catalog)), strict=True):
        phrases = rng.sample(sorted(table.rows), SAMPLE) + ["no such name anywhere", "the"]
        # WHEN each phrase is looked up one at a time, and all at once as a question's phrases are
        prefetched = stored.reading_on(catalog, phrases)
        # THEN every lookup finds the same key, rows and weights as the table in memory
        assert [p for p in phrases if not same(table.exact(p), stored.exact(p))] == []
        assert [p for p in phrases if not same(table.exact(p), prefetched.exact(p))] == []


def test_stored_names_with_a_typo_link_as_in_memory(catalog, in_memory):
    # GIVEN names of the catalogue with a typo each (a letter changed, dropped or added)
    rng = random.Random(13)
    for table, stored in zip(in_memory, (StoredTitles(catalog), StoredPeople(catalog)), strict=True):
        typos = [with_typo(key, rng) for key in rng.sample(sorted(table.rows), SAMPLE)]
        # WHEN linked fuzzily; THEN as in memory, but for the odd short name sharing too few trigrams with its typo
        # ("slt" for "Salt") or whose close spellings differ between the two vocabularies
        differ = [typo for typo in typos if not same(table.fuzzy(typo), stored.fuzzy(typo))]
        assert len(differ) <= SAMPLE // 50, differ


def test_stored_series_count_the_same_titles(catalog, in_memory):
    # GIVEN the first one to three words of titles of the catalogue
    titles, _ = in_memory
    rng = random.Random(13)
    keys = rng.sample(sorted(titles.rows), SAMPLE)
    prefixes = sorted({" ".join(key.split()[:size]) for key in keys for size in (1, 2, 3)})
    stored = StoredTitles(catalog)
    for prefix in prefixes:
        # WHEN read as a series; THEN as many titles, and a start the titles write, folding to the phrase
        count, start = stored.series(prefix)
        assert count == titles.series(prefix)[0]
        assert fold(start) == prefix


def test_stored_surnames_name_someone_as_heavy_as_in_memory(catalog, in_memory):
    # GIVEN last names of people of the catalogue, as written and with a typo
    _, people = in_memory
    rng = random.Random(13)
    words = sorted({key.split()[-1] for key in rng.sample(sorted(people.rows), SAMPLE)})
    words += [with_typo(word, rng) for word in words if len(word) >= 6]
    stored = StoredPeople(catalog)
    # WHEN each is read as a surname alone
    differ = []
    for word in words:
        remembered, looked_up = people.surname(word), stored.surname(word)
        if (remembered is None) != (looked_up is None) or (
            remembered and remembered.best.weight != looked_up.best.weight
        ):
            differ.append(word)
    # THEN someone of the same weight is named (of equals, either may be), or no one in both; but for the odd word
    # whose three closest spellings differ (in memory they are drawn from every word of a name, here from last names)
    assert len(differ) <= len(words) // 50, differ


def test_the_index_reads_a_questions_names_on_the_questions_connection(catalog, catalog_database_url):
    # GIVEN the index, read on the connection that built it
    names = load_name_index(catalog)
    with closing(connect(catalog_database_url)) as question_conn:
        # WHEN bound to a question's connection, its phrases looked up at once
        bound = names.reading_on(question_conn, "Movies directed by Christopher Nolan")
        # THEN titles and people are read there, and the names held in memory are the same objects
        assert bound.titles.conn is question_conn and bound.people.conn is question_conn
        assert bound.companies is names.companies and bound.keywords is names.keywords
        assert bound.people.exact("christopher nolan").best.directed > 0
