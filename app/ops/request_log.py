"""One JSON line per request, under a request id the client may give (X-Request-ID) and always
gets back, and the request's count and time in the metrics.

A line names the route's template, not the path: a path holds the meeting's url_code, which is
as good as a key to it. No header but the request id and no body is ever written, so neither
is a token.
"""

import json
import logging
import re
import sys
import time
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.ops.metrics import REQUEST_SECONDS, REQUESTS

log = logging.getLogger("meetifyr.requests")

REQUEST_ID = b"x-request-id"
# What a proxy or a client would send: anything else is replaced rather than echoed.
_GIVEN_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_of(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == REQUEST_ID:
            given: str = value.decode("latin-1")
            if _GIVEN_ID.fullmatch(given):
                return given
    return uuid.uuid4().hex


def log_to_stderr() -> None:
    """Lines go to stderr as they are, once per process, unless logging is set up already."""
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False


class RequestLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_of(scope)
        status = 500  # what the client sees when the app fails before answering
        streamed = False
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status, streamed
            if message["type"] == "http.response.start":
                status = message["status"]
                streamed = (b"content-type", b"text/event-stream") in {
                    (name.lower(), value.split(b";")[0]) for name, value in message["headers"]
                }
                headers = [*message.get("headers", []), (REQUEST_ID, request_id.encode())]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route: str | None = getattr(scope.get("route"), "path", None)
            backend: str | None = scope.get("path_params", {}).get("backend")
            method: str = scope["method"]
            line = {
                "request_id": request_id,
                "method": method,
                "route": route,
                "backend": backend,
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
            }
            log.info(json.dumps(line))
            labels = (route or "unmatched", method)
            REQUESTS.labels(*labels, str(status), backend or "").inc()
            if not streamed:  # a stream lasts as long as its client stays
                REQUEST_SECONDS.labels(*labels, backend or "").observe(seconds)
