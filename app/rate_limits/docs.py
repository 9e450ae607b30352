"""What the OpenAPI says of a limited route: its headers, on its answers and its 429."""

from typing import Any

from app.error_docs import error_responses

HEADERS: dict[str, Any] = {
    "RateLimit-Policy": {
        "description": "The limits the request was counted under (IETF httpapi draft 08):"
        ' `"creates";q=30;w=3600` is 30 a window of 3600 s. Absent when the limits are off.',
        "schema": {"type": "string"},
    },
    "RateLimit": {
        "description": 'What is left of each: `"creates";r=12;t=1800` is 12 more, one more'
        " free in 1800 s. Absent when the limits are off.",
        "schema": {"type": "string"},
    },
}


def limited(
    responses: dict[int | str, dict[str, Any]], *answers: int
) -> dict[int | str, dict[str, Any]]:
    """`responses` with the limits' headers on `answers` (the route's own) and its 429."""
    documented = {**responses, **error_responses(429)}
    for status in (*answers, 429):
        entry = documented.get(status, {})
        documented[status] = {**entry, "headers": {**entry.get("headers", {}), **HEADERS}}
    return documented
