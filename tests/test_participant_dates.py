"""Participant dates: on, off, star, unstar; and best dates."""

import pytest

from tests.api import Api, Json, day, stored_view
from tests.probes import DbProbe


async def one_day(api: Api) -> tuple[str, Json, object]:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    joined = await api.join(code, "Ann")
    return code, joined, day(joined["meeting"], "Ann", "2026-12-02")["id"]


@pytest.mark.parametrize(
    ("actions", "enabled", "starred"),
    [
        (["off"], False, False),
        (["off", "on"], True, False),
        (["star"], True, True),
        (["off", "star"], True, True),
        (["star", "off"], False, False),
        (["star", "unstar"], True, False),
        (["star", "on"], True, True),
        (["off", "unstar"], False, False),
        (["on", "on"], True, False),
    ],
)
async def test_actions(
    api: Api, probe: DbProbe, actions: list[str], enabled: bool, starred: bool
) -> None:
    code, joined, date_id = await one_day(api)

    for action in actions:
        meeting = await api.change_day(action, code, date_id)

    assert day(meeting, "Ann", "2026-12-02") == {
        "id": date_id,
        "date": "2026-12-02",
        "enabled": enabled,
        "starred": starred,
    }
    assert meeting["version"] == joined["meeting"]["version"] + len(actions)
    assert await probe.stored(code) == stored_view(meeting)


async def test_unknown_action_is_rejected(api: Api) -> None:
    code, _, date_id = await one_day(api)
    body = {"participant_date_id": date_id, "meeting_url_code": code}
    response = await api.raw(
        "PATCH", "/participant_dates/maybe", json=body, headers=api.bearer(code)
    )
    assert response.status_code == 422
    # Who may act is told first.
    anonymous = await api.raw("PATCH", "/participant_dates/maybe", json=body)
    assert anonymous.status_code == 401


async def test_unknown_meeting_or_day_is_404_and_changes_nothing(api: Api, probe: DbProbe) -> None:
    code, _, date_id = await one_day(api)
    other_code, other, other_date_id = await one_day(api)
    before = await probe.stored(code)

    no_meeting = await api.change_day("off", "nope", date_id, expect=404, token="any")
    foreign_day = await api.change_day("off", code, other_date_id, expect=404)
    deleted = await api.remove(other_code, other["participant_id"])
    gone_day = await api.change_day("star", other_code, other_date_id, expect=404)

    assert no_meeting == {"detail": "meeting with url_code: nope not found"}
    assert str(other_date_id) in foreign_day["detail"]
    assert str(other_date_id) in gone_day["detail"]
    assert await probe.stored(code) == before
    assert await probe.stored(other_code) == stored_view(deleted)


async def test_best_dates_rank_by_availability_then_stars_then_date(api: Api) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-05"))["url_code"]
    for name in ["Ann", "Bob", "Cid"]:
        meeting = (await api.join(code, name))["meeting"]

    async def act(action: str, name: str, date: str) -> Json:
        return await api.change_day(action, code, day(meeting, name, date)["id"])

    # Everyone is available on every day: earliest first.
    assert meeting["best_dates"] == ["2026-12-01", "2026-12-02", "2026-12-03"]
    await act("off", "Ann", "2026-12-01")
    await act("off", "Bob", "2026-12-02")
    await act("star", "Cid", "2026-12-04")
    await act("star", "Ann", "2026-12-05")
    latest = await act("star", "Bob", "2026-12-05")
    # 3 available: Dec 3, 4 (1 star), 5 (2 stars); 2 available: Dec 1, 2.
    assert latest["best_dates"] == ["2026-12-05", "2026-12-04", "2026-12-03"]


async def test_a_date_nobody_can_make_is_never_best(api: Api) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-02"))["url_code"]
    meeting = (await api.join(code, "Ann"))["meeting"]
    await api.change_day("off", code, day(meeting, "Ann", "2026-12-01")["id"])

    latest = await api.change_day("off", code, day(meeting, "Ann", "2026-12-02")["id"])

    assert latest["best_dates"] == []
