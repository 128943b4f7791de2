"""The lake's Glue tables, read locally: template.yaml's column lists and JSON paths, applied with DuckDB to the
objects the local pipeline wrote to moto's S3, give the counts and values PostgreSQL holds; and the operator's
Athena queries in docs/operations.md, run as written (translated to DuckDB's SQL by sqlglot), answer right.

DuckDB reads a copy of the bucket's raw/movies/ and quarantine/ taken through boto3, keys kept: its S3 reader
(the httpfs extension) is downloaded at run time from DuckDB's site, which this machine and CI cannot reach.
The local pipeline runs its simulated days within one real day, so enrich files every object under today's dt;
the copy files each stage's objects under the simulated day they stand for (bulk: day 0, changes: day 1), as a
deployed pipeline would have, so that the queries about days have two days to tell apart.
"""

import gzip
import json
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
import sqlglot

from cinelake.adapters.postgres import connect
from cinelake.domain.lake import MOVIES_PREFIX, QUARANTINE_PREFIX, movies_key
from cinelake.local.lake_tables import JSON_SERDE, lake_tables
from cinelake.local.pipeline import run_bulk, run_next_day
from cinelake.local.postgres import LocalPostgres
from cinelake.local.stack import local_stack
from cinelake.sim.catalog import Catalog
from cinelake.sim.config import SimConfig
from cinelake.sim.synthetic import generate_catalog

pytestmark = pytest.mark.e2e

OPERATIONS_DOC = Path(__file__).resolve().parents[2] / "docs" / "operations.md"
DAY_0 = date(2026, 5, 4)
DAY_1 = DAY_0 + timedelta(days=1)
# The documented queries' example days, and the days of this run they stand for.
EXAMPLE_DAYS = {"'2026-11-01'": DAY_0, "'2026-11-24'": DAY_0, "'2026-11-25'": DAY_1}
BAD_ID, GOOD_ID = 999_999_001, 999_999_002  # a hand-made object's records; ids the catalogue does not have


@dataclass
class Lake:
    catalog: Catalog
    database_url: str
    duckdb: duckdb.DuckDBPyConnection
    keys: dict[str, str]  # the copy's file -> the object's key in the bucket
    hand_made_key: str


@pytest.fixture(scope="module")
def lake(postgres_server: LocalPostgres, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lake]:
    catalog = generate_catalog(n_movies=300, n_days=1, seed=21, start_date=DAY_0)
    name = f"cinelake_lake_{uuid.uuid4().hex[:10]}"
    database_url = postgres_server.create_database(name)
    with local_stack(SimConfig(rate_limit=0, start_date=DAY_0), database_url=database_url, catalog=catalog) as stack:
        s3, bucket = stack.aws("s3"), stack.settings.data_lake_bucket
        # Day 0: the bulk load, and an object with one record the loader refuses (no title) next to a good one.
        run_bulk(stack, DAY_0, show_progress=False)
        hand_made_key = movies_key(datetime.now(UTC), "hand-made")
        fetched_at = datetime.now(UTC).isoformat()
        records = [
            {"kind": "movie", "tmdb_id": BAD_ID, "fetched_at": fetched_at, "movie": {"id": BAD_ID}},
            {"kind": "movie", "tmdb_id": GOOD_ID, "fetched_at": fetched_at, "movie": {"id": GOOD_ID, "title": "Odd"}},
        ]
        s3.put_object(Bucket=bucket, Key=hand_made_key, Body=gzip.compress(b"".join(ndjson(r) for r in records)))
        stack.delivery.run_until_idle()
        day_0_keys = set(object_keys(s3, bucket, MOVIES_PREFIX))
        # Day 1: TMDB's changes.
        run_next_day(stack, show_progress=False)

        copy_dir = tmp_path_factory.mktemp("lake")
        keys = {}
        for key in object_keys(s3, bucket, MOVIES_PREFIX) + object_keys(s3, bucket, QUARANTINE_PREFIX):
            source = key.removeprefix(QUARANTINE_PREFIX).removesuffix(".errors.ndjson")
            source = source if source in day_0_keys else source + ".gz"
            day = DAY_0 if source in day_0_keys else DAY_1
            copy = copy_dir / re.sub(r"/dt=\d{4}-\d{2}-\d{2}/", f"/dt={day}/", key)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
            keys[str(copy)] = key

    connection = duckdb.connect()
    for table in lake_tables().values():
        connection.read_json(
            str(copy_dir / table.partition_glob()),
            columns=table.duckdb_columns(),
            format="newline_delimited",
            hive_partitioning=True,
            hive_types=table.duckdb_partition_types(),
            filename=True,
        ).create_view(table.name)
    yield Lake(catalog, database_url, connection, keys, hand_made_key)
    connection.close()
    postgres_server.drop_database(name)


def ndjson(record: dict) -> bytes:
    return json.dumps(record).encode() + b"\n"


def object_keys(s3, bucket: str, prefix: str) -> list[str]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [item["Key"] for page in pages for item in page.get("Contents", [])]


def postgres(lake: Lake, query: str) -> list[list]:
    with closing(connect(lake.database_url)) as conn:
        return conn.run(query)


def documented_query(name: str) -> str:
    """The Athena query of docs/operations.md marked `<!-- athena-query: NAME -->`, in DuckDB's SQL, with this
    run's days for the example ones."""
    text = OPERATIONS_DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- athena-query: {name} -->\s*```sql\n(.*?)```", text, re.DOTALL)
    assert match, f"docs/operations.md has no query marked {name}"
    athena_sql = match[1]
    for example, day in EXAMPLE_DAYS.items():
        athena_sql = athena_sql.replace(example, f"'{day}'")
    return sqlglot.transpile(athena_sql, read="athena", write="duckdb")[0]


def rows(lake: Lake, sql: str) -> list[dict]:
    relation = lake.duckdb.sql(sql)
    return [dict(zip(relation.columns, row, strict=True)) for row in relation.fetchall()]


def changes_of_day_1(catalog: Catalog) -> tuple[set[int], set[int]]:
    """(updated, deleted) ids that day-1's extraction fetched: TMDB's changes list leaves adult titles out."""
    (changes,) = catalog.changes
    updated = {movie["id"] for movie in changes.updated if not movie["adult"]}
    deleted = {movie_id for movie_id in changes.deleted if not catalog.base[movie_id]["adult"]}
    return updated, deleted


def newest(lake: Lake) -> dict[int, tuple]:
    """Each id's newest raw record: (kind, movie struct as a dict)."""
    relation = lake.duckdb.sql(
        "SELECT tmdb_id, arg_max(kind, CAST(fetched_at AS TIMESTAMPTZ)),"
        " arg_max(movie, CAST(fetched_at AS TIMESTAMPTZ)) FROM raw_movies GROUP BY tmdb_id"
    )
    return {tmdb_id: (kind, movie) for tmdb_id, kind, movie in relation.fetchall()}


# ---- The tables against PostgreSQL ----------------------------------------------------------------------------


def test_the_tables_are_the_templates_json_tables_over_the_lake_prefixes():
    tables = lake_tables()
    assert set(tables) == {"raw_movies", "quarantine"}
    assert tables["raw_movies"].prefix == MOVIES_PREFIX
    assert tables["quarantine"].prefix == f"{QUARANTINE_PREFIX}{MOVIES_PREFIX}"
    assert {table.serde for table in tables.values()} == {JSON_SERDE}


def test_every_objects_rows_are_the_records_the_loader_counted(lake):
    # GIVEN the objects the pipeline wrote, read with raw_movies' columns
    counted = rows(lake, "SELECT filename, count(*) AS records FROM raw_movies GROUP BY filename")
    by_key = {lake.keys[row["filename"]]: row["records"] for row in counted}
    # THEN each object holds as many rows as the loader's ledger says it read from it, and none is missing
    ledger = dict(postgres(lake, "SELECT object_key, records FROM loaded_objects"))
    assert by_key == ledger
    assert sum(by_key.values()) > len(lake.catalog.base)  # the bulk load and a day of changes


def test_the_quarantine_table_holds_what_the_loader_refused(lake):
    counted = rows(lake, "SELECT source, count(*) AS records, min(reason) AS reason FROM quarantine GROUP BY source")
    ledger = postgres(lake, "SELECT object_key, quarantined FROM loaded_objects WHERE quarantined > 0")
    assert {row["source"]: row["records"] for row in counted} == dict(ledger) == {lake.hand_made_key: 1}
    assert "title" in counted[0]["reason"]


def test_the_newest_record_of_each_id_is_what_postgresql_holds(lake):
    # GIVEN each id's newest record in the lake, the refused one aside
    refused = {BAD_ID}
    latest = {tmdb_id: record for tmdb_id, record in newest(lake).items() if tmdb_id not in refused}
    # THEN the ids whose newest record is a movie are PostgreSQL's movies, those deleted its tombstones
    movies = {i for i, (kind, _) in latest.items() if kind == "movie"}
    deleted = {i for i, (kind, _) in latest.items() if kind == "deleted"}
    assert movies == {row[0] for row in postgres(lake, "SELECT tmdb_id FROM movies")}
    assert deleted == {row[0] for row in postgres(lake, "SELECT tmdb_id FROM movie_tombstones")}
    assert deleted == changes_of_day_1(lake.catalog)[1] and deleted
    # AND the struct's JSON paths read the values PostgreSQL stored (0 is stored as unknown)
    stored = postgres(
        lake,
        "SELECT m.tmdb_id, m.title, m.vote_count, m.budget,"
        " coalesce((SELECT array_agg(g.name ORDER BY g.name) FROM movie_genres mg JOIN genres g USING (genre_id)"
        " WHERE mg.tmdb_id = m.tmdb_id), '{}')"
        " FROM movies m",
    )
    for tmdb_id, title, vote_count, budget, genres in stored:
        movie = latest[tmdb_id][1]
        lake_genres = sorted(genre["name"] for genre in movie["genres"] or [])
        assert (movie["title"], movie["vote_count"], movie["budget"] or None, lake_genres) == (
            title,
            vote_count,
            budget,
            genres,
        ), tmdb_id


# ---- The operator's queries --------------------------------------------------------------------------------------


def test_what_a_days_extraction_fetched(lake):
    updated, deleted = changes_of_day_1(lake.catalog)
    answer = {row["kind"]: row for row in rows(lake, documented_query("day-fetched"))}
    assert set(answer) == {"movie", "deleted"}
    assert (answer["movie"]["ids"], answer["deleted"]["ids"]) == (len(updated), len(deleted))
    assert answer["movie"]["first_fetch"] <= answer["movie"]["last_fetch"]

    movies = rows(lake, documented_query("day-movies"))
    assert 0 < len(movies) <= 20 and {row["tmdb_id"] for row in movies} <= updated
    for row in movies:
        changed = next(m for m in lake.catalog.changes[0].updated if m["id"] == row["tmdb_id"])
        assert (row["title"], row["votes"]) == (changed["title"], changed["vote_count"])


def test_which_ids_were_quarantined_and_why(lake):
    (answer,) = rows(lake, documented_query("quarantined"))
    assert (answer["dt"], answer["tmdb_id"], answer["source"], answer["line"]) == (
        str(DAY_0),
        str(BAD_ID),
        lake.hand_made_key,
        1,
    )
    assert "title" in answer["reason"]


def test_which_movies_changed_between_two_days(lake):
    updated, deleted = changes_of_day_1(lake.catalog)
    day_0 = lake.duckdb.execute("SELECT tmdb_id FROM raw_movies WHERE dt = ?", [str(DAY_0)]).fetchall()
    fetched_on_day_0 = {row[0] for row in day_0}
    answer = rows(lake, documented_query("changed-between"))
    by_change = Counter(row["change_kind"] for row in answer)
    kinds = {kind: {row["tmdb_id"] for row in answer if row["change_kind"] == kind} for kind in by_change}
    # Deleted on day 1: every one of them. New: fetched on day 1 and never before. Changed: fetched on both days.
    assert kinds.get("deleted", set()) == deleted
    assert kinds.get("new", set()) == updated - fetched_on_day_0
    assert kinds.get("changed") and kinds["changed"] <= updated & fetched_on_day_0
    assert "back" not in kinds
    for row in answer:
        if row["change_kind"] == "changed":
            after = next(m for m in lake.catalog.changes[0].updated if m["id"] == row["tmdb_id"])
            assert row["votes_after"] == after["vote_count"]
