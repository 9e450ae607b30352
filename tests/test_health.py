"""Liveness and readiness, for whatever runs the servers."""

import httpx
from fastapi import FastAPI

from app.meetings.router import Backend, Backends


async def test_a_live_process_says_so(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})


async def test_ready_when_each_backend_it_was_set_up_for_answers(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    backends: Backends = app.state.backends

    response = await client.get("/readyz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "backends": {backend.value: "ok" for backend in backends.services},
    }
    assert Backend.mysql in backends.services
