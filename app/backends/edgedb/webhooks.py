"""WebhookStore on EdgeDB: each call one query, which also tells an unknown meeting."""

import datetime as dt

import edgedb

from app.backends.edgedb import queries
from app.backends.edgedb.connection import is_outage
from app.backends.edgedb.warm_up import NO_OBJECT
from app.backends.outages import answers_outages
from app.errors import MeetingNotFound
from app.kernel.ids import EntityId, uuid_id
from app.webhooks.port import (
    Attempt,
    AttemptColumns,
    DueWebhook,
    Settled,
    StoredWebhook,
    TooManyWebhooks,
    WebhookNotFound,
)


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
        return StoredWebhook.of(added.webhook)

    async def webhooks(self, url_code: str) -> tuple[StoredWebhook, ...]:
        found = await queries.webhooks(self.client, url_code=url_code)
        if not found.meeting_found:
            raise MeetingNotFound(url_code)
        return tuple(StoredWebhook.of(row) for row in found.webhooks)

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
        return tuple(DueWebhook.of(row, row.url_code) for row in claimed)

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
            **(AttemptColumns() if attempt is None else attempt.columns()),
        )
        return done is not None

    async def attempts(self, url_code: str, webhook_id: EntityId) -> tuple[Attempt, ...]:
        key = uuid_id(webhook_id) or NO_OBJECT
        found = await queries.webhook_attempts(self.client, url_code=url_code, webhook_id=key)
        if not found.meeting_found:
            raise MeetingNotFound(url_code)
        if not found.webhook_found:
            raise WebhookNotFound(webhook_id)
        return tuple(Attempt.of(row) for row in found.attempts)
