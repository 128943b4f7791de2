"""The app factory. `uvicorn --factory api_service.main:create_app` serves it with the environment's settings."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api_service.errors import add_error_handlers
from api_service.routes import api_router
from cinelake.config import Settings, get_settings


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
    if app.state.pool is not None:
        app.state.pool.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """The API; with `settings`, those replace the environment's (as a dependency override)."""
    app = FastAPI(
        title="CineLake",
        summary="Will a movie succeed? Scores movies with the published ONNX success model.",
        lifespan=lifespan,
    )
    app.state.pool = None  # built on first use, from the settings (deps.py)
    app.state.registry = None
    if settings is not None:
        app.dependency_overrides[get_settings] = lambda: settings
    add_error_handlers(app)
    app.include_router(api_router)
    return app
