"""The local stack against a real moto server: provisioning from a template, and Lambda-faithful delivery.

The stack is the tiny template in fake_handlers/, whose functions all run a handler that records each call
and fails on request (see fake_handlers/recorder/app.py).
"""

import base64
import dataclasses
import hashlib
import json
import os
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote_plus

import pytest
from aws_lambda_powertools.utilities.parser.models import SqsModel

from cinelake.local.delivery import BatchOutcome, LocalDelivery
from cinelake.local.moto_server import moto_client, moto_server
from cinelake.local.provision import Provisioned, provision
from cinelake.local.template import Wiring, read_wiring

pytestmark = pytest.mark.integration

FAKE_TEMPLATE = Path(__file__).parent / "fake_handlers" / "template.yaml"
REGION = "us-east-1"
LAMBDA_SQS_RECORD_KEYS = {
    "messageId",
    "receiptHandle",
    "body",
    "attributes",
    "messageAttributes",
    "md5OfBody",
    "eventSource",
    "eventSourceARN",
    "awsRegion",
}


@pytest.fixture(scope="module")
def endpoint_url() -> Iterator[str]:
    with moto_server() as url:
        yield url


@dataclass
class Stack:
    wiring: Wiring
    provisioned: Provisioned
    delivery: LocalDelivery
    sqs: object
    s3: object
    record_file: Path

    def calls(self, function_id: str) -> list[dict]:
        if not self.record_file.exists():
            return []
        lines = self.record_file.read_text(encoding="utf-8").splitlines()
        return [call for call in map(json.loads, lines) if call["function"] == function_id]

    def bodies(self, function_id: str) -> list[str]:
        return [record["body"] for call in self.calls(function_id) for record in call["event"]["Records"]]

    def source(self, function_id: str):
        return next(s for s in self.wiring.sqs_sources if s.function_id == function_id)

    def send(self, queue_id: str, *bodies: str) -> list[str]:
        url = self.provisioned.queue_urls[queue_id]
        return [self.sqs.send_message(QueueUrl=url, MessageBody=body)["MessageId"] for body in bodies]

    def depth(self, queue_id: str) -> int:
        attributes = self.sqs.get_queue_attributes(
            QueueUrl=self.provisioned.queue_urls[queue_id],
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])

    def drain(self, queue_id: str) -> list[dict]:
        url = self.provisioned.queue_urls[queue_id]
        response = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"])
        return response.get("Messages", [])


@pytest.fixture
def stack(endpoint_url: str, tmp_path: Path) -> Stack:
    """A freshly provisioned copy of the fake template, with names of its own."""
    suffix = uuid.uuid4().hex[:8]
    record_file = tmp_path / "calls.jsonl"
    wiring = read_wiring(
        FAKE_TEMPLATE,
        {
            "BucketName": f"lake-{suffix}",
            "WorkQueueName": f"work-{suffix}",
            "LoadQueueName": f"load-{suffix}",
            "RecordFile": str(record_file),
        },
        region=REGION,
    )
    sqs = moto_client("sqs", endpoint_url, REGION)
    s3 = moto_client("s3", endpoint_url, REGION)
    provisioned = provision(wiring, s3=s3, sqs=sqs, scheduler=moto_client("scheduler", endpoint_url, REGION))
    return Stack(wiring, provisioned, LocalDelivery(wiring, sqs), sqs, s3, record_file)


def test_provisioning_follows_the_template(stack: Stack) -> None:
    # GIVEN the provisioned fake stack
    work_url = stack.provisioned.queue_urls["WorkQueue"]
    # WHEN we read the work queue's attributes back from moto
    attributes = stack.sqs.get_queue_attributes(QueueUrl=work_url, AttributeNames=["All"])["Attributes"]
    # THEN they are the template's, with the redrive policy pointing at its dead-letter queue
    assert attributes["VisibilityTimeout"] == "180"
    assert json.loads(attributes["RedrivePolicy"]) == {
        "deadLetterTargetArn": stack.provisioned.queue_arns["WorkDeadLetterQueue"],
        "maxReceiveCount": 3,
    }
    assert stack.provisioned.queue_arns["WorkQueue"] == stack.wiring.queue_arn("WorkQueue")
    assert stack.provisioned.schedule_arns["TickerFunctionTick"] == stack.wiring.schedule_arn("TickerFunctionTick")


def test_a_batch_reaches_the_handler_as_the_exact_lambda_sqs_event(stack: Stack) -> None:
    # GIVEN a message with a string and a binary attribute on the work queue
    body = '{"ids": [550, 603]}'
    stack.sqs.send_message(
        QueueUrl=stack.provisioned.queue_urls["WorkQueue"],
        MessageBody=body,
        MessageAttributes={
            "kind": {"DataType": "String", "StringValue": "ids"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        },
    )

    # WHEN one batch is delivered
    outcome = stack.delivery.deliver_batch(stack.source("WorkerFunction"))

    # THEN the handler got Lambda's SQS event, record for record
    assert outcome is not None and outcome.failed_message_ids == () and outcome.error is None
    (call,) = stack.calls("WorkerFunction")
    event = call["event"]
    assert set(event) == {"Records"}
    (record,) = event["Records"]
    assert set(record) == LAMBDA_SQS_RECORD_KEYS
    assert record["body"] == body
    assert record["md5OfBody"] == hashlib.md5(body.encode()).hexdigest()
    assert record["eventSource"] == "aws:sqs"
    assert record["eventSourceARN"] == stack.provisioned.queue_arns["WorkQueue"]
    assert record["awsRegion"] == REGION
    assert {"ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"} <= set(
        record["attributes"]
    )
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert record["messageAttributes"] == {
        "kind": {"stringValue": "ids", "stringListValues": [], "binaryListValues": [], "dataType": "String"},
        "blob": {
            "binaryValue": base64.b64encode(b"\x00\x01").decode(),
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": "Binary",
        },
    }
    SqsModel.model_validate(event)  # Powertools' own model of the event accepts it
    # ... with a Lambda context and the function's environment from the template (Globals merged in)
    assert call["context"] == {
        "function_name": "WorkerFunction",
        "function_version": "$LATEST",
        "invoked_function_arn": f"arn:aws:lambda:{REGION}:123456789012:function:WorkerFunction",
        "memory_limit_in_mb": 512,
        "aws_request_id": call["context"]["aws_request_id"],
        "log_group_name": "/aws/lambda/WorkerFunction",
        "log_stream_name": call["context"]["log_stream_name"],
    }
    assert uuid.UUID(call["context"]["aws_request_id"])
    assert "[$LATEST]" in call["context"]["log_stream_name"]
    assert 0 < call["remaining_ms"] <= 30_000
    assert call["environment"] == {"ROLE": "worker", "BUCKET": stack.wiring.buckets["Bucket"].name}
    assert "ROLE" not in os.environ  # set for the call only
    # AND the batch is gone from the queue
    assert stack.depth("WorkQueue") == 0


def test_each_function_gets_its_own_handler_module(stack: Stack) -> None:
    # GIVEN two functions whose CodeUri is the same folder
    stack.send("WorkQueue", "one")
    # WHEN both are delivered to
    stack.delivery.run_until_idle(max_seconds=10)
    # THEN each ran its own module, loaded by path, without the folder on sys.path
    (worker_call,) = stack.calls("WorkerFunction")
    loader_module = stack.calls("LoaderFunction")[0]["module"]
    assert worker_call["module"] != loader_module
    assert {worker_call["module"], loader_module} <= set(sys.modules)
    assert str(FAKE_TEMPLATE.parent / "recorder") not in sys.path


def test_a_batch_is_gathered_over_several_receives_up_to_the_batch_size(stack: Stack) -> None:
    # GIVEN 30 messages, while SQS returns at most 10 per receive and the batch size is 25
    stack.send("WorkQueue", *(f"message {n}" for n in range(30)))
    # WHEN two batches are delivered
    first = stack.delivery.deliver_batch(stack.source("WorkerFunction"))
    second = stack.delivery.deliver_batch(stack.source("WorkerFunction"))
    # THEN the first is full and the second takes the rest
    assert first is not None and len(first.message_ids) == 25
    assert second is not None and len(second.message_ids) == 5
    assert sorted(stack.bodies("WorkerFunction")) == sorted(f"message {n}" for n in range(30))


def test_a_partial_batch_failure_leaves_only_the_reported_messages(stack: Stack) -> None:
    # GIVEN four good messages and one the handler reports as failed
    ids = stack.send("WorkQueue", "a", "b", "poison", "c", "d")
    # WHEN the batch is delivered
    outcome = stack.delivery.deliver_batch(stack.source("WorkerFunction"))
    # THEN only the reported message is left, visible again for its next attempt
    assert outcome is not None and outcome.failed_message_ids == (ids[2],)
    assert stack.depth("WorkQueue") == 1
    (left,) = stack.drain("WorkQueue")
    assert left["Body"] == "poison"
    assert left["Attributes"]["ApproximateReceiveCount"] == "2"


def test_a_raising_handler_leaves_the_whole_batch(stack: Stack) -> None:
    # GIVEN a batch in which one message makes the handler raise
    stack.send("WorkQueue", "a", "crash", "b")
    # WHEN it is delivered
    outcome = stack.delivery.deliver_batch(stack.source("WorkerFunction"))
    # THEN nothing is deleted: every message will be received again
    assert outcome is not None and outcome.error is not None and outcome.error.startswith("RuntimeError")
    assert set(outcome.failed_message_ids) == set(outcome.message_ids)
    assert stack.depth("WorkQueue") == 3


def test_without_report_batch_item_failures_a_normal_return_settles_the_batch(stack: Stack) -> None:
    # GIVEN a message the handler reports as failed, on a source without ReportBatchItemFailures
    stack.send("LoadQueue", "poison")
    # WHEN the loader's batch is delivered
    outcome = stack.delivery.deliver_batch(stack.source("LoaderFunction"))
    # THEN Lambda ignores the response: the batch (with S3's test event) is deleted
    assert outcome is not None and outcome.failed_message_ids == ()
    assert stack.depth("LoadQueue") == 0


def test_a_poison_message_ends_in_the_dead_letter_queue_while_the_rest_flows(stack: Stack) -> None:
    # GIVEN twenty good messages and a poison one, on a queue with maxReceiveCount 3
    good = [f"good {n}" for n in range(20)]
    stack.send("WorkQueue", *good[:10], "poison pill", *good[10:])
    outcomes: list[BatchOutcome] = []

    # WHEN everything is delivered
    stats = stack.delivery.run_until_idle(on_batch=outcomes.append, max_seconds=20)

    # THEN each good message was handled once, and the poison one maxReceiveCount times
    bodies = stack.bodies("WorkerFunction")
    assert sorted(b for b in bodies if b != "poison pill") == sorted(good)
    assert bodies.count("poison pill") == 3
    # AND it waits in the dead-letter queue, moved there by the redrive policy; the work queue is empty
    assert stack.depth("WorkQueue") == 0
    assert [m["Body"] for m in stack.drain("WorkDeadLetterQueue")] == ["poison pill"]
    # AND the stats and the progress callback saw every batch
    assert stats["WorkerFunction"].failed_records == 3
    assert stats["WorkerFunction"].invocations == len([o for o in outcomes if o.function_id == "WorkerFunction"])
    assert stats["WorkerFunction"].records == len(bodies)


def test_an_object_under_the_prefix_reaches_the_loader_as_an_s3_notification(stack: Stack) -> None:
    # GIVEN one object under raw/movies/ and one elsewhere
    bucket = stack.wiring.buckets["Bucket"].name
    stack.s3.put_object(Bucket=bucket, Key="raw/movies/603.json", Body=b'{"id": 603}')
    stack.s3.put_object(Bucket=bucket, Key="exports/movie_ids.json.gz", Body=b"...")

    # WHEN the queues are worked off
    stack.delivery.run_until_idle(max_seconds=10)

    # THEN the loader got S3's test event (sent when the notification was configured) ...
    bodies = [json.loads(body) for body in stack.bodies("LoaderFunction")]
    assert bodies[0]["Event"] == "s3:TestEvent" and bodies[0]["Bucket"] == bucket
    # ... and one ObjectCreated notification, for the object under the prefix only
    notifications = [record for body in bodies[1:] for record in body["Records"]]
    assert len(notifications) == 1
    (notification,) = notifications
    assert notification["eventSource"] == "aws:s3"
    assert notification["eventName"] == "ObjectCreated:Put"
    assert notification["s3"]["bucket"]["name"] == bucket
    assert unquote_plus(notification["s3"]["object"]["key"]) == "raw/movies/603.json"


def test_the_schedule_event_reaches_its_target(stack: Stack) -> None:
    # GIVEN the ticker's daily schedule
    scheduled_time = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    # WHEN it fires
    stack.delivery.invoke_schedule("TickerFunctionTick", scheduled_time)
    # THEN the ticker gets the schedule's Input, with Scheduler's context attributes filled in
    (call,) = stack.calls("TickerFunction")
    assert call["event"] == {
        "time": "2026-03-01T08:30:00Z",
        "arn": stack.provisioned.schedule_arns["TickerFunctionTick"],
        "attempt": "1",
    }


def test_run_until_idle_waits_for_messages_in_flight_and_gives_up_at_its_limit(
    stack: Stack,
) -> None:
    # GIVEN a delivery that, like Lambda, leaves a failed message invisible for a while
    delivery = LocalDelivery(stack.wiring, stack.sqs, retry_delay_seconds=60)
    stack.send("WorkQueue", "poison")
    # WHEN it runs until idle with a limit shorter than that wait
    # THEN the message in flight keeps it from being idle, and it stops at the limit
    with pytest.raises(TimeoutError):
        delivery.run_until_idle(max_seconds=0.5)
    assert stack.depth("WorkQueue") == 1


def test_a_missing_handler_is_an_error_and_takes_no_message(stack: Stack, tmp_path: Path) -> None:
    # GIVEN a function whose code folder has no handler file
    worker = stack.wiring.functions["WorkerFunction"]
    functions = {**stack.wiring.functions, "WorkerFunction": dataclasses.replace(worker, code_dir=tmp_path)}
    delivery = LocalDelivery(dataclasses.replace(stack.wiring, functions=functions), stack.sqs)
    stack.send("WorkQueue", "a")
    # WHEN a batch is due
    # THEN delivery fails loudly, before receiving: the message waits, untouched
    with pytest.raises(FileNotFoundError):
        delivery.deliver_batch(stack.source("WorkerFunction"))
    (waiting,) = stack.drain("WorkQueue")
    assert waiting["Attributes"]["ApproximateReceiveCount"] == "1"
