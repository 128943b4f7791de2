"""The messages that travel on the ids queue."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# A message holds many ids (SQS charges per message and caps a message at 256 KiB); a failed message is retried
# whole, so it is also the unit of retry.
IDS_PER_MESSAGE = 100


class IdBatch(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    ids: list[int] = Field(min_length=1, max_length=1000)
    source: Literal["bulk", "changes", "manual"]
    day: date  # the export date or the changes date the ids came from
