"""ETags: every meeting answer carries one; If-None-Match saves the body while nothing changed;
and no body is ever served under a version it was not built from."""

import asyncio

from tests.api import Api, Json, day
from tests.probes import DbProbe


async def test_every_meeting_answer_carries_the_version_as_etag(api: Api) -> None:
    created = await api.raw(
        "POST", "/meetings", json={"start_date": "2026-12-01", "end_date": "2026-12-02"}
    )
    code = created.json()["url_code"]
    joined = await api.raw("POST", "/participants", json={"meeting_url_code": code, "name": "Ann"})
    bearer = {"Authorization": f"Bearer {created.json()['admin_token']}"}
    titled = await api.raw("PATCH", f"/meetings/{code}/title", json={"title": "x"}, headers=bearer)
    read = await api.raw("GET", f"/meetings/{code}")

    assert created.headers["etag"] == '"1"'
    assert joined.headers["etag"] == '"2"' and joined.json()["meeting"]["version"] == 2
    assert titled.headers["etag"] == '"3"'
    assert read.headers["etag"] == '"3"' and read.json() == titled.json()


async def test_if_none_match_with_the_current_etag_is_304_without_body(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    current = (await api.raw("GET", f"/meetings/{code}")).headers["etag"]

    for header in [current, f"W/{current}", f'"nope", {current}', "*"]:
        response = await api.raw("GET", f"/meetings/{code}", headers={"If-None-Match": header})
        assert response.status_code == 304, header
        assert response.content == b""
        assert response.headers["etag"] == current


async def test_if_none_match_with_an_old_etag_gets_the_new_state(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    old = (await api.raw("GET", f"/meetings/{code}")).headers["etag"]
    await api.join(code, "Ann")

    response = await api.raw("GET", f"/meetings/{code}", headers={"If-None-Match": old})

    assert response.status_code == 200
    assert response.headers["etag"] != old
    assert [p["name"] for p in response.json()["participants"]] == ["Ann"]


async def test_if_none_match_on_an_unknown_meeting_is_404(api: Api) -> None:
    response = await api.raw("GET", "/meetings/unknownCode", headers={"If-None-Match": '"1"'})
    assert response.status_code == 404


async def test_concurrent_readers_only_ever_see_bodies_of_their_own_version(api: Api) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-30"))["url_code"]
    start = (await api.join(code, "Ann"))["meeting"]
    dates = [f"2026-12-{n:02d}" for n in range(1, 31)]
    seen: list[tuple[str, Json]] = []

    async def writer(date: str) -> None:
        await api.change_day("off", code, day(start, "Ann", date)["id"])

    async def reader() -> None:
        for _ in range(6):
            response = await api.raw("GET", f"/meetings/{code}")
            assert response.status_code == 200
            seen.append((response.headers["etag"], response.json()))

    await asyncio.gather(*(writer(date) for date in dates), *(reader() for _ in range(10)))

    assert len(seen) == 60
    for tag, body in seen:
        assert tag == f'"{body["version"]}"'
        # Each change turned one more day off: a body's days must be those of its version.
        days = body["participants"][0]["dates"]
        assert sum(not d["enabled"] for d in days) == body["version"] - start["version"]
    final = await api.get_meeting(code)
    assert final["version"] == start["version"] + len(dates)


async def test_a_change_made_through_another_server_is_seen_at_once(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    before = await api.get_meeting(code)  # this process now holds the body of that version

    await probe.retitle_as_another_server(code, "changed elsewhere")
    after = await api.get_meeting(code)

    assert (after["title"], after["version"]) == ("changed elsewhere", before["version"] + 1)


async def test_a_meeting_that_keeps_changing_elsewhere_is_read_right_every_time(
    api: Api, probe: DbProbe
) -> None:
    """After a GET found its kept body out of date, the next GET reads the whole state at
    once: it must still see every change, and the kept body once the changes stop."""
    code = (await api.meeting_with_range())["url_code"]
    await api.get_meeting(code)
    for number in range(3):
        await probe.retitle_as_another_server(code, f"changed elsewhere {number}")
        seen = await api.get_meeting(code)
        assert (seen["title"], seen["version"]) == (f"changed elsewhere {number}", 2 + number)
    for _ in range(2):
        unchanged = await api.raw("GET", f"/meetings/{code}")
        assert unchanged.json()["title"] == "changed elsewhere 2"
        assert unchanged.headers["etag"] == '"4"'
    await api.set_text(code, "title", "changed here")
    assert (await api.get_meeting(code))["title"] == "changed here"
    await probe.retitle_as_another_server(code, "and elsewhere again")
    assert (await api.get_meeting(code))["title"] == "and elsewhere again"
