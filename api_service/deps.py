"""The API's dependencies, as `Annotated` aliases.

The connection pool, the API keys, the track records, the model registry, the AWS clients and the rate limiter are
built from the app's `Adapters` (cinelake.bootstrap) on first use and kept on `app.state`, so every request of one
app shares them and nothing is built at import. Adding a part: a builder (`part(...)`) and its alias.
"""

import threading
from collections.abc import Awaitable, Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import State

from api_service.api_keys import ApiKeys
from api_service.database import ConnectionPool
from api_service.errors import NoModelError
from api_service.heap import release_freed_heap
from api_service.model_registry import LoadedModel, ModelRegistry
from api_service.model_sources import LakeModels, LocalModels, ModelSource
from api_service.rate_limit import RateLimiter, SharedRateLimiter
from api_service.snapshot_cache import SnapshotCache
from api_service.track_record_build import book_built_apart
from api_service.ttl_cache import TtlCache
from cinelake.adapters.ask_names import load_name_index
from cinelake.adapters.s3 import LakeStore
from cinelake.ask.embedder import SentenceEmbedder
from cinelake.ask.generative import GenerativeSql
from cinelake.ask.names import NameIndex
from cinelake.ask.schema import schema_text
from cinelake.ask.semantic import SemanticMatcher
from cinelake.config import Settings
from cinelake.domain.features import TrackRecordBook
from cinelake.services.ask import AskEngine


async def current_settings(request: Request) -> Settings:
    """The app's settings: `create_app`'s, else the environment's. Held on the app rather than set by an override:
    while any override is set, FastAPI re-analyses every dependency on every request."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(current_settings)]

T = TypeVar("T")

_building = threading.RLock()  # a part may build another (the registry, the lake)

# Each part is built once per app, from the app's `Adapters` (the composition root, cinelake.bootstrap), and kept on
# `app.state` under its name; a test may put its own there first. The builders are plain functions (the warm-up calls
# them too). The dependencies are `async def` taking only the request, so FastAPI runs them inline with no
# sub-dependencies to solve: a sync dependency would cost a thread-pool round trip on every request. What may wait on
# I/O (reading the keys secret, the model pointer) goes to the thread pool only when that read is due.


def part(state: State, name: str, build: Callable[[], T]) -> T:
    """`state.<name>`, built by `build()` the first time it is asked for."""
    with _building:
        if getattr(state, name, None) is None:
            setattr(state, name, build())
        return getattr(state, name)


def pool_of(state: State) -> ConnectionPool:
    """The catalogue reads' connections (deployed: the API's own read-only login)."""
    return part(state, "pool", lambda: ConnectionPool(state.adapters.database_url))


def ask_pool_of(state: State) -> ConnectionPool:
    """The questions' connections: a login of their own, read-only, with a tight timeout and memory (deployed)."""
    return part(state, "ask_pool", lambda: ConnectionPool(state.adapters.ask_database_url))


def lake_of(state: State) -> LakeStore:
    return part(state, "lake", state.adapters.lake_store)


def sqs_of(state: State):
    return part(state, "sqs", lambda: state.adapters.aws_client("sqs"))


def registry_of(state: State) -> ModelRegistry:
    settings: Settings = state.settings

    def build() -> ModelRegistry:
        sources: list[ModelSource] = [LocalModels(settings.models_dir)]
        if settings.models_from_lake:
            sources.insert(0, LakeModels(lake_of(state), settings.model_cache_dir))
        return ModelRegistry(sources, settings.model_refresh_seconds)

    return part(state, "registry", build)


def rate_limiter_of(state: State) -> RateLimiter | SharedRateLimiter:
    """Shared by the workers when API_RATE_LIMIT_STORE names a file (`cinelake serve` and the instance set it)."""
    settings: Settings = state.settings

    def build() -> RateLimiter | SharedRateLimiter:
        if settings.api_rate_limit_store:
            return SharedRateLimiter(settings.api_rate_limit_per_minute, settings.api_rate_limit_store)
        return RateLimiter(settings.api_rate_limit_per_minute)

    return part(state, "rate_limiter", build)


def api_keys_of(state: State) -> ApiKeys:
    return part(state, "api_keys", lambda: ApiKeys(state.settings, lambda: state.adapters.aws_client("secretsmanager")))


# /stats counts every table: one count per worker every few seconds, however often it is asked. /ready, open to
# anyone, asks the database at most once every few seconds.
STATS_CACHE_SECONDS = 10.0
READY_CHECK_SECONDS = 5.0


def stats_cache_of(state: State) -> TtlCache:
    return part(state, "stats_cache", lambda: TtlCache(STATS_CACHE_SECONDS))


def ready_cache_of(state: State) -> TtlCache:
    return part(state, "ready_cache", lambda: TtlCache(READY_CHECK_SECONDS))


def every_credit(pool: ConnectionPool) -> TrackRecordBook:
    book = book_built_apart(pool.url)  # in a child process: see track_record_build
    release_freed_heap()
    return book


def track_records_of(state: State) -> SnapshotCache[TrackRecordBook]:
    refresh = state.settings.data_refresh_seconds

    def build() -> SnapshotCache[TrackRecordBook]:
        pool = pool_of(state)
        return SnapshotCache(pool, lambda _conn: every_credit(pool), "track records", refresh)

    return part(state, "track_records", build)


def name_index_of(state: State) -> SnapshotCache[NameIndex]:
    refresh = state.settings.data_refresh_seconds
    return part(
        state, "name_index", lambda: SnapshotCache(pool_of(state), load_name_index, "names for questions", refresh)
    )


def ask_engine_of(state: State) -> AskEngine:
    settings: Settings = state.settings

    def build() -> AskEngine:
        semantic = SemanticMatcher(SentenceEmbedder()) if settings.ask_embedder else None
        model = settings.ask_generative_model
        return AskEngine(semantic, GenerativeSql(model, schema_text()) if model else None)

    return part(state, "ask_engine", build)


def dependency(build: Callable[[State], T]) -> Callable[[Request], Awaitable[T]]:
    """The FastAPI dependency that gives the request's app's part."""

    async def get(request: Request) -> T:
        return build(request.app.state)

    get.__name__ = f"get_{build.__name__.removesuffix('_of')}"
    return get


async def current_of(source: ApiKeys | ModelRegistry):
    """`source.current()`: from memory on the event loop, or in the thread pool when a re-read (a file, AWS) is due."""
    return await run_in_threadpool(source.current) if source.refresh_due else source.current()


PoolDep = Annotated[ConnectionPool, Depends(dependency(pool_of))]
AskPoolDep = Annotated[ConnectionPool, Depends(dependency(ask_pool_of))]
LakeDep = Annotated[LakeStore, Depends(dependency(lake_of))]
SqsClientDep = Annotated[object, Depends(dependency(sqs_of))]
RegistryDep = Annotated[ModelRegistry, Depends(dependency(registry_of))]
RateLimiterDep = Annotated[RateLimiter | SharedRateLimiter, Depends(dependency(rate_limiter_of))]
ApiKeysDep = Annotated[ApiKeys, Depends(dependency(api_keys_of))]
StatsCacheDep = Annotated[TtlCache, Depends(dependency(stats_cache_of))]
ReadyCacheDep = Annotated[TtlCache, Depends(dependency(ready_cache_of))]
TrackRecordsDep = Annotated[SnapshotCache[TrackRecordBook], Depends(dependency(track_records_of))]
NameIndexDep = Annotated[SnapshotCache[NameIndex], Depends(dependency(name_index_of))]
AskEngineDep = Annotated[AskEngine, Depends(dependency(ask_engine_of))]


async def get_current_model(request: Request) -> LoadedModel:
    registry = registry_of(request.app.state)
    model = await current_of(registry)
    if model is None:
        raise NoModelError(f"no model is published yet under {registry.description}: run `cinelake train`")
    return model


CurrentModelDep = Annotated[LoadedModel, Depends(get_current_model)]
