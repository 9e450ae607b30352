"""Expiry: meetings are deleted once their expiry date has come, by the server's sweep and by
`python -m app.expire`, in batches, safely with several sweepers at once."""

import asyncio
import datetime as dt
import os
import sys

import httpx
import pytest
from fastapi import FastAPI

from app.errors import DatabaseUnavailable
from app.lifecycle.expiry import sweep, sweep_every
from app.meetings.router import Backend, Backends
from app.meetings.service import MeetingService, today
from app.settings import Settings
from tests.api import Api, stored_view
from tests.probes import DbProbe

LIVE_RANGE = ("2026-12-01", "2026-12-05")
PAST_RANGE = ("2020-01-01", "2020-01-05")
# A day long gone: what the stored expiry day of a meeting becomes as the days pass.
LONG_AGO = dt.date(2020, 4, 4)


def service_of(app: FastAPI, backend: str) -> MeetingService:
    backends: Backends = app.state.backends
    return backends.services[Backend(backend)]


async def expired_meetings(api: Api, probe: DbProbe, count: int) -> list[str]:
    """Meetings whose expiry day has come since this process last swept."""
    codes = []
    for n in range(count):
        code = (await api.meeting_with_range(*LIVE_RANGE))["url_code"]
        await api.join(code, f"Ann {n}")
        await probe.set_expiry(code, LONG_AGO)
        codes.append(code)
    return codes


async def test_a_sweep_deletes_the_expired_meetings_whole_and_nothing_else(
    api: Api, probe: DbProbe, app: FastAPI, backend: str
) -> None:
    expired = await expired_meetings(api, probe, 3)
    live = await api.meeting_with_range(*LIVE_RANGE)
    await api.join(live["url_code"], "Bob")
    unranged = await api.create_meeting()
    kept = [await probe.stored(code) for code in (live["url_code"], unranged["url_code"])]
    assert await probe.count_days() == 20  # 5 each for the three who joined expired ones, Bob

    deleted = await sweep(service_of(app, backend), batch=2)

    assert deleted == 3
    assert await probe.count_days() == 5  # Bob's
    for code in expired:
        assert await probe.stored(code) is None
        assert await probe.count_participants(code) == 0
        await api.get_meeting(code, expect=404)
    assert [await probe.stored(code) for code in (live["url_code"], unranged["url_code"])] == kept
    assert await sweep(service_of(app, backend)) == 0


async def test_a_meeting_made_or_moved_into_the_past_is_kept_the_retention_from_today(
    api: Api, probe: DbProbe, app: FastAPI, backend: str
) -> None:
    kept_until = (today() + dt.timedelta(days=90)).isoformat()
    made = await api.meeting_with_range(*PAST_RANGE)
    code = (await api.meeting_with_range(*LIVE_RANGE))["url_code"]

    moved = await api.set_range(code, *PAST_RANGE)
    await sweep(service_of(app, backend))

    assert made["expires_on"] == moved["expires_on"] == kept_until
    assert (await api.get_meeting(made["url_code"]))["expires_on"] == kept_until
    assert await probe.stored(code) == stored_view(moved)


async def stream_or_refusal(api: Api, code: str) -> httpx.Response:
    """The events request's answer, if it is a refusal: a stream would not end."""
    async with asyncio.timeout(10):
        return await api.raw("GET", f"/meetings/{code}/events")


async def test_from_its_expiry_day_a_meeting_is_gone_before_any_periodic_sweep(
    api: Api, probe: DbProbe, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = (await api.meeting_with_range(*LIVE_RANGE))["url_code"]
    ann = await api.join(code, "Ann")
    tomorrow = today() + dt.timedelta(days=1)
    await probe.set_expiry(code, tomorrow)
    assert (await api.get_meeting(code))["url_code"] == code  # the day before: served

    monkeypatch.setattr("app.lifecycle.expiry.today", lambda: tomorrow)

    # The first request of the day, whatever it is, finds the meeting gone; so does every
    # other way to reach it.
    answers = [
        await api.raw("GET", f"/meetings/{code}/changes"),
        await api.raw("GET", f"/meetings/{code}"),
        await api.raw("GET", f"/meetings/{code}/calendar.ics"),
        await stream_or_refusal(api, code),
        await api.raw("POST", "/participants", json={"meeting_url_code": code, "name": "Bob"}),
        await api.raw(
            "PATCH", f"/meetings/{code}/title", json={"title": "t"}, headers=api.bearer(code)
        ),
        await api.raw(
            "PATCH",
            "/participant_dates/off",
            json={
                "participant_date_id": ann["participant_dates"][0]["id"],
                "meeting_url_code": code,
            },
            headers={"Authorization": f"Bearer {ann['participant_token']}"},
        ),
    ]
    for answer in answers:
        assert answer.status_code == 404, (answer.request.url, answer.text)
        assert answer.json() == {"detail": f"meeting with url_code: {code} not found"}
    assert await probe.stored(code) is None


async def test_sweepers_at_once_delete_each_meeting_once(
    api: Api, probe: DbProbe, app: FastAPI, backend: str
) -> None:
    expired = await expired_meetings(api, probe, 8)
    service = service_of(app, backend)

    counts = await asyncio.gather(*(sweep(service, batch=1) for _ in range(4)))

    assert sum(counts) == 8
    for code in expired:
        assert await probe.stored(code) is None


async def test_a_batch_past_the_deadline_is_tried_again_smaller(
    api: Api, probe: DbProbe, app: FastAPI, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expired = await expired_meetings(api, probe, 5)
    service = service_of(app, backend)
    delete_expired = service.store.delete_expired
    batches: list[int] = []

    async def slow_when_large(today: dt.date, limit: int) -> list[str]:
        """As if more than two meetings at once took the database past the deadline."""
        batches.append(limit)
        if limit > 2:
            raise DatabaseUnavailable("test")
        return await delete_expired(today, limit)

    monkeypatch.setattr(service.store, "delete_expired", slow_when_large)

    assert await sweep(service, batch=8) == 5
    assert batches == [8, 4, 2, 2, 2]  # 2, 2, then the last one
    for code in expired:
        assert await probe.stored(code) is None


async def test_the_server_sweeps_on_its_own(
    api: Api, probe: DbProbe, app: FastAPI, backend: str
) -> None:
    [code] = await expired_meetings(api, probe, 1)
    sweeper = asyncio.create_task(sweep_every(service_of(app, backend), backend, minutes=0.001))
    try:
        for _ in range(100):
            if await probe.stored(code) is None:
                break
            await asyncio.sleep(0.05)
    finally:
        sweeper.cancel()
    assert await probe.stored(code) is None


async def test_python_m_app_expire_sweeps_once_from_cron(
    api: Api, probe: DbProbe, settings: Settings
) -> None:
    [expired] = await expired_meetings(api, probe, 1)
    live = await api.meeting_with_range(*LIVE_RANGE)
    env = {
        **os.environ,
        "MYSQL_DB": settings.mysql_db,
        "EDGEDB_DATABASE": settings.edgedb_database,
    }

    # Two at once, as two cron jobs on two machines could.
    runs = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-m", "app.expire", env=env, stdout=asyncio.subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = [(await run.communicate())[0].decode() for run in runs]

    assert [run.returncode for run in runs] == [0, 0]
    assert f"{api.backend}: deleted" in outputs[0]
    assert await probe.stored(expired) is None
    assert await probe.stored(live["url_code"]) == stored_view(live)
