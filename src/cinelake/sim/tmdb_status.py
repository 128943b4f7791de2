"""TMDB's error statuses, with its own codes and messages (developer.themoviedb.org/docs/errors)."""

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class TmdbStatus:
    code: int  # TMDB's status_code
    http_status: int
    message: str

    def body(self) -> bytes:
        return json.dumps(
            {"success": False, "status_code": self.code, "status_message": self.message},
            separators=(",", ":"),
        ).encode()


INVALID_API_KEY = TmdbStatus(7, 401, "Invalid API key: You must be granted a valid key.")
SERVICE_OFFLINE = TmdbStatus(9, 503, "Service offline: This service is temporarily offline, try again later.")
INTERNAL_ERROR = TmdbStatus(11, 500, "Internal error: Something went wrong, contact TMDB.")
INVALID_DATE_RANGE = TmdbStatus(20, 422, "Invalid date range: Should be a range no longer than 14 days.")
INVALID_PAGE = TmdbStatus(
    22,
    400,
    "Invalid page: Pages start at 1 and max at 500. They are expected to be an integer.",
)
INVALID_DATE = TmdbStatus(23, 400, "Invalid date: Format needs to be YYYY-MM-DD.")
BACKEND_TIMEOUT = TmdbStatus(24, 504, "Your request to the backend server timed out. Try again.")
TOO_MANY_APPENDS = TmdbStatus(
    27,
    400,
    "Too many append to response objects: The maximum number of remote calls is 20.",
)
NOT_FOUND = TmdbStatus(34, 404, "The resource you requested could not be found.")
# TMDB answers a 502 with code 43; the 5xx faults below are drawn from these four.
BACKEND_UNREACHABLE = TmdbStatus(43, 502, "Couldn't connect to the backend server.")
SERVER_FAULTS = (INTERNAL_ERROR, BACKEND_UNREACHABLE, SERVICE_OFFLINE, BACKEND_TIMEOUT)


def over_rate_limit(limit: float) -> TmdbStatus:
    """Code 25. TMDB's message keeps the literal '(#)' and names the allowed limit."""
    return TmdbStatus(25, 429, f"Your request count (#) is over the allowed limit of ({limit:g}).")
