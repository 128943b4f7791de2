from fastapi import APIRouter

from api_service.deps import LakeDep, PoolDep, RegistryDep, SettingsDep, SqsClientDep, StatsCacheDep
from api_service.examples import STATS, json_example
from api_service.stats import Stats, dlq_depths, model_scores, table_counts, watermark

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
            tables, newest = table_counts(conn)
        return Stats(
            tables=tables,
            newest_loaded_at=newest,
            watermark=watermark(lake),
            dlq_depths=dlq_depths(sqs, settings),
            model=model_scores(registry.current()),
        )

    return cache.get(count)
