"""Fixtures of the integration tier: a stand-in for the URL CloudFormation waits on for a custom resource's answer."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest


@dataclass
class Answer:
    path: str
    content_type: str | None
    body: dict[str, Any]


@dataclass
class CloudFormationStandIn:
    """Records the PUTs a custom resource handler sends to its ResponseURL (a real HTTP server on 127.0.0.1)."""

    base_url: str
    answers: list[Answer] = field(default_factory=list)

    def local(self, response_url: str) -> str:
        """A pre-signed ResponseURL pointed at this stand-in, its path and query kept exactly."""
        parts = urlsplit(response_url)
        return f"{self.base_url}{parts.path}?{parts.query}"

    def only_answer(self) -> Answer:
        (answer,) = self.answers
        return answer


@pytest.fixture
def cloudformation() -> Iterator[CloudFormationStandIn]:
    stand_in = CloudFormationStandIn(base_url="")

    class ResponseUrl(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            stand_in.answers.append(Answer(self.path, self.headers.get("Content-Type"), json.loads(body)))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), ResponseUrl)
    stand_in.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stand_in
    server.shutdown()
    server.server_close()
    thread.join()
