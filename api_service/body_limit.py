"""Request bodies over the configured size get a JSON 413 before the app reads them."""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api_service.errors import error_body


class BodyTooLarge(Exception):
    pass


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self.refuse(send)
            return
        # A body without Content-Length (chunked) is read here, up to the limit, and handed on whole.
        try:
            messages = await self.read_body(receive) if declared is None else None
        except BodyTooLarge:
            await self.refuse(send)
            return
        await self.app(scope, receive if messages is None else replay(messages, receive), send)

    async def read_body(self, receive: Receive) -> list[Message]:
        messages, size = [], 0
        while True:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                return messages
            size += len(message.get("body", b""))
            if size > self.max_bytes:
                raise BodyTooLarge
            if not message.get("more_body", False):
                return messages

    async def refuse(self, send: Send) -> None:
        body = json.dumps(error_body("too_large", f"the request body is larger than {self.max_bytes:,} bytes")).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def next_message() -> Message:
        return pending.pop(0) if pending else await receive()

    return next_message
