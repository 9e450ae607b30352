"""WebhookStore on EdgeDB: each call one query, which also tells an unknown meeting."""

import datetime as dt
import uuid
from typing import Any, Protocol

import edgedb

from app.backends.edgedb import queries
from app.backends.edgedb.connection import is_outage
from app.backends.edgedb.warm_up import NO_OBJECT
from app.backends.outages import answers_outages
from app.errors import MeetingNotFound
from app.kernel.ids import EntityId, uuid_id
from app.webhooks.events import EventType, events_of
from app.webhooks.port import (
    Attempt,
    DueWebhook,
    Settled,
    StoredWebhook,
    TooManyWebhooks,
    WebhookNotFound,
)


class _Row(Protocol):
    """A subscription as the queries answer it."""

    @property
    def id(self) -> uuid.UUID: ...
    @property
    def url(self) -> str: ...
    @property
    def events(self) -> int: ...
    @property
    def salt(self) -> str: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def disabled(self) -> bool: ...


def _stored(row: _Row) -> StoredWebhook:
    return StoredWebhook(
        id=row.id,
        url=row.url,
        events=events_of(row.events),
        salt=row.salt,
        created_at=row.created_at.astimezone(dt.UTC),
        disabled=row.disabled,
    )


def _attempt_args(attempt: Attempt) -> dict[str, Any]:
    return {
        "at": attempt.at,
        "event": attempt.event.value,
        "message_id": attempt.message_id,
        "status": attempt.status,
        "error": attempt.error,
        "next_try": attempt.next_try,
    }


@answers_outages("EdgeDB", is_outage)
class EdgeDBWebhookStore:
    def __init__(self, client: edgedb.AsyncIOClient, deadline_seconds: float) -> None:
        self.client = client
        self.deadline_seconds = deadline_seconds

    async def add_webhook(
        self, url_code: str, url: str, events_mask: int, salt: str, most: int
    ) -> StoredWebhook:
        added = await queries.add_webhook(
            self.client, url_code=url_code, most=most, url=url, events=events_mask, salt=salt
        )
        if not added.meeting_found:
            raise MeetingNotFound(url_code)
        if added.webhook is None:
            raise TooManyWebhooks(most)
        return _stored(added.webhook)

    async def webhooks(self, url_code: str) -> tuple[StoredWebhook, ...]:
        found = await queries.webhooks(self.client, url_code=url_code)
        if not found.meeting_found:
            raise MeetingNotFound(url_code)
        return tuple(_stored(row) for row in found.webhooks)

    async def delete_webhook(self, url_code: str, webhook_id: EntityId) -> None:
        # An integer id names no object: asked as the nil UUID, it finds none.
        key = uuid_id(webhook_id) or NO_OBJECT
        deleted = await queries.delete_webhook(self.client, url_code=url_code, webhook_id=key)
        if not deleted.meeting_found:
            raise MeetingNotFound(url_code)
        if not deleted.deleted:
            raise WebhookNotFound(webhook_id)

    async def claim_due(
        self, now: dt.datetime, claim: str, until: dt.datetime, limit: int
    ) -> tuple[DueWebhook, ...]:
        claimed = await queries.claim_webhooks(
            self.client, now=now, claim=claim, until=until, limit=limit
        )
        return tuple(
            DueWebhook(
                webhook=_stored(row),
                url_code=row.url_code,
                delivered_version=row.delivered_version,
                final_set=row.final_set,
                attempts=row.attempts,
                failing_since=row.failing_since and row.failing_since.astimezone(dt.UTC),
            )
            for row in claimed
        )

    async def settle(
        self, webhook_id: EntityId, claim: str, settled: Settled, attempt: Attempt | None = None
    ) -> bool:
        key = uuid_id(webhook_id) or NO_OBJECT
        done = await queries.settle_webhook(
            self.client,
            webhook_id=key,
            claim=claim,
            delivered_version=settled.delivered_version,
            final_set=settled.final_set,
            attempts=settled.attempts,
            next_attempt_at=settled.next_attempt_at,
            failing_since=settled.failing_since,
            disabled=settled.disabled,
            **({} if attempt is None else _attempt_args(attempt)),
        )
        return done is not None

    async def attempts(self, url_code: str, webhook_id: EntityId) -> tuple[Attempt, ...]:
        key = uuid_id(webhook_id) or NO_OBJECT
        found = await queries.webhook_attempts(self.client, url_code=url_code, webhook_id=key)
        if not found.meeting_found:
            raise MeetingNotFound(url_code)
        if not found.webhook_found:
            raise WebhookNotFound(webhook_id)
        return tuple(
            Attempt(
                at=row.at.astimezone(dt.UTC),
                event=EventType(row.event),
                message_id=row.message_id,
                status=row.status,
                error=row.error,
                next_try=row.next_try and row.next_try.astimezone(dt.UTC),
            )
            for row in found.attempts
        )
