"""The rules local delivery shares with AWS: reading a partial batch response, and the schedule payload."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from cinelake.local.delivery import failed_message_ids, scheduler_event
from cinelake.local.template import ScheduleSpec

pytestmark = pytest.mark.unit

BATCH = ["m1", "m2", "m3"]


@pytest.mark.parametrize(
    "response",
    [None, {}, {"batchItemFailures": []}, {"batchItemFailures": None}, {"statusCode": 200}],
)
def test_an_empty_response_means_the_whole_batch_succeeded(response) -> None:
    assert failed_message_ids(response, BATCH) == set()


def test_the_reported_items_are_the_failures() -> None:
    response = {"batchItemFailures": [{"itemIdentifier": "m2"}, {"itemIdentifier": "m3"}]}
    assert failed_message_ids(response, BATCH) == {"m2", "m3"}


@pytest.mark.parametrize(
    "response",
    [
        {"batchItemFailures": [{"itemIdentifier": "not-in-batch"}]},
        {"batchItemFailures": [{"itemIdentifier": ""}]},
        {"batchItemFailures": [{"itemIdentifier": None}]},
        {"batchItemFailures": [{"id": "m1"}]},
        {"batchItemFailures": "m1"},
        "m1",
    ],
)
def test_an_invalid_response_fails_the_whole_batch(response) -> None:
    # Lambda treats a response it cannot read as a failure of every message.
    assert failed_message_ids(response, BATCH) == set(BATCH)


def schedule(input_text: str | None) -> ScheduleSpec:
    return ScheduleSpec(name="daily", function_id="F", expression="rate(1 day)", timezone="UTC", input=input_text)


def test_the_schedule_input_gets_its_context_attributes() -> None:
    # GIVEN an Input using every context attribute, and a scheduled time given in another zone
    spec = schedule(
        '{"t": "<aws.scheduler.scheduled-time>", "arn": "<aws.scheduler.schedule-arn>",'
        ' "id": "<aws.scheduler.execution-id>", "n": "<aws.scheduler.attempt-number>"}'
    )
    paris = timezone(timedelta(hours=1))
    # WHEN the event is built
    event = scheduler_event(
        spec,
        "arn:aws:scheduler:us-east-1:123456789012:schedule/default/daily",
        datetime(2026, 3, 1, 9, 30, tzinfo=paris),
    )
    # THEN the keywords are replaced, the time in UTC to the second
    assert event["t"] == "2026-03-01T08:30:00Z"
    assert event["arn"] == "arn:aws:scheduler:us-east-1:123456789012:schedule/default/daily"
    assert len(event["id"]) == 16
    assert event["n"] == "1"


def test_a_schedule_without_input_sends_an_empty_object() -> None:
    assert scheduler_event(schedule(None), "arn", datetime.now(UTC)) == {}


def test_a_naive_scheduled_time_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        scheduler_event(schedule("{}"), "arn", datetime(2026, 3, 1, 8, 30))
