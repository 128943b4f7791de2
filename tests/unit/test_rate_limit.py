"""The token bucket: evenly spaced by default, bursts up to its capacity, safe across threads; `take` never waits."""

import threading
import time

import pytest

from cinelake.adapters.rate_limit import TokenBucket

pytestmark = pytest.mark.unit


class FakeTime:
    """A clock that moves only when told, and a sleep that records how long it was asked to wait."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)


def test_default_bucket_spaces_requests_evenly() -> None:
    # GIVEN a 10/s bucket with the default capacity, and a clock that does not move
    fake = FakeTime()
    bucket = TokenBucket(10.0, clock=fake.clock, sleep=fake.sleep)
    # WHEN three requests come at once
    for _ in range(3):
        bucket.acquire()
    # THEN the first goes at once and each later one waits one more tenth of a second
    assert fake.sleeps == pytest.approx([0.1, 0.2])


def test_bucket_refills_with_time_up_to_its_capacity() -> None:
    # GIVEN a 10/s bucket holding at most 3 tokens, emptied at once
    fake = FakeTime()
    bucket = TokenBucket(10.0, capacity=3, clock=fake.clock, sleep=fake.sleep)
    for _ in range(3):
        bucket.acquire()
    assert fake.sleeps == []
    # WHEN a long pause passes, then four requests come at once
    fake.now += 60.0
    for _ in range(4):
        bucket.acquire()
    # THEN only three tokens were saved up: the fourth request waits one token's time
    assert fake.sleeps == pytest.approx([0.1])


def test_a_request_for_several_tokens_waits_for_all_of_them() -> None:
    # GIVEN an empty 4/s bucket
    fake = FakeTime()
    bucket = TokenBucket(4.0, clock=fake.clock, sleep=fake.sleep)
    bucket.acquire()
    # WHEN 2 tokens are asked for
    bucket.acquire(2.0)
    # THEN the caller waits half a second
    assert fake.sleeps == pytest.approx([0.5])


@pytest.mark.parametrize(("rate", "capacity"), [(0.0, None), (-1.0, None), (5.0, 0.5)])
def test_a_bucket_that_could_never_serve_is_refused(rate: float, capacity: float | None) -> None:
    with pytest.raises(ValueError):
        TokenBucket(rate, capacity)


def test_no_token_is_spent_twice_when_threads_race() -> None:
    # GIVEN a 50/s bucket shared by 8 threads, and a clock that does not move
    fake = FakeTime()
    bucket = TokenBucket(50.0, clock=fake.clock, sleep=fake.sleep)
    start = threading.Barrier(8)

    def take_five() -> None:
        start.wait()
        for _ in range(5):
            bucket.acquire()

    # WHEN they take 40 tokens together
    threads = [threading.Thread(target=take_five) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # THEN every request but the first waited a distinct slot: 1/50 s, 2/50 s, ... 39/50 s
    assert sorted(fake.sleeps) == pytest.approx([slot / 50.0 for slot in range(1, 40)])


def test_shared_bucket_holds_real_threads_to_its_rate() -> None:
    # GIVEN a real 100/s bucket shared by 4 threads
    bucket = TokenBucket(100.0)
    times: list[float] = []

    def take_ten() -> None:
        for _ in range(10):
            bucket.acquire()
            times.append(time.monotonic())

    # WHEN they take 40 tokens in all
    started = time.monotonic()
    threads = [threading.Thread(target=take_ten) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # THEN that took at least 39 token intervals (the first token was there already), and not much more
    elapsed = max(times) - started
    assert 0.38 <= elapsed < 2.0


def test_take_turns_a_caller_away_without_debt_and_says_how_long_to_wait() -> None:
    # GIVEN a 2/s bucket holding at most 2 tokens (as the simulator and the API hold theirs)
    fake = FakeTime()
    bucket = TokenBucket(2.0, capacity=2, clock=fake.clock, sleep=fake.sleep)
    # WHEN three take one token at once THEN two go, the third is told to come back in half a second
    assert [bucket.take(), bucket.take(), bucket.take()] == [0.0, 0.0, pytest.approx(0.5)]
    # AND being turned away took nothing: half a second later one token is there, and nobody slept
    fake.now += 0.5
    assert bucket.take() == 0.0
    assert fake.sleeps == []
