"""The API's dependencies, as `Annotated` aliases. Tests replace them through `dependency_overrides`.

The connection pool, the API keys, the track records, the model registry, the AWS clients and the rate limiter are
built from the settings on first use and kept on `app.state`, so every request of one app shares them and nothing is
built at import.
"""

import threading
from typing import Annotated

from fastapi import Depends, Request

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

SettingsDep = Annotated[Settings, Depends(get_settings)]

_building = threading.Lock()


def get_pool(request: Request, settings: SettingsDep) -> ConnectionPool:
    state = request.app.state
    with _building:
        if state.pool is None:
            state.pool = ConnectionPool(database_url(settings))
        return state.pool


def get_lake(request: Request, settings: SettingsDep) -> LakeStore:
    state = request.app.state
    with _building:
        if state.lake is None:
            state.lake = LakeStore(aws_client("s3", settings), settings.data_lake_bucket)
        return state.lake


def get_sqs_client(request: Request, settings: SettingsDep):
    state = request.app.state
    with _building:
        if state.sqs is None:
            state.sqs = aws_client("sqs", settings)
        return state.sqs


LakeDep = Annotated[LakeStore, Depends(get_lake)]
SqsClientDep = Annotated[object, Depends(get_sqs_client)]


def get_registry(request: Request, settings: SettingsDep, lake: LakeDep) -> ModelRegistry:
    state = request.app.state
    with _building:
        if state.registry is None:
            sources: list[ModelSource] = [LocalModels(settings.models_dir)]
            if settings.models_from_lake:
                sources.insert(0, LakeModels(lake, settings.model_cache_dir))
            state.registry = ModelRegistry(sources, settings.model_refresh_seconds)
        return state.registry


def get_rate_limiter(request: Request, settings: SettingsDep) -> RateLimiter:
    state = request.app.state
    with _building:
        if state.rate_limiter is None:
            state.rate_limiter = RateLimiter(settings.api_rate_limit_per_minute)
        return state.rate_limiter


PoolDep = Annotated[ConnectionPool, Depends(get_pool)]


def get_api_keys(request: Request, settings: SettingsDep) -> ApiKeys:
    state = request.app.state
    with _building:
        if state.api_keys is None:
            state.api_keys = ApiKeys(settings, lambda: aws_client("secretsmanager", settings))
        return state.api_keys


ApiKeysDep = Annotated[ApiKeys, Depends(get_api_keys)]


def every_credit(conn) -> TrackRecordBook:
    return TrackRecordBook(ModelData(conn).past_credits())


def get_track_records(request: Request, settings: SettingsDep, pool: PoolDep) -> SnapshotCache[TrackRecordBook]:
    state = request.app.state
    with _building:
        if state.track_records is None:
            refresh = settings.data_refresh_seconds
            state.track_records = SnapshotCache(pool, every_credit, "track records", refresh)
        return state.track_records


def get_name_index(request: Request, settings: SettingsDep, pool: PoolDep) -> SnapshotCache[NameIndex]:
    state = request.app.state
    with _building:
        if state.name_index is None:
            refresh = settings.data_refresh_seconds
            state.name_index = SnapshotCache(pool, load_name_index, "names for questions", refresh)
        return state.name_index


def get_ask_engine(request: Request, settings: SettingsDep) -> AskEngine:
    state = request.app.state
    with _building:
        if state.ask_engine is None:
            state.ask_engine = build_ask_engine(settings)
        return state.ask_engine


def build_ask_engine(settings: Settings) -> AskEngine:
    semantic = SemanticMatcher(SentenceEmbedder()) if settings.ask_embedder else None
    generative = GenerativeSql(settings.ask_generative_model, schema_text()) if settings.ask_generative_model else None
    return AskEngine(semantic, generative)


AskEngineDep = Annotated[AskEngine, Depends(get_ask_engine)]
TrackRecordsDep = Annotated[SnapshotCache[TrackRecordBook], Depends(get_track_records)]
NameIndexDep = Annotated[SnapshotCache[NameIndex], Depends(get_name_index)]
RegistryDep = Annotated[ModelRegistry, Depends(get_registry)]
RateLimiterDep = Annotated[RateLimiter, Depends(get_rate_limiter)]


def get_current_model(registry: RegistryDep) -> LoadedModel:
    model = registry.current()
    if model is None:
        raise NoModelError(f"no model is published yet under {registry.description}: run `cinelake train`")
    return model


CurrentModelDep = Annotated[LoadedModel, Depends(get_current_model)]
