"""The soak: one API process serving both backends under mixed traffic for minutes on end.

On each backend MEETINGS meetings (14 days, PARTICIPANTS people who marked each day) are
seeded; then WORKERS clients per backend loop without pause over a mix of what users do: reads
(some with If-None-Match), day changes with the participant's own token, guests who join and
later leave (so meetings keep their size), renames, title changes sent with If-Match (a 412 is
a right answer to a stale one), and now and then a new meeting. STREAMS event streams per
backend stay open, each closing after a while and opening again on another meeting.

The first `warmup` seconds fill the caches; RSS is taken then, and again at the end of the
soak with the same load on. Afterwards every stream is closed and /metrics must show no stream
and no database connection still held. Passes with zero 5xx, zero failed connections, and the
end RSS within RSS_GROWTH_LIMIT of the warm one.
"""

import asyncio
import random
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.streams import cpu_seconds, rss_mb

MEETINGS = 40
PARTICIPANTS = 10
WORKERS = 6
SEEDERS = 4
STREAMS = 100
GUESTS_PER_MEETING = 3
RSS_GROWTH_LIMIT = 0.10
RANGE = {"start_date": "2027-05-03", "end_date": "2027-05-16"}


@dataclass
class Person:
    id: Any
    token: str
    day_ids: list[Any]


@dataclass
class Meeting:
    url_code: str
    admin_token: str
    people: list[Person]
    guests: list[Person] = field(default_factory=list)
    etag: str = ""


@dataclass
class Tally:
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    streams_opened: int = 0
    events: int = 0
    joins: int = 0


class Backend:
    def __init__(self, client: httpx.AsyncClient, name: str, tally: Tally) -> None:
        self.client = client
        self.name = name
        self.tally = tally
        self.meetings: list[Meeting] = []
        self.renames = 0

    async def call(
        self, method: str, path: str, body: object = None, token: str = "", **headers: str
    ) -> httpx.Response | None:
        if token:
            headers["Authorization"] = f"Bearer {token}"
        started = time.perf_counter()
        try:
            response = await self.client.request(
                method, f"/v1/{self.name}{path}", json=body, headers=headers
            )
        except httpx.HTTPError as error:
            self.tally.failures[f"{self.name} {type(error).__name__}"] += 1
            return None
        self.tally.latencies_ms.append((time.perf_counter() - started) * 1000)
        self.tally.statuses[(self.name, response.status_code)] += 1
        return response

    async def must(self, method: str, path: str, body: object = None, token: str = "") -> Any:
        response = await self.call(method, path, body, token)
        if response is None or response.status_code != 200:
            detail = "no answer" if response is None else f"{response.status_code} {response.text}"
            raise RuntimeError(f"seeding: {method} {path}: {detail}")
        return response.json()

    async def join(self, meeting: Meeting, name: str) -> Person | None:
        body = {"meeting_url_code": meeting.url_code, "name": name}
        response = await self.call("POST", "/participants", body)
        if response is None or response.status_code != 200:
            return None
        joined = response.json()
        self.tally.joins += 1
        day_ids = [day["id"] for day in joined["participant_dates"]]
        return Person(joined["participant_id"], joined["participant_token"], day_ids)

    async def seed(self) -> None:
        # A few at a time: a burst of queries the database has not compiled yet (a fresh
        # EdgeDB) can take longer than the deadline, which the load after it never does.
        turns = asyncio.Semaphore(SEEDERS)

        async def seed_in_turn(number: int) -> Meeting:
            async with turns:
                return await self.seed_one(number)

        self.meetings = list(await asyncio.gather(*map(seed_in_turn, range(MEETINGS))))

    async def seed_one(self, number: int) -> Meeting:
        """A meeting whose people joined and each marked every day once, as they would: so the
        warm-up has seen every target the load will touch."""
        created = await self.must("POST", "/meetings", {"title": f"soak {number}"})
        meeting = Meeting(created["url_code"], created["admin_token"], [])
        path = f"/meetings/{meeting.url_code}/date_range"
        await self.must("PATCH", path, RANGE, meeting.admin_token)
        for person in range(PARTICIPANTS):
            joined = await self.join(meeting, f"person {person}")
            if joined is None:
                raise RuntimeError("seeding: a join failed")
            meeting.people.append(joined)
            for day_id in joined.day_ids:
                body = {"participant_date_id": day_id, "meeting_url_code": meeting.url_code}
                action = random.choice(["on", "off", "star"])
                await self.must("PATCH", f"/participant_dates/{action}", body, joined.token)
        return meeting

    async def one_action(self) -> None:
        meeting = random.choice(self.meetings)
        code = meeting.url_code
        roll = random.random()
        if roll < 0.45:
            await self.call("GET", f"/meetings/{code}")
        elif roll < 0.55:
            response = await self.call(
                "GET", f"/meetings/{code}", **{"If-None-Match": meeting.etag}
            )
            if response is not None and "etag" in response.headers:
                meeting.etag = response.headers["etag"]
        elif roll < 0.80:
            person = random.choice(meeting.people)
            action = random.choice(["on", "off", "star", "unstar"])
            body = {"participant_date_id": random.choice(person.day_ids), "meeting_url_code": code}
            await self.call("PATCH", f"/participant_dates/{action}", body, person.token)
        elif roll < 0.88:
            await self.guest_comes_or_goes(meeting)
        elif roll < 0.92:
            self.renames += 1
            index = random.randrange(len(meeting.people))
            person = meeting.people[index]
            body = {"name": f"person {index} ({self.renames})"}
            path = f"/meetings/{code}/participants/{person.id}"
            await self.call("PATCH", path, body, person.token)
        elif roll < 0.998:
            body = {"title": f"soak {random.randrange(1000)}"}
            response = await self.call(
                "PATCH",
                f"/meetings/{code}/title",
                body,
                meeting.admin_token,
                **{"If-Match": meeting.etag or "*"},
            )
            if response is not None and "etag" in response.headers:
                meeting.etag = response.headers["etag"]
        else:
            await self.call("POST", "/meetings", {"title": "soak, passing by"})

    async def guest_comes_or_goes(self, meeting: Meeting) -> None:
        if len(meeting.guests) < GUESTS_PER_MEETING:
            guest = await self.join(meeting, f"guest {random.randrange(10**9)}")
            if guest is not None:
                meeting.guests.append(guest)
            return
        guest = meeting.guests.pop(0)
        path = f"/meetings/{meeting.url_code}/participants/{guest.id}"
        await self.call("DELETE", path, None, guest.token)

    async def work(self, until: float) -> None:
        while time.monotonic() < until:
            await self.one_action()

    async def watch(self, until: float) -> None:
        """One stream slot: a stream on some meeting for a while, then on another."""
        while time.monotonic() < until:
            code = random.choice(self.meetings).url_code
            lifetime = random.uniform(5, 30)
            try:
                async with asyncio.timeout(min(lifetime, max(0.0, until - time.monotonic()))):
                    await self.read_events(code)
            except TimeoutError:
                pass
            except httpx.HTTPError as error:
                self.tally.failures[f"{self.name} stream {type(error).__name__}"] += 1
                await asyncio.sleep(1)

    async def read_events(self, code: str) -> None:
        path = f"/v1/{self.name}/meetings/{code}/events"
        async with self.client.stream("GET", path) as response:
            self.tally.statuses[(self.name, response.status_code)] += 1
            if response.status_code != 200:
                await asyncio.sleep(1)
                return
            self.tally.streams_opened += 1
            async for line in response.aiter_lines():
                if line.startswith("id: "):
                    self.tally.events += 1


async def open_streams_and_connections(client: httpx.AsyncClient) -> dict[str, float]:
    """The metrics that must fall back to zero once the load is gone, summed per name."""
    text = (await client.get("/metrics")).text
    totals: dict[str, float] = {}
    for line in text.splitlines():
        for name in ("meetifyr_open_event_streams", "meetifyr_pool_connections_in_use"):
            if line.startswith(name):
                totals[name] = totals.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return totals


async def soak_async(
    port: int, pid: int, backends: list[str], warmup: float, duration: float
) -> dict[str, Any]:
    tally = Tally()
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    async with httpx.AsyncClient(
        base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30
    ) as client:
        served = [Backend(client, name, tally) for name in backends]
        for backend in served:
            await backend.seed()
        started = time.monotonic()
        cpu_at_start = cpu_seconds(pid)
        until = started + warmup + duration
        load = [
            asyncio.create_task(job)
            for backend in served
            for job in [
                *(backend.work(until) for _ in range(WORKERS)),
                *(backend.watch(until) for _ in range(STREAMS)),
            ]
        ]
        rss_samples: list[tuple[float, float]] = []
        while (now := time.monotonic()) < until - 1:
            rss_samples.append((round(now - started), rss_mb(pid)))
            await asyncio.sleep(min(10.0, max(0.1, until - 1 - now)))
        warm = next(rss for at, rss in rss_samples if at >= warmup)
        end = rss_samples[-1][1]
        await asyncio.gather(*load)
        server_cpu = (cpu_seconds(pid) - cpu_at_start) / (time.monotonic() - started)
        await asyncio.sleep(2)
        left = await open_streams_and_connections(client)
    latencies = sorted(tally.latencies_ms)
    statuses = {
        f"{name} {status}": count for (name, status), count in sorted(tally.statuses.items())
    }
    server_errors = sum(c for (_, status), c in tally.statuses.items() if status >= 500)
    failures = sum(tally.failures.values())
    growth = (end - warm) / warm
    passed = (
        server_errors == 0
        and failures == 0
        and growth <= RSS_GROWTH_LIMIT
        and not any(left.values())
    )
    return {
        "backends": backends,
        "warmup_s": warmup,
        "duration_s": duration,
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / (warmup + duration)),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))], 1),
        "server_cpu_percent": round(server_cpu * 100),
        "statuses": statuses,
        "server_errors": server_errors,
        "failed_connections": dict(tally.failures),
        "joins": tally.joins,
        "streams_opened": tally.streams_opened,
        "events": tally.events,
        "rss_warm_mb": round(warm, 1),
        "rss_end_mb": round(end, 1),
        "rss_max_mb": round(max(rss for _, rss in rss_samples), 1),
        "rss_growth": round(growth, 3),
        "rss_samples": rss_samples,
        "left_open_after": left,
        "passed": passed,
    }


def soak(
    port: int, pid: int, backends: list[str], warmup: float, duration: float
) -> dict[str, Any]:
    return asyncio.run(soak_async(port, pid, backends, warmup, duration))
