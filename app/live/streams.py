"""GET /v1/{backend}/meetings/{url_code}/events: the meeting now, then each newer version."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import WithJsonSchema

from app.error_docs import error_responses
from app.live.hub import RETRY_MS, MeetingHub, StreamSlots, Topic
from app.meetings.router import Backend, Backends, UrlCodePath
from app.meetings.service import MeetingService
from app.settings import Settings


class LiveMeetings:
    """The hub of each backend and the stream slots of this process."""

    def __init__(self, settings: Settings) -> None:
        self.slots = StreamSlots(settings.max_streams)
        self.poll_interval = settings.events_poll_ms / 1000
        self.hubs: dict[Backend, MeetingHub] = {}
        self._pollers: list[asyncio.Task[None]] = []

    def start(self, backend: Backend, service: MeetingService) -> None:
        hub = MeetingHub(
            service.store.meeting_versions, service.read_meeting, poll_interval=self.poll_interval
        )
        service.on_new_version(hub.publish)
        service.on_deleted(hub.publish_deletion)
        self.hubs[backend] = hub
        self._pollers.append(asyncio.create_task(hub.run(), name=f"live {backend} poller"))

    def close(self) -> None:
        """Ends every stream now."""
        for hub in self.hubs.values():
            hub.close()

    async def stop(self) -> None:
        self.close()
        await asyncio.gather(*self._pollers)


@dataclass(frozen=True, slots=True)
class OpenStream:
    hub: MeetingHub
    topic: Topic
    after: int  # the version the client has already; 0 for none


async def open_stream(
    backend: Backend,
    url_code: UrlCodePath,
    request: Request,
    last_event_id: Annotated[
        str | None,
        Header(description="The id of the last event the client got: skipped if current."),
        WithJsonSchema({"type": "string"}),
    ] = None,
) -> AsyncIterator[OpenStream]:
    """Holds a stream slot and the meeting's topic until the response has ended."""
    live: LiveMeetings = request.app.state.live
    backends: Backends = request.app.state.backends
    service = backends.service(backend)
    with live.slots.taken():
        hub = live.hubs[backend]
        current = await hub.opening(url_code, service.current_meeting)
        with hub.watch(current) as topic:
            after = current.version if last_event_id == str(current.version) else 0
            # Until the response ends: uvicorn speaks ASGI 2.3, so Starlette ends a stream as
            # soon as its client leaves (tests/test_events.py checks that it does).
            yield OpenStream(hub, topic, after)


router = APIRouter(prefix="/v1/{backend}")


@router.get(
    "/meetings/{url_code}/events",
    tags=["meetings"],
    response_class=EventSourceResponse,
    # 404 before any stream starts; 503 also when this server holds MAX_STREAMS streams.
    responses=error_responses(404, streams=True),
)
async def meeting_events(
    stream: Annotated[OpenStream, Depends(open_stream)],
) -> AsyncIterator[ServerSentEvent]:
    """Server-Sent Events, open to whoever has the url_code. First `event: meeting` with
    `id: <version>` and the same JSON a GET answers, then one for each newer version, whatever
    server process made the change. A client that lags gets the latest version, not every one.
    A reconnecting client sends `Last-Event-ID`; when that is still the current version, the
    first event is left out. `event: deleted` ends the stream of a meeting that is gone."""
    if stream.after:
        yield ServerSentEvent(comment=f"version {stream.after} is still current", retry=RETRY_MS)
    async for event in stream.hub.updates(stream.topic, stream.after):
        yield event
