"""GET /v1/{backend}/meetings/{url_code}/events: the meeting now, then each newer version, whole
or as a patch."""

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.sse import EventSourceResponse
from pydantic import WithJsonSchema

from app.access.first import CheckedFirst
from app.error_docs import error_responses
from app.live import wire
from app.live.hub import MeetingHub, StreamSlots, Topic
from app.meetings.router import Backend, Backends, UrlCodePath
from app.meetings.service import MeetingService
from app.rate_limits.http import client_stream
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
            service.store.meeting_versions,
            service.current_meeting,
            service.version_at,
            poll_interval=self.poll_interval,
        )
        service.on_new_version(hub.publish)
        service.on_stale(hub.learn)
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
    patches: bool


def _version(event_id: str | None) -> int | None:
    return int(event_id) if event_id is not None and event_id.isdigit() else None


def _resumed_from(
    seen: int | None, current: int, patches: bool, hub: MeetingHub, url_code: str
) -> int:
    """The version a reconnecting client has that the stream goes on from; 0 for none."""
    if seen is None or seen > current:
        return 0
    if seen == current or (patches and hub.held(url_code, seen) is not None):
        return seen
    return 0


async def open_stream(
    backend: Backend,
    url_code: UrlCodePath,
    request: Request,
    patches: Annotated[
        bool,
        Query(
            description="After the first event, send each version as `event: patch`: a JSON"
            " Patch (RFC 6902) from the version of the event before."
        ),
    ] = False,
    last_event_id: Annotated[
        str | None,
        Header(
            description="The id of the last event the client got: skipped if current; with"
            " `patches=true`, the stream goes on with a patch from it while this server still"
            " holds that version."
        ),
        WithJsonSchema({"type": "string"}),
    ] = None,
) -> AsyncIterator[OpenStream]:
    """Holds a stream slot and the meeting's topic until the response has ended."""
    live: LiveMeetings = request.app.state.live
    backends: Backends = request.app.state.backends
    service = backends.service(backend)
    async with client_stream(request):
        with live.slots.taken():
            hub = live.hubs[backend]
            current = await hub.opening(url_code, service.current_meeting)
            with hub.watch(current) as topic:
                version = _version(last_event_id)
                after = _resumed_from(version, current.version, patches, hub, url_code)
                # Until the response ends: uvicorn speaks ASGI 2.3, so Starlette ends a stream
                # as soon as its client leaves (tests/test_events.py checks that it does).
                yield OpenStream(hub, topic, after, patches)


router = APIRouter(prefix="/v1/{backend}", route_class=CheckedFirst)


# The events' shape, as FastAPI states it for a stream of its own.
EVENTS = {
    "description": "A stream of Server-Sent Events.",
    "content": {
        "text/event-stream": {
            "itemSchema": {
                "type": "object",
                "properties": {
                    "event": {"type": "string", "enum": ["meeting", "patch", "deleted"]},
                    "data": {"type": "string"},
                    "id": {"type": "string"},
                    "retry": {"type": "integer", "minimum": 0},
                },
            }
        }
    },
}


@router.get(
    "/meetings/{url_code}/events",
    tags=["meetings"],
    # Not FastAPI's EventSourceResponse: that would encode every event again for each stream.
    response_class=Response,
    # 404 before any stream starts; 429 when the client holds STREAMS_PER_CLIENT streams; 503
    # also when this server holds MAX_STREAMS streams.
    responses={200: EVENTS, **error_responses(404, 429, streams=True)},
)
async def meeting_events(
    stream: Annotated[OpenStream, Depends(open_stream)],
) -> EventSourceResponse:
    """Server-Sent Events, open to whoever has the url_code. First `event: meeting` with
    `id: <version>` and the same JSON a GET answers, then one for each newer version, whatever
    server process made the change. A client that lags gets the latest version, not every one.
    With `patches=true`, each later version is `event: patch`, `id: <version>`: a JSON Patch
    (RFC 6902) that turns the previous event's meeting into this one (a stream further behind
    than this server holds gets `event: meeting` again). A reconnecting client sends
    `Last-Event-ID`; when that is still the current version, the first event is left out; with
    `patches=true`, an older one it has is followed by a patch from it. `event: deleted` ends
    the stream of a meeting that is gone."""
    # The events are written once per topic and sent as they are, not encoded for each stream.
    return EventSourceResponse(_events(stream), headers=STREAM_HEADERS)


# What FastAPI's own event streams say: no cache may keep them, no proxy may hold them back.
STREAM_HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no"}


async def _events(stream: OpenStream) -> AsyncIterator[bytes]:
    if stream.after == stream.topic.version:
        yield wire.comment(f"version {stream.after} is still current", retry=True)
    async for event in stream.hub.updates(stream.topic, stream.after, patches=stream.patches):
        yield event
