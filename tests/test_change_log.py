"""The change log: one entry per version, in the change's own transaction, saying who changed
what to which new values; read page by page at GET …/changes by whoever has the code."""

import datetime as dt

import pytest

from tests.api import Api, Json, day
from tests.probes import DbProbe


async def changes(api: Api, code: str, query: str = "", *, expect: int = 200) -> Json:
    return await api.call("GET", f"/meetings/{code}/changes{query}", expect=expect)


def recent(entry: Json) -> bool:
    at = dt.datetime.fromisoformat(entry["at"])
    return at.tzinfo is not None and abs(dt.datetime.now(dt.UTC) - at) < dt.timedelta(minutes=5)


async def test_every_kind_of_change_is_logged_with_who_made_it_and_its_new_values(
    api: Api, probe: DbProbe
) -> None:
    created = await api.create_meeting(
        title="Lunch", location="Cafe", start_date="2026-12-01", end_date="2026-12-07"
    )
    code = created["url_code"]
    ann = await api.join(code, "Ann")
    ann_id, ann_token = ann["participant_id"], ann["participant_token"]
    bob = await api.join(code, "Bob")
    await api.set_final_date(code, "2026-12-07")
    first_day = day(bob["meeting"], "Ann", "2026-12-01")["id"]
    await api.change_day("star", code, first_day, token=ann_token)
    await api.change_day("off", code, day(bob["meeting"], "Bob", "2026-12-02")["id"])
    await api.rename(code, ann_id, "Anna", token=ann_token)
    await api.set_text(code, "title", "Dinner")
    await api.set_text(code, "location", "Bistro")
    ranged = await api.set_range(code, "2026-12-01", "2026-12-05", ["mon", "tue", "wed"])
    await api.remove(code, bob["participant_id"])
    last = await api.remove(code, ann_id, token=ann_token)

    page = await changes(api, code)

    entries = page["changes"]
    assert page["next"] is None
    assert [e["version"] for e in entries] == list(range(1, last["version"] + 1))
    assert all(recent(e) for e in entries)
    assert [(e["kind"], e["by"]) for e in entries] == [
        ("created", "organiser"),
        ("joined", "anyone"),
        ("joined", "anyone"),
        ("final_date", "organiser"),
        ("day", ann_id),
        ("day", "organiser"),
        ("renamed", ann_id),
        ("title", "organiser"),
        ("location", "organiser"),
        ("date_range", "organiser"),
        ("left", "organiser"),
        ("left", ann_id),
    ]
    change = [e["change"] for e in entries]
    assert change[0] == {
        "title": "Lunch",
        "location": "Cafe",
        "start_date": "2026-12-01",
        "end_date": "2026-12-07",
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
        "expires_on": created["expires_on"],
    }
    ann_joined = next(p for p in ann["meeting"]["participants"] if p["id"] == ann_id)
    # A join logs the days it gave; answers per slot start at "no", and are not logged.
    assert ann_joined.pop("availability") is None
    assert change[1] == {"participant": ann_joined}
    assert change[3] == {"final_date": "2026-12-07"}
    assert change[4] == {
        "participant_id": ann_id,
        "participant_date_id": first_day,
        "date": "2026-12-01",
        "enabled": True,
        "starred": True,
    }
    assert change[5]["enabled"] is False and change[5]["starred"] is False
    assert change[6] == {"participant_id": ann_id, "name": "Anna"}
    assert change[7:9] == [{"title": "Dinner"}, {"location": "Bistro"}]
    assert change[9] == {  # the final date, no longer one of the days, is taken back
        "start_date": "2026-12-01",
        "end_date": "2026-12-05",
        "weekdays": ["mon", "tue", "wed"],
        "expires_on": ranged["expires_on"],
        "final_date": None,
        "final_time": None,
    }
    # Who left, with the name they had.
    assert change[10:] == [
        {"participant_id": bob["participant_id"], "name": "Bob"},
        {"participant_id": ann_id, "name": "Anna"},
    ]
    # What the database holds is what the API answers.
    stored = await probe.log(code)
    assert [(s["version"], s["kind"], s["change"]) for s in stored] == [
        (e["version"], e["kind"], e["change"]) for e in entries
    ]
    assert [s["actor"] for s in stored][4:7] == [str(ann_id), "organiser", str(ann_id)]


async def test_no_token_ever_appears_in_the_log(api: Api) -> None:
    created = await api.meeting_with_range()
    code = created["url_code"]
    ann = await api.join(code, "Ann")
    await api.rename(code, ann["participant_id"], "Anna", token=ann["participant_token"])

    text = str(await changes(api, code))

    assert created["admin_token"] not in text
    assert ann["participant_token"] not in text
    assert "token" not in text and "digest" not in text


async def test_the_log_comes_in_pages(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    for n in range(6):
        await api.set_text(code, "title", f"title {n}")  # versions 2 to 7

    first = await changes(api, code, "?limit=3")
    second = await changes(api, code, f"?after={first['next']}&limit=3")
    third = await changes(api, code, f"?after={second['next']}&limit=3")

    assert [e["version"] for e in first["changes"]] == [1, 2, 3] and first["next"] == 3
    assert [e["version"] for e in second["changes"]] == [4, 5, 6] and second["next"] == 6
    assert [e["version"] for e in third["changes"]] == [7] and third["next"] is None
    exact = await changes(api, code, "?after=4&limit=3")  # the last page, full
    assert [e["version"] for e in exact["changes"]] == [5, 6, 7] and exact["next"] is None
    assert await changes(api, code, "?after=7") == {"changes": [], "next": None}
    assert await changes(api, code, "?after=700") == {"changes": [], "next": None}


async def test_a_page_holds_100_entries_unless_asked_for_up_to_500(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    for n in range(110):
        await api.set_text(code, "title", f"t{n}", token=api.admin_tokens[code])

    default = await changes(api, code)
    most = await changes(api, code, "?limit=500")

    assert len(default["changes"]) == 100 and default["next"] == 100
    assert len(most["changes"]) == 111 and most["next"] is None


@pytest.mark.parametrize(
    ("query", "where"),
    [
        ("?limit=0", "limit"),
        ("?limit=501", "limit"),
        ("?limit=ten", "limit"),
        ("?after=-1", "after"),
        ("?after=9007199254740992", "after"),
        ("?after=1.5", "after"),
    ],
)
async def test_a_page_out_of_bounds_is_422_saying_which(api: Api, query: str, where: str) -> None:
    code = (await api.meeting_with_range())["url_code"]
    refused = await changes(api, code, query, expect=422)
    assert [error["loc"] for error in refused["detail"]] == [["query", where]]


async def test_the_log_of_an_unknown_meeting_is_404(api: Api) -> None:
    refused = await changes(api, "noSuchMeeting123", expect=404)
    assert refused == {"detail": "meeting with url_code: noSuchMeeting123 not found"}
    await changes(api, "not a code!", expect=404)


async def test_a_failed_change_logs_nothing(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    await api.join(code, "Ann", expect=409)
    await api.rename(code, ann["participant_id"], "Ann", token=None, expect=401)
    await api.raw(
        "PATCH",
        f"/meetings/{code}/title",
        json={"title": "stale"},
        headers={**api.bearer(code), "If-Match": '"1"'},
    )

    assert [entry["version"] for entry in await probe.log(code)] == [1, 2]


async def test_deleting_a_meeting_deletes_its_log(api: Api, probe: DbProbe) -> None:
    kept = (await api.meeting_with_range())["url_code"]
    code = (await api.meeting_with_range())["url_code"]
    await api.join(code, "Ann")
    assert await probe.count_log_entries() == 3

    assert (await api.delete_meeting(code)).status_code == 204

    assert await probe.count_log_entries() == 1
    assert await probe.log(kept) != []
    await changes(api, code, expect=404)


async def test_a_meeting_made_before_the_log_is_logged_from_then_on(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    await probe.forget_log(code)

    assert await changes(api, code) == {"changes": [], "next": None}
    renamed = await api.rename(code, ann["participant_id"], "Anna")
    assert [p["name"] for p in (await api.get_meeting(code))["participants"]] == ["Anna"]
    assert [(e["version"], e["kind"]) for e in (await changes(api, code))["changes"]] == [
        (renamed["version"], "renamed")
    ]
