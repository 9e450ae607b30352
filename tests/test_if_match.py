"""If-Match: a change made on condition that the meeting is still at the version the client
last saw; 412 with the current ETag, and nothing changed, when it is not."""

import asyncio
from collections.abc import Callable

import pytest

from tests.api import Api, Json, day
from tests.probes import DbProbe

# A change request (method, path, body) for a meeting with participants Ann and Bob.
Change = Callable[[str, Json], tuple[str, str, Json | None]]


def _ann(meeting: Json) -> Json:
    found: Json = next(p for p in meeting["participants"] if p["name"] == "Ann")
    return found


CHANGES: dict[str, Change] = {
    "title": lambda code, m: ("PATCH", f"/meetings/{code}/title", {"title": "Dinner"}),
    "location": lambda code, m: ("PATCH", f"/meetings/{code}/location", {"location": "Cafe"}),
    "date_range": lambda code, m: (
        "PATCH",
        f"/meetings/{code}/date_range",
        {"start_date": "2026-12-02", "end_date": "2026-12-09"},
    ),
    "rename": lambda code, m: (
        "PATCH",
        f"/meetings/{code}/participants/{_ann(m)['id']}",
        {"name": "Anna"},
    ),
    "remove": lambda code, m: ("DELETE", f"/meetings/{code}/participants/{_ann(m)['id']}", None),
    "day": lambda code, m: (
        "PATCH",
        "/participant_dates/off",
        {"participant_date_id": day(m, "Ann", "2026-12-03")["id"], "meeting_url_code": code},
    ),
}


async def meeting_with_two(api: Api) -> tuple[str, Json]:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-05"))["url_code"]
    await api.join(code, "Ann")
    meeting = (await api.join(code, "Bob"))["meeting"]
    return code, meeting


async def send(api: Api, code: str, change: Change, meeting: Json, if_match: str | None) -> Json:
    method, path, body = change(code, meeting)
    headers = api.bearer(code)
    if if_match is not None:
        headers["If-Match"] = if_match
    response = await api.raw(method, path, json=body, headers=headers)
    return {
        "status": response.status_code,
        "etag": response.headers.get("etag"),
        "body": response.json(),
    }


@pytest.mark.parametrize("kind", CHANGES)
async def test_a_change_sent_with_the_current_etag_is_made(
    api: Api, probe: DbProbe, kind: str
) -> None:
    code, meeting = await meeting_with_two(api)

    answer = await send(api, code, CHANGES[kind], meeting, '"3"')

    assert answer["status"] == 200, answer
    assert answer["etag"] == '"4"' and answer["body"]["version"] == 4
    stored = await probe.stored(code)
    assert stored is not None and stored["version"] == 4


@pytest.mark.parametrize("kind", CHANGES)
async def test_a_change_sent_with_a_stale_etag_is_412_and_changes_nothing(
    api: Api, probe: DbProbe, kind: str
) -> None:
    code, meeting = await meeting_with_two(api)
    await api.set_text(code, "location", "Somewhere else")  # someone else's change: now "4"
    before = await probe.stored(code)

    answer = await send(api, code, CHANGES[kind], meeting, '"3"')

    assert answer["status"] == 412, answer
    assert answer["etag"] == '"4"'
    assert "version 4" in answer["body"]["detail"]
    assert await probe.stored(code) == before
    read = await api.raw("GET", f"/meetings/{code}")
    assert read.headers["etag"] == '"4"'


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        ("*", 200),
        ('"2", "3"', 400),  # two versions: which did the client see?
        ('"3", W/"2"', 200),  # a weak tag never matches, the strong one does
        ('W/"3"', 412),  # If-Match compares strongly
        ('"nope"', 412),  # names no version
        ('"99999999999999999999999"', 412),
        ('"03"', 412),
        ("3", 422),  # not an entity tag: the header's pattern refuses it
        ('"3', 422),
        ('"3", ","', 200),  # a comma inside a tag's quotes separates nothing
    ],
)
async def test_if_match_forms(api: Api, probe: DbProbe, if_match: str, status: int) -> None:
    code, meeting = await meeting_with_two(api)

    answer = await send(api, code, CHANGES["title"], meeting, if_match)

    assert answer["status"] == status, answer
    stored = await probe.stored(code)
    assert stored is not None
    assert stored["title"] == ("Dinner" if status == 200 else "Team lunch")
    if status == 400:
        assert "If-Match" in answer["body"]["detail"]
    if status == 422:
        assert answer["body"]["detail"][0]["loc"] == ["header", "if-match"]


async def test_what_does_not_exist_is_404_whatever_if_match_says(api: Api) -> None:
    code, _ = await meeting_with_two(api)
    headers = {**api.bearer(code), "If-Match": '"1"'}

    gone_meeting = await api.raw(
        "PATCH", "/meetings/unknownCode/title", json={"title": "x"}, headers=headers
    )
    gone_participant = await api.raw(
        "PATCH", f"/meetings/{code}/participants/999999", json={"name": "x"}, headers=headers
    )
    no_token = await api.raw(
        "PATCH", f"/meetings/{code}/title", json={"title": "x"}, headers={"If-Match": '"1"'}
    )

    assert gone_meeting.status_code == 404
    assert gone_participant.status_code == 404
    assert no_token.status_code == 401


async def test_of_changes_sent_with_the_same_etag_exactly_one_is_made(
    api: Api, probe: DbProbe
) -> None:
    """Two windows on one meeting, each changing what it saw: the second learns of the first
    instead of overwriting it, on every kind of change at once."""
    code, meeting = await meeting_with_two(api)
    kinds = ["title", "location", "date_range", "day", "day", "rename"]

    answers = await asyncio.gather(
        *(send(api, code, CHANGES[kind], meeting, '"3"') for kind in kinds)
    )

    statuses = sorted(answer["status"] for answer in answers)
    assert statuses == [200] + [412] * (len(kinds) - 1), answers
    stored = await probe.stored(code)
    assert stored is not None and stored["version"] == 4
    assert all(a["etag"] == '"4"' for a in answers if a["status"] == 412)


async def test_conditional_and_unconditional_day_changes_together(api: Api, probe: DbProbe) -> None:
    """Day changes without If-Match still go together; the one with it is made only while the
    meeting is at its version."""
    code, meeting = await meeting_with_two(api)
    ann_days = [d["id"] for d in _ann(meeting)["dates"]]

    async def plain(date_id: object) -> int:
        body = {"participant_date_id": date_id, "meeting_url_code": code}
        response = await api.raw(
            "PATCH", "/participant_dates/off", json=body, headers=api.bearer(code)
        )
        return response.status_code

    sent = asyncio.ensure_future(send(api, code, CHANGES["day"], meeting, '"3"'))
    plain_statuses = await asyncio.gather(*(plain(d) for d in ann_days[:2]))
    conditional = await sent

    assert plain_statuses == [200, 200]
    assert conditional["status"] in (200, 412)
    made = conditional["status"] == 200
    stored = await probe.stored(code)
    assert stored is not None
    assert stored["version"] == 3 + 2 + (1 if made else 0)
    flags = {d["date"]: d["enabled"] for d in _ann(stored)["dates"]}
    assert flags["2026-12-01"] is False and flags["2026-12-02"] is False
    assert flags["2026-12-03"] is (not made)


async def test_the_openapi_documents_if_match_and_412(api: Api) -> None:
    schema = (await api.client.get("/openapi.json")).json()

    title = schema["paths"]["/v1/{backend}/meetings/{url_code}/title"]["patch"]
    headers = [p["name"] for p in title["parameters"] if p["in"] == "header"]
    assert "if-match" in headers
    assert "ETag" in title["responses"]["412"]["headers"]
