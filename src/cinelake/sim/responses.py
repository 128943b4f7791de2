"""Responses as TMDB sends them: JSON bytes, already serialised, with TMDB's content type."""

from starlette.responses import Response

from cinelake.sim.movie_document import to_json
from cinelake.sim.tmdb_status import TmdbStatus

JSON_TYPE = "application/json;charset=utf-8"


def json_bytes_response(body: bytes) -> Response:
    return Response(body, media_type=JSON_TYPE)


def json_response(value: object) -> Response:
    return Response(to_json(value), media_type=JSON_TYPE)


def tmdb_error(status: TmdbStatus) -> Response:
    return Response(status.body(), status_code=status.http_status, media_type=JSON_TYPE)
