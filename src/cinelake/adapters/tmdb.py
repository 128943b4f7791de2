"""TMDB API v3 client: movie details, the changes list, genres and the daily id exports.

The same client talks to the real TMDB and to our simulator; only Settings differ. Every request has a
timeout, API requests first wait on a client-side rate limit, and transient failures (429, 5xx, dropped or
timed-out connections, truncated bodies) are retried with exponential backoff and jitter. What is still
failing after the retries is raised as one of cinelake.errors' errors. The credential never appears in a log
line or an exception message: requests puts the full URL, `api_key=` included, into its exception texts.
"""

import gzip
import re
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import IO, Any, Self, TypeVar
from urllib.parse import quote

import requests
from aws_lambda_powertools import Logger
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    stop_after_attempt,
    wait_exponential,
    wait_random,
)

from cinelake.adapters.rate_limit import TokenBucket
from cinelake.adapters.tmdb_models import (
    ChangeItem,
    ChangesPage,
    ExportEntry,
    Genre,
    GenreList,
    TmdbErrorBody,
)
from cinelake.config import Settings
from cinelake.errors import NotFound, PermanentError, RetryableError

logger = Logger(child=True)

DEFAULT_APPEND = ("credits", "keywords", "release_dates", "external_ids", "translations")
CHANGES_MAX_PAGES = 500  # TMDB serves no page beyond this
MAX_RETRY_AFTER_SECONDS = 60.0  # a longer Retry-After is for the caller (SQS redelivery) to wait out
NOT_FOUND_STATUS_CODE = 34  # TMDB's own code for "The resource you requested could not be found."
_EXPORT_IN_MEMORY_BYTES = 32 * 1024 * 1024  # a larger export spills to a temporary file
_CHUNK_BYTES = 64 * 1024
_API_KEY_IN_TEXT = re.compile(r"(api_key=)[^&\s'\"]+")
# Failures of the connection or of reading the body: the same request may well succeed next time.
_TRANSIENT_REQUEST_ERRORS = (
    requests.exceptions.ConnectionError,
    requests.exceptions.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)

Model = TypeVar("Model", bound=BaseModel)
Result = TypeVar("Result")


class RateLimited(RetryableError):
    """HTTP 429. `retry_after` is the wait TMDB asked for, in seconds, if it said."""

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TmdbClient:
    """TMDB API v3 over one pooled `requests.Session`; one client may be shared by several threads.

    Pass a shared `rate_limiter` to give several clients one request budget. `backoff_base` is the
    first retry's wait (plus up to as much jitter); each later one doubles, up to `backoff_max` seconds.
    """

    def __init__(
        self,
        settings: Settings,
        session: requests.Session | None = None,
        rate_limiter: TokenBucket | None = None,
        *,
        backoff_base: float = 0.2,
        backoff_max: float = 4.0,
        pool_size: int = 32,
    ) -> None:
        self._auth_headers, self._auth_params, self._secrets = _credentials(settings)
        self._api_url = settings.tmdb_api_url.rstrip("/")
        self._exports_url = settings.tmdb_exports_url.rstrip("/")
        self._timeout = settings.tmdb_timeout
        self._owns_session = session is None
        self._session = session if session is not None else _pooled_session(pool_size)
        self._rate_limiter = rate_limiter if rate_limiter is not None else TokenBucket(settings.tmdb_rate_limit)
        self._backoff = wait_exponential(multiplier=backoff_base, max=backoff_max) + wait_random(0, backoff_base)
        self._retrying = Retrying(
            stop=stop_after_attempt(settings.tmdb_max_attempts),
            wait=self._wait_before_retry,
            retry=retry_if_exception_type(RetryableError),
            before_sleep=_log_retry,
            reraise=True,
        )

    # --- the API -------------------------------------------------------------------------------------------

    def movie(self, movie_id: int, append: Sequence[str] = DEFAULT_APPEND) -> dict:
        """`GET /movie/{id}` with `append_to_response`: TMDB's JSON object as sent, for storing raw."""
        path = f"/movie/{movie_id}"
        body = self._get_json(path, {"append_to_response": ",".join(append)} if append else {})
        if not isinstance(body, dict) or body.get("id") != movie_id:
            found = f"an object with id {body.get('id')!r}" if isinstance(body, dict) else type(body).__name__
            raise PermanentError(f"TMDB {path} answered with {found}, not the movie object with id {movie_id}")
        return body

    def changes_page(self, start: date, end: date, page: int = 1) -> ChangesPage:
        """One page of `GET /movie/changes`: ids changed from `start` to `end` (TMDB allows 14 days)."""
        params = {"start_date": start.isoformat(), "end_date": end.isoformat(), "page": page}
        return _parse(ChangesPage, self._get_json("/movie/changes", params), "/movie/changes")

    def iter_changed_ids(self, start: date, end: date) -> Iterator[ChangeItem]:
        """Every changed id of every page, each once (ids can shift between pages while we read them)."""
        seen: set[int] = set()
        page_number = 1
        while True:
            page = self.changes_page(start, end, page_number)
            for item in page.results:
                if item.id not in seen:
                    seen.add(item.id)
                    yield item
            if page_number >= min(page.total_pages, CHANGES_MAX_PAGES):
                break
            page_number += 1
        if page.total_pages > CHANGES_MAX_PAGES:
            logger.warning(
                "TMDB lists more changes than its page limit serves; use shorter windows to see the rest",
                extra={"start": start.isoformat(), "end": end.isoformat(), "total_pages": page.total_pages},
            )

    def genres(self) -> list[Genre]:
        """`GET /genre/movie/list`."""
        return _parse(GenreList, self._get_json("/genre/movie/list"), "/genre/movie/list").genres

    # --- the daily id exports (a CDN: no credential, no API rate limit) ------------------------------------

    def export_file_name(self, day: date, adult: bool = False) -> str:
        return f"{'adult_' if adult else ''}movie_ids_{day:%m_%d_%Y}.json.gz"

    def export_url(self, day: date, adult: bool = False) -> str:
        return f"{self._exports_url}/{self.export_file_name(day, adult)}"

    def export_exists(self, day: date, adult: bool = False) -> bool:
        """Whether TMDB has published that day's export (without downloading it)."""
        return self._retry(self._export_exists_once, self.export_url(day, adult))

    @contextmanager
    def open_export(self, day: date, adult: bool = False) -> Iterator[IO[bytes]]:
        """The export's gzip bytes as TMDB published them, downloaded whole and checked complete.

        Each attempt downloads the whole file, so a connection dropped half-way is retried from the
        start instead of handing the caller a cut-off file. NotFound if the file is not published.
        """
        with self._retry(self._download_export, self.export_url(day, adult)) as export:
            yield export

    def iter_export(self, day: date, adult: bool = False) -> Iterator[ExportEntry]:
        """Every line of the day's export, in file order.

        A malformed line raises PermanentError naming its line number instead of being skipped: the export
        is the list of ids that exist, so a skipped line would read as a deleted movie. Blank lines, which
        hold no id, are passed over.
        """
        name = self.export_file_name(day, adult)
        with self.open_export(day, adult) as export, gzip.GzipFile(fileobj=export, mode="rb") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.isspace():
                    yield _export_entry(line, number, name)

    # --- lifecycle -----------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the session if this client made it (a session passed in belongs to the caller)."""
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # --- one request ---------------------------------------------------------------------------------------

    def _get_json(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self._retry(self._get_json_once, self._api_url + path, {**(params or {}), **self._auth_params})

    def _get_json_once(self, url: str, params: dict[str, Any]) -> Any:
        self._rate_limiter.acquire()
        with self._transport_errors(url):
            response = self._session.get(url, params=params, headers=self._auth_headers, timeout=self._timeout)
        self._raise_for_status(response, url)
        try:
            return response.json()
        except ValueError as error:  # a body cut short by a dropped connection, most likely
            raise RetryableError(f"TMDB GET {url}: the body is not complete JSON ({error})") from None

    def _export_exists_once(self, url: str) -> bool:
        with self._transport_errors(url), self._session.get(url, stream=True, timeout=self._timeout) as response:
            if response.status_code in (403, 404):  # what the CDN answers for a file not published
                return False
            self._raise_for_status(response, url)
            return True

    def _download_export(self, url: str) -> IO[bytes]:
        # identity: we want the stored .gz bytes, with no transport encoding on top of them
        headers = {"Accept-Encoding": "identity"}
        with (
            self._transport_errors(url),
            self._session.get(url, headers=headers, stream=True, timeout=self._timeout) as response,
        ):
            if response.status_code in (403, 404):
                raise NotFound(f"TMDB export {url} is not published (HTTP {response.status_code})")
            self._raise_for_status(response, url)
            with ExitStack() as on_failure:
                export = on_failure.enter_context(tempfile.SpooledTemporaryFile(_EXPORT_IN_MEMORY_BYTES))
                for chunk in response.iter_content(chunk_size=_CHUNK_BYTES):
                    export.write(chunk)
                _check_complete_gzip(export, url)
                on_failure.pop_all()
        return export

    @contextmanager
    def _transport_errors(self, url: str) -> Iterator[None]:
        """requests' exceptions as ours, with the credential cut out of their text."""
        try:
            yield
        except _TRANSIENT_REQUEST_ERRORS as error:
            raise RetryableError(self._redact(f"TMDB GET {url}: {type(error).__name__}: {error}")) from None
        except requests.exceptions.RequestException as error:  # a bad URL or the like: retrying cannot help
            raise PermanentError(self._redact(f"TMDB GET {url}: {type(error).__name__}: {error}")) from None

    def _raise_for_status(self, response: requests.Response, url: str) -> None:
        status = response.status_code
        if status < 400:
            return
        body = _error_body(response)
        detail = f"status_code {body.status_code}: {body.status_message}" if body else _text_start(response)
        message = self._redact(f"TMDB GET {url} answered HTTP {status}, {detail}")
        if status == 404 or (body is not None and body.status_code == NOT_FOUND_STATUS_CODE):
            raise NotFound(message)
        if status == 429:
            raise RateLimited(message, _retry_after_seconds(response.headers.get("Retry-After")))
        if status >= 500 or status == 408:  # 408: the server timed out waiting for us
            raise RetryableError(message)
        raise PermanentError(message)

    # --- retries -------------------------------------------------------------------------------------------

    def _retry(self, attempt: Callable[..., Result], *args: Any) -> Result:
        # a copy per call, as tenacity's own decorator does: its per-call state then never crosses threads
        return self._retrying.copy()(attempt, *args)

    def _wait_before_retry(self, retry_state: RetryCallState) -> float:
        backoff = self._backoff(retry_state)
        error = retry_state.outcome.exception() if retry_state.outcome else None
        if isinstance(error, RateLimited) and error.retry_after is not None:
            return max(backoff, min(error.retry_after, MAX_RETRY_AFTER_SECONDS))
        return backoff

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***").replace(quote(secret, safe=""), "***")
        return _API_KEY_IN_TEXT.sub(r"\1***", text)


def _credentials(settings: Settings) -> tuple[dict[str, str], dict[str, str], tuple[str, ...]]:
    """(headers, query parameters, secrets to redact): the read access token if set, else the API key."""
    token = settings.tmdb_read_access_token.get_secret_value() if settings.tmdb_read_access_token else ""
    api_key = settings.tmdb_api_key.get_secret_value() if settings.tmdb_api_key else ""
    secrets = tuple(secret for secret in (token, api_key) if secret)
    if token:
        return {"Authorization": f"Bearer {token}"}, {}, secrets
    if api_key:
        return {}, {"api_key": api_key}, secrets
    raise PermanentError("TMDB credentials are missing: set TMDB_READ_ACCESS_TOKEN (preferred) or TMDB_API_KEY")


def _pooled_session(pool_size: int) -> requests.Session:
    """A session keeping up to `pool_size` connections a host open, for as many threads."""
    session = requests.Session()
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=0)  # tenacity retries
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session.headers["User-Agent"] = "cinelake"
    return session


def _parse(model: type[Model], body: Any, path: str) -> Model:
    try:
        return model.model_validate(body)
    except ValidationError as error:
        raise PermanentError(f"TMDB {path} answered in an unexpected shape: {_first_problem(error)}") from None


def _export_entry(line: bytes, number: int, file_name: str) -> ExportEntry:
    try:
        return ExportEntry.model_validate_json(line)
    except ValidationError as error:
        raise PermanentError(
            f"TMDB export {file_name} line {number} is malformed ({_first_problem(error)}): {line[:200]!r}"
        ) from None


def _first_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    return f"{error.error_count()} error(s), first at {where}: {first['msg']}"


def _check_complete_gzip(export: IO[bytes], url: str) -> None:
    """Read the gzip stream to its end (CRC checked), then rewind: a cut-off download is retryable."""
    if export.tell() == 0:
        raise RetryableError(f"TMDB export {url} came back empty")
    export.seek(0)
    try:
        with gzip.GzipFile(fileobj=export, mode="rb") as unzipped:
            while unzipped.read(16 * _CHUNK_BYTES):
                pass
    except EOFError:
        raise RetryableError(f"TMDB export {url} is truncated: its gzip stream ends early") from None
    except (gzip.BadGzipFile, zlib.error) as error:
        raise RetryableError(f"TMDB export {url} is not a valid gzip file: {error}") from None
    export.seek(0)


def _error_body(response: requests.Response) -> TmdbErrorBody | None:
    try:
        return TmdbErrorBody.model_validate_json(response.content)
    except ValidationError:
        return None


def _text_start(response: requests.Response) -> str:
    text = response.text.strip()
    return repr(text[:200]) if text else "no body"


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(value) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


def _log_retry(retry_state: RetryCallState) -> None:
    error = retry_state.outcome.exception() if retry_state.outcome else None
    wait = retry_state.next_action.sleep if retry_state.next_action else 0.0
    logger.warning(
        "TMDB request failed; retrying",
        extra={"attempt": retry_state.attempt_number, "wait_seconds": round(wait, 3), "error": str(error)},
    )
