from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api_service.database import ConnectionPool
from api_service.deps import PoolDep, ReadyCacheDep, RegistryDep
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
def ready(pool: PoolDep, registry: RegistryDep, database_check: ReadyCacheDep) -> JSONResponse:
    # The database is asked at most once every READY_CHECK_SECONDS per worker: the route needs no key.
    missing = [] if database_check.get(lambda: database_answers(pool)) else ["database"]
    model = registry.current()
    if model is None:
        missing.append("model")
    body = {"status": "not ready" if missing else "ready", "missing": missing, "model_version": model and model.version}
    return JSONResponse(status_code=503 if missing else 200, content=body)


def database_answers(pool: ConnectionPool) -> bool:
    try:
        pool.ping()
    except RetryableError:
        return False
    return True
