"""Request bodies are JSON, whatever type the client gives them.

`curl -d '{...}'` labels its body application/x-www-form-urlencoded, and FastAPI hands a body of
a type that is not JSON to validation as raw bytes, which answers "Input should be a valid
dictionary": true, and no help. No route takes a form, so a body sent as a form, as text/plain
(a browser's fetch with a string) or with no type at all is read as JSON; a body of any other
type is refused with 415 and a detail that says what to send: by the route
(`refused_media_type`), after it has checked who asks.

FastAPI's `strict_content_type=False` covers only the body sent with no type at all; a form or
text body would still reach validation as bytes, and nothing would answer 415.
"""

from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from app.errors import UnsupportedMediaType

READ_AS_JSON = {b"application/x-www-form-urlencoded", b"text/plain"}


def _media_type(content_type: bytes) -> bytes:
    return content_type.split(b";", 1)[0].strip().lower()


def _is_json(media_type: bytes) -> bool:
    return media_type == b"application/json" or (
        media_type.startswith(b"application/") and media_type.endswith(b"+json")
    )


def _has_body(headers: dict[bytes, bytes]) -> bool:
    return headers.get(b"content-length", b"0") not in (b"", b"0") or (
        b"transfer-encoding" in headers
    )


class JsonBodies:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = dict(scope["headers"])
            if _has_body(headers):
                content_type = headers.get(b"content-type")
                media_type = _media_type(content_type) if content_type else None
                if media_type is None or media_type in READ_AS_JSON:
                    # In place: the request log reads the route from this scope afterwards.
                    scope["headers"] = _typed_as_json(scope["headers"])
                elif not _is_json(media_type):
                    state: dict[str, Any] = scope.setdefault("state", {})
                    state[_REFUSED] = media_type.decode("latin-1")
        await self.app(scope, receive, send)


_REFUSED = "refused_media_type"


def refused_media_type(scope: Scope) -> None:
    """Raises 415 when the request's body is of a type that is not JSON."""
    refused: str | None = scope.get("state", {}).get(_REFUSED)
    if refused is not None:
        raise UnsupportedMediaType(
            f"request bodies are JSON: send Content-Type: application/json (got {refused})"
        )


def _typed_as_json(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    return [
        *((name, value) for name, value in headers if name != b"content-type"),
        (b"content-type", b"application/json"),
    ]
