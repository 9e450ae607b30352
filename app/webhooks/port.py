"""The storage port of webhooks: a meeting's subscriptions, once per backend."""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from app.errors import Conflict, NotFound
from app.kernel.ids import EntityId
from app.webhooks.events import EventType


class TooManyWebhooks(Conflict):
    def __init__(self, most: int) -> None:
        super().__init__(
            f"this meeting has {most} webhooks, the most a meeting may have: delete one first"
        )


class WebhookNotFound(NotFound):
    def __init__(self, webhook_id: object) -> None:
        super().__init__(f"webhook with id: {webhook_id} not found")


@dataclass(frozen=True, slots=True)
class StoredWebhook:
    id: EntityId
    url: str
    events: tuple[EventType, ...]
    salt: str  # webhooks.secrets: what its signing secret is worked out from
    created_at: dt.datetime  # in UTC
    disabled: bool


class WebhookStore(Protocol):
    async def add_webhook(
        self, url_code: str, url: str, events_mask: int, salt: str, most: int
    ) -> StoredWebhook:
        """Adds a subscription to the meeting, unless it has `most` already (counted in the
        same transaction, so concurrent ones cannot overshoot). Raises MeetingNotFound,
        TooManyWebhooks."""
        ...

    async def webhooks(self, url_code: str) -> tuple[StoredWebhook, ...]:
        """The meeting's subscriptions, oldest first. Raises MeetingNotFound."""
        ...

    async def delete_webhook(self, url_code: str, webhook_id: EntityId) -> None:
        """Raises MeetingNotFound, or WebhookNotFound (also for one of another meeting)."""
        ...
