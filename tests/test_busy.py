"""A server process with more to do than it can: requests that wait past the deadline behind
others answer 503 saying this server is busy (not that the database cannot answer, which goes
on answering), and the metrics count them apart."""

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from app.settings import Settings
from tests.api import Api
from tests.live import ServerProcess, start_server_process

MEETINGS = 600


@pytest.fixture(scope="module")
def cramped(app: FastAPI, settings: Settings) -> Iterator[ServerProcess]:
    """One database connection per backend, and 250 ms for each call: more than a new EdgeDB
    connection takes on a loaded two-core machine (each call cut off on the one connection
    closes it), less than the crowd's reads take through it."""
    server = start_server_process(
        settings, MYSQL_POOL_SIZE="1", EDGEDB_POOL_SIZE="1", DATABASE_DEADLINE_MS="250"
    )
    yield server
    server.stop()


async def test_requests_that_wait_in_a_busy_process_are_told_so(
    api: Api, cramped: ServerProcess
) -> None:
    # Meetings it holds nothing of: each read is a whole one, through its one connection.
    codes = [(await api.meeting_with_range())["url_code"] for _ in range(MEETINGS)]
    # All of them at once, not in the client's usual waves of 100 connections.
    limits = httpx.Limits(max_connections=None)
    async with httpx.AsyncClient(base_url=cramped.url, timeout=30, limits=limits) as client:
        answers = await asyncio.gather(
            *(client.get(f"{api.prefix}/meetings/{code}") for code in codes)
        )
        metrics = (await client.get("/metrics")).text

    statuses = [answer.status_code for answer in answers]
    assert set(statuses) == {200, 503}, statuses
    for answer in answers:
        if answer.status_code == 503:
            assert answer.json() == {
                "detail": "this server is too busy to answer now; try again shortly"
            }
            assert answer.headers["retry-after"] == "1"
    unanswered = {
        sample.labels["cause"]: sample.value
        for family in text_string_to_metric_families(metrics)
        for sample in family.samples
        if sample.name == "meetifyr_unanswered_total" and sample.labels["backend"] == api.backend
    }
    assert unanswered == {"busy": statuses.count(503)}
    # Once the crowd is gone, it serves every one of them.
    async with httpx.AsyncClient(base_url=cramped.url, timeout=30) as client:
        for code in codes[:20]:
            assert (await client.get(f"{api.prefix}/meetings/{code}")).status_code == 200
