"""Where deliveries stand, in the database: a process claims the subscriptions that have
something to deliver for a while, settles each attempt only while its claim holds, and a claim
that ran out (its process died) leaves the subscription to the next process that claims it."""

import asyncio
import datetime as dt
import uuid

import pytest
from fastapi import FastAPI

from app.meetings.router import Backend
from app.webhooks.events import EventType
from app.webhooks.port import Attempt, DueWebhook, Settled, WebhookNotFound, WebhookStore
from tests.api import Api
from tests.test_access import meeting_with
from tests.test_webhooks import HOOK, subscribe

NOW = dt.datetime.now(dt.UTC)
LEASE = dt.timedelta(seconds=30)


@pytest.fixture
def store(app: FastAPI, api: Api) -> WebhookStore:
    stores: dict[Backend, WebhookStore] = app.state.backends.webhook_stores
    return stores[Backend(api.backend)]


def a_claim() -> str:
    return uuid.uuid4().hex


async def claim(store: WebhookStore, at: dt.datetime = NOW, who: str = "") -> list[DueWebhook]:
    return list(await store.claim_due(at, who or a_claim(), at + LEASE, 100))


async def test_a_subscription_is_due_once_its_meeting_changed_and_claimed_by_one(
    api: Api, store: WebhookStore
) -> None:
    code, _ = await meeting_with(api, "Ann")
    hook = await subscribe(api, code, {"url": HOOK, "events": ["participant.joined"]})
    version = (await api.get_meeting(code))["version"]

    assert await claim(store) == []  # what happened before it was made is not delivered
    await api.join(code, "Bob")
    first = await claim(store)
    second = await claim(store)

    assert [(str(due.webhook.id), due.url_code) for due in first] == [(str(hook["id"]), code)]
    assert first[0].delivered_version == version and first[0].attempts == 0
    assert first[0].webhook.url == HOOK and first[0].failing_since is None
    assert first[0].final_set is False
    assert [event.value for event in first[0].webhook.events] == ["participant.joined"]
    assert second == []  # held by the first claim
    # Once the first claim has run out, as when its process died, another takes it.
    assert [due.webhook.id for due in await claim(store, NOW + LEASE)] == [first[0].webhook.id]


async def test_an_attempt_is_settled_only_while_its_claim_holds(
    api: Api, store: WebhookStore
) -> None:
    code, _ = await meeting_with(api, "Ann")
    await subscribe(api, code, {"url": HOOK})
    await api.join(code, "Bob")
    version = (await api.get_meeting(code))["version"]
    held, late = a_claim(), a_claim()
    [claimed] = await claim(store, who=held)
    hook = claimed.webhook.id
    retry_at = NOW + dt.timedelta(seconds=5)
    failed = Settled(
        delivered_version=version - 1,
        final_set=False,
        attempts=1,
        next_attempt_at=retry_at,
        failing_since=NOW,
        disabled=False,
    )

    assert await store.settle(hook, late, failed) is False
    assert await store.settle(hook, held, failed) is True
    assert await store.settle(hook, held, failed) is False  # given back

    assert await claim(store, retry_at - dt.timedelta(seconds=1)) == []  # not before the retry
    [due] = await claim(store, retry_at, who=late)
    assert (due.attempts, due.delivered_version) == (1, version - 1)
    assert due.failing_since is not None and abs(due.failing_since - NOW) < dt.timedelta(
        milliseconds=1
    )
    delivered = Settled(version, True, 0, None, None, disabled=False)
    assert await store.settle(hook, late, delivered)
    assert await claim(store, retry_at) == []  # nothing left to deliver
    await api.set_text(code, "title", "Again")
    assert [d.delivered_version for d in await claim(store, retry_at)] == [version]


async def test_a_disabled_subscription_is_never_due(api: Api, store: WebhookStore) -> None:
    code, _ = await meeting_with(api, "Ann")
    await subscribe(api, code, {"url": HOOK})
    await api.join(code, "Bob")
    held = a_claim()
    [claimed] = await claim(store, who=held)

    gave_up = Settled(1, False, 7, None, NOW - dt.timedelta(days=3), disabled=True)
    assert await store.settle(claimed.webhook.id, held, gave_up)
    await api.join(code, "Cid")

    assert await claim(store, NOW + LEASE) == []
    listed = await api.raw(
        "GET",
        f"/meetings/{code}/webhooks",
        headers={"Authorization": f"Bearer {api.admin_tokens[code]}"},
    )
    assert [hook["disabled"] for hook in listed.json()["webhooks"]] == [True]


async def test_processes_claiming_at_once_never_claim_the_same_subscription(
    api: Api, store: WebhookStore
) -> None:
    hooks = set()
    for _ in range(4):
        code, _ = await meeting_with(api, "Ann")
        for n in range(3):
            hooks.add(str((await subscribe(api, code, {"url": f"{HOOK}{n}"}))["id"]))
        await api.join(code, "Bob")

    claims = await asyncio.gather(*(claim(store) for _ in range(6)))

    claimed = [str(due.webhook.id) for one in claims for due in one]
    assert sorted(claimed) == sorted(hooks)  # each once, all of them


async def test_the_last_50_attempts_are_kept_newest_first(api: Api, store: WebhookStore) -> None:
    code, _ = await meeting_with(api, "Ann")
    await subscribe(api, code, {"url": HOOK})
    await api.join(code, "Bob")

    for n in range(55):
        at = NOW + dt.timedelta(seconds=n)
        held = a_claim()
        [due] = await claim(store, at, held)
        attempt = Attempt(at, EventType.participant_joined, f"msg_{n}", 500, None, at)
        still = Settled(due.delivered_version, False, n + 1, None, NOW, disabled=False)
        assert await store.settle(due.webhook.id, held, still, attempt)

    kept = await store.attempts(code, due.webhook.id)
    assert [attempt.message_id for attempt in kept] == [f"msg_{n}" for n in range(54, 4, -1)]
    newest = NOW + dt.timedelta(seconds=54)
    assert kept[0] == Attempt(newest, EventType.participant_joined, "msg_54", 500, None, newest)
    with pytest.raises(WebhookNotFound):
        await store.attempts((await meeting_with(api))[0], due.webhook.id)
