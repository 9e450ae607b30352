"""Authentication first: a guarded route checks who asks before it reads anything else.

FastAPI answers a body that is not JSON before it solves any dependency, and a malformed header
or id together with the other errors of validation; so the check is not a dependency but a step
of the route itself (`CheckedFirst`), taken on the raw request before FastAPI's own. On a route
that takes the bearer token, in this order:

- 404 for an unknown meeting (the url_code in the path, or `meeting_url_code` in the body);
- 401 without a token, 403 with a token that is none of the meeting's, whatever else is wrong;
- for a target that can be read (the participant or day id): 404 if the meeting has no such
  target, 403 if the token may not change it;
- then what is wrong with the request (415, 422, 400 …), and the change.

Before any of it, on every route of a backend, the first request of a day waits for this
process to delete the meetings whose expiry day has come (lifecycle.expiry.DailySweep).

A route is guarded when it takes the token (`Token`); what it guards follows from its path:
a participant when the path names one, else the meeting when the path has its code, else a day
named in the body. A request for a backend that is not served goes on to the answer that says so.
"""

from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request, Response, Security
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import TypeAdapter, ValidationError

from app.access.guard import PARTICIPANT_OR_ORGANISER, Guard, refusal
from app.errors import MeetingNotFound, NotFound
from app.json_bodies import refused_media_type
from app.kernel.codes import known_shape
from app.kernel.ids import EntityId, JsonEntityId
from app.rate_limits.http import count_change

# Declared once so that the OpenAPI names the scheme and Swagger's "Authorize" sends it.
bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="The `admin_token` that POST /meetings answered (the organiser: every change"
    " to the meeting), or the `participant_token` that POST /participants answered (that"
    " participant: rename, leave, their days).",
)


async def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)],
) -> str | None:
    return None if credentials is None else credentials.credentials


# The token a change sends; a route that takes it is guarded by CheckedFirst.
Token = Annotated[str | None, Depends(bearer_token)]

_PATH_ID: TypeAdapter[EntityId] = TypeAdapter(EntityId)
_BODY_ID: TypeAdapter[JsonEntityId] = TypeAdapter(JsonEntityId)


@dataclass(frozen=True, slots=True)
class _Named:
    """What a request names: its meeting's code, and the id of its target (None: unreadable)."""

    url_code: str | None
    target: EntityId | None


def _path_id(text: object) -> EntityId | None:
    try:
        return _PATH_ID.validate_strings(str(text))
    except ValidationError:
        return None


async def _body_named(request: Request) -> _Named:
    try:
        body = orjson.loads(await request.body())
    except orjson.JSONDecodeError:
        return _Named(None, None)
    if not isinstance(body, dict):
        return _Named(None, None)
    url_code = body.get("meeting_url_code")
    try:
        target: EntityId | None = _BODY_ID.validate_python(body.get("participant_date_id"))
    except ValidationError:
        target = None
    return _Named(url_code if isinstance(url_code, str) else None, target)


async def _meeting_check(guard: Guard, request: Request, token: str | None) -> _Named:
    url_code = known_shape(request.path_params["url_code"])
    await guard.organiser(url_code, token)
    return _Named(url_code, None)


async def _participant_check(guard: Guard, request: Request, token: str | None) -> _Named:
    url_code = known_shape(request.path_params["url_code"])
    target = _path_id(request.path_params["participant_id"])
    if target is None:
        await guard.insider(url_code, token)
    else:
        await guard.participant(url_code, target, token)
    return _Named(url_code, target)


async def _day_check(guard: Guard, request: Request, token: str | None) -> _Named:
    named = await _body_named(request)
    if named.url_code is None:
        if token is None:  # no meeting to look up, and a token is needed whatever the meeting
            raise refusal(PARTICIPANT_OR_ORGANISER, None)
        return named
    url_code = known_shape(named.url_code)
    if named.target is None:
        await guard.insider(url_code, token)
    else:
        await guard.day(url_code, named.target, token)
    return named


Check = Callable[[Guard, Request, str | None], Awaitable[_Named]]


def _dependants(dependant: Dependant) -> Iterator[Dependant]:
    for sub in dependant.dependencies:
        yield sub
        yield from _dependants(sub)


def _check_of(route: APIRoute) -> Check | None:
    if not any(sub.call is bearer_token for sub in _dependants(route.dependant)):
        return None
    if "participant_id" in route.param_convertors:
        return _participant_check
    if "url_code" in route.param_convertors:
        return _meeting_check
    return _day_check


async def _sweep_first(request: Request) -> None:
    sweeps: dict[str, Callable[[], Awaitable[None]]] = request.app.state.daily_sweeps
    before_serving = sweeps.get(request.path_params.get("backend", ""))
    if before_serving is not None:
        await before_serving()


def _guard_of(request: Request) -> Guard | None:
    guards: dict[str, Guard] = request.app.state.guards
    return guards.get(request.path_params.get("backend", ""))


class CheckedFirst(APIRoute):
    """A route of the API: who asks is checked first on a guarded one; then a body of a type
    that is not JSON is refused (415); then FastAPI's validation and the handler."""

    def get_route_handler(self) -> Callable[[Request], Any]:
        handler: Callable[[Request], Awaitable[Response]] = super().get_route_handler()
        check = _check_of(self)

        async def checked(request: Request) -> Response:
            await _sweep_first(request)
            guard = _guard_of(request) if check is not None else None
            if check is None or guard is None:
                refused_media_type(request.scope)
                return await handler(request)
            credentials = await bearer_scheme(request)
            token = None if credentials is None else credentials.credentials
            if token is not None:
                await count_change(request, token)
            named = await check(guard, request, token)
            refused_media_type(request.scope)
            try:
                return await handler(request)
            except NotFound as gone:
                # Admitted by what this process keeps, to a target gone meanwhile: a token that
                # is no longer the meeting's is refused as it would be in any other process.
                if named.url_code is not None and not isinstance(gone, MeetingNotFound):
                    await guard.insider(named.url_code, token)
                raise

        return checked
