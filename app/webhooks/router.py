"""The webhook routes, under /v1/{backend} beside the meetings' own: the organiser's."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.access.first import CheckedFirst, Token
from app.error_docs import error_responses
from app.kernel.ids import EntityId
from app.meetings.router import Backend, Backends, Service, UrlCodePath
from app.rate_limits.docs import limited
from app.webhooks.schemas import AttemptList, WebhookCreate, WebhookCreated, WebhookList
from app.webhooks.service import WebhookService, WebhookSettings


async def get_webhooks(backend: Backend, service: Service, request: Request) -> WebhookService:
    backends: Backends = request.app.state.backends
    settings: WebhookSettings = request.app.state.webhook_settings
    return WebhookService(service.guard, backends.webhook_stores[backend], settings)


Webhooks = Annotated[WebhookService, Depends(get_webhooks)]

router = APIRouter(prefix="/v1/{backend}", route_class=CheckedFirst, tags=["webhooks"])


@router.post(
    "/meetings/{url_code}/webhooks",
    status_code=201,
    response_model=WebhookCreated,
    responses=limited(error_responses(401, 403, 404, 409, 413, 415), 201),
)
async def create_webhook(
    webhooks: Webhooks, url_code: UrlCodePath, body: WebhookCreate, token: Token
) -> WebhookCreated:
    """Organiser only. Subscribes `url` to the meeting's events; the answer shows the signing
    `secret` this once. At most 5 per meeting (409)."""
    return await webhooks.add(url_code, body, token)


@router.get(
    "/meetings/{url_code}/webhooks",
    response_model=WebhookList,
    responses=limited(error_responses(401, 403, 404), 200),
)
async def list_webhooks(webhooks: Webhooks, url_code: UrlCodePath, token: Token) -> WebhookList:
    """Organiser only. The meeting's subscriptions, oldest first, without their secrets."""
    return await webhooks.list(url_code, token)


@router.delete(
    "/meetings/{url_code}/webhooks/{webhook_id}",
    status_code=204,
    response_class=Response,
    responses=limited(error_responses(401, 403, 404), 204),
)
async def delete_webhook(
    webhooks: Webhooks, url_code: UrlCodePath, webhook_id: EntityId, token: Token
) -> Response:
    """Organiser only. Nothing more is delivered to it."""
    await webhooks.delete(url_code, webhook_id, token)
    return Response(status_code=204)


@router.get(
    "/meetings/{url_code}/webhooks/{webhook_id}/deliveries",
    response_model=AttemptList,
    responses=limited(error_responses(401, 403, 404), 200),
)
async def list_deliveries(
    webhooks: Webhooks, url_code: UrlCodePath, webhook_id: EntityId, token: Token
) -> AttemptList:
    """Organiser only. The last 50 attempts at the subscription's deliveries, newest first."""
    return await webhooks.attempts(url_code, webhook_id, token)
