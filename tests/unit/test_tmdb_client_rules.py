"""TmdbClient against a scripted stdlib HTTP server on 127.0.0.1: the precise retry, error and secrecy rules.

The simulator tests (tests/integration/test_tmdb_client.py) show the client working against TMDB's
behaviour as a whole; these pin each rule with a server that answers exactly what a test scripts.
"""

import gzip
import json
import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from cinelake.adapters import tmdb
from cinelake.adapters.rate_limit import TokenBucket
from cinelake.adapters.tmdb import TmdbClient
from cinelake.config import Settings
from cinelake.errors import NotFound, PermanentError, RetryableError

pytestmark = pytest.mark.unit

SAMPLES_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tmdb_api_samples"
TOKEN = "token-SECRET-0123456789"
API_KEY = "apikey-SECRET-abcdef"
DAY = date(2026, 2, 3)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    cut_after: int | None = None  # announce the whole body, send only this many bytes, then hang up
    delay: float = 0.0  # seconds before answering


@dataclass
class Seen:
    path: str
    query: dict[str, str]
    headers: dict[str, str]


def tmdb_error(status: int, code: int, message: str, **headers: str) -> Reply:
    body = {"success": False, "status_code": code, "status_message": message}
    return Reply(status, json.dumps(body).encode(), headers)


def movie_reply(movie_id: int) -> Reply:
    return Reply(body=json.dumps({"id": movie_id, "title": f"Movie {movie_id}"}).encode())


def in_turn(*replies: Reply) -> Callable[[Seen], Reply]:
    """Answer each request with the next reply; the last one repeats."""
    queue = list(replies)
    return lambda seen: queue.pop(0) if len(queue) > 1 else queue[0]


class ScriptedServer:
    """A loopback HTTP/1.1 server whose answers come from `respond(request)`; it records every request."""

    def __init__(self) -> None:
        self.respond: Callable[[Seen], Reply] = in_turn(Reply())
        self.seen: list[Seen] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as TMDB: the client's pool is then in play
            disable_nagle_algorithm = True  # else headers and body, written apart, wait on a delayed ACK

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                query = {name: values[0] for name, values in parse_qs(parts.query).items()}
                seen = Seen(parts.path, query, dict(self.headers.items()))
                server.seen.append(seen)
                reply = server.respond(seen)
                time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if reply.cut_after is None:
                        self.wfile.write(reply.body)
                    else:
                        self.wfile.write(reply.body[: reply.cut_after])
                        self.close_connection = True
                except (BrokenPipeError, ConnectionResetError):  # the client gave up first (a timeout test)
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass  # quiet test output

        return Handler

    def __enter__(self) -> "ScriptedServer":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as running:
        yield running


def settings_for(server: ScriptedServer, **overrides: object) -> Settings:
    values: dict = {
        "tmdb_read_access_token": TOKEN,
        "tmdb_api_key": None,
        "tmdb_api_url": f"{server.url}/3",
        "tmdb_exports_url": f"{server.url}/p/exports",
        "tmdb_rate_limit": 1000.0,
        "tmdb_timeout": 2.0,
        "tmdb_max_attempts": 3,
    }
    return Settings(**{**values, **overrides})


@pytest.fixture
def client(server: ScriptedServer) -> Iterator[TmdbClient]:
    with TmdbClient(settings_for(server), backoff_base=0.01, backoff_max=0.05) as made:
        yield made


def gz_lines(*lines: bytes) -> bytes:
    return gzip.compress(b"".join(line + b"\n" for line in lines), mtime=0)


def export_line(movie_id: int) -> bytes:
    entry = {"adult": False, "id": movie_id, "original_title": f"M{movie_id}", "popularity": 0.6, "video": False}
    return json.dumps(entry).encode()


# --- movie details and authentication --------------------------------------------------------------------------


def test_movie_returns_tmdbs_object_unchanged(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN TMDB answering with a real append_to_response body
    path = SAMPLES_DIR / "movie_details_12313_append_to_response.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    server.respond = in_turn(Reply(body=path.read_bytes()))
    # WHEN the client fetches that movie
    movie = client.movie(12313)
    # THEN it gets the whole object as sent, asked for with the default appends and the bearer token
    assert movie == json.loads(path.read_bytes())
    assert server.seen[0].path == "/3/movie/12313"
    assert server.seen[0].query == {"append_to_response": "credits,keywords,release_dates,external_ids,translations"}
    assert server.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_api_key_goes_in_the_query_when_there_is_no_token(server: ScriptedServer) -> None:
    # GIVEN only an API key
    server.respond = in_turn(movie_reply(550))
    settings = settings_for(server, tmdb_read_access_token=None, tmdb_api_key=API_KEY)
    # WHEN a movie is fetched with nothing appended
    with TmdbClient(settings) as client:
        client.movie(550, append=())
    # THEN the key is the api_key parameter, and there is no Authorization header
    assert server.seen[0].query == {"api_key": API_KEY}
    assert "Authorization" not in server.seen[0].headers


def test_a_client_without_credentials_is_refused(server: ScriptedServer) -> None:
    settings = settings_for(server, tmdb_read_access_token=None, tmdb_api_key=None)
    with pytest.raises(PermanentError, match="TMDB_READ_ACCESS_TOKEN"):
        TmdbClient(settings)


def test_an_object_for_another_id_is_refused(server: ScriptedServer, client: TmdbClient) -> None:
    server.respond = in_turn(movie_reply(551))
    with pytest.raises(PermanentError, match="id 551"):
        client.movie(550)


# --- what is retried, and what is not --------------------------------------------------------------------------


def test_server_errors_are_retried_until_one_succeeds(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN TMDB failing twice with 5xx, then answering
    server.respond = in_turn(
        tmdb_error(503, 9, "Service offline: This service is temporarily offline, try again later."),
        tmdb_error(502, 43, "Couldn't connect to the backend server."),
        movie_reply(550),
    )
    # WHEN the movie is fetched (3 attempts allowed)
    movie = client.movie(550)
    # THEN the third attempt's answer comes back
    assert movie["id"] == 550
    assert len(server.seen) == 3


def test_server_errors_that_last_become_retryable_after_all_attempts(
    server: ScriptedServer, client: TmdbClient
) -> None:
    server.respond = in_turn(tmdb_error(500, 11, "Internal error: Something went wrong, contact TMDB."))
    with pytest.raises(RetryableError, match="HTTP 500, status_code 11: Internal error"):
        client.movie(550)
    assert len(server.seen) == 3  # tmdb_max_attempts, first attempt included


def test_429_waits_as_long_as_retry_after_says(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN TMDB refusing once with 429 and Retry-After: 1
    message = "Your request count (#) is over the allowed limit of (40)."
    server.respond = in_turn(tmdb_error(429, 25, message, **{"Retry-After": "1"}), movie_reply(550))
    # WHEN the movie is fetched (the client's own backoff being a few hundredths of a second)
    started = time.monotonic()
    client.movie(550)
    # THEN the second attempt came no sooner than TMDB asked
    assert time.monotonic() - started >= 1.0
    assert len(server.seen) == 2


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (tmdb_error(401, 7, "Invalid API key: You must be granted a valid key."), PermanentError),
        (tmdb_error(422, 20, "Invalid date range: Should be a range no longer than 14 days."), PermanentError),
        (
            tmdb_error(400, 27, "Too many append to response objects: The maximum number of remote calls is 20."),
            PermanentError,
        ),
        (tmdb_error(404, 34, "The resource you requested could not be found."), NotFound),
        (Reply(404, b"<html>Not Found</html>"), NotFound),
    ],
    ids=["401 code 7", "422 code 20", "400 code 27", "404 code 34", "404 without a TMDB body"],
)
def test_client_errors_are_not_retried(
    server: ScriptedServer, client: TmdbClient, reply: Reply, error: type[Exception]
) -> None:
    # GIVEN TMDB answering with a 4xx
    server.respond = in_turn(reply)
    # WHEN a movie is fetched
    with pytest.raises(error) as raised:
        client.movie(550)
    # THEN one request was enough, the error has the exact class and TMDB's code and message are in its text
    assert len(server.seen) == 1
    assert type(raised.value) is error
    if reply.body.startswith(b"{"):
        body = json.loads(reply.body)
        assert f"status_code {body['status_code']}: {body['status_message']}" in str(raised.value)


def test_a_body_cut_short_is_retried(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN a connection dropped half-way through the body, then a whole answer
    whole = movie_reply(550)
    server.respond = in_turn(Reply(body=whole.body, cut_after=5), whole)
    # WHEN the movie is fetched, THEN the retry brings it whole
    assert client.movie(550)["title"] == "Movie 550"
    assert len(server.seen) == 2


def test_a_body_that_is_not_json_is_retried_then_retryable(server: ScriptedServer, client: TmdbClient) -> None:
    server.respond = in_turn(Reply(body=b'{"id": 550, "title": "Fi'))
    with pytest.raises(RetryableError, match="not complete JSON"):
        client.movie(550)
    assert len(server.seen) == 3


def test_a_server_too_slow_to_answer_times_out_and_is_retryable(server: ScriptedServer) -> None:
    # GIVEN TMDB taking longer to answer than the client's timeout
    server.respond = in_turn(Reply(delay=0.6))
    settings = settings_for(server, tmdb_timeout=0.2, tmdb_max_attempts=2)
    # WHEN a movie is fetched, THEN both attempts time out and the error is retryable
    with TmdbClient(settings, backoff_base=0.01) as client, pytest.raises(RetryableError, match="ReadTimeout"):
        client.movie(550)
    assert len(server.seen) == 2


# --- secrets ---------------------------------------------------------------------------------------------------


def test_the_api_key_is_cut_out_of_errors_and_logs(caplog: pytest.LogCaptureFixture) -> None:
    # GIVEN a client using an API key, pointed at a port where nothing listens
    with ScriptedServer() as stopped:  # binds a free port; leaving the block closes it again
        dead_url = stopped.url
    settings = Settings(
        tmdb_api_key=API_KEY, tmdb_read_access_token=None, tmdb_api_url=f"{dead_url}/3", tmdb_max_attempts=2
    )
    logging.getLogger(tmdb.logger.name).addHandler(caplog.handler)  # whatever a parent logger does
    try:
        # WHEN a request fails on the connection (requests puts the whole URL into that exception's text)
        with TmdbClient(settings, backoff_base=0.01) as client, pytest.raises(RetryableError) as raised:
            client.movie(550)
    finally:
        logging.getLogger(tmdb.logger.name).removeHandler(caplog.handler)
    # THEN neither the error, its traceback nor the retry log holds the key, yet they say what failed
    printed = "".join(traceback.format_exception(raised.value))
    assert "api_key=***" in str(raised.value)
    assert API_KEY not in printed
    assert caplog.records, "the retry was logged"
    assert API_KEY not in caplog.text


def test_the_token_is_not_in_an_error_from_a_tmdb_body(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN an error body that (oddly) echoes the credential
    server.respond = in_turn(tmdb_error(401, 7, f"Invalid API key: {TOKEN}"))
    # WHEN that error is raised, THEN the credential is cut out of it
    with pytest.raises(PermanentError) as raised:
        client.movie(550)
    assert TOKEN not in str(raised.value)


# --- changes, genres and the rate limit ------------------------------------------------------------------------


def changes_pages(total_pages: int, ids_on: Callable[[int], list[int]]) -> Callable[[Seen], Reply]:
    def respond(seen: Seen) -> Reply:
        page = int(seen.query["page"])
        results = [{"id": movie_id, "adult": False} for movie_id in ids_on(page)]
        body = {"results": results, "page": page, "total_pages": total_pages, "total_results": 250}
        return Reply(body=json.dumps(body).encode())

    return respond


def test_changed_ids_come_from_every_page_each_once(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN 3 pages of changes, where an id moved from page 1 to page 2 while we read
    ids = {1: [10, 11, 12], 2: [12, 13], 3: [14]}
    server.respond = changes_pages(3, ids.__getitem__)
    # WHEN the changes of a window are listed
    items = list(client.iter_changed_ids(date(2026, 1, 1), date(2026, 1, 14)))
    # THEN every id comes once, and the window's dates were asked for page by page
    assert [item.id for item in items] == [10, 11, 12, 13, 14]
    assert [seen.query["page"] for seen in server.seen] == ["1", "2", "3"]
    assert server.seen[0].query["start_date"] == "2026-01-01"
    assert server.seen[0].query["end_date"] == "2026-01-14"


def test_changed_ids_stop_at_tmdbs_last_page(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN TMDB counting 600 pages but serving only 500
    server.respond = changes_pages(600, lambda page: [page])
    # WHEN the changes are listed, THEN page 501 is never asked for
    items = list(client.iter_changed_ids(date(2026, 1, 1), date(2026, 1, 2)))
    assert len(items) == 500
    assert server.seen[-1].query["page"] == "500"


def test_genres_are_read(server: ScriptedServer, client: TmdbClient) -> None:
    server.respond = in_turn(Reply(body=b'{"genres":[{"id":28,"name":"Action"},{"id":18,"name":"Drama"}]}'))
    assert [(genre.id, genre.name) for genre in client.genres()] == [(28, "Action"), (18, "Drama")]
    assert server.seen[0].path == "/3/genre/movie/list"


def test_a_shared_rate_limiter_paces_every_request(server: ScriptedServer) -> None:
    # GIVEN two clients sharing one 20 requests/s budget
    server.respond = lambda seen: movie_reply(int(seen.path.rsplit("/", 1)[1]))
    budget = TokenBucket(20.0)
    first, second = (
        TmdbClient(settings_for(server), rate_limiter=budget),
        TmdbClient(settings_for(server), rate_limiter=budget),
    )
    # WHEN they fetch 10 movies between them
    started = time.monotonic()
    for movie_id in range(10):
        (first if movie_id % 2 else second).movie(movie_id + 1, append=())
    # THEN that took at least 9 intervals of 1/20 s
    assert time.monotonic() - started >= 0.45
    first.close()
    second.close()


# --- the daily id exports --------------------------------------------------------------------------------------


def test_an_export_is_read_line_by_line(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN a published export of three movies
    server.respond = in_turn(Reply(body=gz_lines(export_line(3), export_line(1), export_line(2))))
    # WHEN it is read
    entries = list(client.iter_export(DAY))
    # THEN every line comes in file order, from the dated file, fetched without any credential
    assert [entry.id for entry in entries] == [3, 1, 2]
    assert server.seen[0].path == "/p/exports/movie_ids_02_03_2026.json.gz"
    assert "Authorization" not in server.seen[0].headers
    assert server.seen[0].query == {}


def test_the_adult_export_has_its_own_file(client: TmdbClient, server: ScriptedServer) -> None:
    assert client.export_url(DAY, adult=True) == f"{server.url}/p/exports/adult_movie_ids_02_03_2026.json.gz"


@pytest.mark.parametrize("status", [403, 404])
def test_an_export_not_published_is_not_found(server: ScriptedServer, client: TmdbClient, status: int) -> None:
    # GIVEN the CDN answering as it does for a missing file (S3 behind CloudFront says 403)
    server.respond = in_turn(Reply(status, b"<Error><Code>NoSuchKey</Code></Error>"))
    # WHEN the export is read, THEN it is NotFound at once, and export_exists says no
    with pytest.raises(NotFound, match=f"HTTP {status}"):
        list(client.iter_export(DAY))
    assert client.export_exists(DAY) is False
    assert len(server.seen) == 2


def test_export_exists_for_a_published_file(server: ScriptedServer, client: TmdbClient) -> None:
    server.respond = in_turn(Reply(body=gz_lines(export_line(1))))
    assert client.export_exists(DAY) is True


def test_an_export_cut_short_is_downloaded_again(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN a download that ends early but cleanly (the gzip stream is cut), then a whole one
    whole = gz_lines(*(export_line(movie_id) for movie_id in range(1, 2001)))
    server.respond = in_turn(Reply(body=whole[: len(whole) // 2]), Reply(body=whole))
    # WHEN the export is read
    entries = list(client.iter_export(DAY))
    # THEN no line of the cut copy reached the caller: each id comes exactly once
    assert [entry.id for entry in entries] == list(range(1, 2001))
    assert len(server.seen) == 2


def test_an_export_dropped_mid_body_is_downloaded_again(server: ScriptedServer, client: TmdbClient) -> None:
    whole = gz_lines(*(export_line(movie_id) for movie_id in range(1, 501)))
    server.respond = in_turn(Reply(body=whole, cut_after=100), Reply(body=whole))
    assert len(list(client.iter_export(DAY))) == 500
    assert len(server.seen) == 2


def test_a_malformed_export_line_is_named_not_skipped(server: ScriptedServer, client: TmdbClient) -> None:
    # GIVEN an export whose third line lacks its id (a blank line before it holds nothing)
    bad = b'{"adult":false,"original_title":"No id","popularity":1.0,"video":false}'
    server.respond = in_turn(Reply(body=gz_lines(export_line(1), b"", bad, export_line(4))))
    # WHEN it is read
    entries = client.iter_export(DAY)
    # THEN the good line before it comes, then a PermanentError naming the line
    assert next(entries).id == 1
    with pytest.raises(PermanentError, match="movie_ids_02_03_2026.json.gz line 3"):
        next(entries)
