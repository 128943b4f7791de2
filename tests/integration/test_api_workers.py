"""The served API with two uvicorn workers (`cinelake serve --workers 2`): one rate-limit budget per key across both,
a question costing more than a prediction."""

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cinelake.readiness import free_port

pytestmark = pytest.mark.integration

KEY = "two-worker-key-0123456789"
OTHER_KEY = "two-worker-other-key-9876543210"
BUDGET = 20  # units a minute: one comes back every 3 s, longer than the bursts below take
REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    folder = tmp_path_factory.mktemp("served")
    port = free_port()
    log = folder / "serve.log"
    environment = os.environ | {
        "CINELAKE_API_KEYS": f"{KEY},{OTHER_KEY}",
        "API_RATE_LIMIT_PER_MINUTE": str(BUDGET),
        "API_WARM_UP": "false",
        "ASK_EMBEDDER": "false",
        "MODELS_DIR": str(folder / "models"),  # no model: /model answers 503, after the rate limit
        "DATABASE_URL": f"postgresql://nobody@127.0.0.1:{free_port()}/none",  # nothing here needs the database
    }
    environment.pop("API_RATE_LIMIT_STORE", None)  # `cinelake serve` makes the workers' shared store
    command = [sys.executable, "-m", "cinelake.cli", "serve", "--port", str(port), "--workers", "2"]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(re.findall(r"Application startup complete", log.read_text())) < 2:
            assert process.poll() is None, log.read_text()
            time.sleep(0.2)
        assert len(re.findall(r"Started server process \[(\d+)\]", log.read_text())) == 2, log.read_text()
        yield base, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def statuses(base: str, method: str, path: str, key: str, count: int, **body) -> list[int]:
    """Each request on a connection of its own, so the kernel hands them to either worker."""
    codes = []
    for _ in range(count):
        with httpx.Client(base_url=base, timeout=10) as client:
            codes.append(client.request(method, path, headers={"X-API-Key": key}, **body).status_code)
    return codes


def test_two_workers_hold_one_budget_per_key_and_a_question_costs_more(served):
    base, log = served
    # GIVEN two workers and a budget of 20 units a minute per key
    # WHEN a key sends 40 cheap requests (1 unit each) in a burst, each on a new connection
    started = time.monotonic()
    cheap = statuses(base, "GET", "/model", KEY, 40)
    elapsed = time.monotonic() - started
    # THEN about 20 pass across both workers, not 20 each (a unit comes back every 3 s while the burst runs)
    passed = sum(code != 429 for code in cheap)
    assert BUDGET <= passed <= BUDGET + int(elapsed / 3) + 1, (passed, elapsed)
    assert 429 in cheap[BUDGET + int(elapsed / 3) + 1 :]
    # WHEN the other key asks questions (5 units each; the body is refused after the limit is taken)
    asked = statuses(base, "POST", "/ask-text", OTHER_KEY, 8, json={})
    # THEN 4 get past the limit (20 / 5), the rest are 429
    assert sum(code != 429 for code in asked) == 4, asked
    assert asked[:4] == [422] * 4
