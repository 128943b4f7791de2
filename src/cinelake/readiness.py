"""Starting a server on loopback: a free port to give it, and waiting until it answers.

One home for what the local stand-ins, the benchmarks, the smoke script and the tests each need when they start a
server: the simulator, uvicorn, `make demo`.
"""

import socket
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from http.client import HTTPConnection
from typing import TypeVar

T = TypeVar("T")


class NotReady(Exception):
    """The server did not answer in time, or its process ended first (the message says which)."""


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on now (the OS's choice)."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_until(
    answer: Callable[[], T | None],
    *,
    what: str,
    timeout: float,
    gone: Callable[[], str | None] = lambda: None,
    interval: float = 0.2,
) -> T:
    """`answer()`'s first result that is not None, asked every `interval` seconds. NotReady as soon as `gone()`
    says why the server cannot answer any more (its process exited), or once `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        reason = gone()
        if reason is not None:
            raise NotReady(f"{what}: {reason}")
        result = answer()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise NotReady(f"{what} did not answer within {timeout:.0f} s")
        time.sleep(interval)


def exited(process: subprocess.Popen) -> Callable[[], str | None]:
    """For `wait_until(gone=...)`: the process's exit, once it has exited."""
    return lambda: None if process.poll() is None else f"the process exited with status {process.returncode}"


def http_status(host: str, port: int, path: str, timeout: float = 5) -> int | None:
    """The status of GET `path`, or None while nothing listens on the port."""
    try:
        with closing(HTTPConnection(host, port, timeout=timeout)) as conn:
            conn.request("GET", path)
            return conn.getresponse().status
    except OSError:
        return None  # not listening yet
