"""Every error answers JSON `{"error": code, "message": ..., "details": [...]}`, never a stack trace."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from cinelake.errors import NotFound, RetryableError

log = logging.getLogger(__name__)


class NoModelError(Exception):
    """No model version is published yet."""


class AskRefused(Exception):
    """A question the database cannot answer: 422 with the reason in the question's language."""

    def __init__(self, language: str, detail: str, not_understood: str = "") -> None:
        super().__init__(detail)
        self.language = language
        self.detail = detail
        self.not_understood = not_understood  # the question's words left over, when that is why


def error_body(code: str, message: str, details: list | None = None) -> dict:
    return {"error": code, "message": message, "details": details or []}


def _field(location: tuple) -> str:
    # ("body", "movies", 3, "genres", 0) -> "movies[3].genres[0]"; the "body" prefix says nothing to a caller
    parts = [part for part in location if part != "body"] or list(location)
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    details = [{"field": _field(tuple(item["loc"])), "message": item["msg"]} for item in error.errors()]
    summary = "; ".join(f"{item['field']}: {item['message']}" for item in details)
    return JSONResponse(status_code=422, content=error_body("validation_error", summary, details))


async def http_error(request: Request, error: StarletteHTTPException) -> JSONResponse:
    code = {
        401: "unauthorized",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        429: "rate_limited",
    }.get(error.status_code, "http_error")
    return JSONResponse(
        status_code=error.status_code,
        content=error_body(code, str(error.detail)),
        headers=getattr(error, "headers", None),
    )


async def not_found(request: Request, error: NotFound) -> JSONResponse:
    return JSONResponse(status_code=404, content=error_body("not_found", str(error)))


async def database_unavailable(request: Request, error: RetryableError) -> JSONResponse:
    log.warning("database unavailable: %s", error)
    body = error_body("database_unavailable", "the database is not answering; try again shortly")
    return JSONResponse(status_code=503, content=body, headers={"Retry-After": "5"})


async def no_model(request: Request, error: NoModelError) -> JSONResponse:
    return JSONResponse(status_code=503, content=error_body("no_model", str(error)))


async def ask_refused(request: Request, error: AskRefused) -> JSONResponse:
    body = error_body("unanswerable", error.detail) | {"detail": error.detail, "language": error.language}
    if error.not_understood:
        body["not_understood"] = error.not_understood
    return JSONResponse(status_code=422, content=body)


async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    # The trace goes to the log only; the caller gets a plain message.
    log.exception("unhandled error on %s %s", request.method, request.url.path)
    return JSONResponse(status_code=500, content=error_body("internal_error", "an unexpected error occurred"))


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(NotFound, not_found)
    app.add_exception_handler(RetryableError, database_unavailable)
    app.add_exception_handler(NoModelError, no_model)
    app.add_exception_handler(AskRefused, ask_refused)
    app.add_exception_handler(Exception, unexpected_error)
