"""Big meetings at the speed of small ones: what a change costs as a meeting grows, a crowd
joining one meeting at once, and patch streams of a full meeting. Against one API process of
its own, which seeds a full meeting (MAX_PARTICIPANTS over the longest range) and a small one
(SMALL participants, the same days).

- size: day changes a second from CLIENTS connections for RATE_SECONDS (the median of
  SIZE_ROUNDS, taken in turns), each toggling a random day of the first SMALL participants:
  with `Prefer: return=minimal` on the full meeting and on the small one; answering the whole
  state on the full meeting; and, for comparison, a pair of a change to the small meeting and a
  GET of the full meeting's kept body (sending 2 or 3 MB costs what it costs anywhere);
- burst: BURST_JOINS joins from BURST_CLIENTS concurrent clients into a new meeting of the
  longest range: non-2xx answers, and the median of the last 50 joins against the first 50, in
  join order;
- fan-out: FAN_OUT_STREAMS streams with `patches=true` on the full meeting while a writer
  changes its days FAN_OUT_RATE times a second for FAN_OUT_SECONDS: the mean event after the
  first, change-to-event, the streams' last versions, and the process's RSS at its highest.
"""

import asyncio
import datetime as dt
import http.client
import json
import random
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from bench.streams import percentile, rss_mb

START = dt.date(2027, 1, 1)
SMALL = 10
CLIENTS = 8
RATE_SECONDS = 6
SIZE_ROUNDS = 3
BURST_JOINS = 300
BURST_CLIENTS = 30
FAN_OUT_STREAMS = 50
FAN_OUT_RATE = 20
FAN_OUT_SECONDS = 60
SETTLE_SECONDS = 2

Headers = dict[str, str]


class Client:
    """One keep-alive connection; answers are read whole, never parsed unless asked."""

    def __init__(self, port: int, backend: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.prefix = f"/v1/{backend}"

    def send(
        self, method: str, path: str, body: object = None, headers: Headers | None = None
    ) -> tuple[int, bytes, Headers]:
        sent = {"Content-Type": "application/json", **(headers or {})}
        payload = None if body is None else json.dumps(body)
        self.connection.request(method, self.prefix + path, payload, sent)
        response = self.connection.getresponse()
        data = response.read()
        return response.status, data, dict(response.getheaders())

    def json(
        self, method: str, path: str, body: object = None, headers: Headers | None = None
    ) -> Any:
        status, data, _ = self.send(method, path, body, headers)
        if status != 200:
            raise SystemExit(f"{method} {path}: {status} {data[:300]!r}")
        return json.loads(data)


@dataclass
class Meeting:
    url_code: str
    admin: Headers
    days: list[Any] = field(default_factory=list)  # the days of its first SMALL participants


def seed(port: int, backend: str, participants: int, days: int) -> Meeting:
    end = START + dt.timedelta(days - 1)
    range_ = {"title": "Big", "start_date": str(START), "end_date": str(end)}
    created = Client(port, backend).json("POST", "/meetings", range_)
    meeting = Meeting(created["url_code"], {"Authorization": f"Bearer {created['admin_token']}"})
    local = threading.local()

    def join(n: int) -> list[Any]:
        if not hasattr(local, "client"):
            local.client = Client(port, backend)
        body = {"meeting_url_code": meeting.url_code, "name": f"Participant {n:04d}"}
        joined = local.client.json("POST", "/participants", body)
        return [d["id"] for d in joined["participant_dates"]]

    with ThreadPoolExecutor(8) as pool:
        joined = list(pool.map(join, range(participants)))
    # Changes go to as many days in a full meeting as in a small one, so that what differs is
    # the meeting's size alone (the guard reads a day's digests the first time it is changed).
    meeting.days = [day for ids in joined[:SMALL] for day in ids]
    return meeting


def rate(port: int, backend: str, work: Callable[[Client, random.Random], None]) -> float:
    """Iterations of `work` a second, from CLIENTS connections at once."""
    done = [0] * CLIENTS
    stop = time.monotonic() + RATE_SECONDS

    def loop(number: int) -> None:
        client, rng = Client(port, backend), random.Random(number)
        while time.monotonic() < stop:
            work(client, rng)
            done[number] += 1

    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(loop, range(CLIENTS)))
    return round(sum(done) / RATE_SECONDS, 1)


def day_change(meeting: Meeting, headers: Headers) -> Callable[[Client, random.Random], None]:
    def change(client: Client, rng: random.Random) -> None:
        body = {
            "participant_date_id": rng.choice(meeting.days),
            "meeting_url_code": meeting.url_code,
        }
        status, data, _ = client.send(
            "PATCH", f"/participant_dates/{rng.choice(['on', 'off'])}", body, headers
        )
        if status not in (200, 204):
            raise SystemExit(f"day change: {status} {data[:300]!r}")

    return change


def size(port: int, backend: str, full: Meeting, small: Meeting) -> dict[str, Any]:
    minimal = {"Prefer": "return=minimal"}
    change_small = day_change(small, small.admin)

    def change_then_get(client: Client, rng: random.Random) -> None:
        change_small(client, rng)
        status, _, _ = client.send("GET", f"/meetings/{full.url_code}")
        assert status == 200

    kinds: dict[str, Callable[[Client, random.Random], None]] = {
        "minimal_small_per_s": day_change(small, {**small.admin, **minimal}),
        "minimal_full_per_s": day_change(full, {**full.admin, **minimal}),
        "answered_full_per_s": day_change(full, full.admin),
        "small_change_and_full_get_per_s": change_then_get,
    }
    # Each kind in turn, SIZE_ROUNDS times, and the median of each: what the database does in
    # the background for a while (PostgreSQL's autovacuum after the seeding) falls on all kinds.
    rates: dict[str, list[float]] = {kind: [] for kind in kinds}
    for _ in range(SIZE_ROUNDS):
        for kind, work in kinds.items():
            rates[kind].append(rate(port, backend, work))
    result = {kind: statistics.median(measured) for kind, measured in rates.items()}
    return {
        **result,
        "minimal_ratio": round(result["minimal_full_per_s"] / result["minimal_small_per_s"], 2),
        "answered_ratio": round(
            result["answered_full_per_s"] / result["small_change_and_full_get_per_s"], 2
        ),
    }


async def _post(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str, body: bytes
) -> tuple[int, dict[bytes, bytes]]:
    """One POST on a keep-alive connection; the answer's body is read and dropped."""
    writer.write(
        b"POST " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n\r\n"
        + body
    )
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *lines = head.split(b"\r\n")
    headers = {}
    for line in lines:
        if b":" in line:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
    await reader.readexactly(int(headers[b"content-length"]))
    return int(status_line.split()[1]), headers


async def _burst(port: int, backend: str, code: str) -> tuple[list[tuple[int, float]], int]:
    """BURST_JOINS joins from BURST_CLIENTS connections at once: (version, seconds) each, and
    how many were refused. One event loop, no threads: the client costs little beside the
    server it measures."""
    joins: list[tuple[int, float]] = []
    failed = 0
    path = f"/v1/{backend}/participants"

    async def client(number: int) -> None:
        nonlocal failed
        reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
        for n in range(BURST_JOINS // BURST_CLIENTS):
            name = f"Student {number:02d}-{n:02d}"
            body = json.dumps({"meeting_url_code": code, "name": name}).encode()
            started = time.perf_counter()
            status, headers = await _post(reader, writer, path, body)
            took = time.perf_counter() - started
            if status != 200:
                failed += 1
                continue
            joins.append((int(headers[b"etag"].strip(b'"')), took))
        writer.close()

    await asyncio.gather(*(client(number) for number in range(BURST_CLIENTS)))
    return joins, failed


def burst(port: int, backend: str, days: int) -> dict[str, Any]:
    end = START + dt.timedelta(days - 1)
    range_ = {"title": "Class", "start_date": str(START), "end_date": str(end)}
    code = Client(port, backend).json("POST", "/meetings", range_)["url_code"]
    joins, failed = asyncio.run(_burst(port, backend, code))
    ordered = [took for _, took in sorted(joins)]
    first = statistics.median(ordered[:50]) * 1000
    last = statistics.median(ordered[-50:]) * 1000
    return {
        "joins": len(joins),
        "non_2xx": failed,
        "first_50_p50_ms": round(first, 1),
        "last_50_p50_ms": round(last, 1),
        "ratio": round(last / first, 2),
        "p99_ms": round(percentile(ordered, 0.99) * 1000, 1),
    }


@dataclass
class Stream:
    events: list[tuple[int, float, int]] = field(default_factory=list)  # (id, at, bytes)


async def read_stream(stream: Stream, port: int, path: str, opened: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 24)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"stream refused: {head[:100]!r}")
    opened.set()
    # Chunked transfer: the chunk sizes are counted too, a few bytes an event.
    block = 0
    event_id = None
    try:
        while line := await reader.readline():
            now = time.monotonic()
            block += len(line)
            if line.startswith(b"id: "):
                event_id = int(line[4:])
            elif line == b"\r\n" or line == b"\n":
                if event_id is not None:
                    stream.events.append((event_id, now, block))
                event_id, block = None, 0
    finally:
        writer.close()


def write_days(port: int, backend: str, meeting: Meeting) -> list[tuple[int, float]]:
    """(version, sent at) of each change, FAN_OUT_RATE a second; answered whole."""
    client, rng = Client(port, backend), random.Random(7)
    changes = []
    started = time.monotonic()
    for number in range(FAN_OUT_RATE * FAN_OUT_SECONDS):
        time.sleep(max(0.0, started + number / FAN_OUT_RATE - time.monotonic()))
        body = {
            "participant_date_id": rng.choice(meeting.days),
            "meeting_url_code": meeting.url_code,
        }
        sent = time.monotonic()
        status, data, headers = client.send(
            "PATCH", f"/participant_dates/{rng.choice(['on', 'off'])}", body, meeting.admin
        )
        if status != 200:
            raise RuntimeError(f"day change: {status} {data[:200]!r}")
        changes.append((int(headers["etag"].strip('"')), sent))
    return changes


async def fan_out_async(port: int, pid: int, backend: str, meeting: Meeting) -> dict[str, Any]:
    path = f"/v1/{backend}/meetings/{meeting.url_code}/events?patches=true"
    streams = [Stream() for _ in range(FAN_OUT_STREAMS)]
    opened = [asyncio.Event() for _ in streams]
    readers = [
        asyncio.create_task(read_stream(stream, port, path, event))
        for stream, event in zip(streams, opened, strict=True)
    ]
    await asyncio.wait_for(asyncio.gather(*(event.wait() for event in opened)), 120)
    await asyncio.sleep(SETTLE_SECONDS)
    highest = rss_mb(pid)
    writing = asyncio.ensure_future(asyncio.to_thread(write_days, port, backend, meeting))
    while not writing.done():
        await asyncio.sleep(0.5)
        highest = max(highest, rss_mb(pid))
    changes = await writing
    await asyncio.sleep(SETTLE_SECONDS)
    last = Client(port, backend).json("GET", f"/meetings/{meeting.url_code}")["version"]
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)

    latencies = []
    for version, sent in changes:
        for stream in streams:
            arrival = next((at for seen, at, _ in stream.events if seen >= version), None)
            if arrival is not None:
                latencies.append((arrival - sent) * 1000)
    later = [size for stream in streams for _, _, size in stream.events[1:]]
    return {
        "streams": FAN_OUT_STREAMS,
        "changes": len(changes),
        "rate_per_s": FAN_OUT_RATE,
        "first_event_bytes": streams[0].events[0][2],
        "mean_event_bytes": round(statistics.mean(later)),
        "events_after_the_first": len(later),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "not_on_last_version": sum(1 for s in streams if s.events[-1][0] != last),
        "rss_max_mb": round(highest, 1),
    }


def measure(port: int, pid: int, backend: str, participants: int, days: int) -> dict[str, Any]:
    full = seed(port, backend, participants, days)
    small = seed(port, backend, SMALL, days)
    return {
        "participants": participants,
        "days": days,
        "size": size(port, backend, full, small),
        "burst": burst(port, backend, days),
        "fan_out": asyncio.run(fan_out_async(port, pid, backend, full)),
    }
