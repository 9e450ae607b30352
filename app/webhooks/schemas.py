"""The webhook routes' bodies: frozen DTOs."""

import datetime as dt

from pydantic import Field

from app.kernel.dto import Frozen, RequestBody
from app.kernel.ids import EntityId
from app.webhooks.events import EventType


class WebhookCreate(RequestBody):
    url: str = Field(
        max_length=2000,
        description="Where deliveries go: an https URL whose host resolves to public addresses"
        " only.",
        examples=["https://example.com/meetifyr-events"],
    )
    events: tuple[EventType, ...] | None = Field(
        default=None,
        min_length=1,
        description="The events to deliver; left out: all of them.",
    )


class WebhookOut(Frozen):
    id: EntityId
    url: str
    events: tuple[EventType, ...]
    disabled: bool = Field(
        description="Its deliveries failed for 3 days: none are made any more; delete it and"
        " make it again."
    )
    created_at: dt.datetime


class WebhookCreated(WebhookOut):
    secret: str = Field(
        description="The signing secret (Standard Webhooks' `whsec_…`), shown only here: a"
        " receiver verifies each delivery's `webhook-signature` with it."
    )


class WebhookList(Frozen):
    webhooks: tuple[WebhookOut, ...]


class AttemptOut(Frozen):
    at: dt.datetime = Field(description="When it was sent, in UTC.")
    event: EventType
    webhook_id: str = Field(description="The `webhook-id` it was sent with.")
    status: int | None = Field(description="The receiver's answer; null when none came.")
    error: str | None = Field(description="Why no answer came, or why it was not sent.")
    next_try: dt.datetime | None = Field(
        description="When the event is tried again; null once delivered, or dropped."
    )


class AttemptList(Frozen):
    deliveries: tuple[AttemptOut, ...]
