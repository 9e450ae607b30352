"""Refuses request bodies over a size, with the API's usual {"detail": ...} (413).

Not FastAPI's `max_body_size` (Starlette's RequestBodyLimitMiddleware): the pinned versions
answer a too-large body with `text/plain` "Content Too Large", where every error of this API is
JSON with a detail that a generated client parses."""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import ErrorResponse


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.detail = f"request body larger than {max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            # Answered before a byte of the body is read.
            await ErrorResponse({"detail": self.detail}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:  # a body sent without its length
                raise HTTPException(413, self.detail)
            return message

        await self.app(scope, counted, send)
