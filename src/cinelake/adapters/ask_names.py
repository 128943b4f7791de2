"""Reads the names questions are linked to: every title, credited person, company and keyword, with weights."""

import pg8000.native

from cinelake.adapters.postgres import run
from cinelake.ask.names import NameIndex, NameRow, NameTable

TITLES_SQL = """
SELECT tmdb_id, title, coalesce(vote_count, 0) FROM movies
UNION ALL
SELECT tmdb_id, original_title, coalesce(vote_count, 0) FROM movies
WHERE original_title IS NOT NULL AND original_title <> title
UNION ALL
SELECT DISTINCT t.tmdb_id, t.title, coalesce(m.vote_count, 0) FROM movie_titles t JOIN movies m USING (tmdb_id)
WHERE t.title <> m.title AND t.title IS DISTINCT FROM m.original_title
"""
# A person's role is where most of their credits are: a name alone ("Clint Eastwood") then means that role.
PEOPLE_SQL = """
WITH credits AS (
    SELECT person_id, count(*) AS directed, 0 AS acted FROM movie_crew WHERE job = 'Director' GROUP BY person_id
    UNION ALL
    SELECT person_id, 0, count(*) FROM movie_cast GROUP BY person_id
)
SELECT p.person_id, p.name, sum(c.directed), sum(c.acted)
FROM credits c JOIN people p USING (person_id)
GROUP BY p.person_id, p.name
"""
COMPANIES_SQL = """
SELECT c.company_id, c.name, count(*) FROM movie_companies mc JOIN companies c USING (company_id)
GROUP BY c.company_id, c.name
"""
SPANISH_TITLES_SQL = "SELECT EXISTS (SELECT 1 FROM movie_titles WHERE iso_639_1 = 'es')"
KEYWORDS_SQL = """
SELECT k.keyword_id, k.name, count(*) FROM movie_keywords mk JOIN keywords k USING (keyword_id)
GROUP BY k.keyword_id, k.name
"""


def load_name_index(conn: pg8000.native.Connection) -> NameIndex:
    def rows(sql: str) -> list:
        return run(conn, sql, "reading the names questions link to")

    people = [
        NameRow(person_id, name, float(directed + acted), "director" if directed >= acted else "actor", directed, acted)
        for person_id, name, directed, acted in rows(PEOPLE_SQL)
    ]
    return NameIndex(
        titles=NameTable(NameRow(tmdb_id, title, float(votes)) for tmdb_id, title, votes in rows(TITLES_SQL)),
        people=NameTable(people),
        companies=NameTable(NameRow(i, name, float(n)) for i, name, n in rows(COMPANIES_SQL)),
        keywords=NameTable(NameRow(i, name, float(n)) for i, name, n in rows(KEYWORDS_SQL)),
        spanish_titles=rows(SPANISH_TITLES_SQL)[0][0],
    )
