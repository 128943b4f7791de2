"""Enrichment: fetch every id of one queue message from TMDB and write them to the lake as one object.

A deleted movie (404) becomes a tombstone record. A transient failure that outlives the client's retries fails the
whole message, so SQS delivers it again and finally parks it in the DLQ; nothing is written for it until then.
"""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from aws_lambda_powertools import Logger

from cinelake.adapters.s3 import LakeStore
from cinelake.adapters.tmdb import TmdbClient
from cinelake.domain.lake import DeletedMovie, FetchedMovie, movies_key
from cinelake.domain.messages import IdBatch
from cinelake.errors import NotFound

logger = Logger(child=True)

DEFAULT_CONCURRENCY = 8  # in-flight TMDB requests per worker; the shared rate limiter sets the pace


@dataclass(frozen=True)
class EnrichReport:
    object_key: str
    fetched: int
    deleted: int


def enrich_batch(
    batch: IdBatch,
    batch_id: str,
    client: TmdbClient,
    store: LakeStore,
    concurrency: int = DEFAULT_CONCURRENCY,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> EnrichReport:
    def fetch(movie_id: int) -> FetchedMovie | DeletedMovie:
        try:
            movie = client.movie(movie_id)
        except NotFound:
            return DeletedMovie(tmdb_id=movie_id, fetched_at=now())
        return FetchedMovie(tmdb_id=movie_id, fetched_at=now(), movie=movie)

    unique_ids = list(dict.fromkeys(batch.ids))
    with ThreadPoolExecutor(max_workers=min(concurrency, len(unique_ids))) as pool:
        records = list(pool.map(fetch, unique_ids))  # re-raises the first error, failing the message

    key = movies_key(now(), batch_id)
    store.put_ndjson_gz(key, (record.model_dump(mode="json") for record in records))
    deleted = sum(isinstance(record, DeletedMovie) for record in records)
    report = EnrichReport(object_key=key, fetched=len(records) - deleted, deleted=deleted)
    logger.info("batch enriched", extra={"object_key": key, "fetched": report.fetched, "deleted": deleted})
    return report
