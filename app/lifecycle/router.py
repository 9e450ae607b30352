"""The lifecycle routes, under /v1/{backend} beside the meetings' own."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response

from app.access.first import CheckedFirst, Token
from app.error_docs import error_responses
from app.lifecycle.service import CalendarFile, MeetingLifecycle
from app.meetings.router import (
    NOT_MODIFIED,
    ORGANISER_CHANGE,
    IfMatch,
    IfNoneMatch,
    Minimal,
    Service,
    UrlCodePath,
    change_response,
    change_responses,
    not_modified,
)
from app.meetings.schemas import FinalDateUpdate, MeetingResponse
from app.meetings.service import NotModified
from app.rate_limits.docs import limited


async def get_lifecycle(service: Service) -> MeetingLifecycle:
    return MeetingLifecycle(service)


Lifecycle = Annotated[MeetingLifecycle, Depends(get_lifecycle)]

CALENDAR = "text/calendar; charset=utf-8"

router = APIRouter(prefix="/v1/{backend}", route_class=CheckedFirst)


@router.put(
    "/meetings/{url_code}/final_date",
    tags=["meetings"],
    response_model=MeetingResponse,
    responses=change_responses(*ORGANISER_CHANGE),
)
async def set_final_date(
    lifecycle: Lifecycle,
    url_code: UrlCodePath,
    body: FinalDateUpdate,
    token: Token,
    minimal: Minimal,
    if_match: IfMatch = None,
) -> Response:
    """Organiser only. The day the group settled on: one of the meeting's days, or null to
    take it back. A new range or weekdays that leave it out take it back too."""
    settled = await lifecycle.set_final_date(url_code, body.date, token, if_match, minimal=minimal)
    return change_response(settled)


@router.get(
    "/meetings/{url_code}/calendar.ics",
    tags=["meetings"],
    response_class=Response,
    responses={
        200: {
            "description": "An iCalendar file (RFC 5545) with one all-day event on the final"
            " date. Its UID stays the meeting's, and SEQUENCE grows with each change, so a"
            " calendar that imports it again updates the event.",
            "content": {"text/calendar": {"schema": {"type": "string"}}},
        },
        **NOT_MODIFIED,
        **error_responses(404),
    },
)
async def get_calendar(
    lifecycle: Lifecycle, url_code: UrlCodePath, if_none_match: IfNoneMatch = None
) -> Response:
    """The final date as a calendar file, open to whoever has the url_code; 404 while the
    meeting has no final date. Its ETag is the meeting's."""
    found = await lifecycle.calendar(url_code, if_none_match)
    if isinstance(found, NotModified):
        return not_modified(found)
    return calendar_response(found)


def calendar_response(calendar: CalendarFile) -> Response:
    return Response(
        calendar.body,
        media_type=CALENDAR,
        headers={
            "ETag": calendar.etag,
            "Content-Disposition": f'attachment; filename="meeting-{calendar.final_date}.ics"',
        },
    )


@router.delete(
    "/meetings/{url_code}",
    tags=["meetings"],
    status_code=204,
    response_class=Response,
    responses=limited(error_responses(400, 401, 403, 404, 412), 204),
)
async def delete_meeting(
    lifecycle: Lifecycle, url_code: UrlCodePath, token: Token, if_match: IfMatch = None
) -> Response:
    """Organiser only. The meeting, its participants and their days are deleted at once; its
    code answers 404 from then on, and its event streams end with `event: deleted`."""
    await lifecycle.delete_meeting(url_code, token, if_match)
    return Response(status_code=204)
