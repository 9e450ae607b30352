"""Prefer: return=minimal (RFC 7240): a change answers 204 with its new ETag and no body."""

from typing import Any

import pytest

from tests.api import Api, Json, day, stored_view
from tests.probes import DbProbe

MINIMAL = {"Prefer": "return=minimal"}


async def minimal_changes(api: Api, code: str, meeting: Json) -> list[tuple[str, str, Any]]:
    """Every kind of change to `code` but deleting it: (method, path, body)."""
    ann = next(p for p in meeting["participants"] if p["name"] == "Ann")
    bob = next(p for p in meeting["participants"] if p["name"] == "Bob")
    dated = {"participant_date_id": day(meeting, "Ann", "2026-12-02")["id"]}
    return [
        ("PATCH", f"/meetings/{code}/title", {"title": "Dinner"}),
        ("PATCH", f"/meetings/{code}/location", {"location": "Bistro"}),
        ("PUT", f"/meetings/{code}/final_date", {"date": "2026-12-03"}),
        ("PATCH", "/participant_dates/star", {**dated, "meeting_url_code": code}),
        ("PATCH", f"/meetings/{code}/participants/{ann['id']}", {"name": "Anna"}),
        ("DELETE", f"/meetings/{code}/participants/{bob['id']}", None),
        ("PATCH", f"/meetings/{code}/date_range", {"start_date": "2026-12-02", "end_date": "2026-12-09"}),  # noqa: E501
    ]  # fmt: skip


async def test_every_change_answers_204_with_its_etag_when_asked(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-05"))["url_code"]
    await api.join(code, "Ann")
    meeting = (await api.join(code, "Bob"))["meeting"]
    version = meeting["version"]

    for method, path, body in await minimal_changes(api, code, meeting):
        answer = await api.raw(method, path, json=body, headers={**MINIMAL, **api.bearer(code)})

        version += 1
        assert (answer.status_code, answer.content) == (204, b""), (path, answer.text)
        assert answer.headers["ETag"] == f'"{version}"'
        assert answer.headers["Preference-Applied"] == "return=minimal"
        assert "Content-Type" not in answer.headers
        now = await api.get_meeting(code)
        assert now["version"] == version
        assert await probe.stored(code) == stored_view(now)

    final = await api.get_meeting(code)
    assert (final["title"], final["location"], final["final_date"]) == (
        "Dinner",
        "Bistro",
        "2026-12-03",
    )
    assert [p["name"] for p in final["participants"]] == ["Anna"]  # fmt: skip
    assert day(final, "Anna", "2026-12-02")["starred"] is True
    assert [d["date"] for d in final["participants"][0]["dates"]][-1] == "2026-12-09"


@pytest.mark.parametrize(
    "prefer",
    [
        "return=minimal",
        "RETURN=Minimal",
        'return="minimal"',
        "respond-async, return=minimal",
        "return=minimal; foo=bar",
        "wait=10,return=minimal",
    ],
)
async def test_return_minimal_is_understood_however_it_is_written(api: Api, prefer: str) -> None:
    code = (await api.meeting_with_range())["url_code"]
    headers = {"Prefer": prefer, **api.bearer(code)}
    answer = await api.raw("PATCH", f"/meetings/{code}/title", json={"title": "x"}, headers=headers)
    assert answer.status_code == 204


@pytest.mark.parametrize(
    "prefer", ["return=representation", "return-minimal", "respond-async", "minimal", ""]
)
async def test_any_other_preference_answers_the_meeting(api: Api, prefer: str) -> None:
    code = (await api.meeting_with_range())["url_code"]
    headers = {"Prefer": prefer, **api.bearer(code)}
    answer = await api.raw("PATCH", f"/meetings/{code}/title", json={"title": "x"}, headers=headers)
    assert answer.status_code == 200
    assert answer.json()["title"] == "x" and answer.headers["ETag"] == '"2"'
    assert "Preference-Applied" not in answer.headers


async def test_creating_and_joining_answer_their_tokens_whatever_is_preferred(api: Api) -> None:
    created = await api.raw(
        "POST",
        "/meetings",
        json={"start_date": "2026-12-01", "end_date": "2026-12-02"},
        headers=MINIMAL,
    )
    code = created.json()["url_code"]
    joined = await api.raw(
        "POST", "/participants", json={"meeting_url_code": code, "name": "Ann"}, headers=MINIMAL
    )

    assert created.status_code == joined.status_code == 200
    assert "admin_token" in created.json() and "participant_token" in joined.json()
    assert "Preference-Applied" not in {**created.headers, **joined.headers}


async def test_a_refused_change_is_refused_as_ever_when_minimal_is_preferred(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    path = f"/meetings/{code}/title"
    stale = {**MINIMAL, **api.bearer(code), "If-Match": '"9"'}

    no_token = await api.raw("PATCH", path, json={"title": "x"}, headers=MINIMAL)
    changed = await api.raw("PATCH", path, json={"title": "x"}, headers=stale)

    assert no_token.status_code == 401 and changed.status_code == 412
    assert changed.headers["ETag"] == '"1"'
    assert (await api.get_meeting(code))["version"] == 1


async def test_a_minimal_change_made_through_another_meeting_version_is_read_right_after(
    api: Api, probe: DbProbe
) -> None:
    """A minimal change to a meeting this process holds an older version of, and then a GET:
    the GET brings what is held up to date from the log."""
    code = (await api.meeting_with_range())["url_code"]
    await api.get_meeting(code)
    await probe.retitle_as_another_server(code, "elsewhere")
    headers = {**MINIMAL, **api.bearer(code)}

    path = f"/meetings/{code}/location"
    answer = await api.raw("PATCH", path, json={"location": "here"}, headers=headers)

    assert answer.status_code == 204 and answer.headers["ETag"] == '"3"'
    now = await api.get_meeting(code)
    assert (now["title"], now["location"], now["version"]) == ("elsewhere", "here", 3)
    assert await probe.stored(code) == stored_view(now)
