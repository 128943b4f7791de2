"""Wires one simulator: its catalogue, clock, edge (auth, limits, faults) and routes."""

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from cinelake.sim.catalog import Catalog, load_catalog_dir
from cinelake.sim.config import SimConfig
from cinelake.sim.edge import ResponseCounters, TmdbEdge
from cinelake.sim.exports import ExportShelf
from cinelake.sim.faults import choose_gone_ids
from cinelake.sim.responses import tmdb_error
from cinelake.sim.routes import control, exports, genres, movies
from cinelake.sim.state import SimState
from cinelake.sim.timeline import Timeline
from cinelake.sim.tmdb_status import NOT_FOUND


def create_app(config: SimConfig, catalog: Catalog | None = None) -> FastAPI:
    """The simulator app; without a catalogue it loads `config.catalog_dir` or generates a synthetic one."""
    if catalog is None:
        catalog = _load_or_generate(config)
    timeline = Timeline(catalog, config.start_date)
    counters = ResponseCounters()
    state = SimState(
        config=config,
        timeline=timeline,
        exports=ExportShelf(timeline),
        counters=counters,
        gone_ids=choose_gone_ids(timeline.all_ids(), config.deleted_rate, config.seed),
    )

    app = FastAPI(title="CineLake TMDB simulator", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.sim = state
    for router in (movies.router, genres.router, exports.router, control.router):
        app.include_router(router)
    app.add_middleware(TmdbEdge, config=config, counters=counters)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _not_found)
    return app


def _load_or_generate(config: SimConfig) -> Catalog:
    if config.catalog_dir is not None:
        return load_catalog_dir(config.catalog_dir)
    # Imported here: only a run without a catalogue needs the generator.
    from cinelake.sim.synthetic import generate_catalog

    return generate_catalog(
        n_movies=config.synthetic_movies,
        n_days=config.synthetic_days,
        seed=config.seed,
        start_date=config.start_date,
    )


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """Unknown paths answer as TMDB (or, for exports, as its CDN) does."""
    if exc.status_code == 404:
        if request.url.path.startswith(exports.router.prefix):
            return exports.missing_export()
        return tmdb_error(NOT_FOUND)
    return await http_exception_handler(request, exc)


async def _not_found(request: Request, exc: RequestValidationError) -> Response:
    """The only parameter FastAPI validates is the movie id in the path: a non-number names no movie."""
    return tmdb_error(NOT_FOUND)
