"""The storage port of webhooks: a meeting's subscriptions and where their deliveries stand,
once per backend.

Any process delivers: it claims subscriptions with something to deliver for a while (a lease),
and settles each attempt only while its claim holds. A process that dies mid-delivery loses
nothing: once its claim runs out, another claims the subscription and delivers the same event
again.
"""

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


@dataclass(frozen=True, slots=True)
class DueWebhook:
    """A claimed subscription and where its deliveries stand."""

    webhook: StoredWebhook
    url_code: str
    delivered_version: int  # the events of versions up to this one are delivered or dropped
    final_set: bool  # whether the meeting had a final date or time at that version
    attempts: int  # failed attempts at the next event
    failing_since: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Settled:
    """Where a claimed subscription's deliveries stand after an attempt."""

    delivered_version: int
    final_set: bool
    attempts: int
    next_attempt_at: dt.datetime | None  # no attempt before
    failing_since: dt.datetime | None
    disabled: bool


@dataclass(frozen=True, slots=True)
class Attempt:
    """An attempt at a delivery: what it sent, what came of it."""

    at: dt.datetime  # in UTC
    event: EventType
    message_id: str  # its webhook-id
    status: int | None  # the receiver's answer
    error: str | None  # why there was none
    next_try: dt.datetime | None  # None: delivered, or dropped


# Attempts kept per subscription, the newest.
KEPT_ATTEMPTS = 50


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

    async def claim_due(
        self, now: dt.datetime, claim: str, until: dt.datetime, limit: int
    ) -> tuple[DueWebhook, ...]:
        """Claims for `claim`, until `until`, up to `limit` subscriptions with something to
        deliver at `now`: their meeting is past their delivered version, they are not
        disabled, no attempt is due later, and no other claim holds them."""
        ...

    async def settle(
        self, webhook_id: EntityId, claim: str, settled: Settled, attempt: Attempt | None = None
    ) -> bool:
        """Records where the subscription's deliveries stand, and the attempt that led there
        (with the KEPT_ATTEMPTS - 1 before it; older ones go), and gives back the claim, only
        while `claim` holds it; whether it did."""
        ...

    async def attempts(self, url_code: str, webhook_id: EntityId) -> tuple[Attempt, ...]:
        """The subscription's last attempts, newest first. Raises MeetingNotFound, or
        WebhookNotFound (also for one of another meeting)."""
        ...
