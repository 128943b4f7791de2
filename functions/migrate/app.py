"""Migrate: applies the database migrations when CloudFormation creates or updates the stack (a custom resource).

CloudFormation waits for the answer at the event's ResponseURL, so every invocation answers it: SUCCESS with the
versions applied, or FAILED with the reason. The work stops a little before Lambda's time limit to leave time
for that answer. Deleting the stack leaves the database as it is.
"""

import json
import signal
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes import CloudFormationCustomResourceEvent, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import connect
from cinelake.config import get_settings
from cinelake.wiring import database_url

logger = Logger()

# Stable, so that an update never looks like a replacement (CloudFormation would then delete the "old" one).
PHYSICAL_RESOURCE_ID = "cinelake-database-migrations"
ANSWER_MARGIN_SECONDS = 10  # kept free at the end of the invocation to answer CloudFormation
ANSWER_TIMEOUT_SECONDS = 10
MAX_REASON_CHARACTERS = 1000  # a response is at most 4 KiB


@logger.inject_lambda_context
@event_source(data_class=CloudFormationCustomResourceEvent)
def lambda_handler(event: CloudFormationCustomResourceEvent, context: LambdaContext) -> None:
    if event.request_type == "Delete":
        answer(event, "SUCCESS")
        return
    seconds = context.get_remaining_time_in_millis() / 1000 - ANSWER_MARGIN_SECONDS
    try:
        with time_limit(seconds):
            applied = migrate()
    # Whatever went wrong, CloudFormation must hear it, or the stack waits until ServiceTimeout.
    except Exception as error:
        logger.exception("database migrations failed")
        answer(event, "FAILED", reason=f"{type(error).__name__}: {error}")
        return
    logger.info("database migrations applied", extra={"applied": applied})
    answer(event, "SUCCESS", data={"Applied": ",".join(applied) or "none"})


def migrate() -> list[str]:
    with closing(connect(database_url(get_settings()), application_name="cinelake-migrate")) as conn:
        return apply_migrations(conn)


def answer(event: CloudFormationCustomResourceEvent, status: str, reason: str = "", data: dict | None = None) -> None:
    """PUT the response to the pre-signed ResponseURL (signed for an empty Content-Type)."""
    body = {
        "Status": status,
        "Reason": reason[:MAX_REASON_CHARACTERS] or status,
        "PhysicalResourceId": event.physical_resource_id or PHYSICAL_RESOURCE_ID,
        "StackId": event.stack_id,
        "RequestId": event.request_id,
        "LogicalResourceId": event.logical_resource_id,
        "Data": data or {},
    }
    request = urllib.request.Request(
        event.response_url, data=json.dumps(body).encode(), method="PUT", headers={"Content-Type": ""}
    )
    with urllib.request.urlopen(request, timeout=ANSWER_TIMEOUT_SECONDS) as response:
        logger.info("answered CloudFormation", extra={"status": status, "http_status": response.status})


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError in this thread (Lambda's main thread) once `seconds` have passed."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"the migrations did not finish within {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.1))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
