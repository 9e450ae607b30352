"""No malformed request ends in a 500: each gets a 4xx with a detail, and nothing changes."""

from collections.abc import AsyncIterator

import pytest

from tests.api import Api, day
from tests.probes import DbProbe

LONG = "x" * 10_000  # too long for any field, small enough to be read
HUGE = "x" * 1_000_000  # over the 64 KiB a request body may have


@pytest.mark.parametrize(
    ("method", "path", "content"),
    [
        ("POST", "/meetings", b"{not json"),
        ("POST", "/meetings", b"[1, 2]"),
        ("POST", "/meetings", b'{"title": 5}'),
        ("POST", "/meetings", b'{"colour": "red"}'),
        ("POST", "/meetings", b'{"start_date": "2026-02-30", "end_date": "2026-03-01"}'),
        ("POST", "/meetings", b'{"start_date": "0001-01-01", "end_date": "0001-01-02"}'),
        ("POST", "/meetings", b'{"start_date": "99999-01-01", "end_date": "99999-01-02"}'),
        ("POST", "/meetings", b'{"start_date": "9999-12-31", "end_date": "10000-01-01"}'),
        ("POST", "/meetings", b'{"title": "\\ud800"}'),
        ("POST", "/meetings", b'{"title": "' + LONG.encode() + b'"}'),
        ("POST", "/participants", b"{}"),
        ("POST", "/participants", b'{"meeting_url_code": "abc"}'),
        ("POST", "/participants", b'{"meeting_url_code": 12, "name": "Ann"}'),
        ("POST", "/participants", b'{"meeting_url_code": "abc", "name": ["Ann"]}'),
        ("POST", "/participants", b'{"meeting_url_code": "' + LONG.encode() + b'", "name": "A"}'),
        ("PATCH", "/meetings/@code/participants/abc", b'{"name": "Ann"}'),
        ("PATCH", "/meetings/@code/participants/99999999999999999999999", b'{"name": "Ann"}'),
        ("DELETE", "/meetings/@code/participants/-1", b""),
        ("DELETE", "/meetings/@code/participants/1.5", b""),
        (
            "PATCH",
            "/participant_dates/on",
            b'{"participant_date_id": "x", "meeting_url_code": "@code"}',
        ),
        (
            "PATCH",
            "/participant_dates/on",
            b'{"participant_date_id": 1e400, "meeting_url_code": "@code"}',
        ),
        ("PATCH", "/participant_dates/on", b'{"participant_date_id": 1}'),
        (
            "PATCH",
            "/participant_dates/on",
            b'{"participant_date_id": true, "meeting_url_code": "@code"}',
        ),
        (
            "PATCH",
            "/participant_dates/on",
            b'{"participant_date_id": "1", "meeting_url_code": "@code"}',
        ),
        ("PATCH", "/participant_dates/on", b"null"),
        ("PUT", "/meetings/@code/final_date", b"{}"),
        ("PUT", "/meetings/@code/final_date", b'{"date": "2026-02-30"}'),
        ("PUT", "/meetings/@code/final_date", b'{"date": 20261201}'),
        ("PUT", "/meetings/@code/final_date", b'{"date": "0999-12-31"}'),
        (
            "PATCH",
            "/meetings/@code/date_range",
            b'{"start_date": "2026-12-01", "end_date": "2026-12-02", "weekdays": "mon"}',
        ),
        (
            "PATCH",
            "/meetings/@code/date_range",
            b'{"start_date": "2026-12-01",'
            b' "end_date": "2026-12-02", "weekdays": ["mon", "tue", "wed", "thu", "fri",'
            b' "sat", "sun", "mon"]}',
        ),
    ],
)
async def test_malformed_body_or_id_is_422(
    api: Api, method: str, path: str, content: bytes
) -> None:
    # A change is checked for who asks first: asked by the organiser of a meeting there is.
    code = (await api.meeting_with_range())["url_code"]
    headers = {"content-type": "application/json", **api.bearer(code)}
    response = await api.raw(
        method,
        path.replace("@code", code),
        content=content.replace(b"@code", code.encode()),
        headers=headers,
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "url_code",
    ["a b", "%00", "%ED%A0%80", "ünïcödé", "x" * 5000, "';DROP TABLE meeting;--", "%F0%9F%98%80"],
)
async def test_odd_url_codes_are_not_found(api: Api, url_code: str) -> None:
    response = await api.raw("GET", f"/meetings/{url_code}")
    assert response.status_code == 404, response.text
    assert response.json()["detail"].startswith("meeting with url_code:")


@pytest.mark.parametrize("length", [33, 64])
async def test_a_code_longer_than_any_issued_is_not_found_wherever_it_is_read(
    api: Api, length: int
) -> None:
    """Longer than the MySQL column: it is not asked for, which would fail before the lookup."""
    code = "a" * length
    for path in [
        f"/meetings/{code}",
        f"/meetings/{code}/calendar.ics",
        f"/meetings/{code}/changes",
    ]:
        response = await api.raw("GET", path)
        assert response.status_code == 404, (path, response.text)
        assert response.json() == {"detail": f"meeting with url_code: {code} not found"}


async def test_rejected_changes_leave_the_meeting_as_it_was(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    joined = await api.join(code, "Ann")
    date_id = day(joined["meeting"], "Ann", "2026-12-01")["id"]
    before = await probe.stored(code)

    for path, body in [
        (f"/meetings/{code}/title", {"title": LONG}),
        (f"/meetings/{code}/title", {"title": "ok", "extra": 1}),
        (f"/meetings/{code}/date_range", {"start_date": "2026-12-01"}),
        (f"/meetings/{code}/date_range", {"start_date": "2026-12-01", "end_date": "2027-12-01"}),
        (f"/meetings/{code}/participants/{joined['participant_id']}", {"name": LONG}),
        ("/participant_dates/star", {"participant_date_id": date_id, "meeting_url_code": 5}),
    ]:
        await api.call("PATCH", path, body, expect=422, token=api.admin_tokens[code])
    lone_surrogate = b'{"meeting_url_code": "' + code.encode() + b'", "name": "\\ud800"}'
    response = await api.raw(
        "POST",
        "/participants",
        content=lone_surrogate,
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 422

    assert await probe.stored(code) == before


async def test_a_body_over_64_kib_is_refused_unread(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    before = await probe.stored(code)

    response = await api.raw(
        "PATCH", f"/meetings/{code}/title", content=b'{"title": "' + HUGE.encode() + b'"}'
    )

    assert response.status_code == 413
    assert response.json() == {"detail": "request body larger than 65536 bytes"}
    assert await probe.stored(code) == before


async def test_a_body_over_64_kib_without_its_length_is_refused_too(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]

    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"title": "'
        for _ in range(10):
            yield b"x" * 10_000
        yield b'"}'

    response = await api.raw(
        "PATCH", f"/meetings/{code}/title", content=chunks(), headers=api.bearer(code)
    )
    anonymous = await api.raw("PATCH", f"/meetings/{code}/title", content=chunks())

    assert anonymous.status_code == 401  # who asks comes first; the body is not read
    assert response.status_code == 413
    assert response.json() == {"detail": "request body larger than 65536 bytes"}


async def test_a_value_a_rule_refuses_is_a_422_like_a_refused_shape(api: Api) -> None:
    """One 422 shape: the list of field errors, whether pydantic or a business rule refused."""
    code = (await api.meeting_with_range())["url_code"]

    response = await api.raw(
        "PATCH",
        f"/meetings/{code}/date_range",
        json={"start_date": "2026-12-05", "end_date": "2026-12-01"},
        headers=api.bearer(code),
    )

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "end_date"],
                "msg": "end_date 2026-12-01 is before start_date 2026-12-05",
                "type": "value_error",
            }
        ]
    }


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("PUT", "/meetings/@code/participants/1", "DELETE, PATCH"),
        ("POST", "/meetings/abc", "DELETE, GET"),
        ("POST", "/meetings/@code/final_date", "PUT"),
        ("GET", "/participants", "POST"),
        ("DELETE", "/meetings", "POST"),
    ],
)
async def test_a_method_not_served_names_every_method_that_is(
    api: Api, method: str, path: str, allowed: str
) -> None:
    response = await api.raw(method, path)

    assert response.status_code == 405
    assert response.headers["allow"] == allowed
    assert response.json() == {"detail": f"{method} is not served here; this path serves {allowed}"}
