"""What stands in front of TMDB's API: latency, rate limit, auth and faults, for /3/* only.

A plain ASGI middleware rather than FastAPI dependencies: it has to cut responses off mid-body, and it sits
on the hot path, where every microsecond counts.
"""

import asyncio
import math
from collections import Counter
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cinelake.adapters.rate_limit import TokenBucket
from cinelake.sim.config import SimConfig
from cinelake.sim.faults import FaultDice
from cinelake.sim.tmdb_status import INVALID_API_KEY, TmdbStatus, over_rate_limit

API_PREFIX = "/3/"
REPORTED_STATUSES = ("200", "401", "404", "429", "5xx", "dropped")


class SimulatedDrop(Exception):
    """Raised after part of a body is sent: the server then closes the connection, as a dropped one."""


class ResponseCounters:
    """Responses to /3/* since start, by status ("5xx" for all server errors, "dropped" for cut ones)."""

    def __init__(self) -> None:
        self.requests = 0
        self.by_status: Counter[str] = Counter({status: 0 for status in REPORTED_STATUSES})

    def record(self, http_status: int) -> None:
        self.by_status["5xx" if http_status >= 500 else str(http_status)] += 1

    def record_drop(self) -> None:
        self.by_status["dropped"] += 1

    def as_dict(self) -> dict:
        return {"requests": self.requests, "responses": dict(sorted(self.by_status.items()))}


class TmdbEdge:
    def __init__(self, app: ASGIApp, config: SimConfig, counters: ResponseCounters) -> None:
        self.app = app
        self._counters = counters
        self._latency_s = config.latency_ms / 1000
        self._bucket = (
            TokenBucket(config.rate_limit, capacity=max(1.0, config.rate_limit)) if config.rate_limit > 0 else None
        )
        self._over_limit = over_rate_limit(config.rate_limit)
        self._dice = FaultDice(config)
        self._api_key = config.api_key
        self._bearer_token = config.read_access_token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(API_PREFIX):
            await self.app(scope, receive, send)
            return
        self._counters.requests += 1
        if self._latency_s:
            await asyncio.sleep(self._latency_s)
        if self._bucket is not None:
            wait_s = self._bucket.take()
            if wait_s:
                # TMDB sends whole seconds, at least 1.
                retry_after = str(max(1, math.ceil(wait_s))).encode()
                await self._refuse(send, self._over_limit, [(b"retry-after", retry_after)])
                return
        if not self._authorised(scope):
            await self._refuse(send, INVALID_API_KEY)
            return
        fault = self._dice.server_fault()
        if fault is not None:
            await self._refuse(send, fault)
            return
        if self._dice.drop():
            await self._answer_then_drop(scope, receive, send)
            return
        await self.app(scope, receive, self._counting(send))

    def _authorised(self, scope: Scope) -> bool:
        for name, value in scope["headers"]:
            if name == b"authorization":
                scheme, _, token = value.partition(b" ")
                if scheme.lower() == b"bearer" and token.strip() == self._bearer_token:
                    return True
        query = scope["query_string"].decode("latin-1")
        return any(name == "api_key" and value == self._api_key for name, value in parse_qsl(query))

    def _counting(self, send: Send) -> Send:
        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self._counters.record(message["status"])
            await send(message)

        return counting_send

    async def _refuse(self, send: Send, status: TmdbStatus, headers: list | None = None) -> None:
        body = status.body()
        await send(
            {
                "type": "http.response.start",
                "status": status.http_status,
                "headers": [
                    (b"content-type", b"application/json;charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    *(headers or []),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
        self._counters.record(status.http_status)

    async def _answer_then_drop(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the real headers (with the full Content-Length) and half the body, then drop the line."""
        messages: list[Message] = []

        async def keep(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, keep)
        start = next(message for message in messages if message["type"] == "http.response.start")
        body = b"".join(message.get("body", b"") for message in messages if message["type"] == "http.response.body")
        await send(start)
        await send({"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True})
        self._counters.record_drop()
        raise SimulatedDrop(f"dropped {scope['path']} after {len(body) // 2} of {len(body)} bytes")
