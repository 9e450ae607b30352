"""Webhook deliveries, end to end: changes made through the API reach a real receiving server,
signed so that the Standard Webhooks library verifies them, in version order, each event once
it is answered 2xx, tried again with the same webhook-id when it is not."""

import asyncio
import datetime as dt
import itertools
from collections.abc import AsyncIterator
from typing import Any

import pytest
from fastapi import FastAPI
from standardwebhooks.webhooks import Webhook

from app.meetings.router import Backend
from app.settings import Settings
from app.webhooks import retries
from app.webhooks.addresses import AddressRules
from app.webhooks.deliverer import Deliverer, stop_all
from app.webhooks.sender import Sender
from tests.api import Api, Json
from tests.live import ServerProcess, start_server_process
from tests.receiver import Received, Receiver, receiving
from tests.test_access import meeting_with
from tests.test_webhooks import listed, subscribe


@pytest.fixture
async def receiver(app: FastAPI, backend: str, settings: Settings) -> AsyncIterator[Receiver]:
    """A receiving server, and this process delivering the backend's events while it runs."""
    service = app.state.backends.services[Backend(backend)]
    sender = Sender(AddressRules(allow_http=True, allow_private=True))
    deliverer = Deliverer(
        app.state.backends.webhook_stores[Backend(backend)],
        service,
        sender,
        settings.webhook_signing_key,
        poll_seconds=0.05,
    )
    running = asyncio.create_task(deliverer.run())
    try:
        async with receiving() as receiving_server:
            yield receiving_server
    finally:
        await stop_all([deliverer], [running])
        await sender.close()


def verified(hook: Json, hits: list[Received]) -> list[Any]:
    return [Webhook(hook["secret"]).verify(hit.body, hit.headers) for hit in hits]


async def test_every_event_arrives_signed_in_version_order(api: Api, receiver: Receiver) -> None:
    code, _ = await meeting_with(api, "Ann")
    hook = await subscribe(api, code, {"url": f"{receiver.url}/ok"})

    bob = await api.join(code, "Bob")
    await api.set_text(code, "title", "Offsite")
    await api.set_final_date(code, "2026-12-02")
    await api.remove(code, bob["participant_id"], token=bob["participant_token"])
    hits = await receiver.wait_for(4)

    events = verified(hook, hits)
    assert [event["type"] for event in events] == [
        "participant.joined",
        "meeting.changed",
        "meeting.final",
        "participant.left",
    ]
    versions = [event["data"]["version"] for event in events]
    assert versions == sorted(versions) and len(set(versions)) == 4
    assert all(event["data"]["url_code"] == code for event in events)
    who = {"id": bob["participant_id"], "name": "Bob"}
    assert events[0]["data"]["participant"] == who == events[3]["data"]["participant"]
    # The meeting as a GET answers it when the event is delivered.
    assert events[1]["data"]["meeting"]["title"] == "Offsite"
    assert events[2]["data"]["meeting"]["final_date"] == "2026-12-02"
    assert events[2]["data"]["meeting"]["url_code"] == code
    for event in events:
        at = dt.datetime.fromisoformat(event["timestamp"])
        assert abs(at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert len({hit.headers["webhook-id"] for hit in hits}) == 4
    assert len(receiver.received) == 4  # each once


async def test_only_the_events_asked_for_are_delivered(api: Api, receiver: Receiver) -> None:
    code, _ = await meeting_with(api, "Ann")
    hook = await subscribe(
        api, code, {"url": f"{receiver.url}/ok", "events": ["participant.joined"]}
    )

    await api.set_text(code, "title", "Not this")
    await api.join(code, "Cid")
    await api.set_final_date(code, "2026-12-02")
    await api.join(code, "Dee")
    hits = await receiver.wait_for(2)
    await asyncio.sleep(0.3)

    assert [event["data"]["participant"]["name"] for event in verified(hook, hits)] == [
        "Cid",
        "Dee",
    ]
    assert len(receiver.received) == 2


async def test_a_burst_of_changes_arrives_as_fewer_events_a_second_apart_with_the_latest(
    api: Api, receiver: Receiver
) -> None:
    code, _ = await meeting_with(api, "Ann")
    hook = await subscribe(api, code, {"url": f"{receiver.url}/ok", "events": ["meeting.changed"]})

    for n in range(6):
        await api.set_text(code, "title", f"Title {n}")

    def latest_title() -> str | None:
        hits = receiver.delivered()
        return verified(hook, hits[-1:])[0]["data"]["meeting"]["title"] if hits else None

    async with asyncio.timeout(10):
        while latest_title() != "Title 5":  # noqa: ASYNC110 (a server has no event)
            await asyncio.sleep(0.02)

    hits = receiver.delivered()
    assert len(hits) < 6
    sent_at = [int(hit.headers["webhook-timestamp"]) for hit in hits]
    assert all(later - earlier >= 1 for earlier, later in itertools.pairwise(sent_at))


async def test_a_range_that_takes_the_final_date_back_is_a_meeting_final(
    api: Api, receiver: Receiver
) -> None:
    code, _ = await meeting_with(api, "Ann")
    final_only = {"events": ["meeting.final"]}
    before = await subscribe(api, code, {"url": f"{receiver.url}/before", **final_only})
    await api.set_final_date(code, "2026-12-02")
    after = await subscribe(api, code, {"url": f"{receiver.url}/after", **final_only})

    await api.set_range(code, "2026-12-03", "2026-12-05")  # Dec 2 is gone, and the final date
    await api.set_range(code, "2026-12-04", "2026-12-05")  # no final date to take back
    await api.set_text(code, "title", "Elsewhere")
    await receiver.wait_for(3)
    await asyncio.sleep(0.3)

    by_path = {
        path: verified(hook, [hit for hit in receiver.received if hit.path == path])
        for path, hook in [("before", before), ("after", after)]
    }
    assert {path: [e["type"] for e in events] for path, events in by_path.items()} == {
        "before": ["meeting.final", "meeting.final"],
        "after": ["meeting.final"],
    }
    # Sent once it was taken back, each carries the meeting without it.
    assert [events[-1]["data"]["meeting"]["final_date"] for events in by_path.values()] == [
        None,
        None,
    ]


async def test_a_failed_attempt_is_tried_again_with_the_same_webhook_id(
    api: Api, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retries, "RETRY_AFTER", (dt.timedelta(seconds=0.2),) * 6)
    code, _ = await meeting_with(api, "Ann")
    hook = await subscribe(api, code, {"url": f"{receiver.url}/flaky"})

    await api.join(code, "Bob")
    await api.join(code, "Cid")
    await receiver.wait_for(2)

    attempts = [(hit.headers["webhook-id"], hit.status) for hit in receiver.received]
    first, second = attempts[0][0], attempts[2][0]
    assert attempts == [(first, 500), (first, 204), (second, 500), (second, 204)]
    names = [event["data"]["participant"]["name"] for event in verified(hook, receiver.delivered())]
    assert names == ["Bob", "Cid"]  # the second waited for the first


async def test_the_organiser_reads_the_attempts_newest_first(
    api: Api, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retries, "RETRY_AFTER", (dt.timedelta(seconds=0.2),) * 6)
    code, _ = await meeting_with(api, "Ann")
    other, _ = await meeting_with(api, "Cid")
    hook = await subscribe(api, code, {"url": f"{receiver.url}/flaky"})
    path = f"/meetings/{code}/webhooks/{hook['id']}/deliveries"
    organiser = {"Authorization": f"Bearer {api.admin_tokens[code]}"}
    assert (await api.raw("GET", path, headers=organiser)).json() == {"deliveries": []}

    await api.join(code, "Bob")
    [hit] = await receiver.wait_for(1)
    answer = await api.raw("GET", path, headers=organiser)

    assert answer.status_code == 200, answer.text
    second, first = answer.json()["deliveries"]
    message = hit.headers["webhook-id"]
    assert (first["status"], first["error"], first["webhook_id"]) == (500, None, message)
    assert (second["status"], second["next_try"], second["webhook_id"]) == (204, None, message)
    assert first["event"] == second["event"] == "participant.joined"
    tried, retried = (dt.datetime.fromisoformat(first[key]) for key in ("at", "next_try"))
    assert dt.timedelta(seconds=0.1) < retried - tried < dt.timedelta(seconds=2)
    assert dt.datetime.fromisoformat(second["at"]) >= retried
    # Another meeting's token, and another meeting's code, learn nothing of it.
    stranger = {"Authorization": f"Bearer {api.admin_tokens[other]}"}
    assert (await api.raw("GET", path, headers=stranger)).status_code == 403
    elsewhere = f"/meetings/{other}/webhooks/{hook['id']}/deliveries"
    missing = await api.raw("GET", elsewhere, headers=stranger)
    assert missing.json() == {"detail": f"webhook with id: {hook['id']} not found"}


async def test_an_event_is_dropped_after_its_last_try_and_a_failing_subscription_disabled(
    api: Api, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retries, "RETRY_AFTER", (dt.timedelta(seconds=0.1),))
    monkeypatch.setattr(retries, "DISABLED_AFTER", dt.timedelta(seconds=0.5))
    code, _ = await meeting_with(api, "Ann")
    await subscribe(api, code, {"url": f"{receiver.url}/fail", "events": ["participant.joined"]})

    await api.join(code, "Bob")  # tried twice, then dropped
    async with asyncio.timeout(5):
        while len(receiver.received) < 2:  # noqa: ASYNC110 (a server has no event)
            await asyncio.sleep(0.02)
    await asyncio.sleep(0.6)
    await api.join(code, "Cid")  # fails while the subscription has failed for longer
    async with asyncio.timeout(5):
        while not (await listed(api, code))["webhooks"][0]["disabled"]:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
    await api.join(code, "Dee")
    await asyncio.sleep(0.3)

    names = [hit.body.decode().count("Bob") for hit in receiver.received]
    assert len(receiver.received) == 3 and names[:2] == [1, 1]
    assert b"Cid" in receiver.received[2].body


def delivering_process(settings: Settings) -> ServerProcess:
    """A server process that delivers webhook events, as production's do."""
    return start_server_process(
        settings, WEBHOOK_DELIVERIES="1", WEBHOOK_POLL_MS="50", WEBHOOK_CLAIM_SECONDS="2"
    )


async def test_a_delivery_cut_off_by_a_killed_process_is_made_by_the_next_with_the_same_id(
    api: Api, settings: Settings
) -> None:
    code, _ = await meeting_with(api, "Ann")
    first = delivering_process(settings)
    async with receiving() as receiver:
        try:
            hook = await subscribe(api, code, {"url": f"{receiver.url}/stall"})
            await api.join(code, "Bob")
            await api.join(code, "Cid")
            async with asyncio.timeout(10):
                while not receiver.received:  # noqa: ASYNC110 (a server has no event)
                    await asyncio.sleep(0.02)
            first.process.kill()  # SIGKILL, in the middle of its attempt at Bob's join
            first.process.wait()
        finally:
            first.stop()
        second = delivering_process(settings)
        try:
            hits = await receiver.wait_for(2, seconds=20)
        finally:
            second.stop()

    ids = [hit.headers["webhook-id"] for hit in receiver.received]
    assert [hit.status for hit in receiver.received] == [0, 204, 204]
    assert ids[0] == ids[1] != ids[2]  # the same event again, then the next
    names = [event["data"]["participant"]["name"] for event in verified(hook, hits)]
    assert names == ["Bob", "Cid"]


async def test_two_processes_delivering_at_once_deliver_each_event_once_in_order(
    api: Api, settings: Settings
) -> None:
    code, _ = await meeting_with(api, "Ann")
    processes = [delivering_process(settings), delivering_process(settings)]
    async with receiving() as receiver:
        try:
            hook = await subscribe(
                api, code, {"url": f"{receiver.url}/ok", "events": ["participant.joined"]}
            )
            for n in range(10):
                await api.join(code, f"Guest {n}")
            hits = await receiver.wait_for(10)
            await asyncio.sleep(0.5)
        finally:
            for process in processes:
                process.stop()

    names = [event["data"]["participant"]["name"] for event in verified(hook, hits)]
    assert names == [f"Guest {n}" for n in range(10)]
    assert len(receiver.received) == 10
