"""Real HTTP servers for event streams (an ASGI transport buffers a whole response, so a
stream that never ends cannot be read through one), and a reader of Server-Sent Events."""

import asyncio
import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field

import httpx
import uvicorn
from fastapi import FastAPI

from app.settings import Settings


class _InProcessServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        # The test process keeps its own signal handlers.
        yield


@contextlib.asynccontextmanager
async def served_in_process(app: FastAPI) -> AsyncIterator[str]:
    """Serves `app`, whose lifespan is already running, on a free port: yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning")
    server = _InProcessServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started:  # noqa: ASYNC110 (uvicorn has no event to wait for)
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = server.force_exit = True
        await task
        sock.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class ServerProcess:
    """`uvicorn asgi:app` in a process of its own, as production runs it."""

    url: str
    process: subprocess.Popen[bytes]

    def stop(self, timeout: float = 10) -> float:
        """SIGTERM; answers the seconds it took to exit."""
        started = time.monotonic()
        self.process.terminate()
        self.process.wait(timeout)
        return time.monotonic() - started


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def start_server_process(settings: Settings, *, run_sh: bool = False, **env: str) -> ServerProcess:
    """uvicorn in a process of its own; `run_sh`: started by run.sh, as the README serves it."""
    port = free_port()
    uvicorn_command = [sys.executable, "-m", "uvicorn", "asgi:app", "--port", str(port)]
    process = subprocess.Popen(
        ["./run.sh", "--log-level", "warning"]
        if run_sh
        else [*uvicorn_command, "--log-level", "warning"],
        cwd=ROOT,
        env={
            **os.environ,
            "MYSQL_DB": settings.mysql_db,
            "EDGEDB_DATABASE": settings.edgedb_database,
            "PORT": str(port),
            **env,
        },
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server process exited while starting"
        try:
            if httpx.get(f"{url}/openapi.json").status_code == 200:
                return ServerProcess(url, process)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise AssertionError("the server process did not start in 30 s")


@dataclass
class Event:
    """One block of a text/event-stream: an event, or comments and fields only."""

    event: str | None = None
    id: str | None = None
    data: str | None = None
    retry: int | None = None
    comments: list[str] = field(default_factory=list)


class EventStream:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._lines = response.aiter_lines()

    async def next(self, within: float = 5) -> Event:
        """The next block; fails if none comes within `within` seconds."""
        return await asyncio.wait_for(self._next(), within)

    async def _next(self) -> Event:
        event = Event()
        seen = False
        async for line in self._lines:
            if not line:
                if seen:
                    return event
                continue
            seen = True
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "":
                event.comments.append(value)
            elif name == "event":
                event.event = value
            elif name == "id":
                event.id = value
            elif name == "data":
                event.data = value if event.data is None else f"{event.data}\n{value}"
            elif name == "retry":
                event.retry = int(value)
        raise EOFError("the stream ended")

    async def next_meeting(self, within: float = 5) -> Event:
        """The next `event: meeting`, passing over comments."""
        while True:
            event = await self.next(within)
            if event.event is not None:
                return event

    async def ended(self, within: float = 5) -> bool:
        try:
            await self.next(within)
        except EOFError:
            return True
        return False


@contextlib.asynccontextmanager
async def open_events(
    base_url: str,
    backend: str,
    url_code: str,
    headers: dict[str, str] | None = None,
    query: str = "",
) -> AsyncIterator[EventStream]:
    """The meeting's event stream; fails unless it answers 200 text/event-stream."""
    path = f"/v1/{backend}/meetings/{url_code}/events{query}"
    async with (
        httpx.AsyncClient(base_url=base_url, timeout=None) as client,
        client.stream("GET", path, headers=headers or {}) as response,
    ):
        assert response.status_code == 200, (response.status_code, await response.aread())
        assert response.headers["content-type"].startswith("text/event-stream")
        yield EventStream(response)
