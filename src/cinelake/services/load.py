"""Load one raw lake object into PostgreSQL: validate every record, park the bad ones, upsert the rest at once."""

import json
from dataclasses import dataclass

from aws_lambda_powertools import Logger
from pydantic import ValidationError

from cinelake.adapters.postgres import LoadOutcome, MovieRepository
from cinelake.adapters.s3 import LakeStore
from cinelake.domain.lake import LoadBatch, ValidatedMovie, lake_record, quarantine_key

logger = Logger(child=True)


@dataclass(frozen=True)
class LoadReport:
    object_key: str
    records: int
    quarantined: int
    outcome: LoadOutcome


def load_object(key: str, etag: str, store: LakeStore, repository: MovieRepository) -> LoadReport:
    if repository.already_loaded(key, etag):
        logger.info("object already loaded; nothing to do", extra={"object_key": key})
        return LoadReport(key, 0, 0, LoadOutcome(already_loaded=True))

    batch = LoadBatch(object_key=key, etag=etag, record_count=0)
    problems = []
    for line_number, line in enumerate(store.read_gz_lines(key), start=1):
        if not line.strip():
            continue
        batch.record_count += 1
        try:
            add_record(batch, line)
        except (ValueError, ValidationError) as error:  # json and pydantic errors: the record is bad, not the object
            problems.append(quarantine_entry(key, line_number, line, error))
    batch.quarantined = len(problems)

    if problems:  # parked before the database commit, so a retry can never lose them
        store.put_bytes(
            quarantine_key(key),
            b"".join(json.dumps(p, ensure_ascii=False).encode() + b"\n" for p in problems),
            content_type="application/x-ndjson",
        )
        logger.warning("records quarantined", extra={"object_key": key, "quarantined": len(problems)})

    outcome = repository.load_object(batch)
    return LoadReport(key, batch.record_count, len(problems), outcome)


def add_record(batch: LoadBatch, line: bytes) -> None:
    record = lake_record.validate_json(line)
    if isinstance(record, ValidatedMovie):
        if record.movie.id != record.tmdb_id:
            raise ValueError(f"record for id {record.tmdb_id} holds movie {record.movie.id}")
        batch.add_movie(record.movie, record.fetched_at)
    else:
        batch.add_tombstone(record.tmdb_id, record.fetched_at)


def quarantine_entry(key: str, line_number: int, line: bytes, error: Exception) -> dict:
    if isinstance(error, ValidationError):
        reason = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in error.errors()[:10])
    else:
        reason = str(error)
    return {
        "source": key,
        "line": line_number,
        "reason": reason,
        "record": line.decode("utf-8", errors="replace").rstrip("\n"),
    }
