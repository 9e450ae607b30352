"""The database server stops, or hangs, while requests come in: 503 with Retry-After, quickly,
the other backend serving on; once it is back, the same process serves again. Run on the
project's own local servers only (scripts/mariadb.sh, scripts/edgedb.sh), which it stops,
freezes and starts."""

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from app.meetings.router import BACKEND_NAMES, Backend, Backends
from app.settings import Settings
from tests.api import Api, day
from tests.probes import EdgeDbProbe, MySqlProbe

ROOT = Path(__file__).resolve().parent.parent
ANSWER_WITHIN_S = 2.0
SCRIPTS = {Backend.mysql: "mariadb.sh", Backend.edgedb: "edgedb.sh"}


def server(backend: Backend, action: str) -> None:
    script = ROOT / "scripts" / SCRIPTS[backend]
    done = subprocess.run([str(script), action], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@contextmanager
def frozen(backend: Backend) -> Iterator[None]:
    """The server process stopped in its tracks: connections stay open, nothing answers."""
    name = "mariadb/mariadbd.pid" if backend == Backend.mysql else "edgedb/server.pid"
    pid = int((ROOT / ".local" / name).read_text())
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


def is_own_server(backend: Backend, settings: Settings) -> bool:
    """Whether the suite runs on the server the project's script started (and may stop)."""
    port_file = ROOT / ".local" / ("mariadb" if backend == Backend.mysql else "edgedb") / "port"
    if not port_file.exists():
        return False
    port = port_file.read_text().strip()
    if backend == Backend.mysql:
        return settings.mysql_host == "127.0.0.1" and str(settings.mysql_port) == port
    return f"@127.0.0.1:{port}?" in (settings.edgedb_dsn or "")


@pytest.fixture
async def stoppable(backend: str, app: FastAPI, settings: Settings) -> AsyncIterator[Backend]:
    """The backend's server, when it is the project's own: started again afterwards."""
    if not is_own_server(Backend(backend), settings):
        pytest.skip(f"the {backend} server is not one these tests may stop")
    try:
        yield Backend(backend)
    finally:
        server(Backend(backend), "start")


async def stored_after_outage(settings: Settings, backend: Backend, code: str) -> Any:
    """What the database holds, through a new connection: the probe's went with the server."""
    probe = (MySqlProbe if backend == Backend.mysql else EdgeDbProbe).connect(settings)
    try:
        stored = await probe.stored(code)
    finally:
        await probe.close()
    assert stored is not None
    return stored


async def served_again(api: Api, code: str) -> dict[str, Any]:
    deadline = time.monotonic() + 10
    while (response := await api.raw("GET", f"/meetings/{code}")).status_code == 503:
        assert time.monotonic() < deadline, "the process did not serve again"
        await asyncio.sleep(0.2)
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


Request = tuple[str, str, dict[str, object] | None]


def during_outage(code: str) -> list[Request]:
    return [
        ("GET", f"/meetings/{code}", None),
        ("PATCH", f"/meetings/{code}/title", {"title": "during the outage"}),
        ("POST", "/participants", {"meeting_url_code": code, "name": "Ann"}),
        ("POST", "/meetings", {"title": "new"}),
    ]


async def assert_quick_503s(api: Api, code: str, *more: Request) -> None:
    database = BACKEND_NAMES[Backend(api.backend)]
    for method, path, body in [*during_outage(code), *more]:
        started = time.monotonic()
        response = await api.raw(method, path, json=body, headers=api.bearer(code))
        took = time.monotonic() - started
        assert response.status_code == 503, (method, path, response.text)
        assert response.headers["retry-after"] == "1"
        assert response.json() == {
            "detail": f"the {database} database cannot answer now; try again shortly"
        }
        assert took < ANSWER_WITHIN_S, (method, path, took)


PAINTED = ("2027-03-27T09:00:00Z", "2027-03-27T10:00:00Z", "yes")


async def timed_meeting(api: Api) -> tuple[str, object]:
    """A meeting with times, and a participant the organiser has painted for once."""
    code = (await api.meeting_with_range("2027-03-27", "2027-03-27"))["url_code"]
    tia = (await api.join(code, "Tia"))["participant_id"]
    grid = {"time_zone": "UTC", "from": "09:00", "to": "12:00", "slot_minutes": 30}
    await api.set_times(code, {**grid, "duration_minutes": 60})
    await api.paint(code, tia, PAINTED)
    return code, tia


async def assert_quick_503_painting(api: Api, code: str, participant_id: object) -> None:
    """Paintings go through a batch, in a task of their own, on both backends."""
    start, end, _ = PAINTED
    body = {"ranges": [{"start": start, "end": end, "state": "no"}]}
    path = f"/meetings/{code}/participants/{participant_id}/availability"
    started = time.monotonic()
    response = await api.raw("PATCH", path, json=body, headers=api.bearer(code))
    assert response.status_code == 503, response.text
    assert time.monotonic() - started < ANSWER_WITHIN_S


async def unanswered_by_cause(client: httpx.AsyncClient, backend: Backend) -> dict[str, float]:
    """The process's count of store calls answered 503, by cause."""
    metrics = (await client.get("/metrics")).text
    counted = {"busy": 0.0, "database": 0.0}
    for family in text_string_to_metric_families(metrics):
        for sample in family.samples:
            if sample.name == "meetifyr_unanswered_total" and sample.labels["backend"] == backend:
                counted[sample.labels["cause"]] = sample.value
    return counted


async def assert_the_others_serve(client: httpx.AsyncClient, app: FastAPI, down: Backend) -> None:
    backends: Backends = app.state.backends
    for other in backends.services.keys() - {down}:
        assert (await Api(client, other).create_meeting())["version"] == 1


async def test_a_stopped_server_is_a_quick_503_and_the_process_recovers(
    client: httpx.AsyncClient,
    app: FastAPI,
    settings: Settings,
    stoppable: Backend,
) -> None:
    api = Api(client, stoppable)
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    before = await api.get_meeting(code)  # a body kept for the current version
    timed, tia = await timed_meeting(api)

    server(stoppable, "stop")

    await assert_quick_503s(api, code)
    await assert_quick_503_painting(api, timed, tia)
    ready = await client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["backends"][stoppable] != "ok"
    await assert_the_others_serve(client, app, stoppable)

    server(stoppable, "start")

    assert await served_again(api, code) == before  # the changes answered 503 did not happen
    renamed = await api.set_text(code, "title", "after the outage")
    assert renamed["title"] == "after the outage"
    stored = await stored_after_outage(settings, stoppable, code)
    assert (stored["title"], stored["participants"]) == ("after the outage", [])
    assert (await client.get("/readyz")).status_code == 200


async def test_a_hung_server_is_a_503_by_the_deadline_and_the_process_recovers(
    client: httpx.AsyncClient,
    app: FastAPI,
    settings: Settings,
    stoppable: Backend,
) -> None:
    api = Api(client, stoppable)
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    bob = await api.join(code, "Bob")
    bobs_day = bob["participant_dates"][0]["id"]
    before = await api.get_meeting(code)
    timed, tia = await timed_meeting(api)

    unanswered = await unanswered_by_cause(client, stoppable)

    with frozen(stoppable):
        # A day change goes through a batch on EdgeDB, in a task of its own.
        day_change = {"participant_date_id": bobs_day, "meeting_url_code": code}
        await assert_quick_503s(api, code, ("PATCH", "/participant_dates/off", day_change))
        await assert_quick_503_painting(api, timed, tia)
        await assert_the_others_serve(client, app, stoppable)

    # The metrics tell a database that does not answer from a busy process.
    now = await unanswered_by_cause(client, stoppable)
    assert now["database"] - unanswered["database"] >= len(during_outage(code)) + 1
    assert now["busy"] == unanswered["busy"]

    # A change the server had received when it froze may land once it runs again: whole.
    after = await served_again(api, code)
    assert after["title"] in (before["title"], "during the outage")
    assert [p["name"] for p in after["participants"]] in (["Bob"], ["Bob", "Ann"])
    for participant in after["participants"]:
        days = [d["date"] for d in participant["dates"]]
        assert days == ["2026-12-01", "2026-12-02", "2026-12-03"]
    # Every connection that waited on the frozen server was closed, not handed to another
    # request with its answer still to come: a run of changes all land, each answered with
    # its own result.
    for n in range(20):
        renamed = await api.set_text(code, "title", f"after the outage {n}")
        assert renamed["title"] == f"after the outage {n}"
        flipped = await api.change_day("on" if n % 2 else "off", code, bobs_day)
        assert day(flipped, "Bob", "2026-12-01")["enabled"] == bool(n % 2)
    stored = await stored_after_outage(settings, stoppable, code)
    assert stored["title"] == "after the outage 19"
    assert stored["participants"][0]["dates"][0]["enabled"] is True
