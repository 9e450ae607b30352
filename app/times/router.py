"""The routes of times, under /v1/{backend} beside the meetings' own."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.access.first import CheckedFirst, Token
from app.kernel.ids import EntityId
from app.meetings.router import (
    ORGANISER_CHANGE,
    Backend,
    IfMatch,
    Minimal,
    Service,
    UrlCodePath,
    change_response,
    change_responses,
)
from app.meetings.schemas import MeetingResponse
from app.times.port import TimesStore
from app.times.schemas import AvailabilityUpdate, FinalTimeUpdate, TimesUpdate
from app.times.service import TimesService


async def get_times(backend: Backend, service: Service, request: Request) -> TimesService:
    stores: dict[Backend, TimesStore] = request.app.state.times_stores
    return TimesService(service, stores[backend])


Times = Annotated[TimesService, Depends(get_times)]

router = APIRouter(prefix="/v1/{backend}", route_class=CheckedFirst, tags=["times"])


@router.put(
    "/meetings/{url_code}/times",
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE, 409),
)
async def set_times(
    times: Times,
    url_code: UrlCodePath,
    body: TimesUpdate,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """Organiser only. The meeting finds a time: its slots are the wall times from `from` to
    `to` every `slot_minutes` on each of its days, in `time_zone` (a wall time the clocks skip
    that day is left out; one they pass twice counts once, at its first occurrence). Changing
    the grid keeps every answer whose slot still starts at the same instant; other slots start
    at "no". A final time no window starts at any more is taken back, and so is a final date."""
    return change_response(await times.set_times(url_code, body, token, if_match, minimal=minimal))


@router.delete(
    "/meetings/{url_code}/times",
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE, 409),
)
async def delete_times(
    times: Times, url_code: UrlCodePath, token: Token, minimal: Minimal, if_match: IfMatch = None
) -> Response:
    """Organiser only. The meeting finds a day again: its participants' day answers come back
    as they were (whoever joined meanwhile has the days a join gives); the answers per slot
    and the final time go."""
    return change_response(await times.set_times(url_code, None, token, if_match, minimal=minimal))


@router.patch(
    "/meetings/{url_code}/participants/{participant_id}/availability",
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE, 409),
)
async def paint_availability(
    times: Times,
    url_code: UrlCodePath,
    participant_id: EntityId,
    body: AvailabilityUpdate,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """The participant themselves, or the organiser. Every slot whose start lies in a range
    takes its state, whatever day it is on, a later range winning over an earlier one; a
    rectangle dragged across days is one range per day. 409 on a days-only meeting."""
    painted = await times.paint(url_code, participant_id, body, token, if_match, minimal=minimal)
    return change_response(painted)


@router.put(
    "/meetings/{url_code}/final_time",
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE, 409),
)
async def set_final_time(
    times: Times,
    url_code: UrlCodePath,
    body: FinalTimeUpdate,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """Organiser only. The window the group settled on: the start of a window the grid offers
    (one of the slots, followed by enough slots of its day for the meeting's duration), or
    null to take it back. 409 on a days-only meeting."""
    settled = await times.set_final_time(url_code, body.start, token, if_match, minimal=minimal)
    return change_response(settled)
