"""The error bodies the API answers, as models the OpenAPI names, and which route may answer
which: generated clients parse every error into one of two shapes.

Every error is `{"detail": "<a sentence>"}`, except 422: `{"detail": [<field error>, ...]}`,
whether the request's shape or a rule about its values (an end before the start) refused it.
"""

from typing import Any

from pydantic import Field

from app.kernel.dto import Frozen


class ErrorMessage(Frozen):
    detail: str = Field(description="What is wrong, in a sentence.")


class FieldError(Frozen):
    loc: tuple[str | int, ...] = Field(
        description='Where: ["body", "end_date"], ["path", "url_code"], ["header", …].'
    )
    msg: str = Field(description="What is wrong there.")
    type: str = Field(description="A stable name for the kind of error.")


class ValidationErrors(Frozen):
    detail: tuple[FieldError, ...]


_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer"},
    }
}

# status: (why, an example detail, response headers)
_ERRORS: dict[int, tuple[str, str, dict[str, Any]]] = {
    400: (
        "The request cannot be done as it stands: a join before the range is set, an If-Match"
        " that is not an ETag.",
        "start and end should be set.",
        {},
    ),
    401: (
        "A change without `Authorization: Bearer <token>`.",
        "this change needs the organiser's token (admin_token):"
        " send it as Authorization: Bearer <token>",
        {"WWW-Authenticate": {"description": "Bearer", "schema": {"type": "string"}}},
    ),
    403: (
        "The token does not allow this change.",
        "the token sent is not the organiser's token (admin_token)",
        {},
    ),
    404: (
        "No such meeting (or participant, or day, in this meeting).",
        "meeting with url_code: 8jbQS0rHhO2Z2zKa not found",
        {},
    ),
    409: (
        "The change conflicts with the meeting's state.",
        "participant with name: Ann already exists in this meeting",
        {},
    ),
    412: (
        "If-Match names a version the meeting is no longer at: nothing was changed.",
        "the meeting is at version 8, not the one If-Match names; nothing was changed:"
        " read it again and decide",
        {"ETag": {"description": "The meeting's current ETag.", "schema": {"type": "string"}}},
    ),
    413: ("The request body is too large.", "request body larger than 65536 bytes", {}),
    415: (
        "The request body is not JSON.",
        "request bodies are JSON: send Content-Type: application/json (got text/xml)",
        {},
    ),
    429: (
        "Over a rate limit (the detail says which): nothing was done; try again after"
        " Retry-After seconds.",
        "this client has created 30 meetings in the last hour, the most it may;"
        " try again in 1800 s",
        _RETRY_AFTER,
    ),
    503: (
        "The backend's database cannot answer now, or this server is full or too busy to"
        " answer in time (the detail says which).",
        "the MySQL database cannot answer now; try again shortly",
        _RETRY_AFTER,
    ),
}

_VALIDATION_EXAMPLE = {
    "detail": [
        {
            "loc": ["body", "end_date"],
            "msg": "end_date 2026-12-01 is before start_date 2026-12-05",
            "type": "value_error",
        }
    ]
}


def error_responses(*statuses: int, streams: bool = False) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` for these error statuses, plus the 422 and 503 any route under
    /v1/{backend} may answer. `streams`: for a route that answers text/event-stream, where
    FastAPI would file a response model under that type; its errors are JSON all the same."""

    def response(model: type[Frozen], why: str, example: object) -> dict[str, Any]:
        content: dict[str, Any] = {"example": example}
        if streams:
            content["schema"] = {"$ref": f"#/components/schemas/{model.__name__}"}
        return {
            **({} if streams else {"model": model}),
            "description": why,
            "content": {"application/json": content},
        }

    documented: dict[int | str, dict[str, Any]] = {
        422: response(
            ValidationErrors,
            "The request's path, headers or body are not valid.",
            _VALIDATION_EXAMPLE,
        )
    }
    for status in sorted({*statuses, 503}):
        why, example, headers = _ERRORS[status]
        documented[status] = {
            **response(ErrorMessage, why, {"detail": example}),
            **({"headers": headers} if headers else {}),
        }
    return documented
