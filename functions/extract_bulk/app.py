"""Extract bulk: queues every id of TMDB's daily export.

Started by a bulk-queue message (`{"day": "YYYY-MM-DD"}`, or `{}` for the newest export). Before Lambda's time
limit it saves a checkpoint and queues a message to continue, so SQS retries and the DLQ cover every hand-over.
"""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.typing import LambdaContext

from cinelake.bootstrap import adapters
from cinelake.events import BulkRun, BulkRunRecord
from cinelake.services.extract import ExportFilter, newest_export_day, run_bulk

logger = Logger()
metrics = Metrics()
processor = BatchProcessor(event_type=EventType.SQS, model=BulkRunRecord)


def record_handler(record: BulkRunRecord, lambda_context: LambdaContext) -> None:
    real = adapters()
    client = real.tmdb_client()
    day = record.body.day or newest_export_day(client)
    checkpoint = run_bulk(
        day,
        client,
        real.lake_store(),
        real.id_queue(),
        ExportFilter(min_popularity=real.settings.export_min_popularity),
        seconds_left=lambda: lambda_context.get_remaining_time_in_millis() / 1000,
    )
    metrics.add_metric(name="ExportIdsQueued", unit=MetricUnit.Count, value=checkpoint.ids_sent)
    if not checkpoint.complete:
        real.bulk_queue().send(BulkRun(day=day).model_dump_json())


@logger.inject_lambda_context
@metrics.log_metrics
def lambda_handler(event: dict, context: LambdaContext) -> dict:
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
