"""Sending one delivery the Standard Webhooks way: a JSON body `{"type", "timestamp", "data"}`
and the headers `webhook-id` (the same on every attempt of an event), `webhook-timestamp` (this
attempt's) and `webhook-signature`, which any Standard Webhooks library verifies with the
subscription's secret.

The address is checked again before each attempt (a name may resolve elsewhere than when the
subscription was made), redirects are not followed (a 3xx is a failed attempt, as any answer
but a 2xx is), and an attempt without an answer within the timeout has failed. The receiver's
body is never read.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
import orjson
from standardwebhooks.webhooks import Webhook

from app.errors import InvalidInput
from app.webhooks.addresses import AddressRules, checked_url
from app.webhooks.events import EventType

TIMEOUT_SECONDS = 10.0
USER_AGENT = "Meetifyr-Webhooks/1"


@dataclass(frozen=True, slots=True)
class Message:
    id: str  # webhook-id: the event's, the same on every attempt
    event: EventType
    at: dt.datetime  # when the event happened, in UTC
    data: Mapping[str, object]

    def body(self) -> bytes:
        return orjson.dumps(
            {"type": self.event.value, "timestamp": self.at, "data": self.data},
            option=orjson.OPT_UTC_Z,
        )


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an attempt came to: the receiver's status, or why there was none."""

    status: int | None
    error: str | None = None

    @property
    def delivered(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Sender:
    def __init__(self, rules: AddressRules, timeout_seconds: float = TIMEOUT_SECONDS) -> None:
        self.rules = rules
        self.timeout_seconds = timeout_seconds
        # No proxy from the environment: the address checked is the one connected to.
        self._client = httpx.AsyncClient(
            follow_redirects=False,
            timeout=timeout_seconds,
            trust_env=False,
            headers={"User-Agent": USER_AGENT},
        )

    async def send(self, url: str, secret: str, message: Message) -> Outcome:
        try:
            await checked_url(url, self.rules)
        except InvalidInput as refused:
            return Outcome(None, f"not sent: {refused.detail}")
        body = message.body()
        now = dt.datetime.now(dt.UTC)
        headers = {
            "Content-Type": "application/json",
            "webhook-id": message.id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": Webhook(secret).sign(message.id, now, body),
        }
        try:
            async with self._client.stream("POST", url, content=body, headers=headers) as answer:
                return Outcome(answer.status_code)
        except httpx.TimeoutException:
            return Outcome(None, f"no answer within {self.timeout_seconds:g} s")
        except httpx.HTTPError as error:
            return Outcome(None, f"no answer: {type(error).__name__}")

    async def close(self) -> None:
        await self._client.aclose()
