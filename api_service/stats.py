"""What /stats reports: the database's row counts, the daily run's watermark, DLQ depths and the model's scores.

AWS is asked for what it can tell; whatever does not answer is reported as null, never as an error.
"""

import logging
from datetime import datetime

from pydantic import BaseModel, Field

from api_service.model_registry import LoadedModel
from cinelake.adapters.s3 import LakeStore
from cinelake.errors import RetryableError
from cinelake.services.extract import WATERMARK_KEY

log = logging.getLogger(__name__)


class TableCounts(BaseModel):
    movies: int
    people: int
    companies: int
    keywords: int
    links: int = Field(
        description="rows of every movie-to-thing link table (cast, crew, genres, companies, ..., release dates)"
    )


class ModelScores(BaseModel):
    version: str
    threshold: float
    holdout: dict[str, float] | None = Field(description="the model's holdout scores (roc_auc, pr_auc, brier, ...)")
    holdout_at_threshold: dict[str, float] | None = Field(description="precision, recall, ... at the threshold")


class Stats(BaseModel):
    tables: TableCounts
    newest_loaded_at: datetime | None = Field(description="when the newest movie was loaded")
    watermark: dict | None = Field(description="the daily run's changes watermark; null if S3 did not answer")
    dlq_depths: dict[str, int | None] = Field(description="messages per dead-letter queue; null if SQS did not answer")
    model: ModelScores | None = Field(description="null while no model is published")


def watermark(lake: LakeStore) -> dict | None:
    try:
        return lake.get_json(WATERMARK_KEY)
    except (RetryableError, ValueError) as error:  # ValueError: the document is not JSON
        log.warning("no watermark from s3://%s/%s: %s", lake.bucket, WATERMARK_KEY, error)
        return None


def model_scores(model: LoadedModel | None) -> ModelScores | None:
    if model is None:
        return None
    metrics = model.card.get("metrics") or {}
    holdout = metrics.get("holdout") or {}
    return ModelScores(
        version=model.version,
        threshold=model.threshold,
        holdout=holdout.get("model"),
        holdout_at_threshold=metrics.get("holdout_at_threshold"),
    )
