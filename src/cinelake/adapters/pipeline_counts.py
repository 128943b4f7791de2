"""What the pipeline holds, counted one way for /stats and the local pipeline's summary: the tables' rows and the
dead-letter queues' messages."""

import logging
from dataclasses import dataclass
from datetime import datetime

import pg8000.native
from botocore.exceptions import BotoCoreError, ClientError

from cinelake.adapters.postgres import run
from cinelake.adapters.sqs import SqsQueue
from cinelake.config import Settings
from cinelake.errors import RetryableError

log = logging.getLogger(__name__)

DEAD_LETTER_SUFFIX = "-dlq"  # template.yaml names each source queue's dead-letter queue "<name>-dlq"

# One statement, so the counts are of one snapshot. "links" sums every movie-to-thing table, release dates included.
COUNTS_SQL = """
SELECT
    (SELECT count(*) FROM movies),
    (SELECT count(*) FROM people),
    (SELECT count(*) FROM companies),
    (SELECT count(*) FROM keywords),
    (SELECT count(*) FROM movie_cast) + (SELECT count(*) FROM movie_crew) + (SELECT count(*) FROM movie_genres)
        + (SELECT count(*) FROM movie_companies) + (SELECT count(*) FROM movie_countries)
        + (SELECT count(*) FROM movie_languages) + (SELECT count(*) FROM movie_keywords)
        + (SELECT count(*) FROM release_dates),
    (SELECT count(*) FROM movie_tombstones),
    (SELECT count(*) FROM loaded_objects),
    (SELECT max(loaded_at) FROM movies)
"""


@dataclass(frozen=True)
class TableCounts:
    movies: int
    people: int
    companies: int
    keywords: int
    links: int
    tombstones: int
    objects_loaded: int
    newest_loaded_at: datetime | None


def table_counts(conn: pg8000.native.Connection) -> TableCounts:
    return TableCounts(*run(conn, COUNTS_SQL, "the row counts")[0])


def dead_letter_queue_names(settings: Settings) -> list[str]:
    """The dead-letter queue of each queue a function reads (ids, load, bulk)."""
    sources = (settings.ids_queue_name, settings.load_queue_name, settings.bulk_queue_name)
    return [name + DEAD_LETTER_SUFFIX for name in sources]


def dead_letter_depths(sqs_client, settings: Settings) -> dict[str, int | None]:
    """Messages in each dead-letter queue; None for one SQS did not tell (logged, never raised)."""
    depths: dict[str, int | None] = {}
    for name in dead_letter_queue_names(settings):
        try:
            depths[name] = SqsQueue.by_name(sqs_client, name).depth()
        except (RetryableError, BotoCoreError, ClientError, KeyError, ValueError) as error:
            log.warning("no depth for SQS queue %s: %s", name, error)
            depths[name] = None
    return depths
