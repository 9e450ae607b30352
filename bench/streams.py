"""Event streams at scale: STREAMS streams over two server processes, and a writer.

Seeds MEETINGS meetings (30 days, 10 participants each) and opens STREAMS // MEETINGS streams on
each, every other one on the other process. Then:
- idle: the CPU both processes spend over IDLE_SECONDS with every stream open and no change;
- load: a writer changes a meeting (its title) RATE times a second for LOAD_SECONDS, through
  either process in turn. Change-to-event is the time from sending the change to each stream
  of that meeting getting an event of that version or newer: p50 and p99 over every (change,
  stream) pair, and apart for streams on the process that made the change and on the other;
- lost: after the writer stops, the streams whose last event is not their meeting's last
  version (must be none).
"""

import asyncio
import http.client
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MEETINGS = 100
STREAMS = 2000
PARTICIPANTS = 10
RATE = 50
LOAD_SECONDS = 20
IDLE_SECONDS = 10
SETTLE_SECONDS = 2


@dataclass
class Server:
    port: int
    pid: int


@dataclass
class Stream:
    url_code: str
    server: int  # index into the servers
    arrivals: list[tuple[int, float]] = field(default_factory=list)  # (version, monotonic)


def request(port: int, method: str, path: str, body: object = None, token: str = "") -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, None if body is None else json.dumps(body), headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{method} {path}: {response.status} {data[:200]!r}")
    return json.loads(data)


def seed(port: int, backend: str) -> dict[str, str]:
    """MEETINGS meetings with their participants: each url_code's admin token."""
    prefix = f"/v1/{backend}"
    meetings: dict[str, str] = {}
    for number in range(MEETINGS):
        created = request(port, "POST", f"{prefix}/meetings", {"title": f"streamed {number}"})
        code, token = created["url_code"], created["admin_token"]
        dates = {"start_date": "2027-03-01", "end_date": "2027-03-30"}
        request(port, "PATCH", f"{prefix}/meetings/{code}/date_range", dates, token)
        for person in range(PARTICIPANTS):
            body = {"meeting_url_code": code, "name": f"person {person}"}
            request(port, "POST", f"{prefix}/participants", body)
        meetings[code] = token
    return meetings


async def read_stream(stream: Stream, port: int, backend: str, opened: asyncio.Event) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    path = f"/v1/{backend}/meetings/{stream.url_code}/events"
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(f"stream refused: {head[:100]!r}")
    opened.set()
    rest = b""
    try:
        while chunk := await reader.read(1 << 16):
            now = time.monotonic()
            *lines, rest = (rest + chunk).split(b"\n")
            for line in lines:
                if line.startswith(b"id: "):
                    stream.arrivals.append((int(line[4:]), now))
    finally:
        writer.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / 100  # utime + stime, in clock ticks


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def write_changes(
    servers: list[Server], backend: str, meetings: dict[str, str]
) -> list[tuple[str, int, int, float]]:
    """(url_code, version, server index, sent at) of each change, RATE a second."""
    changes: list[tuple[str, int, int, float]] = []
    codes = list(meetings)
    connections = [http.client.HTTPConnection("127.0.0.1", s.port, timeout=30) for s in servers]
    started = time.monotonic()
    for number in range(RATE * LOAD_SECONDS):
        time.sleep(max(0.0, started + number / RATE - time.monotonic()))
        code = codes[number % len(codes)]
        index = number % len(servers)
        body = json.dumps({"title": f"change {number}"})
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {meetings[code]}"}
        sent = time.monotonic()
        connection = connections[index]
        connection.request("PATCH", f"/v1/{backend}/meetings/{code}/title", body, headers)
        response = connection.getresponse()
        answer = json.loads(response.read())
        changes.append((code, answer["version"], index, sent))
    for connection in connections:
        connection.close()
    return changes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def measure_async(servers: list[Server], backend: str) -> dict[str, Any]:
    meetings = await asyncio.to_thread(seed, servers[0].port, backend)
    codes = list(meetings)
    streams = [
        Stream(codes[number % MEETINGS], number // MEETINGS % len(servers))
        for number in range(STREAMS)
    ]
    opened = [asyncio.Event() for _ in streams]
    readers = [
        asyncio.create_task(read_stream(stream, servers[stream.server].port, backend, event))
        for stream, event in zip(streams, opened, strict=True)
    ]
    await asyncio.wait_for(asyncio.gather(*(event.wait() for event in opened)), 120)
    await asyncio.sleep(SETTLE_SECONDS)
    cpu_before = [cpu_seconds(s.pid) for s in servers]
    await asyncio.sleep(IDLE_SECONDS)
    idle_cpu = sum(cpu_seconds(s.pid) for s in servers) - sum(cpu_before)
    changes = await asyncio.to_thread(write_changes, servers, backend, meetings)
    await asyncio.sleep(SETTLE_SECONDS)
    rss = [round(rss_mb(s.pid), 1) for s in servers]
    last_versions = {
        code: request(servers[0].port, "GET", f"/v1/{backend}/meetings/{code}")["version"]
        for code in codes
    }
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)

    by_meeting: dict[str, list[Stream]] = {}
    for stream in streams:
        by_meeting.setdefault(stream.url_code, []).append(stream)
    local: list[float] = []
    remote: list[float] = []
    missed = 0
    for code, version, index, sent in changes:
        for stream in by_meeting[code]:
            arrival = next((at for seen, at in stream.arrivals if seen >= version), None)
            if arrival is None:
                missed += 1
                continue
            (local if stream.server == index else remote).append((arrival - sent) * 1000)
    lost = sum(
        1
        for stream in streams
        if not stream.arrivals or stream.arrivals[-1][0] != last_versions[stream.url_code]
    )
    both = local + remote
    return {
        "streams": STREAMS,
        "meetings": MEETINGS,
        "changes": len(changes),
        "rate_per_s": RATE,
        "events_received": sum(len(stream.arrivals) for stream in streams),
        "p50_ms": round(statistics.median(both), 1),
        "p99_ms": round(percentile(both, 0.99), 1),
        "same_process_p50_ms": round(statistics.median(local), 1),
        "same_process_p99_ms": round(percentile(local, 0.99), 1),
        "other_process_p50_ms": round(statistics.median(remote), 1),
        "other_process_p99_ms": round(percentile(remote, 0.99), 1),
        "changes_never_seen": missed,
        "lost_final_states": lost,
        "idle_cpu_percent": round(idle_cpu / IDLE_SECONDS * 100, 1),
        "rss_mb": rss,
    }


def measure(servers: list[Server], backend: str) -> dict[str, Any]:
    return asyncio.run(measure_async(servers, backend))
