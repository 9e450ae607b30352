"""The database server stops while requests come in: 503 with Retry-After, quickly, the other
backend serving on; once it is back, the same process serves again. Run on the project's own
local MariaDB server only (scripts/mariadb.sh), which it stops and starts."""

import asyncio
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from app.meetings.router import Backend, Backends
from app.settings import Settings
from tests.api import Api
from tests.probes import MySqlProbe

ROOT = Path(__file__).resolve().parent.parent
MARIADB = ROOT / "scripts" / "mariadb.sh"
OWN_PORT = ROOT / ".local" / "mariadb" / "port"
ANSWER_WITHIN_S = 2.0


def mariadb(action: str) -> None:
    done = subprocess.run([str(MARIADB), action], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture
async def stoppable_mysql(settings: Settings) -> AsyncIterator[None]:
    """The suite's MariaDB server, when it is the project's own: started again afterwards."""
    if not OWN_PORT.exists() or OWN_PORT.read_text().strip() != str(settings.mysql_port):
        pytest.skip("MYSQL_* points at a server these tests may not stop")
    try:
        yield
    finally:
        mariadb("start")


async def test_a_stopped_mysql_server_is_a_quick_503_and_the_process_recovers(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings, stoppable_mysql: None
) -> None:
    api = Api(client, Backend.mysql)
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    before = await api.get_meeting(code)  # a body kept for the current version
    backends: Backends = app.state.backends

    mariadb("stop")

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
        assert response.json() == {
            "detail": "the MySQL database cannot answer now; try again shortly"
        }
        assert took < ANSWER_WITHIN_S, (method, path, took)
    ready = await client.get("/readyz")
    assert ready.status_code == 503 and ready.json()["backends"]["mysql"] != "ok"
    if Backend.edgedb in backends.services:
        other = Api(client, Backend.edgedb)
        assert (await other.create_meeting())["version"] == 1

    mariadb("start")

    deadline = time.monotonic() + 10
    while (response := await api.raw("GET", f"/meetings/{code}")).status_code == 503:
        assert time.monotonic() < deadline, "the process did not serve again"
        await asyncio.sleep(0.2)
    assert response.status_code == 200
    assert response.json() == before  # the changes answered 503 did not happen
    renamed = await api.set_text(code, "title", "after the outage")
    assert renamed["title"] == "after the outage"
    probe = MySqlProbe.connect(settings)
    try:
        stored = await probe.stored(code)
        assert stored is not None
        assert (stored["title"], stored["participants"]) == ("after the outage", [])
    finally:
        await probe.close()
    assert (await client.get("/readyz")).status_code == 200
