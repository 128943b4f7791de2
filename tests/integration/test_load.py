"""The loader: a lake object in S3 becomes normalized rows, once, with the newest data winning."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from cinelake.adapters.postgres import MovieRepository
from cinelake.domain.lake import quarantine_key
from cinelake.services.load import load_object

pytestmark = pytest.mark.integration

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def fetched(movie: dict, at: datetime = T0) -> dict:
    return {"kind": "movie", "tmdb_id": movie["id"], "fetched_at": at.isoformat(), "movie": movie}


def deleted(movie_id: int, at: datetime) -> dict:
    return {"kind": "deleted", "tmdb_id": movie_id, "fetched_at": at.isoformat()}


def put(lake, key: str, records: list) -> tuple[str, str]:
    return key, lake.put_ndjson_gz(key, records)


def load(lake, db, key_etag):
    return load_object(*key_etag, store=lake, repository=MovieRepository(db))


def test_a_lake_object_becomes_normalized_rows(lake, db, make_movie) -> None:
    # GIVEN an object with two movies, one with unknown budget (0) and revenue (0)
    obj = put(
        lake,
        "raw/movies/dt=2026-11-01/a.ndjson.gz",
        [fetched(make_movie(1)), fetched(make_movie(2, budget=0, revenue=0))],
    )
    # WHEN it is loaded
    report = load(lake, db, obj)
    # THEN both movies, their people and links are stored, and unknown money is NULL
    assert (report.records, report.quarantined, report.outcome.movies_written) == (2, 0, 2)
    assert db.run("SELECT tmdb_id, budget, revenue, runtime, imdb_id FROM movies ORDER BY 1") == [
        [1, 10_000_000, 35_000_000, 101, "tt0000001"],
        [2, None, None, 101, "tt0000002"],
    ]
    assert db.run("SELECT count(*) FROM movie_cast") == [[6]]
    assert db.run("SELECT count(*) FROM people") == [[4]]  # three actors and a director, shared by both films
    assert db.run("SELECT p.name FROM movie_crew c JOIN people p USING (person_id) WHERE c.job = 'Director'") == [
        ["Some Director"],
        ["Some Director"],
    ]
    assert db.run("SELECT count(*) FROM movie_genres") == [[4]]
    assert db.run("SELECT certification FROM release_dates WHERE tmdb_id = 1") == [["PG-13"]]
    assert db.run("SELECT profit, roi FROM movie_facts WHERE tmdb_id = 1")[0][0] == 25_000_000


def test_a_redelivered_object_changes_nothing(lake, db, make_movie) -> None:
    obj = put(lake, "raw/movies/dt=2026-11-01/b.ndjson.gz", [fetched(make_movie(1))])
    load(lake, db, obj)
    loaded_at = db.run("SELECT loaded_at FROM movies")
    # WHEN the same S3 event arrives again
    report = load(lake, db, obj)
    # THEN it is recognised from the ledger and nothing is written
    assert report.outcome.already_loaded
    assert db.run("SELECT loaded_at FROM movies") == loaded_at
    assert db.run("SELECT count(*) FROM loaded_objects") == [[1]]


def test_an_older_record_never_overwrites_newer_data(lake, db, make_movie) -> None:
    # GIVEN the newer version is loaded first
    newer = put(
        lake, "raw/movies/dt=2026-11-02/new.ndjson.gz", [fetched(make_movie(1, vote_count=999), T0 + timedelta(days=1))]
    )
    older = put(lake, "raw/movies/dt=2026-11-01/old.ndjson.gz", [fetched(make_movie(1, vote_count=5, genres=[]), T0)])
    load(lake, db, newer)
    # WHEN the older one arrives late
    report = load(lake, db, older)
    # THEN the newer values and links stay
    assert report.outcome.movies_skipped_as_older == 1
    assert db.run("SELECT vote_count FROM movies") == [[999]]
    assert db.run("SELECT count(*) FROM movie_genres") == [[2]]


def test_a_newer_record_replaces_the_links(lake, db, make_movie) -> None:
    load(lake, db, put(lake, "raw/movies/dt=2026-11-01/v1.ndjson.gz", [fetched(make_movie(1))]))
    newer = make_movie(1, genres=[{"id": 27, "name": "Horror"}], keywords={"keywords": []})
    load(lake, db, put(lake, "raw/movies/dt=2026-11-02/v2.ndjson.gz", [fetched(newer, T0 + timedelta(hours=1))]))
    assert db.run("SELECT g.name FROM movie_genres JOIN genres g USING (genre_id)") == [["Horror"]]
    assert db.run("SELECT count(*) FROM movie_keywords") == [[0]]


def test_a_tombstone_deletes_the_movie_and_its_links_and_blocks_older_records(lake, db, make_movie) -> None:
    load(lake, db, put(lake, "raw/movies/dt=2026-11-01/m.ndjson.gz", [fetched(make_movie(1)), fetched(make_movie(2))]))
    # WHEN TMDB answered 404 for movie 1 later
    report = load(lake, db, put(lake, "raw/movies/dt=2026-11-02/t.ndjson.gz", [deleted(1, T0 + timedelta(days=1))]))
    # THEN it is gone with its links, and movie 2 stays
    assert report.outcome.movies_deleted == 1
    assert db.run("SELECT tmdb_id FROM movies") == [[2]]
    assert db.run("SELECT DISTINCT tmdb_id FROM movie_cast") == [[2]]
    # AND a record fetched before the deletion cannot bring it back
    late = put(lake, "raw/movies/dt=2026-11-01/late.ndjson.gz", [fetched(make_movie(1), T0 + timedelta(hours=2))])
    load(lake, db, late)
    assert db.run("SELECT tmdb_id FROM movies") == [[2]]
    # BUT one fetched after it (the movie came back on TMDB) does
    back = put(lake, "raw/movies/dt=2026-11-03/back.ndjson.gz", [fetched(make_movie(1), T0 + timedelta(days=2))])
    load(lake, db, back)
    assert db.run("SELECT tmdb_id FROM movies ORDER BY 1") == [[1], [2]]


def test_malformed_records_are_quarantined_with_a_reason_and_the_rest_loads(lake, db, make_movie, s3) -> None:
    # GIVEN an object with one good record, bad JSON, a record without a title and a record for the wrong id
    records = [fetched(make_movie(1)), fetched(make_movie(2, title="")), fetched(make_movie(3))]
    records[2]["tmdb_id"] = 4
    key = "raw/movies/dt=2026-11-01/mixed.ndjson.gz"
    body = b"".join(json.dumps(r).encode() + b"\n" for r in records) + b"{not json\n"
    import gzip

    etag = lake.put_bytes(key, gzip.compress(body), content_type="application/x-ndjson")
    # WHEN it is loaded
    report = load(lake, db, (key, etag))
    # THEN the good movie is stored and the three bad lines are parked with their reasons
    assert (report.records, report.quarantined) == (4, 3)
    assert db.run("SELECT tmdb_id FROM movies") == [[1]]
    parked = [
        json.loads(line)
        for line in s3.get_object(Bucket=lake.bucket, Key=quarantine_key(key))["Body"].read().splitlines()
    ]
    assert [p["line"] for p in parked] == [2, 3, 4]
    assert "title" in parked[0]["reason"]
    assert "holds movie 3" in parked[1]["reason"]
    assert parked[2]["record"] == "{not json"


def test_poisoned_records_are_quarantined_one_by_one_and_the_good_movies_of_their_object_load(
    lake, db, make_movie, s3
) -> None:
    # GIVEN an object of good movies with poisoned ones among them: text PostgreSQL cannot hold (NUL) and integers
    # past their column's range, each of which would fail the whole object's COPY if it got that far
    poisoned_cast = make_movie(12)
    poisoned_cast["credits"]["cast"][1]["name"] = "Act\u0000or"
    poisoned_person = make_movie(14)
    poisoned_person["credits"]["crew"][0]["id"] = 2**31
    poison = {
        11: make_movie(11, title="Nul\u0000Title"),
        12: poisoned_cast,
        13: make_movie(13, runtime=2**31),
        14: poisoned_person,
        15: make_movie(15, budget=2**63),
        16: make_movie(16, vote_count=2**40),
        17: make_movie(17, origin_country=["U\u0000S"]),
    }
    good = [make_movie(movie_id) for movie_id in (1, 2, 3, 4)]
    records = [good[0], poison[11], good[1], poison[12], poison[13], good[2], poison[14], poison[15]]
    records += [poison[16], good[3], poison[17]]
    key, etag = put(lake, "raw/movies/dt=2026-11-01/poisoned.ndjson.gz", [fetched(m) for m in records])
    # WHEN it is loaded
    report = load(lake, db, (key, etag))
    # THEN every good movie is stored, with its links ...
    assert (report.records, report.quarantined) == (11, 7)
    assert db.run("SELECT tmdb_id FROM movies ORDER BY 1") == [[1], [2], [3], [4]]
    assert db.run("SELECT count(DISTINCT tmdb_id) FROM movie_cast") == [[4]]
    # ... the ledger counts the object as loaded, with its quarantined records
    assert db.run("SELECT records, loaded, quarantined FROM loaded_objects WHERE object_key = :k", k=key) == [
        [11, 4, 7]
    ]
    # AND each poisoned record is parked alone, with the field and the reason
    parked = [
        json.loads(line)
        for line in s3.get_object(Bucket=lake.bucket, Key=quarantine_key(key))["Body"].read().splitlines()
    ]
    reasons = {json.loads(p["record"])["tmdb_id"]: p["reason"] for p in parked}
    assert set(reasons) == set(poison)
    assert "movie.title" in reasons[11] and "NUL" in reasons[11]
    assert "movie.credits.cast.1.name" in reasons[12] and "NUL" in reasons[12]
    assert "movie.runtime" in reasons[13] and "2147483647" in reasons[13]
    assert "movie.credits.crew.0.id" in reasons[14] and "2147483647" in reasons[14]
    assert "movie.budget" in reasons[15] and "9223372036854775807" in reasons[15]
    assert "movie.vote_count" in reasons[16]
    assert "movie.origin_country.0" in reasons[17] and "NUL" in reasons[17]
    # AND loading the object again changes nothing (the ledger)
    assert load(lake, db, (key, etag)).outcome.already_loaded
