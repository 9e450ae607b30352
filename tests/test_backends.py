"""Without an EdgeDB server the EdgeDB routes answer 503 and MySQL goes on."""

import httpx
import pytest
from fastapi import FastAPI

from app.backends.edgedb.connection import SERVER_VARIABLES
from app.main import open_edgedb
from app.meetings.router import Backend, Backends
from app.settings import Settings


async def test_edgedb_routes_answer_503_when_no_server_is_configured(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in SERVER_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    unconfigured = Backends()
    await open_edgedb(settings.model_copy(update={"edgedb_dsn": None}), unconfigured)
    backends: Backends = app.state.backends
    monkeypatch.delitem(backends.services, Backend.edgedb, raising=False)
    monkeypatch.setitem(
        backends.unavailable, Backend.edgedb, unconfigured.unavailable[Backend.edgedb]
    )

    edgedb = await client.get("/v1/edgedb/meetings/abc")
    created = await client.post("/v1/edgedb/meetings")
    mysql = await client.post("/v1/mysql/meetings")

    assert edgedb.status_code == created.status_code == 503
    assert edgedb.json()["detail"].startswith("EdgeDB backend is not configured: ")
    assert "EDGEDB_DSN" in edgedb.json()["detail"]
    assert mysql.status_code == 200
