"""Enrich: one ids-queue message in, one gzip NDJSON object of TMDB movies out."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.typing import LambdaContext

from cinelake.bootstrap import adapters
from cinelake.events import IdBatchRecord
from cinelake.services.enrich import enrich_batch

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, model=IdBatchRecord)


def record_handler(record: IdBatchRecord) -> None:
    real = adapters()
    report = enrich_batch(
        record.body,
        batch_id=record.messageId,
        client=real.tmdb_client(),
        store=real.lake_store(),
        concurrency=real.settings.enrich_concurrency,
    )
    metrics.add_metric(name="MoviesFetched", unit=MetricUnit.Count, value=report.fetched)
    metrics.add_metric(name="MoviesDeleted", unit=MetricUnit.Count, value=report.deleted)


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
