"""Extraction: find the movie ids to (re)fetch and fan them out to the ids queue.

- bulk: every id in TMDB's daily export, with a checkpoint in S3 so a run can stop before Lambda's time limit
  and continue in a new invocation, and a re-run for the same date sends nothing twice;
- changes: the ids `/movie/changes` lists since the watermark, in windows of at most 14 days.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import islice

from aws_lambda_powertools import Logger
from pydantic import BaseModel

from cinelake.adapters.s3 import LakeStore
from cinelake.adapters.sqs import SQS_MAX_BATCH_ENTRIES, SqsQueue, chunked
from cinelake.adapters.tmdb import TmdbClient
from cinelake.adapters.tmdb_models import ExportEntry
from cinelake.domain.lake import EXPORTS_PREFIX
from cinelake.domain.messages import IDS_PER_MESSAGE, IdBatch
from cinelake.errors import NotFound

logger = Logger(child=True)

EXPORT_PUBLISHED_HOUR_UTC = 8  # TMDB publishes the day's export by 08:00 UTC
CHANGES_MAX_WINDOW_DAYS = 14  # TMDB refuses longer windows
CHANGES_MAX_PAGES = 500  # TMDB serves no page beyond this
WATERMARK_KEY = "state/changes-watermark.json"
STOP_MARGIN_SECONDS = 60.0  # leave this much of the invocation for the checkpoint and the hand-over
IDS_PER_SEND = IDS_PER_MESSAGE * SQS_MAX_BATCH_ENTRIES


@dataclass(frozen=True)
class ExportFilter:
    include_adult: bool = False
    include_video: bool = False
    min_popularity: float = 0.0

    def keeps(self, entry: ExportEntry) -> bool:
        return (
            (self.include_adult or not entry.adult)
            and (self.include_video or not entry.video)
            and (entry.popularity or 0.0) >= self.min_popularity
        )


class BulkCheckpoint(BaseModel):
    """How far a bulk run for one export has come; stored in S3 after every send."""

    day: date
    export_key: str
    lines_read: int = 0  # lines of the export whose ids are queued (or filtered out)
    ids_sent: int = 0
    ids_filtered: int = 0
    complete: bool = False
    updated_at: datetime | None = None

    def to_json(self) -> dict:
        self.updated_at = datetime.now(UTC)
        return self.model_dump(mode="json")


def newest_export_day(client: TmdbClient, now: datetime | None = None) -> date:
    """The newest export TMDB has published: today's after 08:00 UTC, else an earlier one."""
    now = now or datetime.now(UTC)
    day = now.date() if now.hour >= EXPORT_PUBLISHED_HOUR_UTC else now.date() - timedelta(days=1)
    for candidate in (day, day - timedelta(days=1), day - timedelta(days=2)):
        if client.export_exists(candidate):
            return candidate
    raise NotFound(f"no TMDB id export published between {day - timedelta(days=2)} and {day}")


def bulk_checkpoint_key(day: date) -> str:
    return f"state/bulk/{day.isoformat()}.json"


def run_bulk(
    day: date,
    client: TmdbClient,
    store: LakeStore,
    queue: SqsQueue,
    export_filter: ExportFilter = ExportFilter(),
    seconds_left: Callable[[], float] = lambda: float("inf"),
    progress: Callable[[int], None] = lambda ids: None,
) -> BulkCheckpoint:
    """Queue the export's ids from where the last run stopped. Returns the checkpoint; `complete` says if done."""
    saved = store.get_json(bulk_checkpoint_key(day))
    if saved:
        checkpoint = BulkCheckpoint.model_validate(saved)
    else:
        checkpoint = BulkCheckpoint(day=day, export_key=f"{EXPORTS_PREFIX}{client.export_file_name(day)}")
    if checkpoint.complete:
        logger.info("export already queued; nothing to send", extra={"day": day.isoformat()})
        return checkpoint
    if checkpoint.lines_read == 0:
        with client.open_export(day) as raw_export:  # keep TMDB's file as it was, then work from our copy
            store.upload_stream(checkpoint.export_key, raw_export, content_type="application/gzip")

    lines = enumerate(store.read_gz_lines(checkpoint.export_key), start=1)
    for chunk in chunked(islice(lines, checkpoint.lines_read, None), IDS_PER_SEND):
        if seconds_left() < STOP_MARGIN_SECONDS:
            store.put_json(bulk_checkpoint_key(day), checkpoint.to_json())
            logger.info("stopping before the time limit", extra=checkpoint.to_json())
            return checkpoint
        kept = []
        for _, line in chunk:
            entry = ExportEntry.model_validate_json(line)
            if export_filter.keeps(entry):
                kept.append(entry.id)
        _send_ids(queue, kept, "bulk", day)
        checkpoint.lines_read = chunk[-1][0]
        checkpoint.ids_sent += len(kept)
        checkpoint.ids_filtered += len(chunk) - len(kept)
        store.put_json(bulk_checkpoint_key(day), checkpoint.to_json())
        progress(len(kept))
    checkpoint.complete = True
    store.put_json(bulk_checkpoint_key(day), checkpoint.to_json())
    logger.info("export queued", extra=checkpoint.to_json())
    return checkpoint


@dataclass(frozen=True)
class ChangesReport:
    first_day: date | None
    last_day: date | None
    windows: int
    ids_sent: int


def run_changes(
    through: date,
    client: TmdbClient,
    store: LakeStore,
    queue: SqsQueue,
    progress: Callable[[int], None] = lambda ids: None,
) -> ChangesReport:
    """Queue every id changed after the watermark up to `through`, advancing the watermark window by window."""
    watermark = store.get_json(WATERMARK_KEY)
    start = date.fromisoformat(watermark["last_day"]) + timedelta(days=1) if watermark else through
    if start > through:
        logger.info("changes are up to date", extra={"watermark": watermark})
        return ChangesReport(None, None, 0, 0)
    windows, ids_sent = 0, 0
    for window_start, window_end in _windows(start, through, client):
        ids = sorted({item.id for item in client.iter_changed_ids(window_start, window_end) if not item.adult})
        _send_ids(queue, ids, "changes", window_end)
        store.put_json(WATERMARK_KEY, {"last_day": window_end.isoformat(), "updated_at": datetime.now(UTC).isoformat()})
        windows += 1
        ids_sent += len(ids)
        progress(len(ids))
        logger.info(
            "changes window queued",
            extra={"start": window_start.isoformat(), "end": window_end.isoformat(), "ids": len(ids)},
        )
    return ChangesReport(start, through, windows, ids_sent)


def _windows(start: date, end: date, client: TmdbClient) -> Iterator[tuple[date, date]]:
    """Windows of at most 14 days, halved while TMDB would need more than its 500 pages for one."""
    pending = [(start, min(end, start + timedelta(days=CHANGES_MAX_WINDOW_DAYS - 1)))]
    while pending:
        window_start, window_end = pending.pop(0)
        pages = client.changes_page(window_start, window_end).total_pages
        if pages > CHANGES_MAX_PAGES and window_end > window_start:
            middle = window_start + (window_end - window_start) // 2
            pending[:0] = [(window_start, middle), (middle + timedelta(days=1), window_end)]
            continue
        if pages > CHANGES_MAX_PAGES:
            logger.warning("a single day has more changes than TMDB pages; the rest waits for the bulk export")
        yield window_start, window_end
        if not pending and window_end < end:
            next_start = window_end + timedelta(days=1)
            pending.append((next_start, min(end, next_start + timedelta(days=CHANGES_MAX_WINDOW_DAYS - 1))))


def _send_ids(queue: SqsQueue, ids: list[int], source: str, day: date) -> None:
    bodies = [IdBatch(ids=chunk, source=source, day=day).model_dump_json() for chunk in chunked(ids, IDS_PER_MESSAGE)]
    for group in chunked(bodies, SQS_MAX_BATCH_ENTRIES):
        queue.send_batch(group)
