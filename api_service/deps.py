"""The API's dependencies, as `Annotated` aliases. Tests replace `get_settings` through `dependency_overrides`.

The connection pool and the model registry are built from the settings on first use and kept on `app.state`, so
every request of one app shares them and nothing is built at import.
"""

import threading
from typing import Annotated

from fastapi import Depends, Request

from api_service.database import ConnectionPool
from api_service.errors import NoModelError
from api_service.model_registry import LoadedModel, ModelRegistry
from cinelake.config import Settings, get_settings
from cinelake.wiring import database_url

SettingsDep = Annotated[Settings, Depends(get_settings)]

_building = threading.Lock()


def get_pool(request: Request, settings: SettingsDep) -> ConnectionPool:
    state = request.app.state
    with _building:
        if state.pool is None:
            state.pool = ConnectionPool(database_url(settings))
        return state.pool


def get_registry(request: Request, settings: SettingsDep) -> ModelRegistry:
    state = request.app.state
    with _building:
        if state.registry is None:
            state.registry = ModelRegistry(settings.models_dir, settings.model_refresh_seconds)
        return state.registry


PoolDep = Annotated[ConnectionPool, Depends(get_pool)]
RegistryDep = Annotated[ModelRegistry, Depends(get_registry)]


def get_current_model(registry: RegistryDep) -> LoadedModel:
    model = registry.current()
    if model is None:
        raise NoModelError(f"no model is published yet under {registry.models_dir}: run `cinelake train`")
    return model


CurrentModelDep = Annotated[LoadedModel, Depends(get_current_model)]
