"""Runs the simulator under uvicorn: in a background thread (tests, demo, benchmarks) or in the foreground."""

import logging
import socket
import threading
from types import TracebackType

import requests
import uvicorn

from cinelake.readiness import NotReady, wait_until
from cinelake.sim.app import create_app
from cinelake.sim.catalog import Catalog
from cinelake.sim.config import SimConfig
from cinelake.sim.edge import SimulatedDrop

START_TIMEOUT_S = 30.0  # loading the real catalogue takes a few seconds before this starts counting
STOP_TIMEOUT_S = 10.0


class _HideSimulatedDrops(logging.Filter):
    """uvicorn logs every exception that ends a response as an error; a simulated drop is not one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], SimulatedDrop))


def _uvicorn_config(app: object, host: str, port: int, log_level: str) -> uvicorn.Config:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,  # nothing is logged per request
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    # uvicorn.Config sets up its loggers, so the filter goes on afterwards.
    error_log = logging.getLogger("uvicorn.error")
    if not any(isinstance(existing, _HideSimulatedDrops) for existing in error_log.filters):
        error_log.addFilter(_HideSimulatedDrops())
    return config


class SimAddresses:
    """Where a simulator at `host`:`port` answers: TMDB's API under /3, the daily exports, its own counters."""

    host: str
    port: int

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/3"

    @property
    def exports_url(self) -> str:
        return f"{self.base_url}/p/exports"

    def control_url(self, name: str) -> str:
        """POST advance, GET stats."""
        return f"{self.base_url}/__sim__/{name}"


class SimServer(SimAddresses):
    """A simulator on a background thread; use as a context manager or call start() and stop()."""

    def __init__(
        self, config: SimConfig, host: str = "127.0.0.1", port: int = 0, catalog: Catalog | None = None
    ) -> None:
        self.config = config
        self.host = host
        self.port = port  # 0 until start() if a free port was asked for
        self._catalog = catalog
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._session: requests.Session | None = None

    def start(self) -> "SimServer":
        """Start serving; returns once the server answers. Port 0 picks a free port."""
        if self._thread is not None:
            raise RuntimeError("the simulator is already running")
        app = create_app(self.config, self._catalog)
        # Binding here, not in uvicorn, tells us the port before the server thread runs. IPPROTO_TCP must be
        # explicit: asyncio sets TCP_NODELAY only on such sockets, and without it each answer waits ~40 ms.
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        self.port = listener.getsockname()[1]
        self._server = uvicorn.Server(_uvicorn_config(app, self.host, self.port, log_level="warning"))
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [listener]}, name="cinelake-sim", daemon=True
        )
        self._thread.start()
        self._session = requests.Session()
        self._wait_until_answering()
        return self

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(STOP_TIMEOUT_S)
        if self._session is not None:
            self._session.close()
        if self._thread.is_alive():
            raise RuntimeError(f"the simulator on {self.base_url} did not stop within {STOP_TIMEOUT_S} s")
        self._server = self._thread = self._session = None

    def advance(self) -> dict:
        """One simulated day on: POST /__sim__/advance."""
        return self._control("POST", "advance")

    def stats(self) -> dict:
        """GET /__sim__/stats: date, day, movie count and responses by status since start."""
        return self._control("GET", "stats")

    def _control(self, method: str, name: str) -> dict:
        if self._session is None:
            raise RuntimeError("the simulator is not running")
        response = self._session.request(method, self.control_url(name), timeout=30)
        response.raise_for_status()
        return response.json()

    def _wait_until_answering(self) -> None:
        try:
            wait_until(
                lambda: True if self._server and self._server.started else None,
                what=f"the simulator on {self.host}:{self.port}",
                timeout=START_TIMEOUT_S,
                gone=lambda: None if self._thread is not None and self._thread.is_alive() else "it failed to start",
                interval=0.01,
            )
        except NotReady as failure:
            self.stop()
            raise RuntimeError(str(failure)) from None
        self.stats()

    def __enter__(self) -> "SimServer":
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(config: SimConfig, host: str, port: int) -> None:
    """Serve in the foreground until interrupted (the `cinelake sim` command)."""
    app = create_app(config)
    uvicorn.Server(_uvicorn_config(app, host, port, log_level="info")).run()
