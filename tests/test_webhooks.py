"""Webhook subscriptions: the organiser makes, lists and deletes them; each is shown its signing
secret once; a URL a delivery may not go to is refused."""

import asyncio
import base64
import datetime as dt
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from app.meetings.router import Backend
from app.webhooks.addresses import AddressRules
from app.webhooks.service import WebhookSettings
from tests.api import Api, Json
from tests.probes import DbProbe
from tests.test_access import ORGANISER_DETAIL, meeting_with

EVENTS = [
    "participant.joined",
    "participant.left",
    "meeting.final",
    "meeting.deleted",
    "meeting.changed",
]
HOOK = "http://127.0.0.1:9/hook"


def bearer(token: str | None) -> dict[str, str]:
    return {} if token is None else {"Authorization": f"Bearer {token}"}


async def subscribe(
    api: Api, code: str, body: Json, *, token: str | None = None, expect: int = 201
) -> Json:
    response = await api.raw(
        "POST",
        f"/meetings/{code}/webhooks",
        json=body,
        headers=bearer(token or api.admin_tokens[code]),
    )
    assert response.status_code == expect, response.text
    answer: Json = response.json()
    return answer


async def listed(api: Api, code: str, token: str | None = None, *, expect: int = 200) -> Json:
    response = await api.raw(
        "GET", f"/meetings/{code}/webhooks", headers=bearer(token or api.admin_tokens[code])
    )
    assert response.status_code == expect, response.text
    answer: Json = response.json()
    return answer


async def unsubscribe(api: Api, code: str, webhook_id: object, token: str | None = None) -> int:
    response = await api.raw(
        "DELETE",
        f"/meetings/{code}/webhooks/{webhook_id}",
        headers=bearer(token or api.admin_tokens[code]),
    )
    return response.status_code


@pytest.fixture
def strict_addresses(app: FastAPI) -> Iterator[None]:
    """The address rules as production has them: https only, public addresses only."""
    kept: WebhookSettings = app.state.webhook_settings
    app.state.webhook_settings = WebhookSettings(kept.signing_key, AddressRules(False, False))
    yield
    app.state.webhook_settings = kept


async def test_the_organiser_subscribes_lists_and_deletes(api: Api, probe: DbProbe) -> None:
    code, _ = await meeting_with(api, "Ann")
    before = await api.get_meeting(code)

    everything = await subscribe(api, code, {"url": HOOK})
    some = await subscribe(
        api, code, {"url": HOOK + "2", "events": ["meeting.final", "participant.joined"]}
    )

    assert set(everything) == {"id", "url", "events", "disabled", "created_at", "secret"}
    assert everything["url"] == HOOK and everything["events"] == EVENTS
    assert some["events"] == ["participant.joined", "meeting.final"]
    assert not everything["disabled"]
    made = dt.datetime.fromisoformat(everything["created_at"])
    assert abs(made - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    for secret in [everything["secret"], some["secret"]]:
        assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 32
    assert everything["secret"] != some["secret"]
    shown = await listed(api, code)
    assert shown == {
        "webhooks": [
            {key: value for key, value in hook.items() if key != "secret"}
            for hook in [everything, some]
        ]
    }
    assert await probe.webhook_urls() == {code: [HOOK, HOOK + "2"]}
    # No secret is kept: only what it is worked out from.
    assert everything["secret"] not in await probe.everything(code)
    # Subscriptions are no part of the meeting.
    assert await api.get_meeting(code) == before

    assert await unsubscribe(api, code, everything["id"]) == 204
    assert [hook["id"] for hook in (await listed(api, code))["webhooks"]] == [some["id"]]
    assert await probe.webhook_urls() == {code: [HOOK + "2"]}
    assert await unsubscribe(api, code, everything["id"]) == 404


async def test_only_the_organiser_may_and_nothing_changes_otherwise(
    api: Api, probe: DbProbe
) -> None:
    code, joined = await meeting_with(api, "Ann")
    other, _ = await meeting_with(api, "Cid")
    hook = await subscribe(api, code, {"url": HOOK})
    theirs = await subscribe(api, other, {"url": HOOK})
    ann = joined["Ann"]["participant_token"]

    for token in [ann, api.admin_tokens[other]]:
        refused = await subscribe(api, code, {"url": HOOK}, token=token, expect=403)
        assert refused == {"detail": f"the token sent is not {ORGANISER_DETAIL}"}
        await listed(api, code, token, expect=403)
        assert await unsubscribe(api, code, hook["id"], token) == 403
    response = await api.raw("GET", f"/meetings/{code}/webhooks")
    assert response.status_code == 401
    # Another meeting's subscription is unknown in this one.
    assert await unsubscribe(api, code, theirs["id"]) == 404
    assert await unsubscribe(api, code, "not-an-id") == 422
    assert await unsubscribe(api, "nope", hook["id"], api.admin_tokens[code]) == 404
    await subscribe(api, "nope", {"url": HOOK}, token=api.admin_tokens[code], expect=404)

    assert await probe.webhook_urls() == {code: [HOOK], other: [HOOK]}


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"url": HOOK, "events": []}, "events"),
        ({"url": HOOK, "events": ["meeting.exploded"]}, "events"),
        ({}, "url"),
        ({"url": HOOK, "secret": "mine"}, "secret"),
        ({"url": "x" * 2001}, "url"),
    ],
)
async def test_a_malformed_subscription_is_422(
    api: Api, probe: DbProbe, body: Json, where: str
) -> None:
    code, _ = await meeting_with(api)

    refused = await subscribe(api, code, body, expect=422)

    assert refused["detail"][0]["loc"][:2] == ["body", where]
    assert await probe.webhook_urls() == {}


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("ftp://example.com/hook", "a webhook URL is https: ftp is not"),
        ("http://93.184.216.34/hook", "a webhook URL is https: http is not"),
        ("example.com/hook", "a webhook URL is https: no scheme is not"),
        ("https://user:pw@93.184.216.34/hook", "a webhook URL carries no user name"),
        ("https:///hook", "a webhook URL names a host"),
        ("https://[::1/hook", "the webhook URL is not one: Invalid IPv6 URL"),
        ("https://93.184.216.34:99999/", "the webhook URL's port is not one"),
        ("https://127.0.0.1/hook", "the webhook URL's host 127.0.0.1 resolves to an address"),
        ("https://127.1:8443/hook", "the webhook URL's host 127.1 resolves to an address"),
        ("https://[::1]/hook", "the webhook URL's host ::1 resolves to an address"),
        ("https://10.1.2.3/hook", "the webhook URL's host 10.1.2.3 resolves"),
        ("https://169.254.169.254/latest", "the webhook URL's host 169.254.169.254 resolves"),
        ("https://[::ffff:192.168.0.1]/", "the webhook URL's host ::ffff:192.168.0.1 resolves"),
        ("https://meetifyr.invalid/hook", "the webhook URL's host meetifyr.invalid does not"),
    ],
)
async def test_a_url_a_delivery_may_not_go_to_is_refused(
    api: Api, probe: DbProbe, strict_addresses: None, url: str, why: str
) -> None:
    code, _ = await meeting_with(api)

    refused = await subscribe(api, code, {"url": url}, expect=422)

    assert refused["detail"][0]["loc"] == ["body", "url"]
    assert refused["detail"][0]["msg"].startswith(why), refused
    assert await probe.webhook_urls() == {}


async def test_a_public_address_is_allowed(
    api: Api, probe: DbProbe, strict_addresses: None
) -> None:
    code, _ = await meeting_with(api)

    await subscribe(api, code, {"url": "https://93.184.216.34/hook"})

    assert await probe.webhook_urls() == {code: ["https://93.184.216.34/hook"]}


async def test_a_meeting_has_at_most_five_even_when_they_come_at_once(
    api: Api, probe: DbProbe
) -> None:
    code, _ = await meeting_with(api)
    path, token = f"/meetings/{code}/webhooks", bearer(api.admin_tokens[code])

    answers = await asyncio.gather(
        *(api.raw("POST", path, json={"url": f"{HOOK}{n}"}, headers=token) for n in range(8))
    )

    assert sorted(answer.status_code for answer in answers) == [201] * 5 + [409] * 3
    refused = next(answer for answer in answers if answer.status_code == 409)
    assert refused.json() == {
        "detail": "this meeting has 5 webhooks, the most a meeting may have: delete one first"
    }
    assert len((await probe.webhook_urls())[code]) == 5
    assert len((await listed(api, code))["webhooks"]) == 5


async def test_a_deleted_meeting_takes_its_subscriptions_with_it(api: Api, probe: DbProbe) -> None:
    code, _ = await meeting_with(api)
    kept, _ = await meeting_with(api)
    await subscribe(api, code, {"url": HOOK})
    await subscribe(api, kept, {"url": HOOK})

    assert (await api.delete_meeting(code)).status_code == 204

    assert await probe.webhook_urls() == {kept: [HOOK]}


async def test_without_a_signing_key_webhooks_are_off(api: Api, app: FastAPI) -> None:
    code, _ = await meeting_with(api)
    kept: WebhookSettings = app.state.webhook_settings
    app.state.webhook_settings = WebhookSettings(SecretStr(""), kept.addresses)
    try:
        refused = await subscribe(api, code, {"url": HOOK}, expect=503)
    finally:
        app.state.webhook_settings = kept

    assert refused == {"detail": "webhooks are off on this server: it has no WEBHOOK_SIGNING_KEY"}
    assert Backend(api.backend) in app.state.backends.webhook_stores
