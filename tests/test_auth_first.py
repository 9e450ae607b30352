"""Authentication first: on a route that needs a token, who asks is answered before anything
else is wrong with the request. Only an unknown meeting (404) comes before: 401 without a
token, 403 with one that may not make the change, whatever the headers, body or ids; with a
token that may act in the meeting, an unknown participant or day is 404 and a malformed one 422.
"""

import json

import httpx
import pytest

from tests.api import Api, Json
from tests.probes import DbProbe
from tests.test_access import meeting_with, no_change

# Every operation that takes a token, as the OpenAPI states it: {code}, {participant} and {day}
# are filled in per test.
ORGANISER_ROUTES = [
    ("PATCH", "/meetings/{code}/date_range"),
    ("PATCH", "/meetings/{code}/title"),
    ("PATCH", "/meetings/{code}/location"),
    ("PUT", "/meetings/{code}/final_date"),
    ("DELETE", "/meetings/{code}"),
    ("PUT", "/meetings/{code}/times"),
    ("DELETE", "/meetings/{code}/times"),
    ("PUT", "/meetings/{code}/final_time"),
    ("POST", "/meetings/{code}/admin_token"),
    ("POST", "/meetings/{code}/webhooks"),
    ("GET", "/meetings/{code}/webhooks"),
    ("DELETE", "/meetings/{code}/webhooks/1"),
    ("GET", "/meetings/{code}/webhooks/1/deliveries"),
]
PARTICIPANT_ROUTES = [
    ("PATCH", "/meetings/{code}/participants/{participant}"),
    ("DELETE", "/meetings/{code}/participants/{participant}"),
    ("PATCH", "/meetings/{code}/participants/{participant}/availability"),
    ("POST", "/meetings/{code}/participants/{participant}/token"),
]
DAY_ROUTE = ("PATCH", "/participant_dates/{action}")

# What else is wrong with every request below: not an ETag, a body that is not JSON sent as XML.
WRONG_HEADERS = {"If-Match": "garbage", "Content-Type": "application/xml"}
WRONG_BODY = b"<not json"


async def test_the_guarded_operations_are_those_that_take_a_token(
    client: httpx.AsyncClient,
) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    guarded = {
        (method.upper(), path.removeprefix("/v1/{backend}"))
        for path, operations in paths.items()
        for method, operation in operations.items()
        if operation.get("security")
    }

    named = {
        "{code}": "{url_code}",
        "{participant}": "{participant_id}",
        "/webhooks/1": "/webhooks/{webhook_id}",
    }

    def template(path: str) -> str:
        for ours, theirs in named.items():
            path = path.replace(ours, theirs)
        return path

    assert guarded == {
        (method, template(path)) for method, path in [*ORGANISER_ROUTES, *PARTICIPANT_ROUTES]
    } | {DAY_ROUTE}


async def send(
    api: Api,
    method: str,
    path: str,
    token: str | None,
    body: bytes = WRONG_BODY,
    wrong: dict[str, str] = WRONG_HEADERS,
) -> httpx.Response:
    headers = dict(wrong)
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return await api.raw(method, path, content=body, headers=headers)


def day_body(code: str, day_id: object) -> bytes:
    return json.dumps({"meeting_url_code": code, "participant_date_id": day_id}).encode()


async def expect(response: httpx.Response, status: int, detail: str | None = None) -> Json:
    assert response.status_code == status, response.text
    payload: Json = response.json()
    if detail is not None:
        assert payload["detail"].startswith(detail), payload
    return payload


async def test_without_a_token_every_guarded_change_is_401_whatever_else_is_wrong(
    api: Api, probe: DbProbe
) -> None:
    code, _ = await meeting_with(api, "Ann")
    unchanged = await no_change(probe, code)
    paths = [
        (method, path.format(code=code, participant="not-an-id"))
        for method, path in [*ORGANISER_ROUTES, *PARTICIPANT_ROUTES]
    ]

    for method, path in paths:
        response = await send(api, method, path, None)
        await expect(response, 401, "this change needs")
        assert response.headers["www-authenticate"] == "Bearer"
    # The day route names its meeting in the body: read or not, no token is 401.
    for body in [WRONG_BODY, day_body(code, "x"), b"[]"]:
        await expect(await send(api, "PATCH", "/participant_dates/bogus", None, body), 401)
    await unchanged()


async def test_an_unknown_meeting_is_404_before_the_token(api: Api) -> None:
    for method, path in [*ORGANISER_ROUTES, *PARTICIPANT_ROUTES]:
        response = await send(api, method, path.format(code="nope", participant="1"), None)
        await expect(response, 404, "meeting with url_code: nope not found")
    response = await send(api, "PATCH", "/participant_dates/on", None, day_body("nope", 1))
    await expect(response, 404, "meeting with url_code: nope not found")


async def test_a_token_that_may_not_make_the_change_is_403_whatever_else_is_wrong(
    api: Api, probe: DbProbe
) -> None:
    code, joined = await meeting_with(api, "Ann", "Bob")
    _, strangers = await meeting_with(api, "Cid")
    ann, bob = joined["Ann"], joined["Bob"]
    stranger = strangers["Cid"]["participant_token"]
    unchanged = await no_change(probe, code)
    bob_day = bob["participant_dates"][0]["id"]

    # A token of another meeting, whatever the target, even one that cannot be read.
    for participant in [bob["participant_id"], "not-an-id"]:
        for method, path in [*ORGANISER_ROUTES, *PARTICIPANT_ROUTES]:
            url = path.format(code=code, participant=participant)
            await expect(await send(api, method, url, stranger), 403, "the token sent is not")
    for day in [bob_day, "x"]:
        response = await send(
            api, "PATCH", "/participant_dates/bogus", stranger, day_body(code, day)
        )
        await expect(response, 403)
    # Ann's token: none of the organiser's changes, nothing of Bob's.
    for method, path in ORGANISER_ROUTES:
        await expect(await send(api, method, path.format(code=code), ann["participant_token"]), 403)
    for method, path in PARTICIPANT_ROUTES:
        url = path.format(code=code, participant=bob["participant_id"])
        await expect(await send(api, method, url, ann["participant_token"]), 403)
    response = await send(
        api, "PATCH", "/participant_dates/bogus", ann["participant_token"], day_body(code, bob_day)
    )
    await expect(response, 403)
    await unchanged()


@pytest.mark.parametrize("who", ["Ann", "the organiser"])
async def test_with_a_token_of_the_meeting_what_is_wrong_is_said(
    api: Api, probe: DbProbe, who: str
) -> None:
    code, joined = await meeting_with(api, "Ann")
    token = joined["Ann"]["participant_token"] if who == "Ann" else api.admin_tokens[code]
    unchanged = await no_change(probe, code)
    unknown = "00000000-0000-4000-8000-000000000001" if api.backend == "edgedb" else 999_999
    json_but = {"If-Match": "garbage", "Content-Type": "application/json"}

    for method, path in PARTICIPANT_ROUTES:
        malformed = path.format(code=code, participant="not-an-id")
        await expect(await send(api, method, malformed, token, b"{}", json_but), 422)
        missing = path.format(code=code, participant=unknown)
        await expect(await send(api, method, missing, token), 404, "participant with id")
    days = "/participant_dates/off"
    await expect(await send(api, "PATCH", days, token, day_body(code, "x"), json_but), 422)
    response = await send(api, "PATCH", days, token, day_body(code, unknown))
    await expect(response, 404, "participant date with id")
    # Once who asks may ask, the rest of the request is what is wrong.
    title = f"/meetings/{code}/title"
    response = await send(api, "PATCH", title, api.admin_tokens[code])
    await expect(response, 415, "request bodies are JSON")
    await unchanged()
