"""Migrate: applies the database migrations when CloudFormation creates or updates the stack (a custom resource),
then makes each job's database login from its secret; and rotates those logins' passwords for Secrets Manager.

It is the only function that reads the master user's secret. CloudFormation waits for the answer at the event's
ResponseURL, so every custom resource invocation answers it: SUCCESS with the versions applied, or FAILED with the
reason. The work stops a little before Lambda's time limit to leave time for that answer. Deleting the stack leaves
the database as it is. A rotation event ({"SecretId", "ClientRequestToken", "Step"}) runs one rotation step.
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
from cinelake.bootstrap import adapters, login_url
from cinelake.services.logins import ensure_logins, rotate_login

logger = Logger()

# Stable, so that an update never looks like a replacement (CloudFormation would then delete the "old" one).
PHYSICAL_RESOURCE_ID = "cinelake-database-migrations"
ANSWER_MARGIN_SECONDS = 10  # kept free at the end of the invocation to answer CloudFormation
ANSWER_TIMEOUT_SECONDS = 10
MAX_REASON_CHARACTERS = 1000  # a response is at most 4 KiB


@logger.inject_lambda_context
def lambda_handler(event: dict, context: LambdaContext) -> None:
    if "Step" in event:  # Secrets Manager rotating a login's password
        rotate(event["Step"], event["SecretId"], event["ClientRequestToken"])
    else:
        on_stack_change(event, context)


@event_source(data_class=CloudFormationCustomResourceEvent)
def on_stack_change(event: CloudFormationCustomResourceEvent, context: LambdaContext) -> None:
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
    real = adapters()
    with closing(connect(real.database_url(), application_name="cinelake-migrate")) as conn:
        applied = apply_migrations(conn)
        logins = ensure_logins(
            conn, {job: real.read_secret(arn) for job, arn in real.settings.database_login_secret_arns.items()}
        )
    logger.info("database logins ready", extra={"logins": logins})
    return applied


def rotate(step: str, secret_id: str, token: str) -> None:
    real = adapters()
    rotate_login(
        step,
        secret_id,
        token,
        real.aws_client("secretsmanager"),
        master=lambda: connect(real.database_url(), application_name="cinelake-rotate"),
        login=lambda secret: connect(login_url(secret, real.settings), application_name="cinelake-rotate-test"),
    )


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
