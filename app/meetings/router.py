"""The v1 API, built once and served for every backend under /v1/{backend}."""

import enum
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Header, Path, Request, Response
from pydantic import WithJsonSchema

from app.access.first import CheckedFirst, Token
from app.changes.versions import MeetingVersion
from app.error_docs import error_responses
from app.errors import BackendUnavailable
from app.kernel.codes import URL_CODE_PATTERN
from app.kernel.ids import EntityId
from app.meetings import links
from app.meetings.links import with_links
from app.meetings.rendering import ENTITY_TAGS_PATTERN
from app.meetings.rules import DayAction
from app.meetings.schemas import (
    DateRangeUpdate,
    LocationUpdate,
    MeetingCreate,
    MeetingCreated,
    MeetingResponse,
    ParticipantCreate,
    ParticipantDateChange,
    ParticipantJoined,
    ParticipantRename,
    TitleUpdate,
)
from app.meetings.service import ChangeAnswer, MeetingService, NewVersion, NotModified, WithToken
from app.prefer import MINIMAL, prefers_minimal
from app.rate_limits.docs import limited
from app.rate_limits.http import count_create, count_join
from app.times.port import TimesStore
from app.webhooks.port import WebhookStore


class Backend(enum.StrEnum):
    mysql = "mysql"
    edgedb = "edgedb"


BACKEND_NAMES = {Backend.mysql: "MySQL", Backend.edgedb: "EdgeDB"}


class Backends:
    """The services the app could start, and why the others are not there."""

    def __init__(self) -> None:
        self.services: dict[Backend, MeetingService] = {}
        # Each backend's TimesStore (times.port), for the times routes.
        self.times_stores: dict[Backend, TimesStore] = {}
        # Each backend's WebhookStore (webhooks.port), for the webhook routes.
        self.webhook_stores: dict[Backend, WebhookStore] = {}
        self.unavailable: dict[Backend, str] = {}
        # Unavailable because no server was given: not a fault, and no part of readiness.
        self.not_set_up: set[Backend] = set()

    def service(self, backend: Backend) -> MeetingService:
        if backend in self.services:
            return self.services[backend]
        reason = self.unavailable.get(backend, "it was not started")
        raise BackendUnavailable(f"{BACKEND_NAMES[backend]} backend is not configured: {reason}")


async def get_service(backend: Backend, request: Request) -> MeetingService:
    # async: FastAPI would run a plain function in a thread for every request.
    backends: Backends = request.app.state.backends
    return backends.service(backend)


Service = Annotated[MeetingService, Depends(get_service)]


# The pattern is stated, not enforced: a code of another shape was never issued, so it is not
# found (404) like any unknown one.
UrlCodePath = Annotated[
    str,
    Path(
        description="The meeting's code, as POST /meetings answered it.",
        json_schema_extra={"pattern": URL_CODE_PATTERN},
    ),
]

router = APIRouter(prefix="/v1/{backend}", route_class=CheckedFirst)

# A change that needs a token, to a meeting, participant or day named in the path or body,
# on condition of If-Match when it is sent (400: not an ETag; 412: not the current one).
ORGANISER_CHANGE = (400, 401, 403, 404, 412, 413, 415)

IfMatch = Annotated[
    str | None,
    Header(
        description='The ETag the meeting was last answered with (`"7"`): the change is made'
        " only if the meeting is still at that version, else 412 with the current ETag and"
        " nothing changed. Without it the change is made whatever changed meanwhile.",
        examples=['"7"'],
        pattern=ENTITY_TAGS_PATTERN,
    ),
    # A header that is left out is absent, never `null`: the schema is the string's alone.
    WithJsonSchema({"type": "string", "pattern": ENTITY_TAGS_PATTERN, "examples": ['"7"']}),
]

IfNoneMatch = Annotated[
    str | None,
    Header(description="ETags the client holds: 304 without a body while one is current."),
    WithJsonSchema({"type": "string"}),
]


async def minimal_answer(
    request: Request,
    prefer: Annotated[
        str | None,
        Header(
            description="`return=minimal`: answer 204 with the new ETag and no body, instead"
            " of the whole meeting (RFC 7240).",
            examples=[MINIMAL],
        ),
        WithJsonSchema({"type": "string", "examples": [MINIMAL]}),
    ] = None,
) -> bool:
    # Every Prefer header counts, not only the first the parameter names.
    return prefers_minimal(request.headers.getlist("prefer"))


Minimal = Annotated[bool, Depends(minimal_answer)]

JSON = "application/json"


def meeting_response(meeting: MeetingVersion) -> Response:
    return Response(meeting.body, media_type=JSON, headers={"ETag": meeting.etag})


def change_response(answer: ChangeAnswer) -> Response:
    if isinstance(answer, NewVersion):
        headers = {"ETag": answer.etag, "Preference-Applied": MINIMAL}
        return Response(status_code=204, headers=headers)
    return meeting_response(answer)


# A change's answer without a body, when Prefer asked for one.
MINIMAL_ANSWER: dict[int | str, dict[str, Any]] = {
    204: {
        "description": "Changed; no body, as `Prefer: return=minimal` asked",
        "headers": {
            "ETag": {
                "description": "The meeting's version after the change.",
                "schema": {"type": "string"},
            },
            "Preference-Applied": {"schema": {"type": "string", "enum": [MINIMAL]}},
        },
    }
}


def change_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The answers of a change to a meeting: the meeting, or 204, or one of these errors; a
    change sends a token, so it counts against the token's limit."""
    return limited({**MINIMAL_ANSWER, **error_responses(*statuses)}, 200, 204)


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: If-None-Match names the current ETag"}
}


def not_modified(answer: NotModified) -> Response:
    return Response(status_code=304, headers={"ETag": answer.etag})


# An answer that shows a token is kept by no cache (RFC 9111), as a password's would be.
NOT_STORED = {"Cache-Control": "no-store"}


def token_response(answer: WithToken) -> Response:
    """The answer that shows a new token, with the ETag of the meeting in it."""
    headers = {"ETag": answer.meeting.etag, **NOT_STORED}
    return Response(answer.body, media_type=JSON, headers=headers)


@router.post(
    "/meetings",
    tags=["meetings"],
    response_model=MeetingCreated,
    responses=limited(with_links(error_responses(413, 415), links.CREATED), 200),
    dependencies=[Depends(count_create)],
)
async def create_meeting(
    service: Service, body: Annotated[MeetingCreate | None, Body()] = None
) -> Response:
    """Creates a meeting. The answer shows the organiser's `admin_token` this once."""
    return token_response(await service.create_meeting(body or MeetingCreate()))


@router.get(
    "/meetings/{url_code}",
    tags=["meetings"],
    responses={
        **NOT_MODIFIED,
        **error_responses(404),
    },
    response_model=MeetingResponse,
)
async def get_meeting(
    service: Service, url_code: UrlCodePath, if_none_match: IfNoneMatch = None
) -> Response:
    """The meeting's latest state, open to whoever has its url_code. Its ETag changes with
    every change to the meeting; send it back in If-None-Match to get a bodiless 304 while
    nothing has changed."""
    found = await service.get_meeting(url_code, if_none_match)
    if isinstance(found, NotModified):
        return not_modified(found)
    return meeting_response(found)


@router.patch(
    "/meetings/{url_code}/date_range",
    tags=["meetings"],
    response_model=MeetingResponse,
    responses=with_links(change_responses(*ORGANISER_CHANGE), links.RANGED),
)
async def set_date_range(
    service: Service,
    url_code: UrlCodePath,
    body: DateRangeUpdate,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """Organiser only."""
    ranged = await service.set_date_range(url_code, body, token, if_match, minimal=minimal)
    return change_response(ranged)


@router.patch(
    "/meetings/{url_code}/title",
    tags=["meetings"],
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE),
)
async def set_title(
    service: Service,
    url_code: UrlCodePath,
    body: TitleUpdate,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """Organiser only."""
    titled = await service.set_details(url_code, token, if_match, title=body.title, minimal=minimal)
    return change_response(titled)


@router.patch(
    "/meetings/{url_code}/location",
    tags=["meetings"],
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE),
)
async def set_location(
    service: Service,
    url_code: UrlCodePath,
    body: LocationUpdate,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """Organiser only."""
    located = await service.set_details(
        url_code, token, if_match, location=body.location, minimal=minimal
    )
    return change_response(located)


@router.patch(
    "/meetings/{url_code}/participants/{participant_id}",
    tags=["participants"],
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE, 409),
)
async def rename_participant(
    service: Service,
    url_code: UrlCodePath,
    participant_id: EntityId,
    body: ParticipantRename,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """The participant themselves, or the organiser."""
    renamed = await service.rename_participant(
        url_code, participant_id, body.name, token, if_match, minimal=minimal
    )
    return change_response(renamed)


@router.delete(
    "/meetings/{url_code}/participants/{participant_id}",
    tags=["participants"],
    response_model=MeetingResponse,
    responses=change_responses(400, 401, 403, 404, 412),
)
async def remove_participant(
    service: Service,
    url_code: UrlCodePath,
    participant_id: EntityId,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """The participant themselves (leaving), or the organiser."""
    removed = await service.remove_participant(
        url_code, participant_id, token, if_match, minimal=minimal
    )
    return change_response(removed)


@router.post(
    "/participants",
    tags=["participants"],
    response_model=ParticipantJoined,
    responses=limited(with_links(error_responses(400, 404, 409, 413, 415), links.JOINED), 200),
    dependencies=[Depends(count_join)],
)
async def join_meeting(service: Service, body: ParticipantCreate) -> Response:
    """Open to whoever has the url_code. The answer shows the new participant's
    `participant_token` this once."""
    return token_response(await service.join(body.meeting_url_code, body.name))


@router.patch(
    "/participant_dates/{action}",
    tags=["participant dates"],
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE),
)
async def change_participant_date(
    service: Service,
    action: DayAction,
    body: ParticipantDateChange,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """on: available; off: unavailable and unstarred; star: starred and available; unstar.
    The day's participant, or the organiser."""
    changed = await service.change_day(
        action, body.meeting_url_code, body.participant_date_id, token, if_match, minimal=minimal
    )
    return change_response(changed)
