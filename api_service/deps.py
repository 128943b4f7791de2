"""The API's dependencies, as `Annotated` aliases. Tests replace them through `dependency_overrides`.

The connection pool, the API keys, the track records, the model registry, the AWS clients and the rate limiter are
built from the settings on first use and kept on `app.state`, so every request of one app shares them and nothing is
built at import.
"""

import threading
from typing import Annotated

from fastapi import Depends, Request
from starlette.datastructures import State

from api_service.api_keys import ApiKeys
from api_service.aws import aws_client
from api_service.database import ConnectionPool
from api_service.errors import NoModelError
from api_service.model_registry import LoadedModel, ModelRegistry
from api_service.model_sources import LakeModels, LocalModels, ModelSource
from api_service.rate_limit import RateLimiter
from api_service.snapshot_cache import SnapshotCache
from cinelake.adapters.ask_names import load_name_index
from cinelake.adapters.model_data import ModelData
from cinelake.adapters.s3 import LakeStore
from cinelake.ask.embedder import SentenceEmbedder
from cinelake.ask.generative import GenerativeSql
from cinelake.ask.names import NameIndex
from cinelake.ask.schema import schema_text
from cinelake.ask.semantic import SemanticMatcher
from cinelake.config import Settings, get_settings
from cinelake.domain.features import TrackRecordBook
from cinelake.services.ask import AskEngine
from cinelake.wiring import database_url


async def current_settings() -> Settings:
    """The settings; `create_app(settings)` overrides this dependency."""
    return get_settings()


SettingsDep = Annotated[Settings, Depends(current_settings)]

_building = threading.Lock()

# Each part is built once per app from the settings and kept on `app.state`. The builders are plain functions (the
# warm-up calls them too); the dependencies are `async def` so FastAPI runs them inline: a sync dependency costs a
# thread-pool round trip on every request. Only what may wait on I/O (reading the keys secret, the model pointer)
# stays sync, and so in the thread pool.


def pool_of(state: State, settings: Settings) -> ConnectionPool:
    with _building:
        if state.pool is None:
            state.pool = ConnectionPool(lambda: database_url(settings))
        return state.pool


def lake_of(state: State, settings: Settings) -> LakeStore:
    with _building:
        if state.lake is None:
            state.lake = LakeStore(aws_client("s3", settings), settings.data_lake_bucket)
        return state.lake


def sqs_of(state: State, settings: Settings):
    with _building:
        if state.sqs is None:
            state.sqs = aws_client("sqs", settings)
        return state.sqs


def registry_of(state: State, settings: Settings, lake: LakeStore | None) -> ModelRegistry:
    with _building:
        if state.registry is None:
            sources: list[ModelSource] = [LocalModels(settings.models_dir)]
            if settings.models_from_lake and lake is not None:
                sources.insert(0, LakeModels(lake, settings.model_cache_dir))
            state.registry = ModelRegistry(sources, settings.model_refresh_seconds)
        return state.registry


def rate_limiter_of(state: State, settings: Settings) -> RateLimiter:
    with _building:
        if state.rate_limiter is None:
            state.rate_limiter = RateLimiter(settings.api_rate_limit_per_minute)
        return state.rate_limiter


def api_keys_of(state: State, settings: Settings) -> ApiKeys:
    with _building:
        if state.api_keys is None:
            state.api_keys = ApiKeys(settings, lambda: aws_client("secretsmanager", settings))
        return state.api_keys


def every_credit(conn) -> TrackRecordBook:
    return TrackRecordBook(ModelData(conn).past_credits())


def track_records_of(state: State, settings: Settings) -> SnapshotCache[TrackRecordBook]:
    pool = pool_of(state, settings)
    with _building:
        if state.track_records is None:
            refresh = settings.data_refresh_seconds
            state.track_records = SnapshotCache(pool, every_credit, "track records", refresh)
        return state.track_records


def name_index_of(state: State, settings: Settings) -> SnapshotCache[NameIndex]:
    pool = pool_of(state, settings)
    with _building:
        if state.name_index is None:
            refresh = settings.data_refresh_seconds
            state.name_index = SnapshotCache(pool, load_name_index, "names for questions", refresh)
        return state.name_index


def ask_engine_of(state: State, settings: Settings) -> AskEngine:
    with _building:
        if state.ask_engine is None:
            semantic = SemanticMatcher(SentenceEmbedder()) if settings.ask_embedder else None
            model = settings.ask_generative_model
            state.ask_engine = AskEngine(semantic, GenerativeSql(model, schema_text()) if model else None)
        return state.ask_engine


async def get_pool(request: Request, settings: SettingsDep) -> ConnectionPool:
    return pool_of(request.app.state, settings)


async def get_lake(request: Request, settings: SettingsDep) -> LakeStore:
    return lake_of(request.app.state, settings)


async def get_sqs_client(request: Request, settings: SettingsDep):
    return sqs_of(request.app.state, settings)


async def get_registry(request: Request, settings: SettingsDep, lake: Annotated[LakeStore, Depends(get_lake)]):
    return registry_of(request.app.state, settings, lake)


async def get_rate_limiter(request: Request, settings: SettingsDep) -> RateLimiter:
    return rate_limiter_of(request.app.state, settings)


async def get_api_keys(request: Request, settings: SettingsDep) -> ApiKeys:
    return api_keys_of(request.app.state, settings)


async def get_track_records(request: Request, settings: SettingsDep) -> SnapshotCache[TrackRecordBook]:
    return track_records_of(request.app.state, settings)


async def get_name_index(request: Request, settings: SettingsDep) -> SnapshotCache[NameIndex]:
    return name_index_of(request.app.state, settings)


async def get_ask_engine(request: Request, settings: SettingsDep) -> AskEngine:
    return ask_engine_of(request.app.state, settings)


PoolDep = Annotated[ConnectionPool, Depends(get_pool)]
LakeDep = Annotated[LakeStore, Depends(get_lake)]
SqsClientDep = Annotated[object, Depends(get_sqs_client)]
RegistryDep = Annotated[ModelRegistry, Depends(get_registry)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]
ApiKeysDep = Annotated[ApiKeys, Depends(get_api_keys)]
TrackRecordsDep = Annotated[SnapshotCache[TrackRecordBook], Depends(get_track_records)]
NameIndexDep = Annotated[SnapshotCache[NameIndex], Depends(get_name_index)]
AskEngineDep = Annotated[AskEngine, Depends(get_ask_engine)]


def get_current_model(registry: RegistryDep) -> LoadedModel:
    """Sync on purpose: the registry may re-read the pointer (a file, or S3) on this call."""
    model = registry.current()
    if model is None:
        raise NoModelError(f"no model is published yet under {registry.description}: run `cinelake train`")
    return model


CurrentModelDep = Annotated[LoadedModel, Depends(get_current_model)]
