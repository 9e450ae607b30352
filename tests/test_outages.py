"""The database server stops while requests come in: 503 with Retry-After, quickly, the other
backend serving on; once it is back, the same process serves again. Run on the project's own
local servers only (scripts/mariadb.sh, scripts/edgedb.sh), which it stops and starts."""

import asyncio
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.meetings.router import BACKEND_NAMES, Backend, Backends
from app.settings import Settings
from tests.api import Api
from tests.probes import DbProbe, EdgeDbProbe, MySqlProbe

ROOT = Path(__file__).resolve().parent.parent
ANSWER_WITHIN_S = 2.0
SCRIPTS = {Backend.mysql: "mariadb.sh", Backend.edgedb: "edgedb.sh"}


def server(backend: Backend, action: str) -> None:
    script = ROOT / "scripts" / SCRIPTS[backend]
    done = subprocess.run([str(script), action], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


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


async def test_a_stopped_server_is_a_quick_503_and_the_process_recovers(
    client: httpx.AsyncClient,
    app: FastAPI,
    settings: Settings,
    probe: DbProbe,
    stoppable: Backend,
) -> None:
    api = Api(client, stoppable)
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    before = await api.get_meeting(code)  # a body kept for the current version
    backends: Backends = app.state.backends

    server(stoppable, "stop")

    changes = [
        ("GET", f"/meetings/{code}", None),
        ("PATCH", f"/meetings/{code}/title", {"title": "during the outage"}),
        ("POST", "/participants", {"meeting_url_code": code, "name": "Ann"}),
        ("POST", "/meetings", {"title": "new"}),
    ]
    for method, path, body in changes:
        started = time.monotonic()
        response = await api.raw(method, path, json=body, headers=api.bearer(code))
        took = time.monotonic() - started
        assert response.status_code == 503, (method, path, response.text)
        assert response.headers["retry-after"] == "1"
        database = BACKEND_NAMES[stoppable]
        assert response.json() == {
            "detail": f"the {database} database cannot answer now; try again shortly"
        }
        assert took < ANSWER_WITHIN_S, (method, path, took)
    ready = await client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["backends"][stoppable] != "ok"
    for other in backends.services.keys() - {stoppable}:
        assert (await Api(client, other).create_meeting())["version"] == 1

    server(stoppable, "start")

    deadline = time.monotonic() + 10
    while (response := await api.raw("GET", f"/meetings/{code}")).status_code == 503:
        assert time.monotonic() < deadline, "the process did not serve again"
        await asyncio.sleep(0.2)
    assert response.status_code == 200
    assert response.json() == before  # the changes answered 503 did not happen
    renamed = await api.set_text(code, "title", "after the outage")
    assert renamed["title"] == "after the outage"
    # The probe's own connection went with the server: a new one.
    after = (MySqlProbe if stoppable == Backend.mysql else EdgeDbProbe).connect(settings)
    try:
        stored = await after.stored(code)
    finally:
        await after.close()
    assert stored is not None
    assert (stored["title"], stored["participants"]) == ("after the outage", [])
    assert (await client.get("/readyz")).status_code == 200
