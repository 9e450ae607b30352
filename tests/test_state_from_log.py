"""A process brings what it holds of a meeting up to date from the change log, and every answer
is byte for byte the body a fresh full read gives: random changes, one at a time and many at
once, through this test's app and through a second server process on the same database."""

import asyncio
import random

import httpx
import orjson
import pytest
from fastapi import FastAPI

from app.changes.document import MeetingDocument
from app.meetings.rendering import has_times, render_body
from app.meetings.router import Backend
from tests.api import Api, Json
from tests.held_reads import held_reads

JOINED_MEETING = b',"meeting":'
DAYS = [f"2026-12-{n:02d}" for n in range(1, 32)]


async def fresh_body(app: FastAPI, backend: str, url_code: str) -> bytes:
    """The body of a full read of the meeting now, past anything a process holds."""
    store = app.state.backends.services[Backend(backend)].store
    state = (await store.read_state_body(url_code)).body
    return MeetingDocument.parse(state).render() if has_times(state) else render_body(state)


def meeting_bytes(response: httpx.Response) -> bytes:
    """The meeting a change answered with: the body, or a join's `meeting`, its last key."""
    content = response.content
    if b'"participant_token":' in content:
        return content[content.index(JOINED_MEETING) + len(JOINED_MEETING) : -1]
    return content


class RandomChanges:
    """Changes of every kind, to one meeting, through either process, as the organiser or as
    a participant; each picked from the meeting as last read."""

    def __init__(self, seed: int, through: list[Api], url_code: str) -> None:
        self.rng = random.Random(seed)
        self.through = through
        self.code = url_code
        self.tokens: dict[object, str] = {}  # participant id: token
        # participant id: the ids of their days, kept while the meeting has times (and hides
        # them), so that day actions there are tried too (409).
        self.days: dict[object, list[object]] = {}
        self.names = 0

    def request(self, meeting: Json) -> tuple[Api, str, str, object, dict[str, str]]:
        """(api, method, path, body, headers) of one random change."""
        rng, code = self.rng, self.code
        api = rng.choice(self.through)
        headers = api.bearer(code)
        if rng.random() < 0.2:
            headers["Prefer"] = "return=minimal"
        people = meeting["participants"]
        kinds = ["title", "location", "final_date", "date_range", "join", "times", "final_time"]
        if people:
            kinds += ["rename", "remove"] + ["day"] * 3 + ["paint"] * 3
        kind = rng.choice(kinds)
        if kind == "times":
            if rng.random() < 0.3:
                return api, "DELETE", f"/meetings/{code}/times", None, headers
            return api, "PUT", f"/meetings/{code}/times", self.grid(), headers
        if kind == "final_time":
            slots = meeting["times"]["slots"] if meeting["times"] else ["2026-12-01T09:00:00Z"]
            start = rng.choice([*slots, None])
            return api, "PUT", f"/meetings/{code}/final_time", {"start": start}, headers
        if kind in ("title", "location"):
            return (
                api,
                "PATCH",
                f"/meetings/{code}/{kind}",
                {kind: f"{kind} {rng.random()}"},
                headers,
            )
        if kind == "final_date":
            dates = [d["date"] for d in people[0]["dates"]] if people else []
            date = rng.choice([*dates, None])
            return api, "PUT", f"/meetings/{code}/final_date", {"date": date}, headers
        if kind == "date_range":
            start = rng.randrange(0, 10)
            end = rng.randrange(start + 6, 31)  # a week: any five weekdays have days in it
            weekdays = rng.sample(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], 5)
            body = {"start_date": DAYS[start], "end_date": DAYS[end], "weekdays": weekdays}
            if rng.random() < 0.5:
                body.pop("weekdays")
            return api, "PATCH", f"/meetings/{code}/date_range", body, headers
        if kind == "join":
            self.names += 1
            return (
                api,
                "POST",
                "/participants",
                {"meeting_url_code": code, "name": f"P{self.names}"},
                {},
            )
        person = rng.choice(people)
        if person["id"] in self.tokens and rng.random() < 0.5:
            headers["Authorization"] = f"Bearer {self.tokens[person['id']]}"
        if kind == "rename":
            self.names += 1
            path = f"/meetings/{code}/participants/{person['id']}"
            return api, "PATCH", path, {"name": f"R{self.names}"}, headers
        if kind == "remove":
            return api, "DELETE", f"/meetings/{code}/participants/{person['id']}", None, headers
        if kind == "paint":
            path = f"/meetings/{code}/participants/{person['id']}/availability"
            return api, "PATCH", path, self.strokes(meeting), headers
        if person["dates"]:
            self.days[person["id"]] = [day["id"] for day in person["dates"]]
        known = self.days.get(person["id"])
        if not known:  # joined while the meeting had times: no day of theirs is known
            path = f"/meetings/{code}/participants/{person['id']}/availability"
            return api, "PATCH", path, self.strokes(meeting), headers
        action = rng.choice(["on", "off", "star", "unstar"])
        date_id = rng.choice(known)
        changed: Json = {"participant_date_id": date_id, "meeting_url_code": code}
        return api, "PATCH", f"/participant_dates/{action}", changed, headers

    def grid(self) -> Json:
        rng = self.rng
        slot = rng.choice([15, 30, 60])
        start = rng.randrange(0, 20) * 60 + rng.choice([0, 30])
        end = min(1440, start + rng.randrange(1, 8) * slot)
        return {
            "time_zone": rng.choice(["Europe/Berlin", "Asia/Kolkata", "America/New_York"]),
            "from": f"{start // 60:02d}:{start % 60:02d}",
            "to": f"{end // 60:02d}:{end % 60:02d}",
            "slot_minutes": slot,
            "duration_minutes": slot * rng.randrange(1, max(2, (end - start) // slot + 1)),
        }

    def strokes(self, meeting: Json) -> Json:
        """Ranges over the meeting's slots (a days-only meeting: somewhere in December)."""
        rng = self.rng
        slots = meeting["times"]["slots"] if meeting["times"] else ["2026-12-01T09:00:00Z"]
        ranges = []
        for _ in range(rng.randrange(1, 4)):
            a, b = sorted(rng.choice(slots) for _ in range(2))
            state = rng.choice(["yes", "if_need_be", "no"])
            ranges.append(
                {
                    "start": a,
                    "end": b if rng.random() < 0.7 else "2027-01-01T00:00:00Z",
                    "state": state,
                }
            )
        return {"ranges": ranges}

    async def send(self, meeting: Json) -> httpx.Response:
        api, method, path, body, headers = self.request(meeting)
        response = await api.raw(method, path, json=body, headers=headers)
        if response.status_code == 200 and b'"participant_token":' in response.content:
            joined = orjson.loads(response.content)
            self.tokens[joined["participant_id"]] = joined["participant_token"]
        return response


async def a_meeting(api: Api) -> str:
    code: str = (await api.meeting_with_range("2026-12-01", "2026-12-14"))["url_code"]
    for name in ("Ann", "Bob", "Cid"):
        await api.join(code, name)
    return code


async def gets(through: list[Api], code: str) -> list[bytes]:
    return [(await api.raw("GET", f"/meetings/{code}")).content for api in through]


async def test_one_change_at_a_time_through_either_process_answers_a_fresh_read(
    api: Api, elsewhere: Api, app: FastAPI
) -> None:
    code = await a_meeting(api)
    through = [api, elsewhere]
    changes = RandomChanges(23, through, code)
    fresh = await fresh_body(app, api.backend, code)

    for step in range(150):
        meeting = orjson.loads(fresh)
        response = await changes.send(meeting)
        # Days on a meeting with times, times on one without: 409; a final time that starts
        # no window: 422; a day that a range change dropped while the meeting had times (and
        # hid its days): 404.
        refused = {409, 422} | ({404} if meeting["times"] else set())
        assert response.status_code in {200, 204} | refused, (step, response.text)
        if response.status_code in refused:
            continue
        fresh = await fresh_body(app, api.backend, code)
        if response.status_code == 200:
            assert meeting_bytes(response) == fresh, step
        else:
            assert response.headers["ETag"] == f'"{orjson.loads(fresh)["version"]}"'
        # Both processes read it now: each brings what it holds up from the log.
        assert await gets(through, code) == [fresh, fresh], step


async def test_many_changes_at_once_through_both_processes_leave_every_read_fresh(
    api: Api, elsewhere: Api, app: FastAPI
) -> None:
    code = await a_meeting(api)
    through = [api, elsewhere]
    changes = RandomChanges(42, through, code)

    for burst in range(12):
        meeting = orjson.loads(await fresh_body(app, api.backend, code))
        responses = await asyncio.gather(*(changes.send(meeting) for _ in range(10)))
        # Some pick what another of the burst removed first, or a final date that a new range
        # of the burst left out: refused.
        # Times changes on a meeting that has none (or days on one that has) answer 409. A
        # participant's own token, once another change of the burst removed them: 403.
        assert {r.status_code for r in responses} <= {200, 204, 403, 404, 409, 422}, burst
        fresh = await fresh_body(app, api.backend, code)
        for response in responses:
            if response.status_code == 200:
                version = orjson.loads(meeting_bytes(response))["version"]
                assert version <= orjson.loads(fresh)["version"]
        assert await gets(through, code) == [fresh, fresh], burst


async def test_a_process_that_holds_a_meeting_reads_only_the_log_after_another_changed_it(
    api: Api, elsewhere: Api, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = await a_meeting(api)
    meeting = await api.get_meeting(code)
    reads = held_reads(app, api.backend, monkeypatch, 0)
    ann = meeting["participants"][0]

    await elsewhere.change_day("off", code, ann["dates"][3]["id"])
    await elsewhere.rename(code, ann["id"], "Anna")
    await elsewhere.join(code, "Dee")
    now = await api.get_meeting(code)

    assert reads == ["changes_since"]  # never the whole state
    assert now["version"] == meeting["version"] + 3
    assert (await api.raw("GET", f"/meetings/{code}")).content == await fresh_body(
        app, api.backend, code
    )


async def test_a_process_that_fell_too_far_behind_reads_the_meeting_whole(
    api: Api, elsewhere: Api, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = await a_meeting(api)
    await api.get_meeting(code)
    monkeypatch.setattr("app.meetings.service.CATCH_UP_ENTRIES", 3)
    for n in range(4):
        await elsewhere.set_text(code, "title", f"t{n}")
    reads = held_reads(app, api.backend, monkeypatch, 0)

    body = (await api.raw("GET", f"/meetings/{code}")).content

    assert reads == ["changes_since", "read_state_body"]
    assert body == await fresh_body(app, api.backend, code)
