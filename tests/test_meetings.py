"""Meetings: create, read, title, location, date range (with reshaping)."""

import datetime as dt
import re

import pytest

from app.meetings import service
from tests.api import Api, day, stored_view
from tests.probes import DbProbe


async def test_create_without_body_gives_an_empty_meeting(api: Api, probe: DbProbe) -> None:
    meeting = await api.create_meeting()

    assert re.fullmatch(r"[A-Za-z0-9_-]{16,}", meeting["url_code"])
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", meeting["admin_token"])  # 192 bits
    assert meeting == {
        "admin_token": meeting["admin_token"],
        "url_code": meeting["url_code"],
        "title": "",
        "location": "",
        "start_date": None,
        "end_date": None,
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "final_date": None,
        "expires_on": (service.today() + dt.timedelta(days=90)).isoformat(),
        "version": 1,
        "participants": [],
        "best_dates": [],
        "times": None,
        "best_times": [],
        "final_time": None,
    }
    assert await probe.stored(meeting["url_code"]) == stored_view(meeting)
    assert list(meeting)[-1] == "admin_token"  # the meeting, then its token


async def test_create_with_body_trims_and_stores_everything(api: Api, probe: DbProbe) -> None:
    meeting = await api.create_meeting(
        title="  Team lunch ", location=" Café Ü ", start_date="2026-12-01", end_date="2026-12-03"
    )

    assert (meeting["title"], meeting["location"]) == ("Team lunch", "Café Ü")
    assert (meeting["start_date"], meeting["end_date"]) == ("2026-12-01", "2026-12-03")
    assert await probe.stored(meeting["url_code"]) == stored_view(meeting)


async def test_url_codes_are_unique_and_unguessable(api: Api) -> None:
    codes = {(await api.create_meeting())["url_code"] for _ in range(20)}
    assert len(codes) == 20
    assert all(len(code) >= 16 for code in codes)  # 96 bits in URL-safe base64


async def test_a_url_code_collision_draws_again(
    api: Api, probe: DbProbe, monkeypatch: pytest.MonkeyPatch
) -> None:
    taken = (await api.create_meeting(title="first"))["url_code"]
    draws = iter([taken, taken, "FreshCode_123456"])
    monkeypatch.setattr(service, "new_url_code", lambda: next(draws))

    meeting = await api.create_meeting(title="second")

    assert meeting["url_code"] == "FreshCode_123456"
    first = await probe.stored(taken)
    assert first is not None and first["title"] == "first"


@pytest.mark.parametrize(
    "content_type",
    [
        None,
        "application/x-www-form-urlencoded",  # what `curl -d` sends
        "text/plain;charset=UTF-8",  # what a browser's fetch sends with a string
        "application/json; charset=utf-8",
    ],
)
async def test_json_bodies_are_read_whatever_type_they_are_sent_as(
    api: Api, probe: DbProbe, content_type: str | None
) -> None:
    headers = {} if content_type is None else {"content-type": content_type}
    response = await api.raw(
        "POST", "/meetings", content=b'{"title": "from curl"}', headers=headers
    )

    assert response.status_code == 200, response.text
    stored = await probe.stored(response.json()["url_code"])
    assert stored is not None and stored["title"] == "from curl"


async def test_a_form_that_is_not_json_is_a_json_error(api: Api) -> None:
    response = await api.raw(
        "POST",
        "/meetings",
        content=b"title=lunch",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "JSON decode error"


async def test_a_body_of_another_type_is_415_and_changes_nothing(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    before = await probe.stored(code)

    response = await api.raw(
        "POST",
        "/participants",
        content=b'{"meeting_url_code": "' + code.encode() + b'", "name": "Ann"}',
        headers={"content-type": "multipart/form-data; boundary=x"},
    )

    assert response.status_code == 415
    assert response.json() == {
        "detail": "request bodies are JSON: send Content-Type: application/json"
        " (got multipart/form-data)"
    }
    assert await probe.stored(code) == before
    # A type on a request without a body is no matter.
    read = await api.raw("GET", f"/meetings/{code}", headers={"content-type": "image/png"})
    assert read.status_code == 200


async def test_url_codes_are_case_sensitive(api: Api) -> None:
    code = (await api.create_meeting())["url_code"]
    other_case = code.swapcase()
    if other_case != code:
        await api.get_meeting(other_case, expect=404)


async def test_get_returns_the_same_state(api: Api) -> None:
    meeting = await api.meeting_with_range()
    await api.join(meeting["url_code"], "Ann")
    joined = await api.join(meeting["url_code"], "Bob")

    assert await api.get_meeting(meeting["url_code"]) == joined["meeting"]


async def test_get_unknown_meeting_is_404(api: Api) -> None:
    body = await api.get_meeting("doesNotExist123", expect=404)
    assert body == {"detail": "meeting with url_code: doesNotExist123 not found"}


async def test_create_rejects_half_a_range_and_reversed_ranges(api: Api, probe: DbProbe) -> None:
    half = await api.call("POST", "/meetings", {"start_date": "2026-12-01"}, expect=422)
    assert half["detail"] == [
        {
            "loc": ["body", "end_date"],
            "msg": "start_date and end_date must be given together",
            "type": "value_error",
        }
    ]
    reversed_range = {"start_date": "2026-12-05", "end_date": "2026-12-01"}
    body = await api.call("POST", "/meetings", reversed_range, expect=422)
    assert "before" in body["detail"][0]["msg"]


async def test_title_and_location_are_trimmed_and_bump_the_version(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.create_meeting())["url_code"]

    titled = await api.set_text(code, "title", "  Offsite  ")
    located = await api.set_text(code, "location", " Room 4 ")

    assert (titled["title"], titled["version"]) == ("Offsite", 2)
    assert (located["title"], located["location"], located["version"]) == ("Offsite", "Room 4", 3)
    assert await probe.stored(code) == stored_view(located)


async def test_title_and_location_at_most_255_characters(api: Api, probe: DbProbe) -> None:
    code = (await api.create_meeting())["url_code"]

    await api.set_text(code, "title", "x" * 255)
    await api.set_text(code, "title", "y" * 256, expect=422)
    await api.set_text(code, "location", "z" * 256, expect=422)

    stored = await probe.stored(code)
    assert stored is not None
    assert (stored["title"], stored["location"], stored["version"]) == ("x" * 255, "", 2)


async def test_title_of_unknown_meeting_is_404(api: Api) -> None:
    body = await api.set_text("nope", "title", "x", expect=404, token="any")
    assert body == {"detail": "meeting with url_code: nope not found"}


async def test_set_date_range(api: Api, probe: DbProbe) -> None:
    code = (await api.create_meeting())["url_code"]

    meeting = await api.set_range(code, "2026-12-01", "2026-12-31")

    assert (meeting["start_date"], meeting["end_date"], meeting["version"]) == (
        "2026-12-01",
        "2026-12-31",
        2,
    )
    assert await probe.stored(code) == stored_view(meeting)


async def test_date_range_validation(api: Api, probe: DbProbe) -> None:
    code = (await api.create_meeting())["url_code"]

    reversed_range = await api.set_range(code, "2026-12-02", "2026-12-01", expect=422)
    too_long = await api.set_range(code, "2026-12-01", "2027-02-01", expect=422)  # 63 days
    await api.set_range(code, "2026-12-01", "2027-01-31")  # 62 days
    await api.set_range(code, "2026-12-01", "2026-12-01")  # one day

    [reversed_error] = reversed_range["detail"]
    assert "before" in reversed_error["msg"] and reversed_error["loc"] == ["body", "end_date"]
    [too_long_error] = too_long["detail"]
    assert "63 days" in too_long_error["msg"] and "62" in too_long_error["msg"]
    stored = await probe.stored(code)
    assert stored is not None and stored["version"] == 3


async def test_date_range_of_unknown_meeting_is_404(api: Api) -> None:
    await api.set_range("nope", "2026-12-01", "2026-12-02", expect=404, token="any")


async def test_changing_the_range_reshapes_every_participants_days(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-05"))["url_code"]
    ann = await api.join(code, "Ann")
    bob = await api.join(code, "Bob")
    ann_dec3 = day(ann["meeting"], "Ann", "2026-12-03")["id"]
    await api.change_day("star", code, ann_dec3)
    bob_dec4 = day(bob["meeting"], "Bob", "2026-12-04")["id"]
    await api.change_day("off", code, bob_dec4)

    meeting = await api.set_range(code, "2026-12-03", "2026-12-08")

    for participant in meeting["participants"]:
        assert [d["date"] for d in participant["dates"]] == [f"2026-12-0{n}" for n in range(3, 9)]
    kept = day(meeting, "Ann", "2026-12-03")
    assert kept == {"id": ann_dec3, "date": "2026-12-03", "enabled": True, "starred": True}
    assert day(meeting, "Bob", "2026-12-04") == {
        "id": bob_dec4,
        "date": "2026-12-04",
        "enabled": False,
        "starred": False,
    }
    added = day(meeting, "Bob", "2026-12-08")
    assert (added["enabled"], added["starred"]) == (True, False)
    assert meeting["version"] == 6  # create, 2 joins, 2 changes, the range
    assert await probe.stored(code) == stored_view(meeting)
