"""Delivering a backend's webhook events, in every server process at once.

Each round, a process claims the subscriptions with something to deliver, for
WEBHOOK_CLAIM_SECONDS (none is delivered by two processes at once), and for each works out its
next event from the change log after the version it delivered, sends it, and settles the
attempt: delivered, the subscription moves past the event; failed, it is tried again later
(retries.py), or dropped after the last try. A process that dies mid-delivery has settled
nothing, so once its claim runs out another process sends the same event again, with the same
webhook-id: at least once, never lost, and a subscription's events in version order.
"""

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import Iterable

import orjson
from pydantic import SecretStr

from app.changes.entries import JoinedEntry, LeftEntry
from app.errors import MeetingNotFound
from app.meetings.service import MeetingService
from app.webhooks import retries
from app.webhooks.events import EventType
from app.webhooks.plan import NextEvent, NoEvent, next_event
from app.webhooks.port import Attempt, DueWebhook, Settled, WebhookStore
from app.webhooks.secrets import signing_secret
from app.webhooks.sender import Message, Outcome, Sender

log = logging.getLogger(__name__)

# Subscriptions claimed at once by one process.
BATCH = 20
# Entries read from the log at once: events beyond them wait for the next round.
LOG_PAGE = 100
# At most one meeting.changed a second per subscription.
CHANGED_EVERY = dt.timedelta(seconds=1)
# How long a stopping process lets the round under way finish; what is cut off after that is
# sent again by the next process that claims it.
STOP_SECONDS = 3.0


def now_utc() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Deliverer:
    def __init__(
        self,
        store: WebhookStore,
        meetings: MeetingService,
        sender: Sender,
        signing_key: SecretStr,
        poll_seconds: float,
        claim_seconds: float = 30,
    ) -> None:
        self.store = store
        self.meetings = meetings
        self.sender = sender
        self.signing_key = signing_key
        self.poll_seconds = poll_seconds
        # How long a claim holds: longer than an attempt may take (the sender's timeout, and
        # reading the log and the meeting).
        self.claim_for = dt.timedelta(seconds=claim_seconds)
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        """Delivers until stopped: a round as soon as the last one claimed anything, else
        after `poll_seconds`."""
        self._stopping.clear()
        while not self._stopping.is_set():
            try:
                claimed = await self.round()
            except Exception as error:  # the database is away, say: the next round tries again
                log.warning("webhook deliveries: a round failed: %s", type(error).__name__)
                claimed = 0
            if not claimed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.poll_seconds)

    def stop(self) -> None:
        """Ends `run` once the round under way is done."""
        self._stopping.set()

    async def round(self) -> int:
        """Claims what is due and delivers one event of each; answers how many were claimed."""
        now, claim = now_utc(), uuid.uuid4().hex
        due = await self.store.claim_due(now, claim, now + self.claim_for, BATCH)
        outcomes = await asyncio.gather(
            *(self._deliver(webhook, claim) for webhook in due), return_exceptions=True
        )
        for outcome in outcomes:
            if isinstance(outcome, Exception):  # its claim runs out, and it is tried again
                log.warning("webhook deliveries: a delivery failed: %s", type(outcome).__name__)
        return len(due)

    async def _deliver(self, due: DueWebhook, claim: str) -> None:
        try:
            excerpt = await self.meetings.store.changes_since(
                due.url_code, due.delivered_version, LOG_PAGE
            )
            step = next_event(excerpt.entries, due.webhook.events, due.final_set)
            if step is None or isinstance(step, NoEvent):
                # Nothing it asked for (or a version with no entry to show for it, in a log
                # kept since later than the meeting): it moves past, failing as it was.
                past = (
                    (excerpt.version, due.final_set)
                    if step is None
                    else (step.up_to, step.final_set)
                )
                settled = Settled(*past, 0, None, due.failing_since, disabled=False)
                await self._settle(due, claim, settled)
                return
            message = await self._message(due, step)
        except MeetingNotFound:
            return  # deleted meanwhile, and its subscriptions with it
        key = self.signing_key.get_secret_value()
        sent_at = now_utc()
        outcome = await self.sender.send(
            due.webhook.url, signing_secret(key, due.webhook.salt), message
        )
        settled = _after(due, step, outcome, now_utc())
        tried_again = settled.delivered_version == due.delivered_version
        attempt = Attempt(
            at=sent_at,
            event=step.event,
            message_id=message.id,
            status=outcome.status,
            error=outcome.error,
            next_try=settled.next_attempt_at if tried_again else None,
        )
        await self._settle(due, claim, settled, attempt)

    async def _message(self, due: DueWebhook, step: NextEvent) -> Message:
        data: dict[str, object] = {"url_code": due.url_code, "version": step.version}
        entry = step.entry
        if isinstance(entry, JoinedEntry):
            joined = entry.change.participant
            data["participant"] = {"id": joined.id, "name": joined.name}
        elif isinstance(entry, LeftEntry):
            data["participant"] = {"id": entry.change.participant_id, "name": entry.change.name}
        else:
            # The meeting as a GET answers it now, as its database wrote it.
            current = await self.meetings.current_meeting(due.url_code)
            data["meeting"] = orjson.Fragment(current.body)
        return Message(
            id=f"msg_{due.webhook.id}_{step.first_version}_{step.event.value}",
            event=step.event,
            at=entry.at,
            data=data,
        )

    async def _settle(
        self, due: DueWebhook, claim: str, settled: Settled, attempt: Attempt | None = None
    ) -> None:
        if not await self.store.settle(due.webhook.id, claim, settled, attempt):
            # Its claim ran out meanwhile: another process has it, and may send it again.
            log.info("webhook deliveries: a claim ran out before its attempt was settled")


def _after(due: DueWebhook, step: NextEvent, outcome: Outcome, now: dt.datetime) -> Settled:
    """Where the subscription stands after this attempt at `step`."""
    if outcome.delivered:
        changed = step.event is EventType.meeting_changed
        not_before = now + CHANGED_EVERY if changed else None
        return Settled(step.version, step.final_set, 0, not_before, None, False)
    attempts = due.attempts + 1
    failing_since = due.failing_since or now
    disabled = now - failing_since >= retries.DISABLED_AFTER
    wait = retries.next_try(attempts)
    if wait is None:  # dropped: the next event is tried
        return Settled(step.version, step.final_set, 0, None, failing_since, disabled)
    return Settled(
        due.delivered_version, due.final_set, attempts, now + wait, failing_since, disabled
    )


async def stop_all(
    deliverers: Iterable[Deliverer],
    running: Iterable["asyncio.Task[None]"],
    seconds: float = STOP_SECONDS,
) -> None:
    """Stops every deliverer after the round it is in, or cuts it off after `seconds`: a round
    cut off mid-query could leave a database connection taken while the pools close."""
    for deliverer in deliverers:
        deliverer.stop()
    tasks = list(running)
    if not tasks:
        return
    _, late = await asyncio.wait(tasks, timeout=seconds)
    for task in late:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
