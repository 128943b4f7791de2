"""Migrate: applies the database migrations when CloudFormation creates or updates the stack (a custom resource),
then makes each job's database login from its secret; and rotates those logins' passwords for Secrets Manager.

It is the only function that reads the master user's secret. CloudFormation waits for the answer at the event's
ResponseURL; crhelper sends it, once: SUCCESS with the versions applied, or FAILED with the error's message. The work
stops ANSWER_MARGIN_SECONDS before Lambda's time limit, so crhelper's own timer (0.5 s before the limit) never fires
while it still runs and no second answer can follow. Deleting the stack leaves the database as it is. A rotation event
({"SecretId", "ClientRequestToken", "Step"}) runs one rotation step.
"""

import signal
from collections.abc import Iterator
from contextlib import closing, contextmanager

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext
from crhelper import CfnResource

from cinelake.adapters.migrations import apply_migrations
from cinelake.adapters.postgres import connect
from cinelake.bootstrap import adapters, login_url
from cinelake.services.logins import ensure_logins, rotate_login

logger = Logger()

# Stable, so that an update never looks like a replacement (CloudFormation would then delete the "old" one).
PHYSICAL_RESOURCE_ID = "cinelake-database-migrations"
ANSWER_MARGIN_SECONDS = 10  # kept free at the end of the invocation for crhelper to answer CloudFormation


@logger.inject_lambda_context
def lambda_handler(event: dict, context: LambdaContext) -> None:
    if "Step" in event:  # Secrets Manager rotating a login's password
        rotate(event["Step"], event["SecretId"], event["ClientRequestToken"])
    else:
        on_stack_change(event, context)


def on_stack_change(event: dict, context: LambdaContext) -> None:
    # Built per invocation, as its constructor makes boto3 clients (for polling, unused here). It logs through the
    # root logger at Python's default level; no sleep on Delete, which touches nothing.
    helper = CfnResource(log_level="WARNING", boto_level="WARNING", sleep_on_delete=0)

    def create_or_update(event: dict, context: LambdaContext) -> str:
        seconds = context.get_remaining_time_in_millis() / 1000 - ANSWER_MARGIN_SECONDS
        with time_limit(seconds):
            applied = migrate()
        logger.info("database migrations applied", extra={"applied": applied})
        helper.Data["Applied"] = ",".join(applied) or "none"
        return PHYSICAL_RESOURCE_ID

    helper.create(create_or_update)
    helper.update(create_or_update)
    # A failed Create answers with the stable id too, not one crhelper makes up (it falls back to the event's).
    helper({"PhysicalResourceId": PHYSICAL_RESOURCE_ID, **event}, context)


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
