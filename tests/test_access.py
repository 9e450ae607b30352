"""Who may change what: nothing of a meeting without its code, and tokens guard every change.

The organiser's admin_token may make every change; a participant's token may rename or remove
that participant and change their days. Checks run before anything changes."""

import asyncio
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable

import pytest
from fastapi import FastAPI

from app.meetings.router import Backend
from tests.api import Api, Json, day, stored_view
from tests.probes import DbProbe

TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")  # 192 bits, URL-safe

ORGANISER_DETAIL = "the organiser's token (admin_token)"
PARTICIPANT_DETAIL = "this participant's token (participant_token) or the organiser's"


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def meeting_with(api: Api, *names: str) -> tuple[str, dict[str, Json]]:
    """A meeting of Dec 1 to 3 with these participants: its code and each one's join answer."""
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    return code, {name: await api.join(code, name) for name in names}


async def test_tokens_are_shown_once_and_stored_only_as_digests(
    api: Api, probe: DbProbe, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    created = await api.meeting_with_range()
    code, admin = created["url_code"], created["admin_token"]
    ann = await api.join(code, "Ann")
    bob = await api.join(code, "Bob")
    changed = await api.change_day("off", code, bob["participant_dates"][0]["id"])
    read = await api.raw("GET", f"/meetings/{code}")
    tokens = [admin, ann["participant_token"], bob["participant_token"]]

    assert all(TOKEN.fullmatch(token) for token in tokens) and len(set(tokens)) == 3
    assert list(ann) == ["participant_id", "participant_token", "participant_dates", "meeting"]
    # Each token is in its own answer only: in no one else's, no read, no log line.
    assert not any(token in str(bob) for token in tokens[:2])
    for text in [str(ann["meeting"]), str(changed), read.text, caplog.text]:
        assert not any(token in text for token in tokens)
    assert "token" not in read.text + str(changed)
    # The database holds digests only.
    organiser, participants = await probe.token_digests(code)
    assert organiser == sha256(admin)
    assert participants == {"Ann": sha256(tokens[1]), "Bob": sha256(tokens[2])}
    stored = await probe.everything(code)
    assert not any(token in stored for token in tokens)


async def no_change(probe: DbProbe, code: str) -> Callable[[], Awaitable[None]]:
    """A check that the meeting is still as it is now."""
    before = await probe.stored(code)

    async def unchanged() -> None:
        assert await probe.stored(code) == before

    return unchanged


async def refused(
    api: Api, method: str, path: str, body: object, token: str | None, status: int
) -> Json:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    response = await api.raw(method, path, json=body, headers=headers)
    assert response.status_code == status, response.text
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"
    payload: Json = response.json()
    return payload


ORGANISER_CHANGES = [
    ("/title", {"title": "Hijacked"}),
    ("/location", {"location": "Elsewhere"}),
    ("/date_range", {"start_date": "2026-12-02", "end_date": "2026-12-09"}),
]


@pytest.mark.parametrize(("path", "body"), ORGANISER_CHANGES)
async def test_organiser_changes_need_the_admin_token(
    api: Api, probe: DbProbe, path: str, body: Json
) -> None:
    code, joined = await meeting_with(api, "Ann")
    other = (await api.create_meeting())["admin_token"]
    url = f"/meetings/{code}{path}"
    unchanged = await no_change(probe, code)

    missing = await refused(api, "PATCH", url, body, None, 401)
    await refused(api, "PATCH", url, body, joined["Ann"]["participant_token"], 403)
    await refused(api, "PATCH", url, body, other, 403)  # another meeting's organiser
    wrong = await refused(api, "PATCH", url, body, "x" * 32, 403)
    basic = await api.raw("PATCH", url, json=body, headers={"Authorization": "Basic YTpi"})

    assert missing == {
        "detail": f"this change needs {ORGANISER_DETAIL}: send it as Authorization: Bearer <token>"
    }
    assert wrong == {"detail": f"the token sent is not {ORGANISER_DETAIL}"}
    assert basic.status_code == 401
    await unchanged()
    changed = await api.call("PATCH", url, body, token=api.admin_tokens[code])
    assert await probe.stored(code) == stored_view(changed)


async def participant_changes(api: Api, code: str, ann: Json) -> list[tuple[str, str, Json]]:
    """Every change that Ann's token or the organiser's may make to Ann."""
    ann_id, day_id = ann["participant_id"], ann["participant_dates"][1]["id"]
    on_day = {"participant_date_id": day_id, "meeting_url_code": code}
    return [
        ("PATCH", f"/meetings/{code}/participants/{ann_id}", {"name": "Annie"}),
        *(("PATCH", f"/participant_dates/{action}", on_day) for action in ["on", "off", "star"]),
        ("PATCH", "/participant_dates/unstar", on_day),
        ("DELETE", f"/meetings/{code}/participants/{ann_id}", {}),
    ]


@pytest.mark.parametrize("who", ["herself", "the organiser"])
async def test_a_participant_changes_herself_with_her_token_or_the_organisers(
    api: Api, probe: DbProbe, who: str
) -> None:
    code, joined = await meeting_with(api, "Ann", "Bob")
    ann = joined["Ann"]
    token = ann["participant_token"] if who == "herself" else api.admin_tokens[code]

    for method, path, body in await participant_changes(api, code, ann):
        changed = await api.call(method, path, body or None, token=token)
        assert await probe.stored(code) == stored_view(changed)

    assert [p["name"] for p in changed["participants"]] == ["Bob"]  # she left, last


async def test_nobody_else_changes_a_participant(api: Api, probe: DbProbe) -> None:
    code, joined = await meeting_with(api, "Ann", "Bob")
    other_code, others = await meeting_with(api, "Ann")
    unchanged = await no_change(probe, code)

    for method, path, body in await participant_changes(api, code, joined["Ann"]):
        missing = await refused(api, method, path, body, None, 401)
        bob = await refused(api, method, path, body, joined["Bob"]["participant_token"], 403)
        await refused(api, method, path, body, others["Ann"]["participant_token"], 403)
        await refused(api, method, path, body, api.admin_tokens[other_code], 403)
        assert missing["detail"].startswith(f"this change needs {PARTICIPANT_DETAIL}:")
        assert bob == {"detail": f"the token sent is not {PARTICIPANT_DETAIL}"}
    await unchanged()


async def test_ids_of_another_meeting_are_unknown_here(api: Api, probe: DbProbe) -> None:
    code, joined = await meeting_with(api, "Ann", "Gone")
    other_code, others = await meeting_with(api, "Bob")
    gone = joined["Gone"]
    await api.remove(code, gone["participant_id"])
    bob = others["Bob"]
    unchanged = await no_change(probe, code)
    other_unchanged = await no_change(probe, other_code)
    admin = api.admin_tokens[code]

    async def answers(method: str, path: str, body: object, token: str) -> tuple[int, Json]:
        response = await api.raw(
            method, path, json=body, headers={"Authorization": f"Bearer {token}"}
        )
        return response.status_code, response.json()

    def day_body(joined_answer: Json) -> Json:
        return {
            "participant_date_id": joined_answer["participant_dates"][0]["id"],
            "meeting_url_code": code,
        }

    # The same 404 as for an id that is gone, to whoever may act in this meeting: its organiser
    # or Ann; to Bob, whose token is another meeting's, the same 403 for both.
    for token in [admin, joined["Ann"]["participant_token"], bob["participant_token"]]:
        status = 403 if token == bob["participant_token"] else 404
        for method, body in [("PATCH", {"name": "Bobby"}), ("DELETE", None)]:
            foreign = await answers(
                method, f"/meetings/{code}/participants/{bob['participant_id']}", body, token
            )
            unknown = await answers(
                method, f"/meetings/{code}/participants/{gone['participant_id']}", body, token
            )
            assert foreign[0] == unknown[0] == status
            if status == 403:
                assert (
                    foreign[1]
                    == unknown[1]
                    == {"detail": f"the token sent is not {PARTICIPANT_DETAIL}"}
                )
                continue
            assert foreign[1] == {
                "detail": f"participant with id: {bob['participant_id']} not found"
            }
            assert unknown[1]["detail"] == foreign[1]["detail"].replace(
                str(bob["participant_id"]), str(gone["participant_id"])
            )
        foreign_day = await answers("PATCH", "/participant_dates/off", day_body(bob), token)
        gone_day = await answers("PATCH", "/participant_dates/off", day_body(gone), token)
        assert foreign_day[0] == gone_day[0] == status
        if status == 404:
            assert foreign_day[1]["detail"] == (
                f"participant date with id: {bob['participant_dates'][0]['id']} not found"
                f" in meeting with url_code: {code}"
            )
        assert foreign_day[1] == gone_day[1] if status == 403 else True
        assert other_code not in str(foreign_day[1]) + str(foreign[1])
    await unchanged()
    await other_unchanged()


async def test_what_a_process_knows_of_a_target_never_answers_otherwise_than_the_database(
    api: Api, probe: DbProbe
) -> None:
    """The guard keeps the digests it has read; a target removed by another process since
    answers as in any other process, and nothing changes: 404 to a token of the meeting, 403
    to Ann's, which is no longer one, 401 without a token."""
    code, joined = await meeting_with(api, "Ann", "Bob")
    ann, bob = joined["Ann"], joined["Bob"]
    ann_id, ann_day = ann["participant_id"], ann["participant_dates"][0]["id"]
    await api.change_day("off", code, ann_day, token=ann["participant_token"])
    await api.rename(code, ann_id, "Ann", token=ann["participant_token"])

    await probe.remove_as_another_server(code, "Ann")
    unchanged = await no_change(probe, code)

    gone_day = await api.change_day("on", code, ann_day, token=bob["participant_token"], expect=404)
    gone = await api.rename(code, ann_id, "Annie", token=bob["participant_token"], expect=404)
    assert gone == {"detail": f"participant with id: {ann_id} not found"}
    assert gone_day["detail"].startswith(f"participant date with id: {ann_day} not found")
    for token, status in [(ann["participant_token"], 403), (None, 401), ("x" * 32, 403)]:
        await api.change_day("on", code, ann_day, token=token, expect=status)
        await api.rename(code, ann_id, "Annie", token=token, expect=status)
    await api.remove(code, ann_id, expect=404)
    await unchanged()


async def test_who_left_is_no_longer_kept_by_the_guard(api: Api, app: FastAPI) -> None:
    code, joined = await meeting_with(api, "Ann", "Bob")
    ann = joined["Ann"]
    guard = app.state.backends.services[Backend(api.backend)].guard
    await api.rename(code, ann["participant_id"], "Annie", token=ann["participant_token"])
    kept = len(guard)
    await api.remove(code, ann["participant_id"], token=ann["participant_token"])
    assert len(guard) == kept - 1


async def test_a_deleted_meeting_is_no_longer_kept_by_the_guard(api: Api, app: FastAPI) -> None:
    code, joined = await meeting_with(api, "Ann", "Bob")
    other, _ = await meeting_with(api, "Cid")
    guard = app.state.backends.services[Backend(api.backend)].guard
    kept = len(guard)
    for name in ["Ann", "Bob"]:
        who = joined[name]
        await api.rename(code, who["participant_id"], name + "!", token=who["participant_token"])
    await api.set_text(other, "title", "kept")
    assert len(guard) == kept + 3  # Ann, Bob, and the other meeting (its organiser)

    assert (await api.delete_meeting(code)).status_code == 204

    assert len(guard) == kept + 1  # the other meeting


@pytest.mark.parametrize(
    ("method", "path"),
    [("PATCH", "/participants/{id}"), ("DELETE", "/participants/{id}")],
)
async def test_the_old_participant_routes_are_gone(
    api: Api, probe: DbProbe, method: str, path: str
) -> None:
    code, joined = await meeting_with(api, "Ann")
    unchanged = await no_change(probe, code)

    response = await api.raw(
        method,
        path.format(id=joined["Ann"]["participant_id"]),
        json={"name": "Mallory"} if method == "PATCH" else None,
        headers=api.bearer(code),
    )

    assert response.status_code == 404
    await unchanged()


async def test_an_unknown_meeting_is_404_before_any_token_is_asked(api: Api) -> None:
    for path, body in ORGANISER_CHANGES:
        detail = await refused(api, "PATCH", f"/meetings/nope{path}", body, None, 404)
        assert detail == {"detail": "meeting with url_code: nope not found"}


async def test_an_id_of_the_other_backends_kind_is_unknown(api: Api) -> None:
    code, _ = await meeting_with(api, "Ann")
    foreign = 1 if api.backend == Backend.edgedb else "00000000-0000-4000-8000-000000000001"

    renamed = await api.rename(code, foreign, "Bob", expect=404)
    changed = await api.change_day("off", code, foreign, expect=404)

    assert renamed == {"detail": f"participant with id: {foreign} not found"}
    assert changed["detail"].startswith(f"participant date with id: {foreign} not found")


async def test_a_meeting_holds_at_most_max_participants(
    api: Api, probe: DbProbe, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state.backends.service(Backend(api.backend)), "max_participants", 3)
    code, joined = await meeting_with(api, "Ann", "Bob", "Cid")

    full = await api.join(code, "Dan", expect=409)
    assert full == {"detail": "this meeting has 3 participants, the most a meeting may have"}
    assert await probe.count_participants(code) == 3
    stored = await probe.stored(code)
    assert stored is not None and stored["version"] == 4  # the refused join counted nothing

    await api.remove(code, joined["Bob"]["participant_id"])
    dan = await api.join(code, "Dan")
    assert [p["name"] for p in dan["meeting"]["participants"]] == ["Ann", "Cid", "Dan"]


async def test_concurrent_joins_never_overshoot_the_cap(
    api: Api, probe: DbProbe, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.state.backends.service(Backend(api.backend)), "max_participants", 5)
    code, _ = await meeting_with(api, "First")
    other, _ = await meeting_with(api)

    responses = await asyncio.gather(
        *(
            api.raw("POST", "/participants", json={"meeting_url_code": c, "name": f"Guest {n}"})
            for n in range(12)
            for c in (code, other)
        )
    )

    statuses = [response.status_code for response in responses]
    assert sorted(statuses[0::2]) == [200] * 4 + [409] * 8
    assert sorted(statuses[1::2]) == [200] * 5 + [409] * 7
    for url_code, count in [(code, 5), (other, 5)]:
        stored = await probe.stored(url_code)
        assert stored is not None
        assert (len(stored["participants"]), stored["version"]) == (count, 1 + count)
    for response in responses:
        if response.status_code == 409:
            assert "the most a meeting may have" in response.json()["detail"]


async def test_meetings_from_before_tokens_are_guarded_by_their_link_alone(
    api: Api, probe: DbProbe
) -> None:
    code, joined = await meeting_with(api, "Ann")
    await probe.make_as_before_tokens(code)
    ann = joined["Ann"]

    # Whoever has the link may make the changes they always could, token or none.
    await api.set_text(code, "title", "Still ours", token=None)
    await api.set_range(code, "2026-12-01", "2026-12-04", token="anything")
    await api.change_day("star", code, ann["participant_dates"][0]["id"], token=None)
    renamed = await api.rename(code, ann["participant_id"], "Annie", token=None)
    # Someone who joins now gets a token, and it guards them.
    bob = await api.join(code, "Bob")
    bob_day = bob["participant_dates"][0]["id"]
    await api.change_day("off", code, bob_day, token=None, expect=401)
    await api.change_day("off", code, bob_day, token=ann["participant_token"], expect=403)
    changed = await api.change_day("off", code, bob_day, token=bob["participant_token"])

    assert renamed["title"] == "Still ours" and renamed["end_date"] == "2026-12-04"
    assert day(changed, "Annie", "2026-12-01")["starred"] is True
    assert day(changed, "Bob", "2026-12-01")["enabled"] is False
    organiser, digests = await probe.token_digests(code)
    assert organiser is None and digests == {"Annie": None, "Bob": sha256(bob["participant_token"])}
    assert await probe.stored(code) == stored_view(changed)
