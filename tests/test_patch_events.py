"""GET …/events?patches=true: the meeting first, then each version as an RFC 6902 JSON Patch from
the one before, which a JSON Patch library applies to give exactly what a GET answers."""

import json
from typing import Any

import jsonpatch

from tests.api import Api, Json, day
from tests.live import EventStream, ServerProcess, open_events

PATCHES = "?patches=true"


async def current(api: Api, url_code: str) -> Any:
    response = await api.raw("GET", f"/meetings/{url_code}")
    assert response.status_code == 200
    return json.loads(response.content)


async def patched(stream: EventStream, api: Api, url_code: str, held: Any, version: int) -> Any:
    """The next event is a patch to `version` that turns `held` into what a GET answers now."""
    event = await stream.next_meeting()
    assert (event.event, event.id) == ("patch", str(version)), event
    patch = json.loads(event.data or "")
    assert isinstance(patch, list) and patch
    after = jsonpatch.apply_patch(held, patch)
    assert after == await current(api, url_code)
    return after


async def test_every_kind_of_change_comes_as_a_patch_that_makes_the_next_version(
    api: Api, served: str
) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-07"))["url_code"]
    ann = await api.join(code, "Ann")
    async with open_events(served, api.backend, code, query=PATCHES) as stream:
        first = await stream.next_meeting()
        assert (first.event, first.id) == ("meeting", "2")
        held = json.loads(first.data or "")
        version = 2

        async def then(change: Any) -> Json:
            nonlocal held, version
            answer: Json = await change
            version += 1
            held = await patched(stream, api, code, held, version)
            return answer

        bob = await then(api.join(code, "Bob"))
        await then(api.set_text(code, "title", 'Lunch "at last"'))
        await then(api.set_text(code, "location", "Café"))
        await then(api.change_day("star", code, day(bob["meeting"], "Ann", "2026-12-03")["id"]))
        await then(api.change_day("off", code, day(bob["meeting"], "Bob", "2026-12-03")["id"]))
        await then(api.set_final_date(code, "2026-12-03"))
        await then(api.rename(code, ann["participant_id"], "Anna"))
        await then(api.set_range(code, "2026-12-02", "2026-12-06"))  # fewer days
        await then(api.set_range(code, "2026-12-01", "2026-12-09", ["mon", "fri"]))  # new days
        await then(api.remove(code, ann["participant_id"]))
        await then(api.join(code, "Cid"))


async def test_a_day_change_to_a_big_meeting_is_a_small_patch(api: Api, served: str) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2027-01-31"))["url_code"]
    for n in range(30):
        meeting = (await api.join(code, f"participant {n:02}"))["meeting"]
    async with open_events(served, api.backend, code, query=PATCHES) as stream:
        held = json.loads((await stream.next_meeting()).data or "")
        assert len(json.dumps(held)) > 100_000
        days = [day(meeting, "participant 17", f"2026-12-{n:02}")["id"] for n in (10, 11, 12)]
        for n, date_id in enumerate(days):
            await api.change_day("off", code, date_id)
            event = await stream.next_meeting()
            assert event.event == "patch" and len(event.data or "") < 1000
            held = jsonpatch.apply_patch(held, json.loads(event.data or ""))
            assert held["version"] == meeting["version"] + n + 1
    assert held == await current(api, code)


async def test_changes_made_through_another_process_come_as_patches_too(
    api: Api, elsewhere: Api, served: str, other: ServerProcess
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    async with (
        open_events(served, api.backend, code, query=PATCHES) as here,
        open_events(other.url, api.backend, code, query=PATCHES) as there,
    ):
        held_here = json.loads((await here.next_meeting()).data or "")
        held_there = json.loads((await there.next_meeting()).data or "")
        await elsewhere.change_day("off", code, ann["participant_dates"][0]["id"])
        held_here = await patched(here, api, code, held_here, 3)
        held_there = await patched(there, api, code, held_there, 3)
        await api.rename(code, ann["participant_id"], "Anna")
        await patched(here, api, code, held_here, 4)
        await patched(there, api, code, held_there, 4)


async def test_a_client_that_resumes_from_a_version_held_gets_a_patch_from_it(
    api: Api, served: str
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    async with open_events(served, api.backend, code, query=PATCHES) as stream:
        seen = await stream.next_meeting()
    held = json.loads(seen.data or "")
    await api.set_text(code, "title", "while away")
    await api.join(code, "Ann")

    resumed = {"Last-Event-ID": seen.id or ""}
    async with open_events(served, api.backend, code, resumed, PATCHES) as stream:
        held = await patched(stream, api, code, held, 3)
        await api.set_text(code, "location", "back")
        await patched(stream, api, code, held, 4)


async def test_a_client_that_resumes_from_a_version_not_held_gets_the_meeting(
    api: Api, elsewhere: Api, served: str
) -> None:
    """This process never held version 1 of a meeting made and changed through the other."""
    code = (await elsewhere.meeting_with_range())["url_code"]
    await elsewhere.set_text(code, "title", "v2")

    resumed = {"Last-Event-ID": "1"}
    async with open_events(served, api.backend, code, resumed, PATCHES) as stream:
        event = await stream.next_meeting()
        assert (event.event, event.id) == ("meeting", "2")
        assert json.loads(event.data or "") == await current(api, code)


async def test_a_client_that_resumes_at_the_current_version_gets_patches_from_it(
    api: Api, served: str
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    held = await current(api, code)
    async with open_events(served, api.backend, code, {"Last-Event-ID": "1"}, PATCHES) as stream:
        first = await stream.next()
        assert first.event is None and first.comments  # nothing new yet
        await api.set_text(code, "title", "now")
        await patched(stream, api, code, held, 2)


async def test_a_stream_without_patches_still_sends_the_whole_meeting(
    api: Api, served: str
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    async with open_events(served, api.backend, code) as stream:
        await stream.next_meeting()
        await api.set_text(code, "title", "whole")
        event = await stream.next_meeting()
        assert event.event == "meeting"
        assert json.loads(event.data or "") == await current(api, code)
