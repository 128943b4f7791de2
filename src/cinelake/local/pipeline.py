"""Drive the pipeline on the local stack the way AWS would: messages and schedules in, handlers run by delivery."""

from collections import Counter
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from tqdm import tqdm

from cinelake.adapters.pipeline_counts import dead_letter_depths, table_counts
from cinelake.adapters.postgres import connect
from cinelake.domain.lake import QUARANTINE_PREFIX
from cinelake.events import BulkRun
from cinelake.local.delivery import BatchOutcome
from cinelake.local.stack import LocalStack

BULK_QUEUE = "BulkQueue"
CHANGES_FUNCTION = "ExtractChangesFunction"
SCHEDULED_HOUR_UTC = time(8, 30)  # the daily schedule's time in template.yaml
STAGE_NAMES = {
    "ExtractBulkFunction": "extract",
    "EnrichFunction": "enrich",
    "LoadFunction": "load",
}


def run_bulk(stack: LocalStack, day: date, show_progress: bool = True) -> Counter:
    """Start a bulk extraction for `day` as an operator would (a bulk-queue message) and deliver until idle."""
    queue_url = stack.provisioned.queue_urls[BULK_QUEUE]
    stack.aws("sqs").send_message(QueueUrl=queue_url, MessageBody=BulkRun(day=day).model_dump_json())
    return deliver(stack, f"bulk export {day}", show_progress)


def run_next_day(stack: LocalStack, show_progress: bool = True) -> tuple[dict, Counter]:
    """Advance TMDB's clock one day, then fire the daily schedule as it fires the morning after."""
    advanced = stack.sim.advance()
    day = date.fromisoformat(advanced["date"])
    schedule = next(s for s in stack.wiring.schedules if s.function_id == CHANGES_FUNCTION)
    stack.delivery.invoke_schedule(schedule.name, datetime.combine(day + timedelta(days=1), SCHEDULED_HOUR_UTC, UTC))
    return advanced, deliver(stack, f"changes {day}", show_progress)


def deliver(stack: LocalStack, title: str, show_progress: bool) -> Counter:
    """Run every queued event through its function; show one progress bar per stage (messages and rate)."""
    handled: Counter = Counter()
    bars: dict[str, tqdm] = {}

    def on_batch(outcome: BatchOutcome) -> None:
        stage = STAGE_NAMES.get(outcome.function_id, outcome.function_id)
        done = len(outcome.message_ids) - len(outcome.failed_message_ids)
        handled[stage] += done
        handled[f"{stage} failures"] += len(outcome.failed_message_ids)
        if show_progress:
            if stage not in bars:
                bars[stage] = tqdm(desc=f"{title}: {stage}", unit=" msg", dynamic_ncols=True, leave=True)
            bars[stage].update(done)
            if stage == "load":
                bars[stage].set_postfix(movies_in_db=f"{db.run('SELECT count(*) FROM movies')[0][0]:,}")

    with closing(connect(stack.database_url)) as db:
        try:
            stack.delivery.run_until_idle(on_batch=on_batch)
        finally:
            for bar in bars.values():
                bar.close()
    return handled


@dataclass(frozen=True)
class PipelineSummary:
    movies: int
    people: int
    links: int
    tombstones: int
    objects_loaded: int
    quarantined_objects: int
    dead_letters: dict[str, int | None]

    def lines(self) -> list[str]:
        dlq = ", ".join(f"{name} {count}" for name, count in self.dead_letters.items())
        return [
            f"movies {self.movies:,} | people {self.people:,} | links {self.links:,} | deleted {self.tombstones:,}",
            f"lake objects loaded {self.objects_loaded:,} | with quarantined records {self.quarantined_objects}",
            f"dead-letter queues: {dlq}",
        ]


def summarize(stack: LocalStack) -> PipelineSummary:
    with closing(connect(stack.database_url)) as conn:
        counts = table_counts(conn)
    s3 = stack.aws("s3")
    quarantined = s3.list_objects_v2(Bucket=stack.settings.data_lake_bucket, Prefix=QUARANTINE_PREFIX).get(
        "KeyCount", 0
    )
    return PipelineSummary(
        counts.movies,
        counts.people,
        counts.links,
        counts.tombstones,
        counts.objects_loaded,
        quarantined,
        dead_letter_depths(stack.aws("sqs"), stack.settings),
    )
