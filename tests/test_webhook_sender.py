"""One delivery, sent to a real receiving server: signed so that the Standard Webhooks library
verifies it with the subscription's secret; a failed attempt whatever the receiver does wrong;
the address rules checked again before it is sent."""

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from standardwebhooks.webhooks import Webhook

from app.webhooks.addresses import AddressRules
from app.webhooks.events import EventType
from app.webhooks.retries import RETRY_AFTER, next_try
from app.webhooks.secrets import new_salt, signing_secret
from app.webhooks.sender import Message, Sender
from tests.live import free_port
from tests.receiver import Receiver, receiving

LOCAL = AddressRules(allow_http=True, allow_private=True)
SECRET = signing_secret("a key for the tests only", new_salt())
MESSAGE = Message(
    id="msg_1_7_participant.joined",
    event=EventType.participant_joined,
    at=dt.datetime(2026, 12, 6, 5, 30, 0, 123000, tzinfo=dt.UTC),
    data={"url_code": "8jbQS0rHhO2Z2zKa", "version": 7, "participant": {"id": 3, "name": "Ann"}},
)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with receiving() as receiving_server:
        yield receiving_server


@pytest.fixture
async def sender() -> AsyncIterator[Sender]:
    sending = Sender(LOCAL, timeout_seconds=0.5)
    yield sending
    await sending.close()


async def test_a_delivery_verifies_with_the_standard_webhooks_library(
    receiver: Receiver, sender: Sender
) -> None:
    outcome = await sender.send(f"{receiver.url}/ok", SECRET, MESSAGE)

    assert outcome.delivered and outcome.status == 204 and outcome.error is None
    [hit] = receiver.received
    assert hit.headers["content-type"] == "application/json"
    assert hit.headers["webhook-id"] == MESSAGE.id
    sent_at = int(hit.headers["webhook-timestamp"])
    assert abs(sent_at - dt.datetime.now(dt.UTC).timestamp()) < 5
    payload = Webhook(SECRET).verify(hit.body, hit.headers)
    assert payload == {
        "type": "participant.joined",
        "timestamp": "2026-12-06T05:30:00.123000Z",
        "data": {
            "url_code": "8jbQS0rHhO2Z2zKa",
            "version": 7,
            "participant": {"id": 3, "name": "Ann"},
        },
    }
    # Another secret does not verify it.
    with pytest.raises(Exception, match="No matching signature"):
        Webhook(signing_secret("a key for the tests only", new_salt())).verify(
            hit.body, hit.headers
        )


@pytest.mark.parametrize(
    ("path", "status", "error"),
    [
        ("fail", 500, None),
        ("moved", 302, None),  # not followed: /ok hears nothing
        ("slow", None, "no answer within 0.5 s"),
    ],
)
async def test_any_answer_but_a_2xx_is_a_failed_attempt(
    receiver: Receiver, sender: Sender, path: str, status: int | None, error: str | None
) -> None:
    outcome = await sender.send(f"{receiver.url}/{path}", SECRET, MESSAGE)

    assert not outcome.delivered
    assert (outcome.status, outcome.error) == (status, error)
    assert [hit.path for hit in receiver.received] == [path]


async def test_a_refused_connection_is_a_failed_attempt(sender: Sender) -> None:
    outcome = await sender.send(f"http://127.0.0.1:{free_port()}/hook", SECRET, MESSAGE)

    assert not outcome.delivered and outcome.status is None
    assert outcome.error is not None and outcome.error.startswith("no answer: ")


async def test_the_address_rules_are_checked_again_before_each_attempt(
    receiver: Receiver,
) -> None:
    strict = Sender(AddressRules(allow_http=True, allow_private=False))
    try:
        outcome = await strict.send(f"{receiver.url}/ok", SECRET, MESSAGE)
    finally:
        await strict.close()

    assert not outcome.delivered and receiver.received == []
    assert outcome.error is not None
    assert outcome.error.startswith("not sent: the webhook URL's host 127.0.0.1 resolves to")


def test_an_event_is_tried_again_later_and_later_then_dropped() -> None:
    waits = [next_try(attempt) for attempt in range(1, 8)]

    assert waits == [*RETRY_AFTER, None]
    assert [wait.total_seconds() for wait in RETRY_AFTER] == [5, 60, 600, 3600, 21600, 86400]
