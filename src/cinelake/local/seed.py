"""Load a catalogue folder straight into a database, skipping TMDB and S3: for tests and benchmarks that need
the real data in PostgreSQL but do not test the pipeline itself (the e2e tests do that)."""

import gzip
import json
from collections.abc import Iterator
from contextlib import closing
from datetime import datetime
from pathlib import Path

from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import MovieRepository, connect
from cinelake.domain.lake import LoadBatch
from cinelake.domain.movie import TmdbMovie
from cinelake.local.catalog_snapshots import base_snapshot, change_snapshot

BATCH_SIZE = 500


def seed_catalog(database_url: str, catalog_dir: Path) -> int:
    """Migrate, then load base.jsonl.gz and every changes_N.jsonl.gz in order; return the movie count.

    Each record is stamped as fetched when the public snapshot it came from was taken (`catalog_snapshots`): the
    success label needs to know whether a film's run was over when its box office was read."""
    with closing(connect(database_url)) as conn:
        apply_migrations(conn)
        repository = MovieRepository(conn)
        files = [catalog_dir / "base.jsonl.gz", *sorted(catalog_dir.glob("changes_*.jsonl.gz"), key=_day)]
        fetched: dict[int, datetime] = {}
        for path in files:
            for number, movies in enumerate(_batches(path)):
                batch = LoadBatch(object_key=f"seed/{path.name}/{number}", etag="seed", record_count=len(movies))
                for movie in movies:
                    previous = fetched.get(movie["id"])
                    at = base_snapshot(movie) if previous is None else change_snapshot(previous)
                    fetched[movie["id"]] = at
                    batch.add_movie(TmdbMovie.model_validate(movie), at)
                repository.load_object(batch)
        repository.refresh_preaggregates()
        conn.run("ANALYZE")  # fresh statistics, as autovacuum would give a long-lived database
        return conn.run("SELECT count(*) FROM movies")[0][0]


def _day(path: Path) -> int:
    return 0 if path.name.startswith("base") else int(path.name.removeprefix("changes_").split(".")[0])


def _batches(path: Path) -> Iterator[list[dict]]:
    batch = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            batch.append(json.loads(line))
            if len(batch) == BATCH_SIZE:
                yield batch
                batch = []
    if batch:
        yield batch
