"""A real server that receives webhook deliveries, over HTTP on this machine, and keeps them.

By the path it is sent to: /ok answers 204, /fail 500, /moved a redirect to /ok, /slow 200 after
a second, /flaky 500 to the first attempt at each webhook-id and 204 to the next, /stall never
to the first delivery it gets and 204 to every other.
"""

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from fastapi import FastAPI, Request, Response

from tests.live import served_in_process


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    status: int  # 0: it was never answered


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)

    async def wait_for(self, count: int, seconds: float = 10) -> list[Received]:
        """The first `count` deliveries it answered 2xx to, once they have come."""
        async with asyncio.timeout(seconds):
            while len(self.delivered()) < count:  # noqa: ASYNC110 (a server has no event)
                await asyncio.sleep(0.02)
        return self.delivered()[:count]

    def delivered(self) -> list[Received]:
        return [hit for hit in self.received if 200 <= hit.status < 300]


@contextlib.asynccontextmanager
async def receiving() -> AsyncIterator[Receiver]:
    app = FastAPI()
    receiver = Receiver("")
    failed_once: set[str] = set()

    @app.post("/{what}")
    async def receive(what: str, request: Request) -> Response:
        body = await request.body()
        status = {"ok": 204, "fail": 500, "moved": 302}.get(what, 200)
        stalls = what == "stall" and not any(hit.path == "stall" for hit in receiver.received)
        if stalls:
            status = 0
        elif what == "stall":
            status = 204
        if what == "flaky":
            message = request.headers.get("webhook-id", "")
            status = 204 if message in failed_once else 500
            failed_once.add(message)
        receiver.received.append(Received(what, dict(request.headers), body, status))
        if what == "slow":
            await asyncio.sleep(1)
        if stalls:
            await asyncio.Event().wait()  # until the server stops
        return Response(status_code=status, headers={"Location": "/ok"} if status == 302 else {})

    async with served_in_process(app) as url:
        receiver.url = url
        yield receiver
