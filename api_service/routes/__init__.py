"""Every resource's router, gathered in one place."""

from fastapi import APIRouter

from api_service.auth import CallerDep
from api_service.examples import GUARDED
from api_service.routes import ask, health, model, predict, stats, web

api_router = APIRouter()
api_router.include_router(web.router)  # the page asks the visitor for a key and sends it with each call
api_router.include_router(health.router)  # open to load balancers and probes, like /docs and /openapi.json
api_router.include_router(model.router, dependencies=[CallerDep], responses=GUARDED)
api_router.include_router(predict.router, dependencies=[CallerDep], responses=GUARDED)
api_router.include_router(stats.router, dependencies=[CallerDep], responses=GUARDED)
api_router.include_router(ask.router, dependencies=[CallerDep], responses=GUARDED)
