from fastapi import APIRouter

from api_service.deps import LakeDep, PoolDep, RegistryDep, SettingsDep, SqsClientDep, StatsCacheDep
from api_service.examples import STATS, json_example
from api_service.stats import Stats, TableCounts, model_scores, watermark
from cinelake.adapters.pipeline_counts import dead_letter_depths, table_counts

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get(
    "",
    summary="What the pipeline has loaded, where the daily run stands, and how good the model is",
    responses={200: json_example(STATS)},
)
def stats(
    pool: PoolDep,
    registry: RegistryDep,
    lake: LakeDep,
    sqs: SqsClientDep,
    settings: SettingsDep,
    cache: StatsCacheDep,
) -> Stats:
    """Counted at most once every STATS_CACHE_SECONDS per worker; the answers in between are that count."""

    def count() -> Stats:
        with pool.connection() as conn:
            counts = table_counts(conn)
        return Stats(
            tables=TableCounts.model_validate(counts, from_attributes=True),
            newest_loaded_at=counts.newest_loaded_at,
            watermark=watermark(lake),
            dlq_depths=dead_letter_depths(sqs, settings),
            model=model_scores(registry.current()),
        )

    return cache.get(count)
