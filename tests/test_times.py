"""Times, not just days: a meeting's slot grid in its time zone, answers per slot, best times
and a final time, on both backends, with the database checked after each change."""

import asyncio
import datetime as dt
from typing import Any

import pytest

from tests.api import Api, Json, stored_view
from tests.probes import DbProbe
from tests.test_lifecycle import parsed_event

# 09:00 to 12:00 in Berlin, 30-minute slots, an hour long: 6 slots a day.
BERLIN = {
    "time_zone": "Europe/Berlin",
    "from": "09:00",
    "to": "12:00",
    "slot_minutes": 30,
    "duration_minutes": 60,
}


def person(meeting: Json, name: str) -> Json:
    found: Json = next(p for p in meeting["participants"] if p["name"] == name)
    return found


def by_id(meeting: Json, participant_id: object) -> Json:
    found: Json = next(p for p in meeting["participants"] if p["id"] == participant_id)
    return found


async def timed_meeting(
    api: Api, start: str = "2027-03-27", end: str = "2027-03-28", grid: Json = BERLIN
) -> tuple[str, Json]:
    code = (await api.meeting_with_range(start, end))["url_code"]
    return code, await api.set_times(code, grid)


async def check_stored(probe: DbProbe, api: Api, code: str) -> Json:
    meeting = await api.get_meeting(code)
    assert await probe.stored(code) == stored_view(meeting)
    return meeting


async def test_a_grid_gives_every_day_its_slots_as_utc_instants(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range("2027-03-27", "2027-03-28"))["url_code"]
    ann = await api.join(code, "Ann")
    assert ann["participant_dates"]

    timed = await api.set_times(code, BERLIN)

    # 27 March is on CET (+01:00), 28 March on CEST (+02:00): the same wall times, an hour
    # apart in UTC.
    assert timed["times"] == {
        **BERLIN,
        "slots": [
            "2027-03-27T08:00:00Z", "2027-03-27T08:30:00Z", "2027-03-27T09:00:00Z",
            "2027-03-27T09:30:00Z", "2027-03-27T10:00:00Z", "2027-03-27T10:30:00Z",
            "2027-03-28T07:00:00Z", "2027-03-28T07:30:00Z", "2027-03-28T08:00:00Z",
            "2027-03-28T08:30:00Z", "2027-03-28T09:00:00Z", "2027-03-28T09:30:00Z",
        ],
    }  # fmt: skip
    assert person(timed, "Ann") == {
        "id": ann["participant_id"],
        "name": "Ann",
        "dates": [],
        "availability": "0" * 12,
    }
    assert (timed["best_dates"], timed["best_times"], timed["final_time"]) == ([], [], None)
    assert await check_stored(probe, api, code) == timed

    # Whoever joins now has answers per slot, and no days to mark.
    bob = await api.join(code, "Bob")
    assert bob["participant_dates"] == []
    assert person(bob["meeting"], "Bob")["availability"] == "0" * 12
    await check_stored(probe, api, code)


async def test_a_days_only_meeting_has_no_times(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    meeting = (await api.join(code, "Ann"))["meeting"]
    assert (meeting["times"], meeting["final_time"], meeting["best_times"]) == (None, None, [])
    assert person(meeting, "Ann")["availability"] is None
    assert person(meeting, "Ann")["dates"]


async def test_the_night_the_clocks_go_forward_has_no_skipped_slots(api: Api) -> None:
    night = {**BERLIN, "from": "01:00", "to": "04:00"}
    _, timed = await timed_meeting(api, "2027-03-28", "2027-03-28", night)
    # 02:00 and 02:30 do not exist that night in Berlin.
    assert timed["times"]["slots"] == [
        "2027-03-28T00:00:00Z", "2027-03-28T00:30:00Z",
        "2027-03-28T01:00:00Z", "2027-03-28T01:30:00Z",
    ]  # fmt: skip


async def test_painting_sets_the_slots_of_each_range_and_later_ranges_win(
    api: Api, probe: DbProbe
) -> None:
    code, _ = await timed_meeting(api)
    ann = await api.join(code, "Ann")
    ann_id, ann_token = ann["participant_id"], ann["participant_token"]

    # One range per day, in any offset; the second day's range is overwritten in part.
    painted = await api.paint(
        code,
        ann_id,
        ("2027-03-27T09:00:00+01:00", "2027-03-27T10:30:00+01:00", "yes"),
        ("2027-03-28T07:00:00Z", "2027-03-28T09:00:00Z", "if_need_be"),
        ("2027-03-28T09:30:00+02:00", "2027-03-28T10:00:00+02:00", "yes"),
        token=ann_token,
    )

    assert person(painted, "Ann")["availability"] == "222000" + "1211" + "00"
    assert await check_stored(probe, api, code) == painted
    # No token: 401; another participant's: 403; the organiser's: fine.
    bob = await api.join(code, "Bob")
    window = ("2027-03-27T08:00:00Z", "2027-03-27T09:00:00Z", "no")
    await api.paint(code, ann_id, window, token=None, expect=401)
    await api.paint(code, ann_id, window, token=bob["participant_token"], expect=403)
    by_organiser = await api.paint(code, ann_id, window)
    assert person(by_organiser, "Ann")["availability"] == "002000" + "1211" + "00"
    await check_stored(probe, api, code)


async def test_paintings_of_one_participant_at_once_all_land(
    api: Api, elsewhere: Api, probe: DbProbe
) -> None:
    """Two tabs painting one person's answers through two processes: each painting is written
    over the answers as they are then, none undoes another and none is refused."""
    code, _ = await timed_meeting(api)
    ann_id = (await api.join(code, "Ann"))["participant_id"]
    await elsewhere.get_meeting(code)
    slots = [f"2027-03-27T{hour:02d}:{minute:02d}:00Z" for hour in (8, 9, 10) for minute in (0, 30)]
    states = ["yes", "if_need_be", "yes", "if_need_be", "yes", "if_need_be"]

    await asyncio.gather(
        *(
            (api, elsewhere)[n % 2].paint(
                code, ann_id, (slots[n], slots[n + 1] if n < 5 else "2027-03-27T11:00:00Z", state)
            )
            for n, state in enumerate(states)
        )
    )

    meeting = await check_stored(probe, api, code)
    assert person(meeting, "Ann")["availability"] == "212121" + "000000"
    assert [e["kind"] for e in (await api.call("GET", f"/meetings/{code}/changes"))["changes"]][
        -6:
    ] == ["availability"] * 6


async def test_paintings_of_several_participants_at_once_land_and_a_refused_one_alone(
    api: Api, probe: DbProbe
) -> None:
    """Paintings that arrive together (EdgeDB writes those that queue up in one query): each
    lands and is logged at a version of its own; one for a participant who left is refused
    without taking the others with it."""
    code, _ = await timed_meeting(api)
    ids = [(await api.join(code, name))["participant_id"] for name in ("Ann", "Bob", "Cy")]
    gone = (await api.join(code, "Dee"))["participant_id"]
    await api.remove(code, gone)
    day = [f"2027-03-28T{hour:02d}:{minute:02d}:00Z" for hour in (7, 8, 9) for minute in (0, 30)]
    # Each participant gets two paintings, side by side.
    paintings = [(pid, (day[0], day[2], "if_need_be"), (day[2], day[4], "yes")) for pid in ids]

    answered = await asyncio.gather(
        api.paint(code, gone, (day[0], day[2], "yes"), expect=404),
        *(api.paint(code, pid, first) for pid, first, _ in paintings),
        *(api.paint(code, pid, second) for pid, _, second in paintings),
    )

    # Each answer is the meeting after its own painting, or later.
    for (pid, _, _), first, second in zip(paintings, answered[1:4], answered[4:], strict=True):
        assert by_id(first, pid)["availability"][6:8] == "11"
        assert by_id(second, pid)["availability"][8:10] == "22"
    meeting = await check_stored(probe, api, code)
    assert [p["availability"] for p in meeting["participants"]] == ["000000" + "112200"] * 3
    log = (await api.call("GET", f"/meetings/{code}/changes"))["changes"]
    assert [e["kind"] for e in log[-6:]] == ["availability"] * 6
    assert [e["version"] for e in log[-6:]] == list(
        range(meeting["version"] - 5, meeting["version"] + 1)
    )


async def test_best_times_rank_yes_then_if_need_be_then_earliest(api: Api) -> None:
    code, _ = await timed_meeting(api)
    ids = {}
    for name in ("Ann", "Bob", "Cid"):
        ids[name] = (await api.join(code, name))["participant_id"]
    day_one = ("2027-03-27T08:00:00Z", "2027-03-27T11:00:00Z")
    await api.paint(code, ids["Ann"], (*day_one, "yes"))
    await api.paint(code, ids["Bob"], ("2027-03-27T09:00:00Z", "2027-03-27T11:00:00Z", "yes"))
    await api.paint(code, ids["Cid"], (*day_one, "if_need_be"))
    meeting = await api.paint(
        code, ids["Cid"], ("2027-03-28T07:00:00Z", "2027-03-28T08:00:00Z", "yes")
    )

    assert meeting["best_times"] == [
        # Ann and Bob say yes from 10:00 (09:00Z) on the 27th; Cid can come.
        {
            "start": "2027-03-27T09:00:00Z",
            "end": "2027-03-27T10:00:00Z",
            "yes": [ids["Ann"], ids["Bob"]],
            "if_need_be": [ids["Cid"]],
        },
        {
            "start": "2027-03-27T09:30:00Z",
            "end": "2027-03-27T10:30:00Z",
            "yes": [ids["Ann"], ids["Bob"]],
            "if_need_be": [ids["Cid"]],
        },
        {
            "start": "2027-03-27T10:00:00Z",
            "end": "2027-03-27T11:00:00Z",
            "yes": [ids["Ann"], ids["Bob"]],
            "if_need_be": [ids["Cid"]],
        },
    ]


async def test_changing_the_grid_keeps_answers_at_the_same_instants(
    api: Api, probe: DbProbe
) -> None:
    code, _ = await timed_meeting(api, "2027-03-27", "2027-03-27")
    ann_id = (await api.join(code, "Ann"))["participant_id"]
    await api.paint(code, ann_id, ("2027-03-27T08:00:00Z", "2027-03-27T11:00:00Z", "yes"))
    await api.set_final_time(code, "2027-03-27T10:00:00Z")

    # From 10:30 to 13:30: 10:30 to 11:30 were answered; the rest starts at "no". The final
    # time (11:00 Berlin) still starts a window.
    moved = await api.set_times(code, {**BERLIN, "from": "10:30", "to": "13:30"})
    assert person(moved, "Ann")["availability"] == "222000"
    assert moved["final_time"] == {"start": "2027-03-27T10:00:00Z", "end": "2027-03-27T11:00:00Z"}
    await check_stored(probe, api, code)

    # London is an hour behind: its 09:30 is Berlin's 10:30; 15-minute slots split the
    # answered half hours, and the new quarters start at "no".
    london = await api.set_times(
        code,
        {**BERLIN, "time_zone": "Europe/London", "from": "09:30", "to": "10:30",
         "slot_minutes": 15, "duration_minutes": 30},
    )  # fmt: skip
    assert london["times"]["slots"][0] == "2027-03-27T09:30:00Z"
    assert person(london, "Ann")["availability"] == "2020"
    assert london["final_time"] is not None  # 10:00Z is a slot of London's grid
    # From 11:30 Berlin on, the only window starts at 10:30Z.
    shorter = await api.set_times(code, {**BERLIN, "from": "11:30", "to": "12:30"})
    assert shorter["final_time"] is None
    await check_stored(probe, api, code)


async def test_a_new_range_moves_answers_with_their_days(api: Api, probe: DbProbe) -> None:
    code, _ = await timed_meeting(api, "2027-03-27", "2027-03-28")
    ann_id = (await api.join(code, "Ann"))["participant_id"]
    await api.paint(code, ann_id, ("2027-03-28T07:00:00Z", "2027-03-28T08:00:00Z", "yes"))
    await api.set_final_time(code, "2027-03-28T07:00:00Z")

    later = await api.set_range(code, "2027-03-28", "2027-03-29")
    assert person(later, "Ann")["availability"] == "22" + "0000" + "000000"
    assert later["final_time"] is not None
    earlier = await api.set_range(code, "2027-03-26", "2027-03-27")
    assert person(earlier, "Ann")["availability"] == "0" * 12
    assert earlier["final_time"] is None
    await check_stored(probe, api, code)


async def test_removing_the_grid_brings_the_days_back(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range("2027-03-27", "2027-03-28"))["url_code"]
    ann = await api.join(code, "Ann")
    first = ann["participant_dates"][0]["id"]
    await api.change_day("star", code, first)
    await api.set_final_date(code, "2027-03-27")
    timed = await api.set_times(code, BERLIN)
    assert timed["final_date"] is None  # a grid settles on a time
    await api.join(code, "Bob")
    await api.paint(
        code, ann["participant_id"], ("2027-03-27T08:00:00Z", "2027-03-28T00:00:00Z", "yes")
    )

    days = await api.set_times(code, None)

    assert (days["times"], days["final_time"], days["best_times"]) == (None, None, [])
    assert [d["starred"] for d in person(days, "Ann")["dates"]] == [True, False]
    assert [d["date"] for d in person(days, "Bob")["dates"]] == ["2027-03-27", "2027-03-28"]
    assert person(days, "Ann")["availability"] is None
    assert days["best_dates"] == ["2027-03-27", "2027-03-28"]
    await check_stored(probe, api, code)
    # Days only already: nothing changes.
    again = await api.set_times(code, None)
    assert again["version"] == days["version"]
    # Set again, it starts from "no": the answers went with the grid.
    regrid = await api.set_times(code, BERLIN)
    assert person(regrid, "Ann")["availability"] == "0" * 12


async def test_days_and_times_refuse_each_others_changes(api: Api) -> None:
    days_code = (await api.meeting_with_range("2027-03-27", "2027-03-28"))["url_code"]
    ann = await api.join(days_code, "Ann")
    window = ("2027-03-27T08:00:00Z", "2027-03-27T09:00:00Z", "yes")
    await api.paint(days_code, ann["participant_id"], window, expect=409)
    await api.set_final_time(days_code, "2027-03-27T08:00:00Z", expect=409)

    await api.set_times(days_code, BERLIN)
    refused = await api.change_day("on", days_code, ann["participant_dates"][0]["id"], expect=409)
    assert "time" in refused["detail"]
    await api.set_final_date(days_code, "2027-03-27", expect=409)
    await api.set_final_date(days_code, None, expect=409)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"time_zone": ""}, "time_zone"),
        ({"from": "12:00", "to": "12:00"}, None),
        ({"from": "13:00"}, None),
        ({"from": "24:00"}, "from"),
        ({"to": "24:30"}, "to"),
        ({"from": "9:00"}, "from"),
        ({"slot_minutes": 20}, "slot_minutes"),
        ({"duration_minutes": 45}, None),
        ({"duration_minutes": 240}, None),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"surprise": 1}, "surprise"),
    ],
)
async def test_a_grid_that_cannot_be_is_refused_with_what_is_wrong(
    api: Api, change: Json, field: str | None
) -> None:
    code = (await api.meeting_with_range("2027-03-27", "2027-03-28"))["url_code"]
    refused = await api.set_times(code, {**BERLIN, **change}, expect=422)
    if field is not None:
        assert any(error["loc"][-1] == field for error in refused["detail"]), refused
    assert (await api.get_meeting(code))["times"] is None


async def test_a_grid_or_range_with_too_many_slots_is_refused(api: Api) -> None:
    # 24 hours in 15-minute slots over 32 days: 3072 slots, more than 3000.
    whole_days = {**BERLIN, "from": "00:00", "to": "24:00", "slot_minutes": 15}
    code = (await api.meeting_with_range("2027-01-01", "2027-02-01"))["url_code"]
    refused = await api.set_times(code, whole_days, expect=422)
    assert "3000" in str(refused["detail"])
    fits = await api.meeting_with_range("2027-01-01", "2027-01-31")
    await api.set_times(fits["url_code"], whole_days)
    refused = await api.set_range(fits["url_code"], "2027-01-01", "2027-02-01", expect=422)
    assert "3000" in str(refused["detail"])
    assert (await api.get_meeting(fits["url_code"]))["end_date"] == "2027-01-31"


async def test_a_final_time_is_the_start_of_a_window(api: Api, probe: DbProbe) -> None:
    code, _ = await timed_meeting(api)
    # 11:30 Berlin starts no hour-long window before 12:00; 09:15 is no slot.
    await api.set_final_time(code, "2027-03-27T10:30:00Z", expect=422)
    await api.set_final_time(code, "2027-03-27T08:15:00Z", expect=422)
    await api.set_final_time(code, "2027-03-27T08:30:00Z", token=None, expect=401)

    settled = await api.set_final_time(code, "2027-03-27T10:00:00+01:00")

    assert settled["final_time"] == {
        "start": "2027-03-27T09:00:00Z",
        "end": "2027-03-27T10:00:00Z",
    }
    await check_stored(probe, api, code)
    taken_back = await api.set_final_time(code, None)
    assert taken_back["final_time"] is None
    await check_stored(probe, api, code)


async def test_painting_checks_its_ranges(api: Api) -> None:
    code, _ = await timed_meeting(api)
    ann_id = (await api.join(code, "Ann"))["participant_id"]
    path = f"/meetings/{code}/participants/{ann_id}/availability"
    range_ = {"start": "2027-03-27T08:00:00Z", "end": "2027-03-27T09:00:00Z", "state": "yes"}
    bad: list[Any] = [
        {"ranges": []},
        {"ranges": [range_] * 101},
        {"ranges": [{**range_, "state": "maybe"}]},
        {"ranges": [{**range_, "start": "2027-03-27T08:00:00"}]},  # no offset
        {"ranges": [{**range_, "end": "2027-03-27T07:00:00Z"}]},  # ends before it starts
        {"ranges": [range_], "extra": True},
    ]
    for body in bad:
        await api.change("PATCH", path, body, code, expect=422)
    unknown = 999_999 if api.backend == "mysql" else "00000000-0000-0000-0000-000000000000"
    await api.paint(code, unknown, (range_["start"], range_["end"], "yes"), expect=404)
    assert person(await api.get_meeting(code), "Ann")["availability"] == "0" * 12


async def test_times_changes_are_logged(api: Api) -> None:
    code, _ = await timed_meeting(api)
    ann = await api.join(code, "Ann")
    await api.paint(
        code,
        ann["participant_id"],
        ("2027-03-27T09:00:00+01:00", "2027-03-27T10:00:00+01:00", "yes"),
        token=ann["participant_token"],
    )
    await api.set_final_time(code, "2027-03-27T08:00:00Z")
    await api.set_times(code, None)

    entries = (await api.call("GET", f"/meetings/{code}/changes"))["changes"]

    assert [(e["kind"], e["by"]) for e in entries] == [
        ("created", "organiser"),
        ("times", "organiser"),
        ("joined", "anyone"),
        ("availability", ann["participant_id"]),
        ("final_time", "organiser"),
        ("times", "organiser"),
    ]
    assert entries[1]["change"] == {"times": BERLIN, "final_date": None, "final_time": None}
    assert entries[3]["change"] == {
        "participant_id": ann["participant_id"],
        "ranges": [
            {"start": "2027-03-27T08:00:00Z", "end": "2027-03-27T09:00:00Z", "state": "yes"}
        ],
    }
    assert entries[4]["change"] == {"final_time": "2027-03-27T08:00:00Z"}
    assert entries[5]["change"] == {"times": None, "final_date": None, "final_time": None}


async def test_the_calendar_file_of_a_final_time_is_a_timed_event(api: Api) -> None:
    code, _ = await timed_meeting(api)
    assert (await api.calendar(code)).status_code == 404
    settled = await api.set_final_time(code, "2027-03-28T07:30:00Z")
    logged = (await api.call("GET", f"/meetings/{code}/changes"))["changes"][-1]

    response = await api.calendar(code)

    assert response.status_code == 200
    assert response.headers["etag"] == f'"{settled["version"]}"'
    event = parsed_event(response.content)
    assert event.decoded("DTSTART") == dt.datetime(2027, 3, 28, 7, 30, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2027, 3, 28, 8, 30, tzinfo=dt.UTC)
    # When the meeting last changed, to the second.
    at = dt.datetime.fromisoformat(logged["at"]).replace(microsecond=0)
    assert event.decoded("DTSTAMP") == at


async def test_a_days_only_calendar_file_is_stamped_with_the_last_change(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.set_final_date(code, "2026-12-02")
    await api.set_text(code, "title", "Later")
    logged = (await api.call("GET", f"/meetings/{code}/changes"))["changes"][-1]

    event = parsed_event((await api.calendar(code)).content)

    assert event.decoded("DTSTAMP") == dt.datetime.fromisoformat(logged["at"]).replace(
        microsecond=0
    )
