"""WebhookStore on MySQL/MariaDB."""

import datetime as dt

from tortoise.transactions import in_transaction

from app.backends.mysql.connection import is_outage
from app.backends.mysql.models import Meeting, Webhook
from app.backends.outages import answers_outages
from app.errors import MeetingNotFound
from app.kernel.ids import EntityId, int_id
from app.webhooks.events import events_of
from app.webhooks.port import StoredWebhook, TooManyWebhooks, WebhookNotFound


def _stored(webhook: Webhook) -> StoredWebhook:
    return StoredWebhook(
        id=webhook.id,
        url=webhook.url,
        events=events_of(webhook.events),
        salt=webhook.salt,
        created_at=webhook.created_at.astimezone(dt.UTC),
        disabled=webhook.disabled,
    )


@answers_outages("MySQL", is_outage)
class TortoiseWebhookStore:
    def __init__(self, deadline_seconds: float) -> None:
        self.deadline_seconds = deadline_seconds

    async def add_webhook(
        self, url_code: str, url: str, events_mask: int, salt: str, most: int
    ) -> StoredWebhook:
        async with in_transaction("default") as conn:
            # Locked, so that concurrent subscriptions to the meeting are counted one by one.
            meeting = (
                await Meeting.filter(url_code=url_code)
                .using_db(conn)
                .select_for_update()
                .only("id")
                .first()
            )
            if meeting is None:
                raise MeetingNotFound(url_code)
            if await Webhook.filter(meeting_id=meeting.id).using_db(conn).count() >= most:
                raise TooManyWebhooks(most)
            webhook = await Webhook.create(
                using_db=conn,
                meeting_id=meeting.id,
                url=url,
                events=events_mask,
                salt=salt,
            )
        return _stored(webhook)

    async def webhooks(self, url_code: str) -> tuple[StoredWebhook, ...]:
        meeting = await Meeting.filter(url_code=url_code).only("id").first()
        if meeting is None:
            raise MeetingNotFound(url_code)
        return tuple(
            _stored(webhook)
            for webhook in await Webhook.filter(meeting_id=meeting.id).order_by("id")
        )

    async def delete_webhook(self, url_code: str, webhook_id: EntityId) -> None:
        key = int_id(webhook_id)
        deleted = 0
        if key is not None:
            deleted = await Webhook.filter(id=key, meeting__url_code=url_code).delete()
        if not deleted:
            if not await Meeting.filter(url_code=url_code).exists():
                raise MeetingNotFound(url_code)
            raise WebhookNotFound(webhook_id)
