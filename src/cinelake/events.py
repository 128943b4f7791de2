"""The Lambda events the functions accept, as pydantic models (Powertools parses them)."""

from datetime import UTC, date, datetime, timedelta
from typing import Literal
from urllib.parse import unquote_plus

from aws_lambda_powertools.utilities.parser.models import SqsRecordModel
from aws_lambda_powertools.utilities.parser.types import Json
from pydantic import BaseModel, ConfigDict

from cinelake.domain.messages import IdBatch


class IdBatchRecord(SqsRecordModel):
    """An ids-queue message."""

    body: Json[IdBatch]


class S3TestEvent(BaseModel):
    """What S3 sends once when a notification is configured. There is nothing to load."""

    Service: Literal["Amazon S3"]
    Event: Literal["s3:TestEvent"]


class S3Object(BaseModel):
    key: str
    eTag: str | None = None


class S3Entity(BaseModel):
    object: S3Object


class S3NotificationRecord(BaseModel):
    eventName: str
    s3: S3Entity


class S3Notification(BaseModel):
    """The part of an S3 event notification the loader needs.

    Narrower than Powertools' S3Model on purpose: moto leaves out fields S3 sends (userIdentity, sequencer...)
    that the loader does not read.
    """

    Records: list[S3NotificationRecord]


class LakeObjectRecord(SqsRecordModel):
    """A load-queue message: an S3 ObjectCreated notification (or S3's test event)."""

    body: Json[S3Notification | S3TestEvent]

    def objects(self) -> list[tuple[str, str | None]]:
        """(key, etag) of each object created; keys arrive URL-encoded."""
        if isinstance(self.body, S3TestEvent):
            return []
        return [
            (unquote_plus(r.s3.object.key), r.s3.object.eTag)
            for r in self.body.Records
            if r.eventName.startswith("ObjectCreated")
        ]


class ChangesRun(BaseModel):
    """The daily schedule's payload, or a hand-made one: which days are over and may be read."""

    model_config = ConfigDict(extra="ignore")

    scheduled_time: datetime | None = None  # filled in by EventBridge Scheduler
    through: date | None = None  # set by hand to catch up to a given day

    def through_day(self) -> date:
        """The last complete day: the day before the run's scheduled time."""
        if self.through:
            return self.through
        return ((self.scheduled_time or datetime.now(UTC)).astimezone(UTC) - timedelta(days=1)).date()


class BulkRun(BaseModel):
    """An on-demand bulk extraction; no date means the newest export TMDB has published."""

    model_config = ConfigDict(extra="forbid")

    day: date | None = None


class BulkRunRecord(SqsRecordModel):
    """A bulk-queue message: a run to start, or to continue from its checkpoint."""

    body: Json[BulkRun]
