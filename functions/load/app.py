"""Load: S3 ObjectCreated notifications (through SQS) in, upserted movies out."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.typing import LambdaContext

from cinelake.adapters.postgres import MovieRepository
from cinelake.bootstrap import adapters
from cinelake.errors import CineLakeError
from cinelake.events import LakeObjectRecord
from cinelake.services.load import load_object

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, model=LakeObjectRecord)
# The questions' pre-aggregations are rebuilt after a batch of loads, at most this often: during the bulk load
# the workers would otherwise rebuild them after every batch. Questions read the base tables while they are stale.
PREAGGREGATE_MIN_AGE_SECONDS = 600
REFRESH_MARGIN_MS = 5_000


def record_handler(record: LakeObjectRecord) -> None:
    real = adapters()
    store = real.lake_store()
    objects = record.objects()
    metrics.add_metric(name="LakeObjectsNotified", unit=MetricUnit.Count, value=len(objects))
    for key, etag in objects:
        report = load_object(key, etag or store.etag(key), store=store, repository=MovieRepository(real.database()))
        metrics.add_metric(name="MoviesLoaded", unit=MetricUnit.Count, value=report.outcome.movies_written)
        metrics.add_metric(name="MoviesDeleted", unit=MetricUnit.Count, value=report.outcome.movies_deleted)
        metrics.add_metric(name="RecordsQuarantined", unit=MetricUnit.Count, value=report.quarantined)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    # What is left of the invocation, less a margin: a rebuild that would outlive the function is cancelled instead.
    budget_ms = max(context.get_remaining_time_in_millis() - REFRESH_MARGIN_MS, 1)
    try:
        MovieRepository(adapters().database()).refresh_preaggregates(PREAGGREGATE_MIN_AGE_SECONDS, timeout_ms=budget_ms)
    except CineLakeError as error:  # the loads are committed: a failed rebuild must not send them back to the queue
        logger.warning("pre-aggregations not rebuilt; questions read the base tables until the next one: %s", error)
        metrics.add_metric(name="PreaggregateRefreshFailed", unit=MetricUnit.Count, value=1)
    return response
