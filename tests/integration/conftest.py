"""Fixtures of the integration tier: a stand-in for the URL CloudFormation waits on for a custom resource's answer."""

import json
import ssl
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.integration.certificates import make_ca, make_server_certificate


@dataclass
class Answer:
    path: str
    content_type: str | None
    body: dict[str, Any]


@dataclass
class CloudFormationStandIn:
    """Records the PUTs a custom resource handler sends to its ResponseURL (a real HTTPS server on 127.0.0.1, as
    crhelper speaks only HTTPS)."""

    base_url: str
    answers: list[Answer] = field(default_factory=list)

    def local(self, response_url: str) -> str:
        """A pre-signed ResponseURL pointed at this stand-in, its path and query kept exactly."""
        parts = urlsplit(response_url)
        return f"{self.base_url}{parts.path}?{parts.query}"

    def only_answer(self) -> Answer:
        (answer,) = self.answers
        return answer


@pytest.fixture(scope="session")
def response_url_certificates() -> Iterator[tuple[Path, Path, Path]]:
    """A test CA, and a certificate it signs for 127.0.0.1 with its key."""
    with tempfile.TemporaryDirectory(prefix="cinelake-cfn-tls-") as folder:
        ca = make_ca("ca", Path(folder))
        yield ca, *make_server_certificate(Path(folder), "ca", "IP:127.0.0.1")


@pytest.fixture
def cloudformation(response_url_certificates, monkeypatch) -> Iterator[CloudFormationStandIn]:
    ca, certificate, key = response_url_certificates
    # The handler runs as in Lambda, which always sets AWS_REGION (crhelper builds its clients with it), trusting
    # the test CA as Lambda's Python trusts S3's.
    monkeypatch.setenv("AWS_REGION", "us-east-1")
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
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
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    stand_in.base_url = f"https://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stand_in
    server.shutdown()
    server.server_close()
    thread.join()
