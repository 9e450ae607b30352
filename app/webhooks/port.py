"""The storage port of webhooks: a meeting's subscriptions and where their deliveries stand,
once per backend.

Any process delivers: it claims subscriptions with something to deliver for a while (a lease),
and settles each attempt only while its claim holds. A process that dies mid-delivery loses
nothing: once its claim runs out, another claims the subscription and delivers the same event
again.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Protocol, TypedDict

from app.errors import Conflict, NotFound
from app.kernel.ids import EntityId
from app.webhooks.events import EventType, events_of


class TooManyWebhooks(Conflict):
    def __init__(self, most: int) -> None:
        super().__init__(
            f"this meeting has {most} webhooks, the most a meeting may have: delete one first"
        )


class WebhookNotFound(NotFound):
    def __init__(self, webhook_id: object) -> None:
        super().__init__(f"webhook with id: {webhook_id} not found")


class WebhookRow(Protocol):
    """A subscription's own columns, as either database answers them."""

    @property
    def id(self) -> EntityId: ...
    @property
    def url(self) -> str: ...
    @property
    def events(self) -> int: ...  # events_mask
    @property
    def salt(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def disabled(self) -> bool: ...


class DueRow(WebhookRow, Protocol):
    """A subscription's columns with where its deliveries stand."""

    @property
    def delivered_version(self) -> int: ...
    @property
    def final_set(self) -> bool: ...
    @property
    def attempts(self) -> int: ...
    @property
    def failing_since(self) -> dt.datetime | None: ...


class AttemptRow(Protocol):
    """An attempt's columns, as either database answers them."""

    @property
    def at(self) -> dt.datetime: ...
    @property
    def event(self) -> str: ...
    @property
    def message_id(self) -> str: ...
    @property
    def status(self) -> int | None: ...
    @property
    def error(self) -> str | None: ...
    @property
    def next_try(self) -> dt.datetime | None: ...


class AttemptColumns(TypedDict, total=False):
    """An attempt as either database stores it, by AttemptRow's names; none: no attempt."""

    at: dt.datetime
    event: str
    message_id: str
    status: int | None
    error: str | None
    next_try: dt.datetime | None


def _utc(moment: dt.datetime | None) -> dt.datetime | None:
    return None if moment is None else moment.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class StoredWebhook:
    id: EntityId
    url: str
    events: tuple[EventType, ...]
    salt: str  # webhooks.secrets: what its signing secret is worked out from
    created_at: dt.datetime  # in UTC
    disabled: bool

    @classmethod
    def of(cls, row: WebhookRow) -> "StoredWebhook":
        return cls(
            id=row.id,
            url=row.url,
            events=events_of(row.events),
            salt=row.salt,
            created_at=row.created_at.astimezone(dt.UTC),
            disabled=row.disabled,
        )


@dataclass(frozen=True, slots=True)
class DueWebhook:
    """A claimed subscription and where its deliveries stand."""

    webhook: StoredWebhook
    url_code: str
    delivered_version: int  # the events of versions up to this one are delivered or dropped
    final_set: bool  # whether the meeting had a final date or time at that version
    attempts: int  # failed attempts at the next event
    failing_since: dt.datetime | None

    @classmethod
    def of(cls, row: DueRow, url_code: str) -> "DueWebhook":
        return cls(
            webhook=StoredWebhook.of(row),
            url_code=url_code,
            delivered_version=row.delivered_version,
            final_set=row.final_set,
            attempts=row.attempts,
            failing_since=_utc(row.failing_since),
        )


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

    @classmethod
    def of(cls, row: AttemptRow) -> "Attempt":
        return cls(
            at=row.at.astimezone(dt.UTC),
            event=EventType(row.event),
            message_id=row.message_id,
            status=row.status,
            error=row.error,
            next_try=_utc(row.next_try),
        )

    def columns(self) -> "AttemptColumns":
        """As either database stores it."""
        return {
            "at": self.at,
            "event": self.event.value,
            "message_id": self.message_id,
            "status": self.status,
            "error": self.error,
            "next_try": self.next_try,
        }


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
