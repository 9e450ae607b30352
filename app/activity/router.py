"""GET /v1/{backend}/meetings/{url_code}/changes, beside the meetings' own routes."""

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.access.first import CheckedFirst
from app.activity.service import DEFAULT_PAGE, MAX_PAGE, changes_after
from app.changes.entries import ChangePage
from app.error_docs import error_responses
from app.kernel.ids import MAX_INT_ID
from app.meetings.router import JSON, Service, UrlCodePath

router = APIRouter(prefix="/v1/{backend}", route_class=CheckedFirst)


@router.get(
    "/meetings/{url_code}/changes",
    tags=["meetings"],
    response_model=ChangePage,
    responses=error_responses(404),
)
async def list_changes(
    service: Service,
    url_code: UrlCodePath,
    after: Annotated[
        int, Query(ge=0, le=MAX_INT_ID, description="The version to list the changes after.")
    ] = 0,
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description="The most changes to list.")
    ] = DEFAULT_PAGE,
) -> Response:
    """The meeting's change log, oldest first, open to whoever has the url_code: who changed
    what to which new values, and when, one entry per version. `next` is the `after` of the
    next page; null at the end. The log lives as long as the meeting (a meeting made before
    the log began has entries from then on)."""
    page = await changes_after(service.store, url_code, after, limit)
    return Response(ChangePage.__pydantic_serializer__.to_json(page), media_type=JSON)
