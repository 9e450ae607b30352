"""Web pages of other origins calling the API from a browser (CORS), as a browser asks."""

import contextlib
from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI

from app.main import create_app
from app.settings import Settings
from tests.api import Api
from tests.live import open_events, served_in_process

PAGE = "https://app.meetifyr.example"


def preflight(method: str, *headers: str) -> dict[str, str]:
    """What a browser sends before a request that is not "simple"."""
    asked = {"Origin": PAGE, "Access-Control-Request-Method": method}
    if headers:
        asked["Access-Control-Request-Headers"] = ", ".join(headers)
    return asked


def names(header: str) -> set[str]:
    return {name.strip().lower() for name in header.split(",")}


async def test_a_page_of_any_origin_changes_a_meeting_with_the_organisers_token(api: Api) -> None:
    meeting = await api.meeting_with_range()
    code = meeting["url_code"]
    path = f"/meetings/{code}/title"

    asked = await api.raw(
        "OPTIONS", path, headers=preflight("PATCH", "authorization", "content-type", "if-match")
    )

    assert asked.status_code == 200, asked.text
    assert asked.headers["access-control-allow-origin"] == "*"
    assert "patch" in names(asked.headers["access-control-allow-methods"])
    assert {"authorization", "content-type", "if-match"} <= names(
        asked.headers["access-control-allow-headers"]
    )
    assert int(asked.headers["access-control-max-age"]) > 0

    changed = await api.raw(
        "PATCH",
        path,
        json={"title": "Offsite"},
        headers={
            "Origin": PAGE,
            "Authorization": f"Bearer {api.admin_tokens[code]}",
            "If-Match": f'"{meeting["version"]}"',
        },
    )

    assert changed.status_code == 200, changed.text
    assert changed.headers["access-control-allow-origin"] == "*"
    # The page can read the ETag it sends back in its next If-Match.
    assert "etag" in names(changed.headers["access-control-expose-headers"])
    assert changed.headers["etag"] == f'"{meeting["version"] + 1}"'
    assert (await api.get_meeting(code))["title"] == "Offsite"


async def test_a_page_reads_the_refusals_too(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    origin = {"Origin": PAGE}

    unknown = await api.raw("GET", "/meetings/NoSuchMeeting000", headers=origin)
    without_token = await api.raw(
        "PATCH", f"/meetings/{code}/title", json={"title": "Mine"}, headers=origin
    )
    too_large = await api.raw(
        "PATCH",
        f"/meetings/{code}/title",
        content=b"{" + b" " * 70_000 + b"}",
        headers={**origin, "Content-Type": "application/json"},
    )

    for refused, status in ((unknown, 404), (without_token, 401), (too_large, 413)):
        assert refused.status_code == status, refused.text
        assert refused.headers["access-control-allow-origin"] == "*"
        assert refused.json()["detail"]
    assert (await api.get_meeting(code))["title"] == "Team lunch"


async def test_a_page_follows_a_meeting_s_event_stream_and_may_resume_it(
    api: Api, app: FastAPI
) -> None:
    meeting = await api.meeting_with_range()
    code = meeting["url_code"]
    events = f"/meetings/{code}/events"

    # An EventSource that reconnects sends Last-Event-ID, which browsers ask leave for.
    asked = await api.raw("OPTIONS", events, headers=preflight("GET", "last-event-id"))

    assert asked.status_code == 200, asked.text
    assert "last-event-id" in names(asked.headers["access-control-allow-headers"])
    async with (
        served_in_process(app) as base_url,
        open_events(base_url, api.backend, code, {"Origin": PAGE}) as stream,
    ):
        assert stream.response.headers["access-control-allow-origin"] == "*"
        first = await stream.next_meeting()
        assert first.id == str(meeting["version"])


@contextlib.asynccontextmanager
async def client_allowing(settings: Settings, origins: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app with CORS_ORIGINS=`origins`, its backends never opened: what these
    tests ask is answered before any route would need them."""
    app = create_app(settings.model_copy(update={"cors_origins": origins}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_only_the_origins_named_when_some_are(settings: Settings) -> None:
    named = "https://app.meetifyr.example, http://localhost:5173"
    async with client_allowing(settings, named) as client:
        allowed = await client.options("/v1/mysql/meetings", headers=preflight("POST"))
        local = await client.get("/healthz", headers={"Origin": "http://localhost:5173"})
        other_preflight = await client.options(
            "/v1/mysql/meetings",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        other = await client.get("/healthz", headers={"Origin": "https://evil.example"})

    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == PAGE
    assert local.headers["access-control-allow-origin"] == "http://localhost:5173"
    assert "origin" in names(local.headers["vary"])
    # The browser keeps the answer from the page.
    assert other_preflight.status_code == 400
    assert other_preflight.json() == {"detail": "Disallowed CORS origin"}
    assert "access-control-allow-origin" not in other_preflight.headers
    assert other.status_code == 200
    assert "access-control-allow-origin" not in other.headers


async def test_no_page_may_when_none_is_named(settings: Settings) -> None:
    async with client_allowing(settings, "") as client:
        asked = await client.options("/v1/mysql/meetings", headers=preflight("POST"))
        read = await client.get("/healthz", headers={"Origin": PAGE})

    assert asked.status_code == 405
    assert "access-control-allow-origin" not in asked.headers
    assert "access-control-allow-origin" not in read.headers
