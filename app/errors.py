"""Domain errors: raised below the router, turned into `{"detail": ...}` in one place."""

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

ExceptionHandler = Callable[[Request, Exception], Awaitable["ErrorResponse"]]


class DomainError(Exception):
    status_code: ClassVar[int] = 400
    headers: Mapping[str, str] = {}

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(DomainError):
    status_code = 400


class Unauthorized(DomainError):
    """No credentials where a change needs them (RFC 9110: the answer names the scheme)."""

    status_code = 401
    headers: Mapping[str, str] = {"WWW-Authenticate": "Bearer"}


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class MeetingChanged(DomainError):
    """If-Match named a version the meeting is not at: nothing was changed, and the answer
    carries the current ETag."""

    status_code = 412

    def __init__(self, version: int) -> None:
        super().__init__(
            f"the meeting is at version {version}, not the one If-Match names;"
            " nothing was changed: read it again and decide"
        )
        self.headers = {"ETag": f'"{version}"'}


class UnsupportedMediaType(DomainError):
    status_code = 415


class InvalidInput(DomainError):
    """A value the request's shape allows but a rule refuses: a 422 like the shape's own."""

    status_code = 422

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail)
        self.field = field


class TooManyRequests(DomainError):
    """A client (or token) over one of its rate limits: nothing was done."""

    status_code = 429

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail)
        self.headers = {"Retry-After": str(retry_after)}


class ClientStreamsFull(TooManyRequests):
    def __init__(self, most: int) -> None:
        super().__init__(
            f"this client holds {most} open event streams, the most one client may:"
            " close one first",
            retry_after=5,
        )


class BackendUnavailable(DomainError):
    status_code = 503


class ServiceBusy(DomainError):
    """Full for now: the client may try again after Retry-After seconds."""

    status_code = 503
    headers: Mapping[str, str] = {"Retry-After": "5"}


class DatabaseUnavailable(ServiceBusy):
    """The backend's database did not answer (stopped, unreachable, restarting)."""

    headers: Mapping[str, str] = {"Retry-After": "1"}

    def __init__(self, database: str) -> None:
        super().__init__(f"the {database} database cannot answer now; try again shortly")


class ServerBusy(ServiceBusy):
    """The request waited past the deadline in this server process, which had more to do than
    it could, while its database answered."""

    headers: Mapping[str, str] = {"Retry-After": "1"}

    def __init__(self) -> None:
        super().__init__("this server is too busy to answer now; try again shortly")


class RateLimitStoreUnavailable(ServiceBusy):
    """The Redis that RATE_LIMIT_STORAGE names did not answer: no request is let through
    uncounted."""

    headers: Mapping[str, str] = {"Retry-After": "1"}

    def __init__(self) -> None:
        super().__init__("the rate limits' store cannot answer now; try again shortly")


class MeetingNotFound(NotFound):
    def __init__(self, url_code: str) -> None:
        super().__init__(f"meeting with url_code: {url_code} not found")


class ParticipantNotFound(NotFound):
    def __init__(self, participant_id: object) -> None:
        super().__init__(f"participant with id: {participant_id} not found")


class ParticipantDateNotFound(NotFound):
    def __init__(self, participant_date_id: object, url_code: str) -> None:
        super().__init__(
            f"participant date with id: {participant_date_id} not found"
            f" in meeting with url_code: {url_code}"
        )


class DateRangeNotSet(BadRequest):
    def __init__(self) -> None:
        super().__init__("start and end should be set.")


class ParticipantNameTaken(Conflict):
    def __init__(self, name: str) -> None:
        super().__init__(f"participant with name: {name} already exists in this meeting")


class MeetingFull(Conflict):
    def __init__(self, max_participants: int) -> None:
        super().__init__(
            f"this meeting has {max_participants} participants, the most a meeting may have"
        )


class MeetingHasTimes(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "this meeting finds a time, not a day: answer per slot (PATCH"
            " …/participants/{id}/availability) and settle on a final time (PUT …/final_time)"
        )


class MeetingHasNoTimes(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "this meeting finds a day, not a time: its organiser sets its times first (PUT …/times)"
        )


class ErrorResponse(JSONResponse):
    """Escapes what it echoes, so that no input (a lone surrogate, say) can break the answer."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode()


async def _domain_error_handler(request: Request, exc: Exception) -> ErrorResponse:
    assert isinstance(exc, DomainError)
    detail: object = exc.detail
    if isinstance(exc, InvalidInput):
        detail = [{"loc": ["body", exc.field], "msg": exc.detail, "type": "value_error"}]
    return ErrorResponse({"detail": detail}, status_code=exc.status_code, headers=dict(exc.headers))


async def _validation_error_handler(request: Request, exc: Exception) -> ErrorResponse:
    assert isinstance(exc, RequestValidationError)
    # The rejected input is left out: the client has it, and it may be megabytes.
    errors = [
        {key: value for key, value in error.items() if key != "input"} for error in exc.errors()
    ]
    return ErrorResponse({"detail": jsonable_encoder(errors)}, status_code=422)


_UNPARSABLE_BODY = "There was an error parsing the body"


def _http_error_handler(routes: Sequence[BaseRoute]) -> ExceptionHandler:
    """Framework errors (404, 405, 413 …) in the API's shape; a 405 naming every method."""

    async def handle(request: Request, exc: Exception) -> ErrorResponse:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers or {})
        if exc.status_code == 400 and exc.detail == _UNPARSABLE_BODY:
            # FastAPI's answer to a body that is not even text (not UTF-8): a 422 like the one
            # for any other body that is not JSON, so that every route keeps one shape per status.
            error = {
                "loc": ["body"],
                "msg": "the body is not JSON: not UTF-8",
                "type": "json_invalid",
            }
            return ErrorResponse({"detail": [error]}, status_code=422)
        if exc.status_code != 405:
            return ErrorResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=headers
            )
        # Starlette's Allow names only the methods of the first route whose path matched.
        allowed: set[str] = set()
        for route in routes:
            if route.matches(request.scope)[0] != Match.NONE:
                allowed |= getattr(route, "methods", None) or set()
        headers["Allow"] = ", ".join(sorted(allowed))
        detail = f"{request.method} is not served here; this path serves {headers['Allow']}"
        return ErrorResponse({"detail": detail}, status_code=405, headers=headers)

    return handle


def install_error_handlers(app: FastAPI, routes: Sequence[BaseRoute]) -> None:
    """`routes`: every route the app serves, to name all the methods a path allows."""
    app.add_exception_handler(DomainError, _domain_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler(routes))
    app.add_exception_handler(RequestValidationError, _validation_error_handler)
