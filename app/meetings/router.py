"""The v1 API, built once and served for every backend under /v1/{backend}."""

import enum
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Header, Request, Response

from app.errors import BackendUnavailable
from app.meetings.rendering import RenderedMeeting
from app.meetings.rules import DayAction
from app.meetings.schemas import (
    DateRangeUpdate,
    EntityId,
    LocationUpdate,
    MeetingCreate,
    MeetingResponse,
    ParticipantCreate,
    ParticipantDateChange,
    ParticipantJoined,
    ParticipantRename,
    TitleUpdate,
)
from app.meetings.service import MeetingService, NotModified


class Backend(enum.StrEnum):
    mysql = "mysql"
    edgedb = "edgedb"


BACKEND_NAMES = {Backend.mysql: "MySQL", Backend.edgedb: "EdgeDB"}


class Backends:
    """The services the app could start, and why the others are not there."""

    def __init__(self) -> None:
        self.services: dict[Backend, MeetingService] = {}
        self.unavailable: dict[Backend, str] = {}

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

router = APIRouter(prefix="/v1/{backend}")

JSON = "application/json"


def meeting_response(rendered: RenderedMeeting) -> Response:
    return Response(rendered.body, media_type=JSON, headers={"ETag": rendered.etag})


@router.post("/meetings", tags=["meetings"], response_model=MeetingResponse)
async def create_meeting(
    service: Service, body: Annotated[MeetingCreate | None, Body()] = None
) -> Response:
    return meeting_response(await service.create_meeting(body or MeetingCreate()))


@router.get(
    "/meetings/{url_code}",
    tags=["meetings"],
    responses={304: {"description": "Not modified: If-None-Match names the current ETag"}},
    response_model=MeetingResponse,
)
async def get_meeting(
    service: Service, url_code: str, if_none_match: Annotated[str | None, Header()] = None
) -> Response:
    """The meeting's latest state. Its ETag changes with every change to the meeting; send it
    back in If-None-Match to get a bodiless 304 while nothing has changed."""
    found = await service.get_meeting(url_code, if_none_match)
    if isinstance(found, NotModified):
        return Response(status_code=304, headers={"ETag": found.etag})
    return meeting_response(found)


@router.patch("/meetings/{url_code}/date_range", tags=["meetings"], response_model=MeetingResponse)
async def set_date_range(service: Service, url_code: str, body: DateRangeUpdate) -> Response:
    return meeting_response(await service.set_date_range(url_code, body))


@router.patch("/meetings/{url_code}/title", tags=["meetings"], response_model=MeetingResponse)
async def set_title(service: Service, url_code: str, body: TitleUpdate) -> Response:
    return meeting_response(await service.set_title(url_code, body.title))


@router.patch("/meetings/{url_code}/location", tags=["meetings"], response_model=MeetingResponse)
async def set_location(service: Service, url_code: str, body: LocationUpdate) -> Response:
    return meeting_response(await service.set_location(url_code, body.location))


@router.post("/participants", tags=["participants"], response_model=ParticipantJoined)
async def join_meeting(service: Service, body: ParticipantCreate) -> Response:
    joined = await service.join(body.meeting_url_code, body.name)
    return Response(joined.body, media_type=JSON, headers={"ETag": joined.meeting.etag})


@router.patch(
    "/participants/{participant_id}", tags=["participants"], response_model=MeetingResponse
)
async def rename_participant(
    service: Service, participant_id: EntityId, body: ParticipantRename
) -> Response:
    return meeting_response(await service.rename_participant(participant_id, body.name))


@router.delete(
    "/participants/{participant_id}", tags=["participants"], response_model=MeetingResponse
)
async def remove_participant(service: Service, participant_id: EntityId) -> Response:
    return meeting_response(await service.remove_participant(participant_id))


@router.patch(
    "/participant_dates/{action}", tags=["participant dates"], response_model=MeetingResponse
)
async def change_participant_date(
    service: Service, action: DayAction, body: ParticipantDateChange
) -> Response:
    """on: available; off: unavailable and unstarred; star: starred and available; unstar."""
    rendered = await service.change_day(action, body.meeting_url_code, body.participant_date_id)
    return meeting_response(rendered)
