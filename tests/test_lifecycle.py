"""Candidate weekdays, the organiser's final date and its calendar file, deletion and expiry:
on both backends, checking what the database holds after each."""

import datetime as dt

import icalendar

from app.lifecycle.calendar import event_uid
from app.meetings.service import today
from tests.api import Api, day, stored_view
from tests.probes import DbProbe

# 2026-11-30 is a Monday: two whole weeks, Monday to Sunday.
MONDAY = dt.date(2026, 11, 30)
TWO_WEEKS = (MONDAY.isoformat(), (MONDAY + dt.timedelta(days=13)).isoformat())
RETENTION = dt.timedelta(days=90)  # MEETING_RETENTION_DAYS' default


def days_of(meeting: dict[str, object], name: str) -> list[str]:
    participants = meeting["participants"]
    assert isinstance(participants, list)
    participant = next(p for p in participants if p["name"] == name)
    return [d["date"] for d in participant["dates"]]


def on(*offsets: int) -> list[str]:
    """The dates `offsets` days after MONDAY."""
    return [(MONDAY + dt.timedelta(days=n)).isoformat() for n in offsets]


# Weekdays


async def test_weekdays_make_the_days_of_the_range_that_fall_on_them(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.create_meeting())["url_code"]

    meeting = await api.set_range(code, *TWO_WEEKS, ["fri", "mon", "wed"])
    joined = await api.join(code, "Ann")

    assert meeting["weekdays"] == ["mon", "wed", "fri"]  # in week order
    assert (meeting["start_date"], meeting["end_date"]) == TWO_WEEKS
    assert days_of(joined["meeting"], "Ann") == on(0, 2, 4, 7, 9, 11)
    assert [d["date"] for d in joined["participant_dates"]] == on(0, 2, 4, 7, 9, 11)
    assert joined["meeting"]["best_dates"] == on(0, 2, 4)
    assert await probe.stored(code) == stored_view(joined["meeting"])


async def test_a_meeting_has_all_seven_weekdays_unless_told_otherwise(api: Api) -> None:
    created = await api.create_meeting()
    ranged = await api.set_range(created["url_code"], *TWO_WEEKS)
    weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    assert created["weekdays"] == ranged["weekdays"] == weekdays


async def test_weekdays_can_be_given_when_the_meeting_is_created(api: Api, probe: DbProbe) -> None:
    meeting = await api.create_meeting(
        start_date=TWO_WEEKS[0], end_date=TWO_WEEKS[1], weekdays=["sat", "sun"]
    )
    joined = await api.join(meeting["url_code"], "Ann")

    assert meeting["weekdays"] == ["sat", "sun"]
    assert days_of(joined["meeting"], "Ann") == on(5, 6, 12, 13)
    assert await probe.stored(meeting["url_code"]) == stored_view(joined["meeting"])


async def test_new_weekdays_reshape_every_participants_days_keeping_their_flags(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.meeting_with_range(*TWO_WEEKS))["url_code"]
    ann = await api.join(code, "Ann")
    await api.join(code, "Bob")
    wednesday = day(ann["meeting"], "Ann", on(2)[0])["id"]
    tuesday = day(ann["meeting"], "Ann", on(1)[0])["id"]
    await api.change_day("star", code, wednesday)
    await api.change_day("off", code, tuesday)

    meeting = await api.set_range(code, *TWO_WEEKS, ["tue", "wed"])

    for name in ["Ann", "Bob"]:
        assert days_of(meeting, name) == on(1, 2, 8, 9)
    assert day(meeting, "Ann", on(2)[0]) == {
        "id": wednesday,
        "date": on(2)[0],
        "enabled": True,
        "starred": True,
    }
    assert day(meeting, "Ann", on(1)[0])["id"] == tuesday
    assert day(meeting, "Ann", on(1)[0])["enabled"] is False
    assert await probe.stored(code) == stored_view(meeting)

    wider = await api.set_range(code, *TWO_WEEKS, ["tue", "wed", "thu"])

    assert days_of(wider, "Ann") == on(1, 2, 3, 8, 9, 10)
    added = day(wider, "Ann", on(3)[0])
    assert (added["enabled"], added["starred"]) == (True, False)
    assert day(wider, "Ann", on(2)[0])["starred"] is True
    assert await probe.stored(code) == stored_view(wider)


async def test_best_dates_name_only_days_of_the_meeting(api: Api) -> None:
    code = (await api.meeting_with_range(*TWO_WEEKS))["url_code"]
    ann = await api.join(code, "Ann")
    await api.change_day("star", code, day(ann["meeting"], "Ann", on(5)[0])["id"])  # a Saturday
    assert (await api.get_meeting(code))["best_dates"][0] == on(5)[0]

    weekdays_only = await api.set_range(code, *TWO_WEEKS, ["mon", "tue", "wed", "thu", "fri"])

    assert weekdays_only["best_dates"] == on(0, 1, 2)


async def test_weekdays_that_leave_no_day_are_refused_and_change_nothing(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.join(code, "Ann")
    before = await probe.stored(code)
    weekend = (on(5)[0], on(6)[0])

    no_day = await api.set_range(code, *weekend, ["mon"], expect=422)
    empty = await api.set_range(code, *weekend, [], expect=422)
    unknown = await api.set_range(code, *weekend, ["funday"], expect=422)

    [error] = no_day["detail"]
    assert error["loc"] == ["body", "weekdays"]
    assert "no day from 2026-12-05 to 2026-12-06" in error["msg"]
    assert empty["detail"][0]["loc"] == ["body", "weekdays"]
    assert unknown["detail"][0]["loc"][:2] == ["body", "weekdays"]
    assert await probe.stored(code) == before


async def test_weekdays_without_a_range_are_refused(api: Api) -> None:
    refused = await api.call("POST", "/meetings", {"weekdays": ["mon"]}, expect=422)
    assert refused["detail"][0]["loc"] == ["body", "weekdays"]
    assert "need start_date and end_date" in refused["detail"][0]["msg"]


async def test_the_span_limit_counts_every_day_of_the_range_whatever_the_weekdays(
    api: Api,
) -> None:
    code = (await api.create_meeting())["url_code"]
    start = dt.date(2026, 12, 1)
    too_long = (start + dt.timedelta(days=62)).isoformat()  # 63 days, 9 of them Mondays
    refused = await api.set_range(code, start.isoformat(), too_long, ["mon"], expect=422)
    assert "63 days" in refused["detail"][0]["msg"]


# The final date


async def test_the_organiser_sets_and_takes_back_the_final_date(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.join(code, "Ann")

    chosen = await api.set_final_date(code, "2026-12-03")

    assert chosen["final_date"] == "2026-12-03"
    assert chosen["version"] == 3
    assert await probe.stored(code) == stored_view(chosen)
    assert (await api.get_meeting(code))["final_date"] == "2026-12-03"

    taken_back = await api.set_final_date(code, None)

    assert taken_back["final_date"] is None
    assert taken_back["version"] == 4
    assert await probe.stored(code) == stored_view(taken_back)


async def test_a_final_date_must_be_a_day_of_the_meeting(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range(*TWO_WEEKS))["url_code"]
    await api.set_range(code, *TWO_WEEKS, ["mon", "tue", "wed", "thu", "fri"])
    no_range = (await api.create_meeting())["url_code"]
    before = await probe.stored(code)

    outside = await api.set_final_date(code, "2026-12-31", expect=422)
    on_a_saturday = await api.set_final_date(code, on(5)[0], expect=422)
    without_days = await api.set_final_date(no_range, "2026-12-01", expect=422)
    not_a_date = await api.set_final_date(code, "next friday", expect=422)

    [error] = outside["detail"]
    assert error["loc"] == ["body", "date"]
    assert error["msg"] == (
        "2026-12-31 is not one of the meeting's days (from 2026-11-30 to 2026-12-13"
        " on mon, tue, wed, thu, fri)"
    )
    assert on_a_saturday["detail"][0]["loc"] == ["body", "date"]
    assert "it has none yet" in without_days["detail"][0]["msg"]
    assert not_a_date["detail"][0]["loc"] == ["body", "date"]
    assert await probe.stored(code) == before


async def test_a_new_range_or_weekdays_that_drop_the_final_date_take_it_back(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.meeting_with_range(*TWO_WEEKS))["url_code"]
    await api.set_final_date(code, on(2)[0])  # a Wednesday

    kept = await api.set_range(code, on(1)[0], TWO_WEEKS[1])
    assert kept["final_date"] == on(2)[0]
    dropped = await api.set_range(code, *TWO_WEEKS, ["mon", "tue"])
    assert dropped["final_date"] is None
    assert await probe.stored(code) == stored_view(dropped)

    await api.set_final_date(code, on(7)[0])
    outside = await api.set_range(code, on(0)[0], on(6)[0])
    assert outside["final_date"] is None
    assert await probe.stored(code) == stored_view(outside)


async def test_only_the_organiser_sets_the_final_date(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    before = await probe.stored(code)

    await api.set_final_date(code, "2026-12-02", token=None, expect=401)
    await api.set_final_date(code, "2026-12-02", token=ann["participant_token"], expect=403)
    await api.set_final_date("unknownCode12345", "2026-12-02", token="x", expect=404)

    assert await probe.stored(code) == before


async def test_a_final_date_on_a_stale_version_is_refused(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.set_text(code, "title", "moved on")
    before = await probe.stored(code)

    refused = await api.raw(
        "PUT",
        f"/meetings/{code}/final_date",
        json={"date": "2026-12-02"},
        headers={**api.bearer(code), "If-Match": '"1"'},
    )

    assert refused.status_code == 412
    assert refused.headers["etag"] == '"2"'
    assert await probe.stored(code) == before


# The calendar file


def parsed_event(body: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(body)
    [event] = calendar.walk("VEVENT")
    assert isinstance(event, icalendar.Event)
    return event


async def test_the_calendar_file_holds_one_all_day_event_on_the_final_date(api: Api) -> None:
    title = "Team lunch; with Zoë, Ünal & the rest of the department, at last " * 3
    meeting = await api.create_meeting(
        title=title.strip(),
        location="Café Ü, 2nd floor; room \\3",
        start_date="2026-12-01",
        end_date="2026-12-05",
    )
    code = meeting["url_code"]
    chosen = await api.set_final_date(code, "2026-12-04")

    response = await api.calendar(code)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["etag"] == f'"{chosen["version"]}"'
    assert b"\r\n" in response.content and max(map(len, response.content.split(b"\r\n"))) <= 75
    calendar = icalendar.Calendar.from_ical(response.content)
    assert (str(calendar["VERSION"]), str(calendar["PRODID"])) != ("", "")
    event = parsed_event(response.content)
    assert event.decoded("DTSTART") == dt.date(2026, 12, 4)
    assert event.decoded("DTEND") == dt.date(2026, 12, 5)
    assert str(event["SUMMARY"]) == title.strip()
    assert str(event["LOCATION"]) == "Café Ü, 2nd floor; room \\3"
    assert str(event["UID"]) == event_uid(code)
    assert code not in response.text
    assert int(str(event["SEQUENCE"])) == chosen["version"]
    assert isinstance(event.decoded("DTSTAMP"), dt.datetime)


async def test_the_calendar_file_follows_the_meeting_under_the_same_uid(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.set_final_date(code, "2026-12-02")
    first = await api.calendar(code)

    await api.set_final_date(code, "2026-12-03")
    moved = await api.set_text(code, "title", "Lunch, moved")
    second = await api.calendar(code)

    before, after = parsed_event(first.content), parsed_event(second.content)
    assert str(after["UID"]) == str(before["UID"])
    assert int(str(after["SEQUENCE"])) > int(str(before["SEQUENCE"]))
    assert after.decoded("DTSTART") == dt.date(2026, 12, 3)
    assert str(after["SUMMARY"]) == "Lunch, moved"
    assert "LOCATION" not in after  # none given
    assert second.headers["etag"] == f'"{moved["version"]}"'


async def test_the_calendar_file_answers_304_while_the_meeting_is_unchanged(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    chosen = await api.set_final_date(code, "2026-12-02")
    tag = f'"{chosen["version"]}"'

    unchanged = await api.calendar(code, **{"If-None-Match": tag})
    await api.join(code, "Ann")
    changed = await api.calendar(code, **{"If-None-Match": tag})

    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert unchanged.headers["etag"] == tag
    assert changed.status_code == 200


async def test_there_is_no_calendar_file_without_a_final_date(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]

    none_yet = await api.calendar(code)
    unknown = await api.calendar("unknownCode12345")
    await api.set_final_date(code, "2026-12-02")
    await api.set_final_date(code, None)
    taken_back = await api.calendar(code)

    assert none_yet.status_code == taken_back.status_code == 404
    assert "has no final date or time yet" in none_yet.json()["detail"]
    assert unknown.json() == {"detail": "meeting with url_code: unknownCode12345 not found"}


# Deletion


async def test_the_organiser_deletes_a_meeting_with_everything_in_it(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    other = (await api.meeting_with_range())["url_code"]
    for name in ["Ann", "Bob"]:
        await api.join(code, name)
    await api.join(other, "Cid")
    kept = await probe.stored(other)
    assert await probe.count_days() == 15  # 5 days each for Ann, Bob and Cid

    deleted = await api.delete_meeting(code)

    assert (deleted.status_code, deleted.content) == (204, b"")
    assert await probe.stored(code) is None
    assert await probe.count_participants(code) == 0
    assert await probe.count_days() == 5  # Cid's
    await api.get_meeting(code, expect=404)
    assert (await api.delete_meeting(code)).status_code == 404
    await api.join(code, "Dan", expect=404)
    await api.set_text(code, "title", "too late", expect=404)
    assert await probe.stored(other) == kept


async def test_only_the_organiser_deletes_a_meeting(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    before = await probe.stored(code)

    anonymous = await api.delete_meeting(code, token=None)
    participant = await api.delete_meeting(code, token=ann["participant_token"])
    stale = await api.delete_meeting(code, **{"If-Match": '"1"'})

    assert anonymous.status_code == 401
    assert participant.status_code == 403
    assert (stale.status_code, stale.headers["etag"]) == (412, '"2"')
    assert await probe.stored(code) == before
    assert (await api.delete_meeting(code, **{"If-Match": '"2"'})).status_code == 204
    assert await probe.stored(code) is None


# Expiry


async def test_the_expiry_date_follows_the_last_day_of_the_meeting(
    api: Api, probe: DbProbe
) -> None:
    created = await api.create_meeting()
    code = created["url_code"]
    assert created["expires_on"] == (today() + RETENTION).isoformat()

    # Ranges to come, whatever day the tests run on (one in the past counts from today:
    # tests/test_expiry.py).
    monday = dt.date(2030, 6, 3)
    two_weeks = (monday.isoformat(), (monday + dt.timedelta(days=13)).isoformat())
    ranged = await api.set_range(code, *two_weeks, ["mon", "tue"])
    last_day = monday + dt.timedelta(days=8)  # the second Tuesday
    assert ranged["expires_on"] == (last_day + RETENTION).isoformat()
    assert await probe.stored(code) == stored_view(ranged)

    with_range = await api.meeting_with_range("2030-06-01", "2030-06-05")
    assert with_range["expires_on"] == "2030-09-03"
    assert (await api.get_meeting(with_range["url_code"]))["expires_on"] == "2030-09-03"


async def test_a_meeting_on_the_last_days_calendars_hold_expires_on_the_last_day(
    api: Api,
) -> None:
    meeting = await api.meeting_with_range("9999-12-30", "9999-12-31")
    assert meeting["expires_on"] == "9999-12-31"
    chosen = await api.set_final_date(meeting["url_code"], "9999-12-31")
    event = parsed_event((await api.calendar(chosen["url_code"])).content)
    assert event.decoded("DTSTART") == dt.date(9999, 12, 31)
