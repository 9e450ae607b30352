"""The v1 API, built once and served for every backend under /v1/{backend}."""

import enum
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Request

from app.errors import BackendUnavailable
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
from app.meetings.service import MeetingService


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


def get_service(backend: Backend, request: Request) -> MeetingService:
    backends: Backends = request.app.state.backends
    return backends.service(backend)


Service = Annotated[MeetingService, Depends(get_service)]

router = APIRouter(prefix="/v1/{backend}")


@router.post("/meetings", tags=["meetings"])
async def create_meeting(
    service: Service, body: Annotated[MeetingCreate | None, Body()] = None
) -> MeetingResponse:
    return await service.create_meeting(body or MeetingCreate())


@router.get("/meetings/{url_code}", tags=["meetings"])
async def get_meeting(service: Service, url_code: str) -> MeetingResponse:
    return await service.get_meeting(url_code)


@router.patch("/meetings/{url_code}/date_range", tags=["meetings"])
async def set_date_range(service: Service, url_code: str, body: DateRangeUpdate) -> MeetingResponse:
    return await service.set_date_range(url_code, body)


@router.patch("/meetings/{url_code}/title", tags=["meetings"])
async def set_title(service: Service, url_code: str, body: TitleUpdate) -> MeetingResponse:
    return await service.set_title(url_code, body.title)


@router.patch("/meetings/{url_code}/location", tags=["meetings"])
async def set_location(service: Service, url_code: str, body: LocationUpdate) -> MeetingResponse:
    return await service.set_location(url_code, body.location)


@router.post("/participants", tags=["participants"])
async def join_meeting(service: Service, body: ParticipantCreate) -> ParticipantJoined:
    return await service.join(body.meeting_url_code, body.name)


@router.patch("/participants/{participant_id}", tags=["participants"])
async def rename_participant(
    service: Service, participant_id: EntityId, body: ParticipantRename
) -> MeetingResponse:
    return await service.rename_participant(participant_id, body.name)


@router.delete("/participants/{participant_id}", tags=["participants"])
async def remove_participant(service: Service, participant_id: EntityId) -> MeetingResponse:
    return await service.remove_participant(participant_id)


@router.patch("/participant_dates/{action}", tags=["participant dates"])
async def change_participant_date(
    service: Service, action: DayAction, body: ParticipantDateChange
) -> MeetingResponse:
    """on: available; off: unavailable and unstarred; star: starred and available; unstar."""
    return await service.change_day(action, body.meeting_url_code, body.participant_date_id)
