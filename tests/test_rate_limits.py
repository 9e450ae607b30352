"""Rate limits per client: creates, joins, changes per token, open streams; 429 with
Retry-After over a limit, RateLimit-Policy and RateLimit on every answer of a limited route,
counts in memory per process or shared by every process through a real Redis."""

import asyncio
import contextlib
import os
import time
from collections.abc import AsyncIterator, Callable, Iterator

import httpx
import pytest
from fastapi import FastAPI
from redis import asyncio as redis

from app.errors import ClientStreamsFull
from app.rate_limits import streams as stream_counts
from app.rate_limits.limiter import RateLimiter
from app.rate_limits.policies import HOUR, MINUTE, Policies, Policy
from app.rate_limits.streams import SharedStreams
from app.settings import Settings
from tests.api import Api
from tests.live import open_events, served_in_process, start_server_process
from tests.probes import DbProbe

SetLimits = Callable[..., None]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "")
needs_redis = pytest.mark.skipif(
    not REDIS_URL, reason="no Redis (TEST_REDIS_URL): test.sh starts one when it can"
)


@pytest.fixture
def limits(app: FastAPI) -> Iterator[SetLimits]:
    """Sets this test's limits, counted afresh, on the app; its own are back after the test."""
    kept = app.state.rate_limiter

    def set_limits(
        creates: int = 0, joins: int = 0, changes: int = 0, streams: int = 0, storage: str = ""
    ) -> None:
        policies = Policies(
            creates=Policy("creates", creates, HOUR),
            joins=Policy("joins", joins, MINUTE),
            changes=Policy("changes", changes, MINUTE),
            streams=streams,
        )
        app.state.rate_limiter = RateLimiter(policies, storage)

    yield set_limits
    app.state.rate_limiter = kept


@contextlib.asynccontextmanager
async def client_at(app: FastAPI, address: str) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests come from `address`."""
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


def counted(response: httpx.Response) -> tuple[str, str]:
    return response.headers["ratelimit-policy"], response.headers["ratelimit"]


async def test_a_client_creates_at_most_its_quota_of_meetings_an_hour(
    app: FastAPI, backend: str, probe: DbProbe, limits: SetLimits
) -> None:
    limits(creates=3)
    async with client_at(app, "203.0.113.7") as one, client_at(app, "203.0.113.8") as other:
        api = Api(one, backend)
        for left in (2, 1, 0):
            created = await api.raw("POST", "/meetings", json={})
            assert created.status_code == 200, created.text
            policy, count = counted(created)
            assert policy == '"creates";q=3;w=3600'
            assert count.startswith(f'"creates";r={left};t=')
        asked = time.monotonic()
        refused = await api.raw("POST", "/meetings", json={"title": "One more"})
        refused_after = time.monotonic() - asked
        elsewhere = await Api(other, backend).raw("POST", "/meetings", json={})

    assert refused.status_code == 429
    retry_after = int(refused.headers["retry-after"])
    assert 3590 <= retry_after <= 3600
    assert refused.json() == {
        "detail": "this client has created 3 meetings in the last hour, the most it may;"
        f" try again in {retry_after} s"
    }
    assert counted(refused) == ('"creates";q=3;w=3600', f'"creates";r=0;t={retry_after}')
    # Answered after a second: a client that retries at once in a loop costs little.
    assert 0.9 <= refused_after < 3
    assert elsewhere.status_code == 200  # another client has a count of its own
    assert await probe.count_meetings() == 4


async def test_joins_are_counted_per_client_and_a_refused_one_joins_nobody(
    app: FastAPI, api: Api, probe: DbProbe, limits: SetLimits
) -> None:
    meeting = await api.meeting_with_range()
    code = meeting["url_code"]
    limits(joins=2)
    async with client_at(app, "198.51.100.1") as one, client_at(app, "198.51.100.2") as other:
        joins = [
            await Api(one, api.backend).raw(
                "POST", "/participants", json={"meeting_url_code": code, "name": name}
            )
            for name in ("Ann", "Bob", "Cy")
        ]
        elsewhere = await Api(other, api.backend).raw(
            "POST", "/participants", json={"meeting_url_code": code, "name": "Di"}
        )

    assert [joined.status_code for joined in joins] == [200, 200, 429]
    policy, count = counted(joins[1])
    assert policy == '"joins";q=2;w=60'
    assert count.startswith('"joins";r=0;t=') and 50 <= int(count.split("t=")[1]) <= 60
    assert 50 <= int(joins[2].headers["retry-after"]) <= 60
    assert elsewhere.status_code == 200
    assert await probe.count_participants(code) == 3


async def test_changes_are_counted_per_token_and_a_refused_one_changes_nothing(
    api: Api, probe: DbProbe, limits: SetLimits
) -> None:
    meeting = await api.meeting_with_range()
    code = meeting["url_code"]
    admin = {"Authorization": f"Bearer {meeting['admin_token']}"}
    joined = await api.join(code, "Ann")
    own = {"Authorization": f"Bearer {joined['participant_token']}"}
    limits(changes=2)

    answers = [
        await api.raw("PATCH", f"/meetings/{code}/title", json={"title": title}, headers=admin)
        for title in ("One", "Two", "Three")
    ]
    # A wrong token is counted as sent: trying tokens costs the one who tries.
    by_participant = await api.raw(
        "PATCH",
        f"/meetings/{code}/participants/{joined['participant_id']}",
        json={"name": "Anna"},
        headers=own,
    )
    read = await api.raw("GET", f"/meetings/{code}")

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[0].headers["ratelimit-policy"] == '"changes";q=2;w=60'
    assert (
        answers[2]
        .json()["detail"]
        .startswith(
            "this token has made 2 changes in the last minute, the most it may; try again in"
        )
    )
    assert by_participant.status_code == 200  # another token, a count of its own
    assert "ratelimit" not in read.headers  # a read sends no token and is not limited
    stored = await probe.stored(code)
    assert stored is not None and stored["title"] == "Two"


async def test_limits_set_to_zero_count_nothing_and_say_nothing(
    api: Api, limits: SetLimits
) -> None:
    limits()
    for _ in range(3):
        created = await api.raw("POST", "/meetings", json={})
        assert created.status_code == 200
        assert "ratelimit-policy" not in created.headers
        assert "ratelimit" not in created.headers


async def test_a_client_holds_at_most_its_quota_of_open_streams(
    app: FastAPI, api: Api, limits: SetLimits
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    limits(streams=1)
    async with served_in_process(app) as url:
        async with (
            open_events(url, api.backend, code),
            # Were it let through, the stream would not end: the timeout says so.
            httpx.AsyncClient(base_url=url, timeout=5) as client,
        ):
            second = await client.get(f"/v1/{api.backend}/meetings/{code}/events")
        # Once the first is closed, its slot is free again.
        async with open_events(url, api.backend, code) as again:
            assert (await again.next_meeting()).id is not None

    assert second.status_code == 429
    assert second.json()["detail"].startswith("this client holds 1 open event streams")
    assert second.headers["retry-after"] == "5"


async def forget_counts(url: str) -> None:
    async with redis.from_url(url) as connection:
        await connection.flushdb()


@needs_redis
async def test_counts_in_redis_are_shared_by_every_process(
    app: FastAPI, settings: Settings, backend: str, probe: DbProbe, limits: SetLimits
) -> None:
    storage = REDIS_URL
    await forget_counts(storage)
    limits(creates=3, storage=storage)
    other = start_server_process(settings, RATE_LIMIT_STORAGE=storage, CREATES_PER_HOUR="3")
    try:
        async with (
            client_at(app, "127.0.0.1") as here,
            httpx.AsyncClient(base_url=other.url) as there,
        ):
            statuses, left = [], []
            for client in (here, there, here, there):
                created = await client.post(f"/v1/{backend}/meetings", json={})
                statuses.append(created.status_code)
                left.append(created.headers["ratelimit"].split(";")[1])
    finally:
        other.stop()
        await forget_counts(storage)

    assert statuses == [200, 200, 200, 429]
    assert left == ["r=2", "r=1", "r=0", "r=0"]
    assert await probe.count_meetings() == 3


async def streams_held_in(url: str) -> dict[bytes, int]:
    """How many places each client's streams take in that Redis."""
    async with redis.from_url(url) as connection:
        keys = await connection.keys("meetifyr:streams:*")
        return {key: await connection.zcard(key) for key in keys}


@needs_redis
async def test_open_streams_counted_in_redis_are_shared_by_every_process(
    app: FastAPI, settings: Settings, api: Api, limits: SetLimits
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    events = f"/v1/{api.backend}/meetings/{code}/events"
    await forget_counts(REDIS_URL)
    limits(streams=1, storage=REDIS_URL)
    other = start_server_process(settings, RATE_LIMIT_STORAGE=REDIS_URL, STREAMS_PER_CLIENT="1")
    try:
        async with served_in_process(app) as url:
            async with open_events(url, api.backend, code):
                held = await streams_held_in(REDIS_URL)
                # Were it let through, the stream would not end: the timeout says so.
                async with httpx.AsyncClient(base_url=other.url, timeout=5) as there:
                    second = await there.get(events)
            # Once the first is closed, its place is given back, to any process.
            deadline = time.monotonic() + 5
            # (a task of the first process gives it back: nothing to wait on but Redis)
            while await streams_held_in(REDIS_URL) and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.05)
            async with open_events(other.url, api.backend, code) as again:
                assert (await again.next_meeting()).id is not None
                held_there = await streams_held_in(REDIS_URL)
    finally:
        other.stop()
        await forget_counts(REDIS_URL)

    assert held == {b"meetifyr:streams:127.0.0.1": 1} == held_there
    assert second.status_code == 429
    assert second.json()["detail"].startswith("this client holds 1 open event streams")


@needs_redis
async def test_a_streams_place_in_redis_lasts_while_it_is_open_and_not_past_its_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(stream_counts, "LEASE_SECONDS", 1)
    monkeypatch.setattr(stream_counts, "RENEW_SECONDS", 0.2)
    await forget_counts(REDIS_URL)
    alive, dead = SharedStreams(REDIS_URL, 1.0), SharedStreams(REDIS_URL, 1.0)
    try:
        async with alive.held("198.51.100.1", 1):
            # A process that dies holding a stream renews its place no more, nor gives it back.
            dying = dead.held("198.51.100.2", 1)
            await dying.__aenter__()
            await dead.close()
            await asyncio.sleep(1.5)
            held = await streams_held_in(REDIS_URL)
            # Renewed, the first place is still taken; run out, the second is free again.
            with pytest.raises(ClientStreamsFull):
                await alive.held("198.51.100.1", 1).__aenter__()
            async with alive.held("198.51.100.2", 1):
                taken_again = await streams_held_in(REDIS_URL)
        await dying.__aexit__(None, None, None)
    finally:
        await alive.close()
        await dead.close()
        await forget_counts(REDIS_URL)

    # The place that ran out is dropped when the next is taken, not counted beside it.
    assert (
        held
        == taken_again
        == {
            b"meetifyr:streams:198.51.100.1": 1,
            b"meetifyr:streams:198.51.100.2": 1,
        }
    )


async def test_a_redis_that_does_not_answer_is_a_503_and_nothing_is_done(
    api: Api, probe: DbProbe, limits: SetLimits
) -> None:
    from tests.live import free_port

    limits(creates=3, storage=f"redis://127.0.0.1:{free_port()}/0")
    refused = await api.raw("POST", "/meetings", json={})

    assert refused.status_code == 503
    assert refused.json() == {
        "detail": "the rate limits' store cannot answer now; try again shortly"
    }
    assert refused.headers["retry-after"] == "1"
    assert await probe.count_meetings() == 0


def creates_from(url: str, forwarded_for: str) -> int:
    answer = httpx.post(
        f"{url}/v1/mysql/meetings", json={}, headers={"X-Forwarded-For": forwarded_for}
    )
    return answer.status_code


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(settings: Settings) -> None:
    """run.sh hands TRUSTED_PROXIES (default 127.0.0.1, whence these tests connect) to
    uvicorn: the last forwarded address that is not a trusted proxy is the client."""
    trusting = start_server_process(settings, run_sh=True, CREATES_PER_HOUR="1")
    try:
        statuses = [
            creates_from(trusting.url, forwarded)
            for forwarded in ("192.0.2.1", "192.0.2.1", "192.0.2.2, 127.0.0.1", "192.0.2.2")
        ]
    finally:
        trusting.stop()
    assert statuses == [200, 429, 200, 429]


def test_a_forwarded_address_from_a_peer_not_trusted_is_not_believed(
    settings: Settings,
) -> None:
    distrusting = start_server_process(
        settings, run_sh=True, CREATES_PER_HOUR="1", TRUSTED_PROXIES="192.0.2.254"
    )
    try:
        statuses = [
            creates_from(distrusting.url, forwarded) for forwarded in ("192.0.2.3", "192.0.2.4")
        ]
    finally:
        distrusting.stop()
    assert statuses == [200, 429]  # both from 127.0.0.1, whatever they say


async def test_counts_kept_in_memory_are_dropped_once_out_of_their_window() -> None:
    """A process that counts for months keeps only the last window of each client."""
    policy = Policy("joins", 2, 1)
    limiter = RateLimiter(Policies(policy, policy, policy, streams=0))
    first = await limiter.count(policy, "198.51.100.9")
    await asyncio.sleep(1.1)
    second = await limiter.count(policy, "198.51.100.10")

    assert first.allowed and second.allowed and second.remaining == 1
    kept = limiter._window._storage.events  # type: ignore[attr-defined]
    assert [len(entries) for entries in kept.values()] == [1]  # the first client's is gone
