"""Participants: join, rename, remove."""

from tests.api import Api, stored_view
from tests.probes import DbProbe


async def test_join_creates_one_enabled_day_per_day_of_the_range(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range("2026-12-30", "2027-01-02"))["url_code"]

    joined = await api.join(code, "  Ann  ")

    meeting = joined["meeting"]
    [ann] = meeting["participants"]
    assert ann["id"] == joined["participant_id"]
    assert ann["name"] == "Ann"
    assert [(d["date"], d["enabled"], d["starred"]) for d in ann["dates"]] == [
        ("2026-12-30", True, False),
        ("2026-12-31", True, False),
        ("2027-01-01", True, False),
        ("2027-01-02", True, False),
    ]
    assert joined["participant_dates"] == [{"id": d["id"], "date": d["date"]} for d in ann["dates"]]
    assert meeting["version"] == 2
    assert meeting["best_dates"] == ["2026-12-30", "2026-12-31", "2027-01-01"]
    assert await probe.stored(code) == stored_view(meeting)


async def test_participants_come_in_join_order(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    for name in ["Zoe", "Adam", "Mia"]:
        meeting = (await api.join(code, name))["meeting"]

    assert [p["name"] for p in meeting["participants"]] == ["Zoe", "Adam", "Mia"]


async def test_join_unknown_meeting_is_404(api: Api) -> None:
    body = await api.join("nope", "Ann", expect=404)
    assert body == {"detail": "meeting with url_code: nope not found"}


async def test_join_before_the_range_is_set_is_400(api: Api, probe: DbProbe) -> None:
    code = (await api.create_meeting())["url_code"]

    body = await api.join(code, "Ann", expect=400)

    assert body == {"detail": "start and end should be set."}
    stored = await probe.stored(code)
    assert stored is not None and (stored["version"], stored["participants"]) == (1, [])


async def test_names_are_unique_per_meeting_ignoring_case(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    other = (await api.meeting_with_range())["url_code"]
    await api.join(code, "Ann")

    body = await api.join(code, " aNN ", expect=409)
    await api.join(other, "ann")  # another meeting may have its own Ann

    assert "ann" in body["detail"].lower()
    assert await probe.count_participants(code) == 1
    stored = await probe.stored(code)
    assert stored is not None and stored["version"] == 2


async def test_name_must_have_1_to_100_characters(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]

    await api.join(code, "   ", expect=422)
    await api.join(code, "", expect=422)
    await api.join(code, "n" * 101, expect=422)
    await api.join(code, "bad\x00name", expect=422)
    joined = await api.join(code, "n" * 100)

    assert joined["meeting"]["participants"][0]["name"] == "n" * 100
    assert await probe.count_participants(code) == 1


async def test_rename(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")

    meeting = await api.rename(code, ann["participant_id"], "  Annie ")

    assert [p["name"] for p in meeting["participants"]] == ["Annie"]
    assert meeting["version"] == 3
    assert await probe.stored(code) == stored_view(meeting)


async def test_rename_to_a_name_taken_is_409_but_own_case_change_is_fine(
    api: Api, probe: DbProbe
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    await api.join(code, "Bob")

    await api.rename(code, ann["participant_id"], "BOB", expect=409)
    meeting = await api.rename(code, ann["participant_id"], "ANN")

    assert [p["name"] for p in meeting["participants"]] == ["ANN", "Bob"]
    assert await probe.stored(code) == stored_view(meeting)


async def test_rename_validation_and_unknown_participant(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    gone = await api.join(code, "Gone")
    await api.remove(code, gone["participant_id"])

    await api.rename(code, ann["participant_id"], " ", expect=422)
    body = await api.rename(code, gone["participant_id"], "Back", expect=404)

    assert body == {"detail": f"participant with id: {gone['participant_id']} not found"}


async def test_remove_takes_the_participant_and_its_days(api: Api, probe: DbProbe) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    await api.join(code, "Bob")

    meeting = await api.remove(code, ann["participant_id"])

    assert [p["name"] for p in meeting["participants"]] == ["Bob"]
    assert meeting["version"] == 4
    assert await probe.stored(code) == stored_view(meeting)
    days_left = [d for p in meeting["participants"] for d in p["dates"]]
    assert len(days_left) == 5


async def test_remove_unknown_participant_is_404(api: Api) -> None:
    code = (await api.meeting_with_range())["url_code"]
    ann = await api.join(code, "Ann")
    await api.remove(code, ann["participant_id"])

    body = await api.remove(code, ann["participant_id"], expect=404)

    assert body == {"detail": f"participant with id: {ann['participant_id']} not found"}
