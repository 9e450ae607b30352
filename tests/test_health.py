"""Liveness and readiness, for whatever runs the servers."""

import json
import logging
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from app.meetings.router import Backend, Backends
from app.ops.request_log import log


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


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[dict[str, object]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(record.getMessage()))


@pytest.fixture
def request_lines() -> Iterator[list[dict[str, object]]]:
    lines = Lines()
    log.addHandler(lines)
    try:
        yield lines.lines
    finally:
        log.removeHandler(lines)


async def test_each_request_is_one_json_line_under_its_request_id(
    client: httpx.AsyncClient, request_lines: list[dict[str, object]]
) -> None:
    created = await client.post("/v1/mysql/meetings", headers={"X-Request-ID": "edge-42.a"})
    code = created.json()["url_code"]
    token = created.json()["admin_token"]
    changed = await client.patch(
        f"/v1/mysql/meetings/{code}/title",
        json={"title": "x"},
        headers={"Authorization": f"Bearer {token}"},
    )
    odd = await client.get("/v1/mysql/meetings/nope", headers={"X-Request-ID": "a b"})

    assert created.headers["x-request-id"] == "edge-42.a"
    made_up = changed.headers["x-request-id"]
    assert len(made_up) == 32 and odd.headers["x-request-id"] not in ("a b", made_up)
    assert [line["request_id"] for line in request_lines] == [
        "edge-42.a",
        made_up,
        odd.headers["x-request-id"],
    ]
    assert request_lines[1] == {
        "request_id": made_up,
        "method": "PATCH",
        "route": "/v1/{backend}/meetings/{url_code}/title",
        "backend": "mysql",
        "status": 200,
        "duration_ms": request_lines[1]["duration_ms"],
    }
    assert request_lines[2]["status"] == 404
    written = json.dumps(request_lines)
    assert token not in written and code not in written


async def scrape(client: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


async def test_metrics_count_requests_database_time_and_what_the_process_holds(
    client: httpx.AsyncClient,
) -> None:
    created = {
        ("route", "/v1/{backend}/meetings"),
        ("method", "POST"),
        ("status", "200"),
        ("backend", "mysql"),
    }
    before = await scrape(client)

    meeting = (await client.post("/v1/mysql/meetings", json={"title": "m"})).json()
    await client.get(f"/v1/mysql/meetings/{meeting['url_code']}")
    after = await scrape(client)

    def grew(name: str, labels: set[tuple[str, str]]) -> float:
        key = (name, frozenset(labels))
        return after[key] - before.get(key, 0.0)

    assert grew("meetifyr_requests_total", created) == 1
    assert grew("meetifyr_request_duration_seconds_count", created - {("status", "200")}) == 1
    calls = {("backend", "mysql"), ("call", "changes_since")}
    assert grew("meetifyr_database_seconds_count", calls) == 1
    assert after[("meetifyr_kept_meeting_bytes", frozenset({("backend", "mysql")}))] > 0
    assert after[("meetifyr_pool_connections_in_use", frozenset({("backend", "mysql")}))] == 0
    assert after[("meetifyr_open_event_streams", frozenset())] == 0
