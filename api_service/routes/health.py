from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api_service.deps import PoolDep, RegistryDep
from api_service.examples import HEALTH, NOT_READY, READY, json_example
from cinelake.errors import RetryableError

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process answers", responses={200: json_example(HEALTH)})
def health() -> dict:
    return {"status": "ok"}


@router.get(
    "/ready",
    summary="Readiness: the database answers and a model is loaded",
    responses={
        200: json_example(READY, "the database answers and a model is loaded"),
        503: json_example(NOT_READY, "the database or the model is missing; `missing` says which"),
    },
)
def ready(pool: PoolDep, registry: RegistryDep) -> JSONResponse:
    missing = []
    try:
        pool.ping()
    except RetryableError:
        missing.append("database")
    model = registry.current()
    if model is None:
        missing.append("model")
    body = {"status": "not ready" if missing else "ready", "missing": missing, "model_version": model and model.version}
    return JSONResponse(status_code=503 if missing else 200, content=body)
