"""Create the wiring's queues, buckets and schedules in the local AWS stand-in, as the stack would.

Everything comes from the wiring read from template.yaml: queue names, visibility timeouts and redrive
policies, the bucket with its S3 -> SQS notifications, and the EventBridge Scheduler schedules.

As in AWS, configuring a bucket notification makes S3 send an `s3:TestEvent` message to each of its queues;
the consumer of such a queue receives it as its first message and is expected to skip it.
"""

import json
from dataclasses import dataclass

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from cinelake.local.template import BucketSpec, ScheduleSpec, Wiring

logger = Logger(child=True)

US_EAST_1 = "us-east-1"  # the one region where CreateBucket takes no LocationConstraint


@dataclass(frozen=True)
class Provisioned:
    """What provisioning created, by logical id (schedules by name)."""

    queue_urls: dict[str, str]
    queue_arns: dict[str, str]
    bucket_names: dict[str, str]
    schedule_arns: dict[str, str]


def provision(wiring: Wiring, *, s3, sqs, scheduler) -> Provisioned:
    """Create everything the wiring describes, through the given boto3 clients. Safe to run again."""
    queue_urls, queue_arns = _create_queues(wiring, sqs)
    for bucket in wiring.buckets.values():
        _create_bucket(bucket, s3, wiring.region)
        _configure_notifications(bucket, s3, queue_arns)
    schedule_arns = {schedule.name: _create_schedule(schedule, scheduler, wiring) for schedule in wiring.schedules}
    logger.info(
        "provisioned the local stack",
        extra={"queues": sorted(queue_urls), "buckets": sorted(wiring.buckets), "schedules": sorted(schedule_arns)},
    )
    return Provisioned(
        queue_urls=queue_urls,
        queue_arns=queue_arns,
        bucket_names={logical_id: bucket.name for logical_id, bucket in wiring.buckets.items()},
        schedule_arns=schedule_arns,
    )


def _create_queues(wiring: Wiring, sqs) -> tuple[dict[str, str], dict[str, str]]:
    urls: dict[str, str] = {}
    arns: dict[str, str] = {}
    # Every queue first, then the redrive policies, which need their dead-letter queue's ARN.
    for queue in wiring.queues.values():
        attributes = {"VisibilityTimeout": str(queue.visibility_timeout)}
        if queue.message_retention_seconds is not None:
            attributes["MessageRetentionPeriod"] = str(queue.message_retention_seconds)
        urls[queue.logical_id] = sqs.create_queue(QueueName=queue.name, Attributes=attributes)["QueueUrl"]
        arns[queue.logical_id] = sqs.get_queue_attributes(QueueUrl=urls[queue.logical_id], AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
    for queue in wiring.queues.values():
        if queue.dead_letter_queue_id is None:
            continue
        policy = {"deadLetterTargetArn": arns[queue.dead_letter_queue_id], "maxReceiveCount": queue.max_receive_count}
        sqs.set_queue_attributes(QueueUrl=urls[queue.logical_id], Attributes={"RedrivePolicy": json.dumps(policy)})
    return urls, arns


def _create_bucket(bucket: BucketSpec, s3, region: str) -> None:
    location = {} if region == US_EAST_1 else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    try:
        s3.create_bucket(Bucket=bucket.name, **location)
    except ClientError as error:
        if error.response["Error"]["Code"] != "BucketAlreadyOwnedByYou":
            raise


def _configure_notifications(bucket: BucketSpec, s3, queue_arns: dict[str, str]) -> None:
    if not bucket.queue_notifications:
        return
    configurations = []
    for notification in bucket.queue_notifications:
        rules = [
            {"Name": name, "Value": value}
            for name, value in (("prefix", notification.prefix), ("suffix", notification.suffix))
            if value is not None
        ]
        configuration = {"QueueArn": queue_arns[notification.queue_id], "Events": [notification.event]}
        if rules:
            configuration["Filter"] = {"Key": {"FilterRules": rules}}
        configurations.append(configuration)
    s3.put_bucket_notification_configuration(
        Bucket=bucket.name, NotificationConfiguration={"QueueConfigurations": configurations}
    )


def _create_schedule(schedule: ScheduleSpec, scheduler, wiring: Wiring) -> str:
    """Record the schedule in the stand-in; moto never fires it (delivery.invoke_schedule does that)."""
    target = {
        "Arn": wiring.function_arn(schedule.function_id),
        "RoleArn": f"arn:aws:iam::{wiring.account_id}:role/{schedule.name}-scheduler",
    }
    if schedule.input is not None:
        target["Input"] = schedule.input
    arguments = {
        "Name": schedule.name,
        "ScheduleExpression": schedule.expression,
        "ScheduleExpressionTimezone": schedule.timezone,
        "FlexibleTimeWindow": {"Mode": "OFF"},
        "Target": target,
    }
    try:
        return scheduler.create_schedule(**arguments)["ScheduleArn"]
    except ClientError as error:
        if error.response["Error"]["Code"] != "ConflictException":
            raise
        return scheduler.update_schedule(**arguments)["ScheduleArn"]
