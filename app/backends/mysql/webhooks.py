"""WebhookStore on MySQL/MariaDB."""

import datetime as dt

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from app.backends.mysql.connection import connection, is_outage
from app.backends.mysql.models import Meeting, Webhook, WebhookAttempt
from app.backends.outages import answers_outages
from app.errors import MeetingNotFound
from app.kernel.ids import EntityId, int_id
from app.webhooks.port import (
    KEPT_ATTEMPTS,
    Attempt,
    DueWebhook,
    Settled,
    StoredWebhook,
    TooManyWebhooks,
    WebhookNotFound,
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
                .only("id", "version", "final_date", "final_time")
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
                # Only what happens from now on is delivered.
                delivered_version=meeting.version,
                final_set=meeting.final_date is not None or meeting.final_time is not None,
            )
        return StoredWebhook.of(webhook)

    async def webhooks(self, url_code: str) -> tuple[StoredWebhook, ...]:
        meeting = await Meeting.filter(url_code=url_code).only("id").first()
        if meeting is None:
            raise MeetingNotFound(url_code)
        return tuple(
            StoredWebhook.of(webhook)
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

    async def claim_due(
        self, now: dt.datetime, claim: str, until: dt.datetime, limit: int
    ) -> tuple[DueWebhook, ...]:
        # Candidates first, read without a lock: a locking read joined to the meetings would
        # lock the meetings it reads, and hold back their changes (it doubled their p99).
        # By hand: "its meeting is past its delivered version" compares two tables' columns.
        _, rows = await connection().execute_query(
            "SELECT w.id FROM webhook w JOIN meeting m ON m.id = w.meeting_id"
            " WHERE NOT w.disabled AND m.version > w.delivered_version"
            " AND (w.next_attempt_at IS NULL OR w.next_attempt_at <= %s)"
            " AND (w.claimed_until IS NULL OR w.claimed_until <= %s)"
            " ORDER BY w.id LIMIT %s",
            [_naive(now), _naive(now), limit],
        )
        if not rows:
            return ()
        # Then claimed if no other claim took them meanwhile: an update waits for another
        # process's claim of a row and finds it no longer free.
        ids = [row["id"] for row in rows]
        free = Q(claimed_until__isnull=True) | Q(claimed_until__lte=now)
        due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
        await Webhook.filter(free, due, id__in=ids, disabled=False).update(
            claimed_by=claim, claimed_until=until
        )
        claimed = (
            await Webhook.filter(id__in=ids, claimed_by=claim)
            .select_related("meeting")
            .order_by("id")
        )
        return tuple(DueWebhook.of(webhook, webhook.meeting.url_code) for webhook in claimed)

    async def settle(
        self, webhook_id: EntityId, claim: str, settled: Settled, attempt: Attempt | None = None
    ) -> bool:
        key = int_id(webhook_id)
        if key is None:
            return False
        async with in_transaction("default") as conn:
            done = (
                await Webhook.filter(id=key, claimed_by=claim)
                .using_db(conn)
                .update(
                    delivered_version=settled.delivered_version,
                    final_set=settled.final_set,
                    attempts=settled.attempts,
                    next_attempt_at=settled.next_attempt_at,
                    failing_since=settled.failing_since,
                    disabled=settled.disabled,
                    claimed_by=None,
                    claimed_until=None,
                )
            )
            if done != 1 or attempt is None:
                return done == 1
            await WebhookAttempt.create(using_db=conn, webhook_id=key, **attempt.columns())
            # The newest KEPT_ATTEMPTS stay. By hand: "older than the 50th" is a subquery on
            # the table the statement deletes from, which MySQL reads through a derived table.
            await conn.execute_query(
                "DELETE FROM webhook_attempt WHERE webhook_id = %s AND id <= ("
                " SELECT id FROM (SELECT id FROM webhook_attempt WHERE webhook_id = %s"
                " ORDER BY id DESC LIMIT 1 OFFSET %s) AS oldest_kept_before)",
                [key, key, KEPT_ATTEMPTS],
            )
        return True

    async def attempts(self, url_code: str, webhook_id: EntityId) -> tuple[Attempt, ...]:
        key = int_id(webhook_id)
        webhook = None
        if key is not None:
            webhook = await Webhook.filter(id=key, meeting__url_code=url_code).only("id").first()
        if webhook is None:
            if not await Meeting.filter(url_code=url_code).exists():
                raise MeetingNotFound(url_code)
            raise WebhookNotFound(webhook_id)
        rows = (
            await WebhookAttempt.filter(webhook_id=webhook.id).order_by("-id").limit(KEPT_ATTEMPTS)
        )
        return tuple(Attempt.of(row) for row in rows)


def _naive(moment: dt.datetime) -> dt.datetime:
    """As MySQL's DATETIME holds it: UTC, without a zone."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)
