"""Many clients using one meeting at once: every change lands and counts exactly once, and
reads asked for together are made once, after every one of them asked."""

import asyncio

import pytest
from fastapi import FastAPI

from app.meetings.router import Backend
from tests.api import Api, Json, day, stored_view
from tests.held_reads import held_reads
from tests.probes import DbProbe


async def test_concurrent_changes_all_land(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-30"))["url_code"]
    await api.join(code, "Ann")
    start = (await api.join(code, "Bob"))["meeting"]
    dates = [f"2026-12-{n:02d}" for n in range(1, 21)]

    async def ann_off(date: str) -> None:
        meeting = await api.change_day("off", code, day(start, "Ann", date)["id"])
        assert day(meeting, "Ann", date)["enabled"] is False  # its own change is in its answer

    async def bob_star(date: str) -> None:
        meeting = await api.change_day("star", code, day(start, "Bob", date)["id"])
        assert day(meeting, "Bob", date)["starred"] is True

    async def join(name: str) -> None:
        joined = await api.join(code, name)
        assert name in [p["name"] for p in joined["meeting"]["participants"]]

    async def grow_range() -> None:
        meeting = await api.set_range(code, "2026-12-01", "2026-12-31")
        assert meeting["end_date"] == "2026-12-31"

    changes = [
        *(ann_off(date) for date in dates),
        *(bob_star(date) for date in dates[:10]),
        *(join(f"Guest {n}") for n in range(8)),
        grow_range(),
    ]
    await asyncio.gather(*changes)

    final: Json = await api.get_meeting(code)
    assert final["version"] == start["version"] + len(changes)
    assert len(final["participants"]) == 10
    for participant in final["participants"]:
        assert len(participant["dates"]) == 31  # joined before or after the range grew
    assert all(day(final, "Ann", date)["enabled"] is False for date in dates)
    assert all(day(final, "Bob", date)["starred"] is True for date in dates[:10])
    assert await probe.stored(code) == stored_view(final)


async def test_concurrent_joins_with_one_name_admit_exactly_one(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]

    responses = await asyncio.gather(
        *(
            api.raw(
                "POST",
                "/participants",
                json={"meeting_url_code": code, "name": f"ann{'' if n % 2 else ' '}"},
            )
            for n in range(12)
        ),
        *(
            api.raw("POST", "/participants", json={"meeting_url_code": code, "name": "ANN"})
            for _ in range(8)
        ),
    )

    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [409] * 19
    stored = await probe.stored(code)
    assert stored is not None
    assert len(stored["participants"]) == 1 and stored["version"] == 2


async def test_concurrent_changes_of_one_day_each_count_once(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    start = (await api.join(code, "Ann"))["meeting"]
    date_id = day(start, "Ann", "2026-12-02")["id"]
    actions = ["off", "star", "on", "unstar", "star", "off"] * 4

    answers = await asyncio.gather(*(api.change_day(action, code, date_id) for action in actions))

    final = await api.get_meeting(code)
    assert final["version"] == start["version"] + len(actions)
    flags = day(final, "Ann", "2026-12-02")
    assert flags["enabled"] or not flags["starred"]  # a star is always on an available day
    assert all(answer["version"] > start["version"] for answer in answers)
    assert await probe.stored(code) == stored_view(final)


async def test_concurrent_changes_to_unknown_days_fail_alone(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-10"))["url_code"]
    await api.join(code, "Gone")
    start = (await api.join(code, "Ann"))["meeting"]
    gone = next(p for p in start["participants"] if p["name"] == "Gone")
    start = await api.remove(code, gone["id"])
    known = [d["id"] for d in start["participants"][0]["dates"]]
    unknown = [d["id"] for d in gone["dates"]]

    responses = await asyncio.gather(
        *(
            api.raw(
                "PATCH",
                "/participant_dates/off",
                json={"participant_date_id": date_id, "meeting_url_code": code},
                headers=api.bearer(code),
            )
            for pair in zip(known, unknown, strict=True)
            for date_id in pair
        )
    )

    statuses = [response.status_code for response in responses]
    assert statuses == [200, 404] * len(known)
    final = await api.get_meeting(code)
    assert final["version"] == start["version"] + len(known)
    assert not any(d["enabled"] for d in final["participants"][0]["dates"])
    assert await probe.stored(code) == stored_view(final)


async def test_concurrent_joins_across_meetings_each_get_their_own_answer(
    api: Api, probe: DbProbe
) -> None:
    codes = [(await api.meeting_with_range())["url_code"] for _ in range(3)]
    no_range = (await api.create_meeting())["url_code"]
    await api.join(codes[0], "Taken")
    requests = [
        *((code, f"Guest {n}") for code in codes for n in range(4)),
        (codes[0], "taken"),
        ("unknownMeeting1", "Nobody"),
        (no_range, "Early"),
    ]

    responses = await asyncio.gather(
        *(
            api.raw("POST", "/participants", json={"meeting_url_code": code, "name": name})
            for code, name in requests
        )
    )

    assert [r.status_code for r in responses] == [200] * 12 + [409, 404, 400]
    for (code, name), response in zip(requests[:12], responses, strict=False):
        joined = response.json()
        assert joined["meeting"]["url_code"] == code
        mine = next(p for p in joined["meeting"]["participants"] if p["name"] == name)
        assert mine["id"] == joined["participant_id"]
        assert [d["id"] for d in mine["dates"]] == [d["id"] for d in joined["participant_dates"]]
    for code, extra in zip(codes, [1, 0, 0], strict=True):
        final = await api.get_meeting(code)
        assert len(final["participants"]) == 4 + extra
        assert final["version"] == 1 + 4 + extra
        assert await probe.stored(code) == stored_view(final)


async def test_gets_that_come_together_share_a_read_made_after_they_asked(
    api: Api, probe: DbProbe, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.set_text(code, "title", "kept by this process")
    reads = held_reads(app, api.backend, monkeypatch, 0.3)  # answered after the others ask

    first = asyncio.ensure_future(api.get_meeting(code))
    await asyncio.sleep(0.05)  # its read is under way, and has read
    await probe.retitle_as_another_server(code, "changed meanwhile")
    together = await asyncio.gather(*(api.get_meeting(code) for _ in range(20)))

    assert (await first)["title"] == "kept by this process"
    # None of them got the read under way, which began before the change committed.
    assert {meeting["title"] for meeting in together} == {"changed meanwhile"}
    # The first GET's look at the log; then for all twenty at once, the log, which lacks the
    # change made without it, and the state.
    assert reads == ["changes_since", "changes_since", "read_state_body"]
    assert not app.state.backends.services[Backend(api.backend)].reads
