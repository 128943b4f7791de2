"""`cinelake serve` as a real process: uvicorn workers on loopback, a real database and a published ONNX model."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cinelake.readiness import exited, free_port, wait_until
from tests.integration.test_api import MOVIE, publish, tiny_model

pytestmark = pytest.mark.e2e

CINELAKE = Path(sys.executable).parent / "cinelake"
API_KEY = "e2e-key"
STARTUP_SECONDS = 60  # two workers each import onnxruntime and pandas on a 2-core machine
STOP_SECONDS = 20


def wait_for(url: str, process: subprocess.Popen, deadline: float) -> httpx.Response:
    """The first 200 from `url`, polling until the deadline; fails early if the server died."""

    def answer() -> httpx.Response | None:
        try:
            response = httpx.get(url, timeout=2)
        except httpx.TransportError:
            return None  # not listening yet
        return response if response.status_code == 200 else None

    return wait_until(answer, what=f"cinelake serve's {url}", timeout=deadline - time.monotonic(), gone=exited(process))


def group_is_gone(process_group: int) -> bool:
    try:
        os.killpg(process_group, 0)
    except ProcessLookupError:
        return True
    return False


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    publish(tmp_path, "v1", tiny_model(seed=0))
    return tmp_path


@pytest.fixture
def server(database_url: str, models_dir: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    port = free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MODELS_DIR": str(models_dir),
        "MODEL_REFRESH_SECONDS": "0",
        "CINELAKE_API_KEYS": API_KEY,
    }
    command = [str(CINELAKE), "serve", "--port", str(port), "--workers", "2"]
    # A session of its own: the workers share the server's process group, so the test can see them all gone.
    # From another folder: the API is imported as installed, not from the checkout.
    process = subprocess.Popen(command, env=environment, start_new_session=True, cwd=models_dir)
    try:
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_serve_answers_health_ready_and_predict_then_stops_with_all_its_workers(server):
    base, process = server
    # GIVEN `cinelake serve` with two workers on a migrated database and a published model
    deadline = time.monotonic() + STARTUP_SECONDS
    # WHEN it has started THEN it is alive, then ready with the published version
    assert wait_for(f"{base}/health", process, deadline).json() == {"status": "ok"}
    assert wait_for(f"{base}/ready", process, deadline).json()["model_version"] == "v1"
    # AND it scores a movie, with the API key the environment configured
    refused = httpx.post(f"{base}/predict", json=MOVIE, timeout=10)
    assert refused.status_code == 401
    scored = httpx.post(f"{base}/predict", json=MOVIE, headers={"X-API-Key": API_KEY}, timeout=10)
    assert scored.status_code == 200
    assert 0 <= scored.json()["success_probability"] <= 1
    assert scored.json()["model_version"] == "v1"
    # WHEN it is asked to stop (as systemd does, SIGTERM)
    process.terminate()
    # THEN it exits cleanly and leaves no worker behind
    assert process.wait(timeout=STOP_SECONDS) == 0
    deadline = time.monotonic() + STOP_SECONDS
    while not group_is_gone(process.pid):
        assert time.monotonic() < deadline, "a worker outlived the server"
        time.sleep(0.1)
