"""GET /meetings/{url_code}/events: each change pushed to every open view, whichever server
process made it. Streams are read over real HTTP: from the test app served in this process, and
from a second server process with caches of its own on the same databases."""

import asyncio
import contextlib
import json
import socket
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from app.live.streams import LiveMeetings
from app.meetings.router import Backend
from app.settings import Settings
from tests.api import Api, Json
from tests.conftest import OTHER_MAX_STREAMS
from tests.held_reads import held_reads
from tests.live import EventStream, ServerProcess, open_events, start_server_process
from tests.probes import DbProbe


async def get_body(api: Api, url_code: str) -> str:
    response = await api.raw("GET", f"/meetings/{url_code}")
    assert response.status_code == 200
    return response.text


async def assert_meeting_event(stream: EventStream, api: Api, url_code: str, version: int) -> None:
    """The next event is the meeting at `version`, exactly as a GET answers it now."""
    event = await stream.next_meeting()
    assert (event.event, event.id) == ("meeting", str(version))
    assert event.data == await get_body(api, url_code)


@contextlib.asynccontextmanager
async def here_and_there(
    served: str, other: ServerProcess, backend: str, url_code: str
) -> AsyncIterator[tuple[EventStream, EventStream]]:
    """The meeting's streams from this process and from the other, past their first event."""
    async with (
        open_events(served, backend, url_code) as here,
        open_events(other.url, backend, url_code) as there,
    ):
        await here.next_meeting()
        await there.next_meeting()
        yield here, there


def live_of(app: FastAPI) -> LiveMeetings:
    live: LiveMeetings = app.state.live
    return live


async def test_the_first_event_is_the_meeting_as_a_get_answers_it(api: Api, served: str) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.join(code, "Ann")
    async with (
        httpx.AsyncClient(base_url=served) as client,
        client.stream("GET", f"{api.prefix}/meetings/{code}/events") as response,
    ):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["x-accel-buffering"] == "no"
        stream = EventStream(response)
        event = await stream.next()
    assert event.event == "meeting"
    assert event.id == "2"
    assert event.retry is not None and event.retry > 0
    assert event.data == await get_body(api, code)
    assert json.loads(event.data or "")["participants"][0]["name"] == "Ann"


async def test_each_change_made_here_is_pushed_with_its_version(api: Api, served: str) -> None:
    code = (await api.meeting_with_range())["url_code"]
    async with open_events(served, api.backend, code) as stream:
        await assert_meeting_event(stream, api, code, 1)
        await api.set_text(code, "title", "Lunch on Friday")
        await assert_meeting_event(stream, api, code, 2)
        joined = await api.join(code, "Ann")
        await assert_meeting_event(stream, api, code, 3)
        day = joined["participant_dates"][0]["id"]
        await api.change_day("star", code, day, token=joined["participant_token"])
        await assert_meeting_event(stream, api, code, 4)


async def test_a_change_made_through_another_process_reaches_this_ones_streams(
    api: Api, elsewhere: Api, served: str, other: ServerProcess
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    async with here_and_there(served, other, api.backend, code) as (here, there):
        await elsewhere.set_text(code, "title", "changed there")
        await assert_meeting_event(here, api, code, 2)
        await assert_meeting_event(there, api, code, 2)
        await api.join(code, "Ann")
        await assert_meeting_event(there, elsewhere, code, 3)
        await assert_meeting_event(here, api, code, 3)


async def test_a_change_written_to_the_database_by_anything_else_is_pushed(
    api: Api, probe: DbProbe, served: str
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    async with open_events(served, api.backend, code) as stream:
        await stream.next_meeting()
        await probe.retitle_as_another_server(code, "changed behind our back")
        event = await stream.next_meeting()
    assert event.id == "2"
    assert json.loads(event.data or "")["title"] == "changed behind our back"


async def test_a_client_that_resumes_at_the_current_version_gets_only_newer_ones(
    api: Api, served: str
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.set_text(code, "title", "v2")
    async with open_events(served, api.backend, code, {"Last-Event-ID": "2"}) as stream:
        first = await stream.next()
        assert first.event is None and first.data is None  # a comment and the retry only
        assert first.retry is not None
        await api.set_text(code, "title", "v3")
        await assert_meeting_event(stream, api, code, 3)


@pytest.mark.parametrize("last_event_id", ["1", "99", "not a version"])
async def test_a_client_that_resumes_elsewhere_gets_the_current_state_first(
    api: Api, served: str, last_event_id: str
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.set_text(code, "title", "v2")
    async with open_events(served, api.backend, code, {"Last-Event-ID": last_event_id}) as stream:
        await assert_meeting_event(stream, api, code, 2)


@pytest.mark.parametrize("url_code", ["AAAAAAAAAAAAAAAA", "no such code!", "x" * 100])
async def test_an_unknown_meeting_is_404_before_any_stream(
    api: Api, served: str, url_code: str
) -> None:
    async with httpx.AsyncClient(base_url=served) as client:
        response = await client.get(f"{api.prefix}/meetings/{url_code}/events")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"detail": f"meeting with url_code: {url_code} not found"}


async def test_a_deleted_meeting_ends_its_streams(
    api: Api, probe: DbProbe, served: str, other: ServerProcess
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    async with here_and_there(served, other, api.backend, code) as (here, there):
        await probe.delete_as_another_server(code)
        for stream in (here, there):
            event = await stream.next_meeting()
            assert event.event == "deleted"
            assert json.loads(event.data or "") == {"url_code": code}
            assert await stream.ended()


async def test_deleting_a_meeting_through_the_api_ends_its_streams_everywhere(
    api: Api, app: FastAPI, served: str, other: ServerProcess
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    async with here_and_there(served, other, api.backend, code) as (here, there):
        assert (await api.delete_meeting(code)).status_code == 204
        for stream in (here, there):
            event = await stream.next_meeting()
            assert (event.event, json.loads(event.data or "")) == ("deleted", {"url_code": code})
            assert await stream.ended()
    hub = live_of(app).hubs[Backend(api.backend)]
    await _until(lambda: code not in hub.topics)


async def test_streams_that_open_together_read_their_meeting_once(
    api: Api, app: FastAPI, served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.set_text(code, "title", "kept by this process")
    reads = held_reads(app, api.backend, monkeypatch, 0.05)  # every stream asks meanwhile

    async with contextlib.AsyncExitStack() as streams:
        opened = await asyncio.gather(
            *(
                streams.enter_async_context(open_events(served, api.backend, code))
                for _ in range(20)
            )
        )
        firsts = await asyncio.gather(*(stream.next_meeting() for stream in opened))

    assert {(event.event, event.id) for event in firsts} == {("meeting", "2")}
    assert len(reads) == 1, reads


async def test_a_slow_reader_skips_to_the_latest_and_holds_back_no_one(
    api: Api, served: str
) -> None:
    """A client that stops reading gets big bodies queued until the connection is full;
    then it only ever gets the latest version, and the other streams go on meanwhile."""
    code = (await api.meeting_with_range("2026-12-01", "2027-01-31"))["url_code"]
    for number in range(40):
        await api.join(code, f"participant number {number:02} with a long enough name")
    body_bytes = len(await get_body(api, code))
    assert body_bytes > 150_000
    host, port = served.removeprefix("http://").split(":")
    stalled = socket.socket()
    stalled.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    stalled.connect((host, int(port)))
    stalled.sendall(
        f"GET {api.prefix}/meetings/{code}/events HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    )
    try:
        async with open_events(served, api.backend, code) as reader:
            await reader.next_meeting()
            changes = 60  # about 10 MB of events: more than the connection holds
            for number in range(changes):
                await api.set_text(code, "title", f"title {number}")
            final = 41 + changes
            seen = await reader.next_meeting()
            while seen.id != str(final):
                seen = await reader.next_meeting()
        received = await asyncio.to_thread(_read_until_version, stalled, final)
    finally:
        stalled.close()
    assert received == sorted(set(received)), "versions only grow"
    assert received[-1] == final
    assert len(received) < 1 + changes, "a stalled reader gets the latest, not every version"


def _read_until_version(sock: socket.socket, version: int) -> list[int]:
    """The `id:` of every event on a raw stream, up to the given one."""
    sock.settimeout(10)
    buffer = b""
    ids: list[int] = []
    while version not in ids:
        chunk = sock.recv(1 << 20)
        assert chunk, "the stream ended"
        buffer += chunk
        *lines, buffer = buffer.split(b"\n")
        ids += [int(line[4:]) for line in lines if line.startswith(b"id: ")]
    return ids


async def test_a_closed_stream_frees_what_it_held(api: Api, app: FastAPI, served: str) -> None:
    live = live_of(app)
    hub = next(hub for backend, hub in live.hubs.items() if backend == api.backend)
    code = (await api.meeting_with_range())["url_code"]
    before = live.slots.in_use
    async with open_events(served, api.backend, code) as one:
        await one.next_meeting()
        async with open_events(served, api.backend, code) as two:
            await two.next_meeting()
            assert live.slots.in_use == before + 2
            assert hub.topics[code].watchers == 2  # one topic, shared by both streams
        await _until(lambda: live.slots.in_use == before + 1)
        assert hub.topics[code].watchers == 1
        await api.set_text(code, "title", "still streaming")
        await assert_meeting_event(one, api, code, 2)
    await _until(lambda: live.slots.in_use == before and code not in hub.topics)


async def _until(condition: object, within: float = 3) -> None:
    assert callable(condition)
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        await asyncio.sleep(0.02)


async def test_streams_past_the_limit_are_refused_until_one_closes(
    api: Api, other: ServerProcess
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    async with httpx.AsyncClient(base_url=other.url, timeout=None) as client:
        path = f"{api.prefix}/meetings/{code}/events"
        streams = [client.stream("GET", path) for _ in range(OTHER_MAX_STREAMS)]
        opened = [await stream.__aenter__() for stream in streams]
        try:
            assert all(response.status_code == 200 for response in opened)
            refused = await client.get(path)
            assert refused.status_code == 503
            assert int(refused.headers["retry-after"]) > 0
            assert "event streams" in refused.json()["detail"]
            await streams.pop().__aexit__(None, None, None)
            await _until_answered(client, path)
        finally:
            for stream in streams:
                await stream.__aexit__(None, None, None)


async def _until_answered(client: httpx.AsyncClient, path: str) -> None:
    deadline = time.monotonic() + 3
    while True:
        async with client.stream("GET", path) as response:
            if response.status_code == 200:
                return
            assert response.status_code == 503
        assert time.monotonic() < deadline, "the closed stream's slot was not freed"
        await asyncio.sleep(0.05)


async def test_an_idle_stream_gets_comments_that_keep_proxies_from_closing_it(
    api: Api, served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A keep-alive comment comes after 15 s without an event; not in a test.
    monkeypatch.setattr("app.live.wire.PING_SECONDS", 0.2)
    code = (await api.meeting_with_range())["url_code"]
    async with open_events(served, api.backend, code) as stream:
        await stream.next_meeting()
        idle = await stream.next(within=2)
    assert idle.event is None and idle.comments


async def test_stopping_the_server_ends_its_streams_at_once(api: Api, settings: Settings) -> None:
    server = start_server_process(settings)
    try:
        async with httpx.AsyncClient(base_url=server.url) as client:
            created: Json = (await client.post(f"{api.prefix}/meetings")).json()
        async with open_events(server.url, api.backend, created["url_code"]) as stream:
            await stream.next_meeting()
            server.process.terminate()
            # Without a hook on the signal, uvicorn would wait for the stream for ever.
            assert await stream.ended(within=1)
        await asyncio.to_thread(server.process.wait, 10)
    finally:
        if server.process.poll() is None:
            server.process.kill()


async def test_a_meeting_read_afresh_is_byte_for_byte_the_body_a_change_answered(
    api: Api, elsewhere: Api
) -> None:
    """Another process reads the database's own document of the state; this one rendered the
    validated state after its change: both bodies must be the same bytes."""
    code = (await api.meeting_with_range("2026-12-30", "2027-01-02"))["url_code"]
    # Quotes, backslashes, slashes, non-ASCII, a line separator and a zero-width joiner: each
    # written by the database's JSON quoting on one side and by pydantic on the other.
    await api.set_text(code, "location", 'Café "Zoë" </script> \\ 東京 🎉 \u2028 👩\u200d💻')
    for name in ("Ann", 'Émile "東" \\', "Bob/Ü"):
        joined = await api.join(code, name)
        token = joined["participant_token"]
        days = joined["participant_dates"]
        await api.change_day("star", code, days[1]["id"], token=token)
        await api.change_day("off", code, days[2]["id"], token=token)
    await elsewhere.set_text(code, "title", "Team lunch")  # nothing kept there is current
    changed = await api.raw(
        "PATCH", f"/meetings/{code}/title", json={"title": "Tëam lunch"}, headers=api.bearer(code)
    )
    read_afresh = await elsewhere.raw("GET", f"/meetings/{code}")
    assert read_afresh.content == changed.content
    assert read_afresh.headers["etag"] == changed.headers["etag"]
    assert changed.json()["best_dates"] == ["2026-12-31", "2026-12-30", "2027-01-02"]
