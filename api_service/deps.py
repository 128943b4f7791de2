"""The API's dependencies, as `Annotated` aliases.

The connection pool, the API keys, the track records, the model registry, the AWS clients and the rate limiter are
built from the settings on first use and kept on `app.state`, so every request of one app shares them and nothing is
built at import.
"""

import threading
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import State

from api_service.api_keys import ApiKeys
from api_service.aws import aws_client
from api_service.database import ConnectionPool
from api_service.errors import NoModelError
from api_service.heap import release_freed_heap
from api_service.model_registry import LoadedModel, ModelRegistry
from api_service.model_sources import LakeModels, LocalModels, ModelSource
from api_service.rate_limit import RateLimiter, SharedRateLimiter
from api_service.snapshot_cache import SnapshotCache
from api_service.ttl_cache import TtlCache
from cinelake.adapters.ask_names import load_name_index
from cinelake.adapters.model_data import ModelData
from cinelake.adapters.s3 import LakeStore
from cinelake.ask.embedder import SentenceEmbedder
from cinelake.ask.generative import GenerativeSql
from cinelake.ask.names import NameIndex
from cinelake.ask.schema import schema_text
from cinelake.ask.semantic import SemanticMatcher
from cinelake.config import Settings
from cinelake.domain.features import TrackRecordBook
from cinelake.services.ask import AskEngine
from cinelake.wiring import ask_database_url, database_url


async def current_settings(request: Request) -> Settings:
    """The app's settings: `create_app`'s, else the environment's. Held on the app rather than set by an override:
    while any override is set, FastAPI re-analyses every dependency on every request."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(current_settings)]

_building = threading.Lock()

# Each part is built once per app from `state.settings` and kept on `app.state`; a test may put its own there first.
# The builders are plain functions (the warm-up calls them too). The dependencies are `async def` taking only the
# request, so FastAPI runs them inline with no sub-dependencies to solve: a sync dependency would cost a thread-pool
# round trip on every request. What may wait on I/O (reading the keys secret, the model pointer) goes to the thread
# pool only when that read is due.


def pool_of(state: State) -> ConnectionPool:
    """The catalogue reads' connections (deployed: the API's own read-only login)."""
    with _building:
        if state.pool is None:
            state.pool = ConnectionPool(lambda: database_url(state.settings))
        return state.pool


def ask_pool_of(state: State) -> ConnectionPool:
    """The questions' connections: a login of their own, read-only, with a tight timeout and memory (deployed)."""
    with _building:
        if state.ask_pool is None:
            state.ask_pool = ConnectionPool(lambda: ask_database_url(state.settings))
        return state.ask_pool


def lake_of(state: State) -> LakeStore:
    with _building:
        if state.lake is None:
            state.lake = LakeStore(aws_client("s3", state.settings), state.settings.data_lake_bucket)
        return state.lake


def sqs_of(state: State):
    with _building:
        if state.sqs is None:
            state.sqs = aws_client("sqs", state.settings)
        return state.sqs


def registry_of(state: State) -> ModelRegistry:
    settings: Settings = state.settings
    lake = lake_of(state) if settings.models_from_lake else None
    with _building:
        if state.registry is None:
            sources: list[ModelSource] = [LocalModels(settings.models_dir)]
            if lake is not None:
                sources.insert(0, LakeModels(lake, settings.model_cache_dir))
            state.registry = ModelRegistry(sources, settings.model_refresh_seconds)
        return state.registry


def rate_limiter_of(state: State) -> RateLimiter | SharedRateLimiter:
    """Shared by the workers when API_RATE_LIMIT_STORE names a file (`cinelake serve` and the instance set it)."""
    settings: Settings = state.settings
    with _building:
        if state.rate_limiter is None:
            if settings.api_rate_limit_store:
                limiter = SharedRateLimiter(settings.api_rate_limit_per_minute, settings.api_rate_limit_store)
            else:
                limiter = RateLimiter(settings.api_rate_limit_per_minute)
            state.rate_limiter = limiter
        return state.rate_limiter


def api_keys_of(state: State) -> ApiKeys:
    with _building:
        if state.api_keys is None:
            state.api_keys = ApiKeys(state.settings, lambda: aws_client("secretsmanager", state.settings))
        return state.api_keys


# /stats counts every table: one count per worker every few seconds, however often it is asked. /ready, open to
# anyone, asks the database at most once every few seconds.
STATS_CACHE_SECONDS = 10.0
READY_CHECK_SECONDS = 5.0


def stats_cache_of(state: State) -> TtlCache:
    with _building:
        if state.stats_cache is None:
            state.stats_cache = TtlCache(STATS_CACHE_SECONDS)
        return state.stats_cache


def ready_cache_of(state: State) -> TtlCache:
    with _building:
        if state.ready_cache is None:
            state.ready_cache = TtlCache(READY_CHECK_SECONDS)
        return state.ready_cache


def every_credit(conn) -> TrackRecordBook:
    # No running totals: 4 bytes a credit, and a request sums its few names' films (Filmographies)
    book = ModelData(conn).track_record_book(running_totals=False)
    release_freed_heap()
    return book


def track_records_of(state: State) -> SnapshotCache[TrackRecordBook]:
    pool = pool_of(state)
    with _building:
        if state.track_records is None:
            refresh = state.settings.data_refresh_seconds
            state.track_records = SnapshotCache(pool, every_credit, "track records", refresh)
        return state.track_records


def name_index_of(state: State) -> SnapshotCache[NameIndex]:
    pool = pool_of(state)
    with _building:
        if state.name_index is None:
            refresh = state.settings.data_refresh_seconds
            state.name_index = SnapshotCache(pool, load_name_index, "names for questions", refresh)
        return state.name_index


def ask_engine_of(state: State) -> AskEngine:
    settings: Settings = state.settings
    with _building:
        if state.ask_engine is None:
            semantic = SemanticMatcher(SentenceEmbedder()) if settings.ask_embedder else None
            model = settings.ask_generative_model
            state.ask_engine = AskEngine(semantic, GenerativeSql(model, schema_text()) if model else None)
        return state.ask_engine


async def current_of(source: ApiKeys | ModelRegistry):
    """`source.current()`: from memory on the event loop, or in the thread pool when a re-read (a file, AWS) is due."""
    return await run_in_threadpool(source.current) if source.refresh_due else source.current()


async def get_pool(request: Request) -> ConnectionPool:
    return pool_of(request.app.state)


async def get_ask_pool(request: Request) -> ConnectionPool:
    return ask_pool_of(request.app.state)


async def get_lake(request: Request) -> LakeStore:
    return lake_of(request.app.state)


async def get_sqs_client(request: Request):
    return sqs_of(request.app.state)


async def get_registry(request: Request) -> ModelRegistry:
    return registry_of(request.app.state)


async def get_rate_limiter(request: Request) -> RateLimiter | SharedRateLimiter:
    return rate_limiter_of(request.app.state)


async def get_api_keys(request: Request) -> ApiKeys:
    return api_keys_of(request.app.state)


async def get_stats_cache(request: Request) -> TtlCache:
    return stats_cache_of(request.app.state)


async def get_ready_cache(request: Request) -> TtlCache:
    return ready_cache_of(request.app.state)


async def get_track_records(request: Request) -> SnapshotCache[TrackRecordBook]:
    return track_records_of(request.app.state)


async def get_name_index(request: Request) -> SnapshotCache[NameIndex]:
    return name_index_of(request.app.state)


async def get_ask_engine(request: Request) -> AskEngine:
    return ask_engine_of(request.app.state)


PoolDep = Annotated[ConnectionPool, Depends(get_pool)]
AskPoolDep = Annotated[ConnectionPool, Depends(get_ask_pool)]
LakeDep = Annotated[LakeStore, Depends(get_lake)]
SqsClientDep = Annotated[object, Depends(get_sqs_client)]
RegistryDep = Annotated[ModelRegistry, Depends(get_registry)]
RateLimiterDep = Annotated[RateLimiter | SharedRateLimiter, Depends(get_rate_limiter)]
ApiKeysDep = Annotated[ApiKeys, Depends(get_api_keys)]
StatsCacheDep = Annotated[TtlCache, Depends(get_stats_cache)]
ReadyCacheDep = Annotated[TtlCache, Depends(get_ready_cache)]
TrackRecordsDep = Annotated[SnapshotCache[TrackRecordBook], Depends(get_track_records)]
NameIndexDep = Annotated[SnapshotCache[NameIndex], Depends(get_name_index)]
AskEngineDep = Annotated[AskEngine, Depends(get_ask_engine)]


async def get_current_model(request: Request) -> LoadedModel:
    registry = registry_of(request.app.state)
    model = await current_of(registry)
    if model is None:
        raise NoModelError(f"no model is published yet under {registry.description}: run `cinelake train`")
    return model


CurrentModelDep = Annotated[LoadedModel, Depends(get_current_model)]
