"""Which web pages may call the API from a browser (CORS), and what they may send and read.

Tokens travel only in the Authorization header, never in a cookie, so the browser adds no
credential of its own to a page's request: a page of any origin can do no more than curl with
the same token. Any origin is allowed unless CORS_ORIGINS names some."""

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from app.errors import ErrorResponse

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
# Beyond the headers every page may send: the tokens, the conditions on a change or a read, the
# last event a stream saw (an EventSource sends it when it reconnects), a change answered
# without its body, the request's own id.
REQUEST_HEADERS = [
    "Authorization",
    "Content-Type",
    "If-Match",
    "If-None-Match",
    "Last-Event-ID",
    "Prefer",
    "X-Request-ID",
]
# A page reads only the headers it is let read: the ETag it sends back in If-Match above all.
RESPONSE_HEADERS = [
    "ETag",
    "Retry-After",
    "X-Request-ID",
    "Content-Disposition",
    "Allow",
    "Preference-Applied",
    "RateLimit",
    "RateLimit-Policy",
]
# How long a browser may reuse a preflight's answer (Chromium keeps it two hours at most).
PREFLIGHT_SECONDS = 7200


class CrossOrigin(CORSMiddleware):
    """Starlette's CORS, with a refused preflight answered like every other refusal: JSON with
    a detail (which of origin, method and headers was not allowed), not plain text."""

    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        if answer.status_code == 200:
            return answer
        headers = {
            name: value
            for name, value in answer.headers.items()
            if name.startswith("access-control-")
        }
        detail = bytes(answer.body).decode()
        return ErrorResponse({"detail": detail}, status_code=answer.status_code, headers=headers)


def allow_pages_from(app: FastAPI, origins: list[str]) -> None:
    """Pages of `origins` (["*"]: any) may call the API; none may when the list is empty."""
    if origins:
        app.add_middleware(
            CrossOrigin,
            allow_origins=origins,
            allow_methods=METHODS,
            allow_headers=REQUEST_HEADERS,
            expose_headers=RESPONSE_HEADERS,
            max_age=PREFLIGHT_SECONDS,
        )
