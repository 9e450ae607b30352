"""A meeting's webhook subscriptions: made, listed and deleted by its organiser."""

from dataclasses import dataclass

from pydantic import SecretStr

from app.access.guard import Guard
from app.errors import BackendUnavailable
from app.kernel.ids import EntityId
from app.webhooks.addresses import AddressRules, checked_url
from app.webhooks.events import ALL_EVENTS, events_mask
from app.webhooks.port import StoredWebhook, WebhookStore
from app.webhooks.schemas import (
    AttemptList,
    AttemptOut,
    WebhookCreate,
    WebhookCreated,
    WebhookList,
    WebhookOut,
)
from app.webhooks.secrets import new_salt, signing_secret

MAX_WEBHOOKS = 5  # per meeting


class WebhooksOff(BackendUnavailable):
    def __init__(self) -> None:
        super().__init__("webhooks are off on this server: it has no WEBHOOK_SIGNING_KEY")


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    signing_key: SecretStr
    addresses: AddressRules


def _out(webhook: StoredWebhook) -> WebhookOut:
    return WebhookOut(
        id=webhook.id,
        url=webhook.url,
        events=webhook.events,
        disabled=webhook.disabled,
        created_at=webhook.created_at,
    )


class WebhookService:
    def __init__(self, guard: Guard, store: WebhookStore, settings: WebhookSettings) -> None:
        self.guard = guard
        self.store = store
        self.settings = settings

    async def add(self, url_code: str, body: WebhookCreate, token: str | None) -> WebhookCreated:
        await self.guard.organiser(url_code, token)
        key = self.settings.signing_key.get_secret_value()
        if not key:
            raise WebhooksOff()
        url = await checked_url(body.url, self.settings.addresses)
        salt = new_salt()
        webhook = await self.store.add_webhook(
            url_code, url, events_mask(body.events or ALL_EVENTS), salt, MAX_WEBHOOKS
        )
        return WebhookCreated(
            **_out(webhook).model_dump(), secret=signing_secret(key, webhook.salt)
        )

    async def list(self, url_code: str, token: str | None) -> WebhookList:
        await self.guard.organiser(url_code, token)
        return WebhookList(webhooks=tuple(_out(w) for w in await self.store.webhooks(url_code)))

    async def delete(self, url_code: str, webhook_id: EntityId, token: str | None) -> None:
        await self.guard.organiser(url_code, token)
        await self.store.delete_webhook(url_code, webhook_id)

    async def attempts(self, url_code: str, webhook_id: EntityId, token: str | None) -> AttemptList:
        await self.guard.organiser(url_code, token)
        return AttemptList(
            deliveries=tuple(
                AttemptOut(
                    at=attempt.at,
                    event=attempt.event,
                    webhook_id=attempt.message_id,
                    status=attempt.status,
                    error=attempt.error,
                    next_try=attempt.next_try,
                )
                for attempt in await self.store.attempts(url_code, webhook_id)
            )
        )
