"""The API's rate limits: one budget per key shared by every worker (a SQLite file), weighted by each route's cost."""

from pathlib import Path

import pytest

from api_service.rate_limit import ROUTE_COSTS, RateLimiter, SharedRateLimiter, route_cost
from api_service.ttl_cache import TtlCache

pytestmark = pytest.mark.unit


def test_two_workers_sharing_the_store_share_one_budget_per_key(tmp_path: Path) -> None:
    # GIVEN two workers' limiters on one store, 6 units a minute, on a clock the test moves
    now = [100.0]
    store = tmp_path / "limits.sqlite"
    first, second = (SharedRateLimiter(6, store, clock=lambda: now[0]) for _ in range(2))
    # WHEN one key's requests alternate between them
    waits = [(first if i % 2 else second).take("key:a") for i in range(8)]
    # THEN 6 pass in all, not 6 each, and the refused are told how long to wait (one unit: 10 s)
    assert waits[:6] == [0.0] * 6
    assert waits[6:] == [pytest.approx(10.0)] * 2
    # AND another key has its own budget
    assert first.take("key:b") == 0.0
    # AND the budget refills evenly for both: 10 s later one unit is back, on either worker
    now[0] += 10.0
    assert second.take("key:a") == 0.0
    assert first.take("key:a") == pytest.approx(10.0)


def test_a_question_costs_more_than_a_prediction(tmp_path: Path) -> None:
    assert route_cost("/ask-visual") > route_cost("/ask-text") > route_cost("/predict") == 1
    assert route_cost("/predict/{tmdb_id}") == 1
    # GIVEN a budget of 20 units a minute
    limiter = SharedRateLimiter(20, tmp_path / "limits.sqlite", clock=lambda: 0.0)
    # THEN it takes 2 charts, or 4 text answers, or 20 predictions
    assert [limiter.take("k1", ROUTE_COSTS["/ask-visual"]) for _ in range(3)] == [0.0, 0.0, pytest.approx(30.0)]
    assert sum(limiter.take("k2", ROUTE_COSTS["/ask-text"]) == 0 for _ in range(6)) == 4
    assert sum(limiter.take("k3", 1) == 0 for _ in range(25)) == 20
    # AND a refused request spends nothing: 1 unit left after 4 answers still buys a prediction
    limiter = SharedRateLimiter(21, tmp_path / "other.sqlite", clock=lambda: 0.0)
    assert sum(limiter.take("k", 5) == 0 for _ in range(5)) == 4
    assert limiter.take("k", 1) == 0.0


def test_the_in_memory_limiter_weighs_costs_the_same_way() -> None:
    limiter = RateLimiter(20, clock=lambda: 0.0)
    assert sum(limiter.take("k", 5) == 0 for _ in range(6)) == 4
    # a cost above the whole budget is clamped to it, so it can still pass once the bucket is full
    assert RateLimiter(3, clock=lambda: 0.0).take("k", 10) == 0.0


def test_a_ttl_cache_computes_at_most_once_a_window_and_keeps_no_failure() -> None:
    now = [0.0]
    cache: TtlCache[int] = TtlCache(5.0, clock=lambda: now[0])
    calls = []

    def compute() -> int:
        calls.append(now[0])
        return len(calls)

    assert [cache.get(compute) for _ in range(3)] == [1, 1, 1]
    now[0] = 5.0
    assert cache.get(compute) == 2

    def fail() -> int:
        raise RuntimeError("database down")

    now[0] = 10.0
    with pytest.raises(RuntimeError):
        cache.get(fail)
    assert cache.get(compute) == 3
