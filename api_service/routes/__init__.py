"""Every resource's router, gathered in one place."""

from fastapi import APIRouter

from api_service.auth import ApiKeyDep
from api_service.routes import health, model, predict

api_router = APIRouter()
api_router.include_router(health.router)  # open to load balancers and probes, like /docs and /openapi.json
api_router.include_router(model.router, dependencies=[ApiKeyDep])
api_router.include_router(predict.router, dependencies=[ApiKeyDep])
