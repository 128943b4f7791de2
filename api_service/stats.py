"""What /stats reports: the database's row counts, the daily run's watermark, DLQ depths and the model's scores.

AWS is asked for what it can tell; whatever does not answer is reported as null, never as an error.
"""

import logging
from datetime import datetime

import pg8000.native
from botocore.exceptions import BotoCoreError, ClientError
from pydantic import BaseModel, Field

from api_service.model_registry import LoadedModel
from cinelake.adapters.postgres import run
from cinelake.adapters.s3 import LakeStore
from cinelake.adapters.sqs import SqsQueue
from cinelake.config import Settings
from cinelake.errors import RetryableError
from cinelake.services.extract import WATERMARK_KEY

log = logging.getLogger(__name__)

DLQ_SUFFIX = "-dlq"  # template.yaml names each queue's dead-letter queue "<name>-dlq"

# One statement, so the counts are of one snapshot. The link tables are summed as "links".
# (Read-only API queries; they would sit in adapters/postgres.py, which another change owns right now.)
COUNTS_SQL = """
SELECT
    (SELECT count(*) FROM movies),
    (SELECT count(*) FROM people),
    (SELECT count(*) FROM companies),
    (SELECT count(*) FROM keywords),
    (SELECT count(*) FROM movie_cast) + (SELECT count(*) FROM movie_crew) + (SELECT count(*) FROM movie_genres)
        + (SELECT count(*) FROM movie_companies) + (SELECT count(*) FROM movie_countries)
        + (SELECT count(*) FROM movie_languages) + (SELECT count(*) FROM movie_keywords),
    (SELECT max(loaded_at) FROM movies)
"""


class TableCounts(BaseModel):
    movies: int
    people: int
    companies: int
    keywords: int
    links: int = Field(description="rows of every movie-to-thing link table (cast, crew, genres, companies, ...)")


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


def table_counts(conn: pg8000.native.Connection) -> tuple[TableCounts, datetime | None]:
    movies, people, companies, keywords, links, newest = run(conn, COUNTS_SQL, "the row counts")[0]
    counts = TableCounts(movies=movies, people=people, companies=companies, keywords=keywords, links=links)
    return counts, newest


def watermark(lake: LakeStore) -> dict | None:
    try:
        return lake.get_json(WATERMARK_KEY)
    except (RetryableError, ValueError) as error:  # ValueError: the document is not JSON
        log.warning("no watermark from s3://%s/%s: %s", lake.bucket, WATERMARK_KEY, error)
        return None


def dlq_depths(sqs_client, settings: Settings) -> dict[str, int | None]:
    depths: dict[str, int | None] = {}
    for queue_name in (settings.ids_queue_name, settings.load_queue_name, settings.bulk_queue_name):
        name = queue_name + DLQ_SUFFIX
        try:
            depths[name] = SqsQueue.by_name(sqs_client, name).depth()
        except (RetryableError, BotoCoreError, ClientError, KeyError, ValueError) as error:
            log.warning("no depth for SQS queue %s: %s", name, error)
            depths[name] = None
    return depths


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
