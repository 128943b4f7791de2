"""The app factory. `uvicorn --factory api_service.main:create_app` serves it with the environment's settings.

Run uvicorn with `--no-access-log`: the app writes its own JSON line per request, with its request id.
"""

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import boto3
from botocore.config import Config
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from api_service.body_limit import BodyLimitMiddleware
from api_service.deps import ask_engine_of, name_index_of, track_records_of
from api_service.docs_pages import add_docs
from api_service.errors import add_error_handlers
from api_service.request_log import REQUEST_ID_HEADER, RequestLogMiddleware, configure_logging
from api_service.routes import api_router
from cinelake.bootstrap import Adapters
from cinelake.config import Settings, get_settings
from cinelake.errors import RetryableError

log = logging.getLogger(__name__)

# Short timeouts and one attempt: /stats asks S3 and SQS on every call and must answer, in seconds, even when AWS does
# not.
AWS_CLIENT_CONFIG = Config(connect_timeout=2, read_timeout=5, retries={"max_attempts": 1, "mode": "standard"})


def warm_up(app: FastAPI) -> None:
    """Load what the first requests would otherwise wait for: the sentence model, the names, the track records."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="warm-up") as background:
        # The longest part, built in a child process (track_record_build): this process loads the rest meanwhile.
        track_records = background.submit(track_records_of(app.state).get)
        engine = ask_engine_of(app.state)
        if engine.semantic is not None:
            engine.semantic.warm_up()
        if engine.generative is not None:
            engine.generative.load()
        for ready in (name_index_of(app.state).get, track_records.result):
            try:
                ready()
            except RetryableError as error:  # the database is not up yet: the first request builds them
                log.warning("warm-up stopped short: %s", error)
    # What was just loaded lives as long as the process: the cyclic collector need not walk it again. Unfrozen, the
    # 1.3 M objects of the sentence model, names and track records made each full collection a 470 ms stall.
    gc.freeze()
    log.info("warmed up")


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    if app.state.settings.api_warm_up:
        # Before the first connection is accepted, off the event loop: a served API answers its first requests warm.
        await asyncio.to_thread(warm_up, app)
    yield
    for pool in (getattr(app.state, "pool", None), getattr(app.state, "ask_pool", None)):
        if pool is not None:
            pool.close()


def create_app(settings: Settings | None = None, aws_session: boto3.Session | None = None) -> FastAPI:
    """The API; with `settings`, those replace the environment's (as a dependency override); with `aws_session`,
    its credentials replace boto3's own chain (the local stack's moto)."""
    configure_logging()
    app = FastAPI(
        title="CineLake",
        summary="Will a movie succeed? Scores movies with the published ONNX success model.",
        lifespan=lifespan,
        docs_url=None,  # served by add_docs, from the API's own files rather than a CDN
        redoc_url=None,
    )
    # built on first use, from the settings (deps.py)
    settings = app.state.settings = settings or get_settings()
    # The parts of deps.py are built from these on first use and kept on app.state.
    app.state.adapters = Adapters(settings, aws_session=aws_session, aws_config=AWS_CLIENT_CONFIG)
    add_error_handlers(app)
    app.include_router(api_router)
    add_docs(app)
    # The last added runs first: the log sees every answer, and CORS headers reach the 413s too.
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.api_max_body_bytes)
    if settings.api_cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.api_cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["X-API-Key", "Content-Type", REQUEST_ID_HEADER],
            expose_headers=[REQUEST_ID_HEADER, "Retry-After"],
        )
    app.add_middleware(RequestLogMiddleware)
    return app
