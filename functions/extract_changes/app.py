"""Extract changes: run daily by EventBridge Scheduler; queues the ids TMDB changed since the watermark."""

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.parser import event_parser
from aws_lambda_powertools.utilities.typing import LambdaContext

from cinelake.bootstrap import adapters
from cinelake.events import ChangesRun
from cinelake.services.extract import run_changes

logger = Logger()
metrics = Metrics()


@logger.inject_lambda_context
@metrics.log_metrics
@event_parser(model=ChangesRun)
def lambda_handler(event: ChangesRun, context: LambdaContext) -> dict:
    real = adapters()
    report = run_changes(event.through_day(), real.tmdb_client(), real.lake_store(), real.id_queue())
    metrics.add_metric(name="ChangedIdsQueued", unit=MetricUnit.Count, value=report.ids_sent)
    return {"through": str(report.last_day), "windows": report.windows, "ids_sent": report.ids_sent}
