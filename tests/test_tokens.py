"""A lost or leaked token is replaced: the new one works from the answer on, and the old one is
refused from then on, by every server process at once."""

import asyncio
import time

import httpx
from fastapi import FastAPI

from app.meetings.router import Backend
from tests.api import Api, Json
from tests.probes import DbProbe
from tests.test_access import (
    ORGANISER_DETAIL,
    PARTICIPANT_DETAIL,
    TOKEN,
    meeting_with,
    no_change,
    sha256,
)


def bearer(token: str | None) -> dict[str, str]:
    return {} if token is None else {"Authorization": f"Bearer {token}"}


async def replace_participant_token(
    api: Api, code: str, participant_id: object, token: str | None, *, expect: int = 200
) -> Json:
    path = f"/meetings/{code}/participants/{participant_id}/token"
    response = await api.raw("POST", path, headers=bearer(token))
    assert response.status_code == expect, response.text
    if expect == 200:
        assert response.headers["cache-control"] == "no-store"
    answer: Json = response.json()
    return answer


async def replace_admin_token(api: Api, code: str, token: str | None, *, expect: int = 200) -> Json:
    response = await api.raw("POST", f"/meetings/{code}/admin_token", headers=bearer(token))
    assert response.status_code == expect, response.text
    if expect == 200:
        assert response.headers["cache-control"] == "no-store"
    answer: Json = response.json()
    return answer


async def test_a_participant_replaces_her_token_and_the_old_one_is_refused(
    api: Api, probe: DbProbe
) -> None:
    code, joined = await meeting_with(api, "Ann", "Bob")
    ann = joined["Ann"]
    old, ann_id, day = ann["participant_token"], ann["participant_id"], ann["participant_dates"][0]
    # What this process now keeps of Ann and her day admits her old token.
    await api.change_day("off", code, day["id"], token=old)
    await api.rename(code, ann_id, "Ann", token=old)
    before = await api.get_meeting(code)

    answer = await replace_participant_token(api, code, ann_id, old)

    new = answer["participant_token"]
    assert list(answer) == ["participant_token"] and TOKEN.fullmatch(new) and new != old
    _, digests = await probe.token_digests(code)
    assert digests == {"Ann": sha256(new), "Bob": sha256(joined["Bob"]["participant_token"])}
    # Tokens are no part of the meeting: its state and version are as they were.
    assert await api.get_meeting(code) == before
    refused = await api.rename(code, ann_id, "Mallory", token=old, expect=403)
    assert refused == {"detail": f"the token sent is not {PARTICIPANT_DETAIL}"}
    await api.change_day("on", code, day["id"], token=old, expect=403)
    await replace_participant_token(api, code, ann_id, old, expect=403)
    assert await api.get_meeting(code) == before
    renamed = await api.rename(code, ann_id, "Annie", token=new)
    assert [p["name"] for p in renamed["participants"]] == ["Annie", "Bob"]
    await api.change_day("on", code, day["id"], token=new)


async def test_the_organiser_replaces_a_participants_token(api: Api, probe: DbProbe) -> None:
    code, joined = await meeting_with(api, "Ann")
    ann = joined["Ann"]
    old, ann_id = ann["participant_token"], ann["participant_id"]
    await api.rename(code, ann_id, "Ann", token=old)

    new = (await replace_participant_token(api, code, ann_id, api.admin_tokens[code]))[
        "participant_token"
    ]

    assert (await probe.token_digests(code))[1] == {"Ann": sha256(new)}
    await api.rename(code, ann_id, "Mallory", token=old, expect=403)
    await api.rename(code, ann_id, "Annie", token=new)
    # The organiser's token is as it was.
    await api.set_text(code, "title", "Still mine")


async def test_the_organiser_replaces_the_admin_token_and_the_old_one_is_refused(
    api: Api, probe: DbProbe
) -> None:
    code, joined = await meeting_with(api, "Ann")
    ann = joined["Ann"]
    old = api.admin_tokens[code]
    await api.set_text(code, "title", "Before", token=old)
    await api.rename(code, ann["participant_id"], "Ann", token=old)
    await api.change_day("off", code, ann["participant_dates"][0]["id"], token=old)

    answer = await replace_admin_token(api, code, old)

    new = answer["admin_token"]
    assert list(answer) == ["admin_token"] and TOKEN.fullmatch(new) and new != old
    organiser, participants = await probe.token_digests(code)
    assert organiser == sha256(new) and participants == {"Ann": sha256(ann["participant_token"])}
    unchanged = await no_change(probe, code)
    refused = await api.set_text(code, "title", "Hijacked", token=old, expect=403)
    assert refused == {"detail": f"the token sent is not {ORGANISER_DETAIL}"}
    await api.rename(code, ann["participant_id"], "Mallory", token=old, expect=403)
    await api.change_day("on", code, ann["participant_dates"][0]["id"], token=old, expect=403)
    await replace_participant_token(api, code, ann["participant_id"], old, expect=403)
    await replace_admin_token(api, code, old, expect=403)
    assert (await api.delete_meeting(code, token=old)).status_code == 403
    await unchanged()
    retitled = await api.set_text(code, "title", "After", token=new)
    assert retitled["title"] == "After"
    # Ann's own token is as it was.
    await api.rename(code, ann["participant_id"], "Annie", token=ann["participant_token"])


async def test_who_may_not_replace_a_token_is_refused_and_nothing_changes(
    api: Api, probe: DbProbe
) -> None:
    code, joined = await meeting_with(api, "Ann", "Bob")
    other, strangers = await meeting_with(api, "Cid")
    ann, bob, cid = joined["Ann"], joined["Bob"], strangers["Cid"]
    unchanged = await no_change(probe, code)
    digests = await probe.token_digests(code)
    unknown = "00000000-0000-4000-8000-000000000001" if api.backend == Backend.edgedb else 999_999

    ann_id = ann["participant_id"]
    await replace_participant_token(api, code, ann_id, None, expect=401)
    for token in [bob["participant_token"], cid["participant_token"], api.admin_tokens[other]]:
        answer = await replace_participant_token(api, code, ann_id, token, expect=403)
        assert answer == {"detail": f"the token sent is not {PARTICIPANT_DETAIL}"}
    # An id of another meeting's participant is unknown in this one.
    for participant in [cid["participant_id"], unknown]:
        answer = await replace_participant_token(
            api, code, participant, api.admin_tokens[code], expect=404
        )
        assert answer == {"detail": f"participant with id: {participant} not found"}
    await replace_participant_token(api, "nope", ann_id, ann["participant_token"], expect=404)
    await replace_admin_token(api, code, None, expect=401)
    for token in [ann["participant_token"], api.admin_tokens[other]]:
        answer = await replace_admin_token(api, code, token, expect=403)
        assert answer == {"detail": f"the token sent is not {ORGANISER_DETAIL}"}
    await replace_admin_token(api, "nope", api.admin_tokens[code], expect=404)

    await unchanged()
    assert await probe.token_digests(code) == digests


async def test_of_two_replacements_with_one_token_one_answers_and_the_other_is_refused(
    api: Api, probe: DbProbe
) -> None:
    code, joined = await meeting_with(api, "Ann")
    ann = joined["Ann"]
    path = f"/meetings/{code}/participants/{ann['participant_id']}/token"
    old = ann["participant_token"]
    await api.rename(code, ann["participant_id"], "Ann", token=old)  # kept: both are admitted

    answers = await asyncio.gather(*(api.raw("POST", path, headers=bearer(old)) for _ in "ab"))

    assert sorted(a.status_code for a in answers) == [200, 403]
    (new,) = [a.json()["participant_token"] for a in answers if a.status_code == 200]
    assert (await probe.token_digests(code))[1] == {"Ann": sha256(new)}


async def test_a_meeting_from_before_tokens_has_no_token_to_replace(
    api: Api, probe: DbProbe
) -> None:
    code, joined = await meeting_with(api, "Ann")
    await probe.make_as_before_tokens(code)
    unchanged = await no_change(probe, code)

    ann = await replace_participant_token(
        api, code, joined["Ann"]["participant_id"], None, expect=409
    )
    meeting = await replace_admin_token(api, code, None, expect=409)

    assert ann["detail"].startswith("this participant was made before tokens existed")
    assert meeting["detail"].startswith("this meeting was made before tokens existed")
    assert await probe.token_digests(code) == (None, {"Ann": None})
    await unchanged()


async def test_a_replaced_token_is_refused_at_once_by_another_process_that_admitted_it(
    api: Api, elsewhere: Api, app: FastAPI
) -> None:
    """The other process has just admitted the old tokens, and keeps their digests; from the
    moment the replacement answers it refuses them."""
    code, joined = await meeting_with(api, "Ann")
    ann = joined["Ann"]
    ann_id, day = ann["participant_id"], ann["participant_dates"][0]["id"]
    old_admin, old_ann = api.admin_tokens[code], ann["participant_token"]
    await elsewhere.rename(code, ann_id, "Ann", token=old_ann)
    await elsewhere.change_day("off", code, day, token=old_ann)
    await elsewhere.set_text(code, "title", "Kept", token=old_admin)
    lease = app.state.backends.services[Backend(api.backend)].guard.lease_seconds

    began = time.monotonic()
    new_ann = (await replace_participant_token(api, code, ann_id, old_ann))["participant_token"]
    new_admin = (await replace_admin_token(api, code, old_admin))["admin_token"]
    assert time.monotonic() - began >= 2 * lease  # each waited out the lease

    await elsewhere.rename(code, ann_id, "Mallory", token=old_ann, expect=403)
    await elsewhere.change_day("on", code, day, token=old_ann, expect=403)
    await elsewhere.set_text(code, "title", "Hijacked", token=old_admin, expect=403)
    await elsewhere.rename(code, ann_id, "Mallory", token=old_admin, expect=403)
    meeting = await elsewhere.get_meeting(code)
    assert meeting["title"] == "Kept" and meeting["participants"][0]["name"] == "Ann"
    await elsewhere.rename(code, ann_id, "Annie", token=new_ann)
    await elsewhere.change_day("on", code, day, token=new_ann)
    await elsewhere.set_text(code, "title", "Mine", token=new_admin)


async def test_the_replacements_are_documented_as_guarded_limited_changes(
    client: httpx.AsyncClient,
) -> None:
    paths = (await client.get("/openapi.json")).json()["paths"]
    participant = paths["/v1/{backend}/meetings/{url_code}/participants/{participant_id}/token"]
    organiser = paths["/v1/{backend}/meetings/{url_code}/admin_token"]

    for operation in [participant["post"], organiser["post"]]:
        assert operation["security"] == [{"token": []}]
        assert set(operation["responses"]) == {
            *["200", "401", "403", "404", "409", "413", "415", "422", "429", "503"]
        }
        assert "RateLimit" in operation["responses"]["200"]["headers"]
    schema = organiser["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/AdminTokenReplaced"}
