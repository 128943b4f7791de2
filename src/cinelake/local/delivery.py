"""Event delivery for local runs: what Lambda's SQS pollers and EventBridge Scheduler do in AWS.

moto keeps the queues but cannot run Lambda functions here, so this module plays the event source mappings
read from template.yaml. For each SQS event source it receives a batch, calls the handler in
functions/<name>/app.py with the Lambda SQS event and a Lambda context, and settles the batch as Lambda does:

- The event is the exact Lambda shape: {"Records": [{messageId, receiptHandle, body, attributes,
  messageAttributes, md5OfBody, eventSource: "aws:sqs", eventSourceARN, awsRegion}]}.
- With ReportBatchItemFailures, every message is deleted except those the response lists. A response Lambda
  would reject (an unknown or empty itemIdentifier) fails the whole batch. Without it, a normal return
  deletes the whole batch.
- If the handler raises, nothing is deleted.
- Messages left undeleted are received again. When one has been received maxReceiveCount times, the queue's
  redrive policy moves it to the dead-letter queue on the next receive. moto does this itself in server mode,
  as SQS does, so the poller does not move messages by hand (the integration tests check this).
- S3 notifications reach the load queue's consumer as they do in production: their body is the S3 event JSON
  that moto sends, and the first message is the `s3:TestEvent` that configuring the notification sends.

Local runs compress time:
- Batching window: a batch is gathered until it is full, a receive finds nothing more, or the window ends.
  Lambda may wait out the whole window.
- Retry wait: a message that failed becomes visible again after `retry_delay_seconds` (0 by default), not
  after the queue's VisibilityTimeout.
- One batch at a time, round robin over the event sources. A function's Timeout is not enforced: a longer
  run is logged as a warning.

Handlers are loaded by file path under a module name of their own per function. Their folder is not put on
sys.path, so a handler imports only `cinelake` (the layer) and installed packages. While a handler is imported
and called, the function's Environment variables from the template are set, and then restored.
"""

import base64
import importlib.util
import json
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager, ExitStack, nullcontext, redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO

from aws_lambda_powertools import Logger

from cinelake.adapters.sqs import chunked
from cinelake.local.environment import environment
from cinelake.local.template import FunctionSpec, ScheduleSpec, SqsEventSource, Wiring

logger = Logger(child=True)

SQS_MAX_MESSAGES_PER_RECEIVE = 10
SQS_MAX_ENTRIES_PER_BATCH_CALL = 10
QUEUE_DEPTH_ATTRIBUTES = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
]

LambdaHandler = Callable[[Any, "LambdaContext"], Any]


@dataclass
class LambdaContext:
    """The context object Lambda's Python runtime passes a handler (the attributes Powertools reads)."""

    function_name: str
    function_version: str
    invoked_function_arn: str
    memory_limit_in_mb: int
    aws_request_id: str
    log_group_name: str
    log_stream_name: str
    deadline: float = field(repr=False)  # time.monotonic() at which Lambda would stop the invocation
    client_context: None = None
    identity: None = None

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self.deadline - time.monotonic()) * 1000))


@dataclass(frozen=True)
class BatchOutcome:
    """One invocation of a function with one batch of messages."""

    function_id: str
    queue_id: str
    message_ids: tuple[str, ...]
    failed_message_ids: tuple[str, ...]  # left on the queue, to be received again
    error: str | None = None  # the handler's exception, when it raised


@dataclass
class FunctionStats:
    invocations: int = 0
    records: int = 0
    failed_records: int = 0
    errors: int = 0  # invocations that raised

    def add(self, outcome: BatchOutcome) -> None:
        self.invocations += 1
        self.records += len(outcome.message_ids)
        self.failed_records += len(outcome.failed_message_ids)
        self.errors += outcome.error is not None


@dataclass(frozen=True)
class _QueueAddress:
    url: str
    arn: str


class LocalDelivery:
    """Delivers the wiring's events to the handlers, through the SQS stand-in behind `sqs_client`."""

    def __init__(
        self,
        wiring: Wiring,
        sqs_client,
        *,
        retry_delay_seconds: int = 0,
        poll_interval_seconds: float = 0.05,
        log_file: TextIO | None = None,
    ) -> None:
        self.wiring = wiring
        # What the handlers print (logs, EMF metrics) goes here, as in Lambda it goes to CloudWatch Logs.
        self.log_file = log_file
        self.sqs = sqs_client
        self.retry_delay_seconds = retry_delay_seconds
        self.poll_interval_seconds = poll_interval_seconds
        self._handlers: dict[str, LambdaHandler] = {}
        self._queues: dict[str, _QueueAddress] = {}

    # ---- Direct invocation and schedules ----

    def invoke(self, function_id: str, event: Any) -> Any:
        """Invoke a function synchronously, like `aws lambda invoke`; its exception propagates."""
        return self._invoke(self.wiring.functions[function_id], event)

    def invoke_schedule(self, name: str, scheduled_time: datetime | None = None) -> Any:
        """Fire one schedule now, as EventBridge Scheduler would at `scheduled_time` (default: now)."""
        schedule = self.wiring.schedule(name)
        event = scheduler_event(schedule, self.wiring.schedule_arn(name), scheduled_time or datetime.now(UTC))
        return self.invoke(schedule.function_id, event)

    # ---- SQS event sources ----

    def deliver_batch(self, source: SqsEventSource) -> BatchOutcome | None:
        """Receive one batch from the source's queue and hand it to its function; None if there was none."""
        function = self.wiring.functions[source.function_id]
        # Import the handler before taking messages: a missing or broken handler is a setup error to
        # report, not a batch failure that would walk every message to the dead-letter queue.
        self._warm_up(function)
        queue = self._queue(source.queue_id)
        messages = self._receive_batch(source, queue.url)
        if not messages:
            return None
        message_ids = [message["MessageId"] for message in messages]
        event = {"Records": [lambda_sqs_record(message, queue.arn, self.wiring.region) for message in messages]}
        error = None
        try:
            response = self._invoke(function, event)
        except Exception as exception:  # a failing handler fails its batch, as in Lambda
            logger.exception(
                "handler raised: the whole batch stays on the queue", extra={"function": source.function_id}
            )
            error = f"{type(exception).__name__}: {exception}"
            failed = set(message_ids)
        else:
            failed = failed_message_ids(response, message_ids) if source.report_batch_item_failures else set()
        self._settle(queue.url, messages, failed)
        return BatchOutcome(
            function_id=source.function_id,
            queue_id=source.queue_id,
            message_ids=tuple(message_ids),
            failed_message_ids=tuple(i for i in message_ids if i in failed),
            error=error,
        )

    def run_until_idle(
        self,
        on_batch: Callable[[BatchOutcome], None] | None = None,
        max_seconds: float | None = None,
    ) -> dict[str, FunctionStats]:
        """Deliver until every source queue is empty with nothing in flight; return what each function did.

        `on_batch` is called after each batch (for progress). Raises TimeoutError after `max_seconds`, e.g. when
        a message keeps failing on a queue that has no dead-letter queue.
        """
        stats = {source.function_id: FunctionStats() for source in self.wiring.sqs_sources}
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        while True:
            delivered = False
            for source in self.wiring.sqs_sources:
                outcome = self.deliver_batch(source)
                if outcome is None:
                    continue
                delivered = True
                stats[source.function_id].add(outcome)
                if on_batch is not None:
                    on_batch(outcome)
            if not delivered and self.is_idle():
                return stats
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"the queues were still busy after {max_seconds} s")
            if not delivered:
                # Messages are in flight, delayed, or were just moved to a dead-letter queue.
                time.sleep(self.poll_interval_seconds)

    def is_idle(self) -> bool:
        """True when no source queue holds a message: visible, in flight or delayed."""
        for queue_id in {source.queue_id for source in self.wiring.sqs_sources}:
            attributes = self.sqs.get_queue_attributes(
                QueueUrl=self._queue(queue_id).url, AttributeNames=QUEUE_DEPTH_ATTRIBUTES
            )["Attributes"]
            if any(int(attributes.get(name, 0)) for name in QUEUE_DEPTH_ATTRIBUTES):
                return False
        return True

    # ---- Internals ----

    def _receive_batch(self, source: SqsEventSource, queue_url: str) -> list[dict[str, Any]]:
        # SQS returns at most ten messages a call: receive again until the batch is full, the queue has
        # nothing more, or the batching window is over (the window is only waited out in AWS).
        messages: list[dict[str, Any]] = []
        window_end = time.monotonic() + source.batching_window_seconds
        while len(messages) < source.batch_size:
            received = self.sqs.receive_message(
                QueueUrl=queue_url,
                MaxNumberOfMessages=min(SQS_MAX_MESSAGES_PER_RECEIVE, source.batch_size - len(messages)),
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
                WaitTimeSeconds=0,
            ).get("Messages", [])
            messages.extend(received)
            if not received or time.monotonic() >= window_end:
                break
        return messages

    def _settle(self, queue_url: str, messages: list[dict[str, Any]], failed: set[str]) -> None:
        done = [m for m in messages if m["MessageId"] not in failed]
        retry = [m for m in messages if m["MessageId"] in failed]
        for chunk in chunked(done, SQS_MAX_ENTRIES_PER_BATCH_CALL):
            entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)]
            response = self.sqs.delete_message_batch(QueueUrl=queue_url, Entries=entries)
            if response.get("Failed"):
                logger.warning(
                    "SQS did not delete some messages: they will come again", extra={"failed": response["Failed"]}
                )
        for chunk in chunked(retry, SQS_MAX_ENTRIES_PER_BATCH_CALL):
            entries = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": self.retry_delay_seconds}
                for i, m in enumerate(chunk)
            ]
            response = self.sqs.change_message_visibility_batch(QueueUrl=queue_url, Entries=entries)
            if response.get("Failed"):
                logger.warning(
                    "failed messages come back after the queue's visibility timeout",
                    extra={"failed": response["Failed"]},
                )

    def _invoke(self, function: FunctionSpec, event: Any) -> Any:
        # Lambda hands the handler freshly parsed JSON and serialises what it returns: do the same, so a
        # handler cannot share objects with the poller and an unserialisable result fails as it would there.
        event = json.loads(json.dumps(event))
        context = _lambda_context(function, self.wiring)
        started = time.monotonic()
        with environment(function.environment), self._function_output():
            handler = self._handler(function)
            response = handler(event, context)
        elapsed = time.monotonic() - started
        if elapsed > function.timeout:
            logger.warning(
                "the handler ran longer than its Timeout: Lambda would have stopped it",
                extra={"function": function.logical_id, "seconds": round(elapsed, 1), "timeout": function.timeout},
            )
        return json.loads(json.dumps(response))

    def _warm_up(self, function: FunctionSpec) -> None:
        with environment(function.environment), self._function_output():
            self._handler(function)

    def _function_output(self) -> AbstractContextManager:
        if self.log_file is None:
            return nullcontext()
        output = ExitStack()
        output.enter_context(redirect_stdout(self.log_file))
        output.enter_context(redirect_stderr(self.log_file))
        return output

    def _handler(self, function: FunctionSpec) -> LambdaHandler:
        """Import the function's handler module once (a warm Lambda keeps it), under its own module name."""
        if function.logical_id not in self._handlers:
            path = function.handler_file
            if not path.is_file():
                raise FileNotFoundError(f"{function.logical_id}: no handler file at {path}")
            module_name = f"cinelake_lambda_{function.logical_id}"
            spec = importlib.util.spec_from_file_location(module_name, path)
            if spec is None or spec.loader is None:
                raise ImportError(f"{function.logical_id}: cannot load {path}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module  # dataclasses and pydantic look their module up here
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[module_name]
                raise
            self._handlers[function.logical_id] = getattr(module, function.handler_function)
        return self._handlers[function.logical_id]

    def _queue(self, queue_id: str) -> _QueueAddress:
        if queue_id not in self._queues:
            url = self.sqs.get_queue_url(QueueName=self.wiring.queues[queue_id].name)["QueueUrl"]
            arn = self.sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
            self._queues[queue_id] = _QueueAddress(url=url, arn=arn)
        return self._queues[queue_id]


def lambda_sqs_record(message: Mapping[str, Any], queue_arn: str, region: str) -> dict[str, Any]:
    """One record of Lambda's SQS event, from a message as ReceiveMessage returns it."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": dict(message.get("Attributes", {})),
        "messageAttributes": {
            name: _lambda_message_attribute(value) for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def _lambda_message_attribute(value: Mapping[str, Any]) -> dict[str, Any]:
    # Lambda spells attributes in camelCase, always with both list fields, and binary values in base64.
    attribute: dict[str, Any] = {}
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        attribute["binaryValue"] = base64.b64encode(value["BinaryValue"]).decode("ascii")
    attribute["stringListValues"] = list(value.get("StringListValues", []))
    attribute["binaryListValues"] = [base64.b64encode(v).decode("ascii") for v in value.get("BinaryListValues", [])]
    attribute["dataType"] = value["DataType"]
    return attribute


def failed_message_ids(response: Any, message_ids: list[str]) -> set[str]:
    """The messages a ReportBatchItemFailures response keeps on the queue, read as Lambda reads it.

    No response, an empty one or an empty list: all succeeded. An entry without a valid itemIdentifier of
    this batch: the response is invalid and the whole batch failed.
    """
    if not response:
        return set()
    if not isinstance(response, dict):
        return set(message_ids)
    items = response.get("batchItemFailures")
    if not items:
        return set()
    if not isinstance(items, list):
        return set(message_ids)
    failed = set()
    for item in items:
        identifier = item.get("itemIdentifier") if isinstance(item, dict) else None
        if not identifier or identifier not in message_ids:
            return set(message_ids)
        failed.add(identifier)
    return failed


def scheduler_event(schedule: ScheduleSpec, schedule_arn: str, scheduled_time: datetime) -> Any:
    """The payload EventBridge Scheduler gives a Lambda target: the schedule's Input, context attributes filled.

    A schedule without Input sends Scheduler's default notification; we take that to be an empty object.
    """
    if scheduled_time.tzinfo is None:
        raise ValueError("scheduled_time must carry a time zone")
    if schedule.input is None:
        return {}
    context_attributes = {
        "<aws.scheduler.schedule-arn>": schedule_arn,
        "<aws.scheduler.scheduled-time>": scheduled_time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "<aws.scheduler.execution-id>": uuid.uuid4().hex[:16],
        "<aws.scheduler.attempt-number>": "1",
    }
    payload = schedule.input
    for keyword, value in context_attributes.items():
        payload = payload.replace(keyword, value)
    return json.loads(payload)


def _lambda_context(function: FunctionSpec, wiring: Wiring) -> LambdaContext:
    now = datetime.now(UTC)
    return LambdaContext(
        function_name=function.logical_id,
        function_version="$LATEST",
        invoked_function_arn=wiring.function_arn(function.logical_id),
        memory_limit_in_mb=function.memory_size,
        aws_request_id=str(uuid.uuid4()),
        log_group_name=f"/aws/lambda/{function.logical_id}",
        log_stream_name=f"{now:%Y/%m/%d}/[$LATEST]{uuid.uuid4().hex}",
        deadline=time.monotonic() + function.timeout,
    )
