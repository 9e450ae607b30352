"""The token routes, under /v1/{backend} beside the meetings' own: a lost or leaked token is
replaced, never shown again."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from pydantic import Field

from app.access.first import CheckedFirst, Token
from app.error_docs import error_responses
from app.kernel.dto import Frozen
from app.kernel.ids import EntityId
from app.meetings.router import JSON, NOT_STORED, Service, UrlCodePath
from app.rate_limits.docs import limited
from app.tokens.service import TokenReplacement


class ParticipantTokenReplaced(Frozen):
    participant_token: str = Field(
        description="The participant's new token, shown only here; the one it replaces is"
        " refused from now on."
    )


class AdminTokenReplaced(Frozen):
    admin_token: str = Field(
        description="The organiser's new token, shown only here; the one it replaces is"
        " refused from now on."
    )


async def get_replacement(service: Service) -> TokenReplacement:
    return TokenReplacement(service.guard)


Replacement = Annotated[TokenReplacement, Depends(get_replacement)]

REPLACEMENT_ANSWERS = limited(error_responses(401, 403, 404, 409, 413, 415), 200)

router = APIRouter(prefix="/v1/{backend}", route_class=CheckedFirst)


@router.post(
    "/meetings/{url_code}/participants/{participant_id}/token",
    tags=["participants"],
    response_model=ParticipantTokenReplaced,
    responses=REPLACEMENT_ANSWERS,
)
async def replace_participant_token(
    replacement: Replacement, url_code: UrlCodePath, participant_id: EntityId, token: Token
) -> Response:
    """The participant themselves, or the organiser. A new `participant_token` for the
    participant, for one that was lost or leaked: the one it replaces is refused by every
    server from the moment this answers (which takes about a second, for that)."""
    fresh = await replacement.participant_token(url_code, participant_id, token)
    body = ParticipantTokenReplaced(participant_token=fresh)
    return Response(body.model_dump_json(), media_type=JSON, headers=NOT_STORED)


@router.post(
    "/meetings/{url_code}/admin_token",
    tags=["meetings"],
    response_model=AdminTokenReplaced,
    responses=REPLACEMENT_ANSWERS,
)
async def replace_admin_token(
    replacement: Replacement, url_code: UrlCodePath, token: Token
) -> Response:
    """Organiser only. A new `admin_token`, for one that leaked: the one it replaces is
    refused by every server from the moment this answers (which takes about a second, for
    that). A lost admin token cannot be replaced: nobody else may ask for it."""
    fresh = await replacement.admin_token(url_code, token)
    body = AdminTokenReplaced(admin_token=fresh)
    return Response(body.model_dump_json(), media_type=JSON, headers=NOT_STORED)
