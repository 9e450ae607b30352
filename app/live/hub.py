"""What this process's open event streams watch, and how each change reaches them.

One Topic per watched meeting holds the latest update (a rendered meeting, or its deletion),
shared by every stream watching it. A change made by this process is offered at once; changes
made by other processes (or by anything else writing the database) are found by one batched
version read per tick for all watched meetings, then read and rendered once per meeting. A
stream only ever takes the latest update, so a slow reader skips versions instead of queueing
them, and nothing a stream does can hold back another or the hub.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from fastapi.sse import ServerSentEvent

from app.errors import MeetingNotFound, ServiceBusy
from app.meetings.rendering import RenderedMeeting

log = logging.getLogger(__name__)

# How long a client waits before it reconnects after losing the stream (EventSource's retry).
RETRY_MS = 2000
# Watched meetings per version read.
VERSIONS_PER_READ = 1000
# Meetings read at once after a tick found them changed; the pool serves requests meanwhile.
CONCURRENT_REFRESHES = 4


@dataclass(frozen=True, slots=True)
class Deleted:
    url_code: str


Update = RenderedMeeting | Deleted

VersionReader = Callable[[Collection[str]], Awaitable[dict[str, int]]]
MeetingReader = Callable[[str], Awaitable[RenderedMeeting]]


def meeting_event(meeting: RenderedMeeting) -> ServerSentEvent:
    return ServerSentEvent(
        event="meeting", id=str(meeting.version), raw_data=meeting.body.decode(), retry=RETRY_MS
    )


def deleted_event(url_code: str) -> ServerSentEvent:
    return ServerSentEvent(event="deleted", raw_data=f'{{"url_code":"{url_code}"}}')


class Topic:
    """One watched meeting: its latest update and the event built from it once."""

    __slots__ = ("_changed", "event", "latest", "url_code", "watchers")

    def __init__(self, url_code: str, current: RenderedMeeting) -> None:
        self.url_code = url_code
        self.latest: Update = current
        self.event = meeting_event(current)
        self.watchers = 0
        self._changed = asyncio.get_running_loop().create_future()

    @property
    def version(self) -> int | None:
        """None once deleted."""
        return self.latest.version if isinstance(self.latest, RenderedMeeting) else None

    def offer(self, update: Update) -> None:
        """Takes the update if it is newer than the one it holds: versions only grow."""
        version = self.version
        if version is None:
            return
        if isinstance(update, RenderedMeeting):
            if update.version <= version:
                return
            self.event = meeting_event(update)
        else:
            self.event = deleted_event(self.url_code)
        self.latest = update
        changed, self._changed = self._changed, asyncio.get_running_loop().create_future()
        changed.set_result(None)

    def changed(self) -> asyncio.Future[None]:
        """Resolves with the next update."""
        return self._changed


class TooManyStreams(ServiceBusy):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"this server holds {limit} event streams, the most it may; try again shortly"
        )


class StreamSlots:
    """At most `limit` open streams in this process, over every backend."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.in_use = 0

    @contextmanager
    def taken(self) -> Iterator[None]:
        if self.in_use >= self.limit:
            raise TooManyStreams(self.limit)
        self.in_use += 1
        try:
            yield
        finally:
            self.in_use -= 1


class MeetingHub:
    """The topics of one backend's watched meetings in this process."""

    def __init__(
        self, versions: VersionReader, read: MeetingReader, *, poll_interval: float
    ) -> None:
        self._versions = versions
        self._read = read
        self.poll_interval = poll_interval
        self.topics: dict[str, Topic] = {}
        self._closing = asyncio.get_running_loop().create_future()
        self._refreshes = asyncio.Semaphore(CONCURRENT_REFRESHES)
        self._openings: dict[str, asyncio.Future[RenderedMeeting]] = {}

    async def opening(self, url_code: str, read: MeetingReader) -> RenderedMeeting:
        """The meeting for a stream that opens now, read once for all the streams of it that
        open meanwhile. A thousand clients reconnecting at once (after a restart) would
        otherwise queue a thousand reads for the pool, past the database deadline. A version
        committed while the shared read ran reaches them by the next tick."""
        pending = self._openings.get(url_code)
        if pending is None:
            pending = self._openings[url_code] = asyncio.ensure_future(read(url_code))
            pending.add_done_callback(lambda _: self._openings.pop(url_code, None))
        # One client leaving does not cancel the read the others wait for.
        return await asyncio.shield(pending)

    def publish(self, meeting: RenderedMeeting) -> None:
        """A version this process has rendered, made here or read from the database."""
        topic = self.topics.get(meeting.url_code)
        if topic is not None:
            topic.offer(meeting)

    def publish_deletion(self, url_code: str) -> None:
        """A meeting this process has deleted: its streams end now, not at the next tick."""
        topic = self.topics.get(url_code)
        if topic is not None:
            topic.offer(Deleted(url_code))

    @contextmanager
    def watch(self, current: RenderedMeeting) -> Iterator[Topic]:
        """The meeting's topic for as long as the caller streams it. The caller has just read
        `current`; a change committed since is found by the next tick."""
        topic = self.topics.get(current.url_code)
        if topic is None:
            topic = self.topics[current.url_code] = Topic(current.url_code, current)
        else:
            topic.offer(current)
        topic.watchers += 1
        try:
            yield topic
        finally:
            topic.watchers -= 1
            if topic.watchers == 0:
                del self.topics[current.url_code]

    async def updates(self, topic: Topic, after: int) -> AsyncIterator[ServerSentEvent]:
        """The topic's events newer than version `after`, the latest one each time, until the
        meeting is deleted or the hub closes."""
        sent = after
        while True:
            version = topic.version
            if version is None:
                yield topic.event
                return
            if version > sent:
                sent = version
                yield topic.event
                continue
            if self._closing.done():
                return
            await asyncio.wait(
                (topic.changed(), self._closing), return_when=asyncio.FIRST_COMPLETED
            )

    def close(self) -> None:
        """Ends every stream at once (server shutdown)."""
        if not self._closing.done():
            self._closing.set_result(None)

    async def run(self) -> None:
        """Looks for changes made elsewhere, once per tick, until closed."""
        while not self._closing.done():
            await asyncio.wait((self._closing,), timeout=self.poll_interval)
            if self.topics and not self._closing.done():
                try:
                    await self.tick()
                except Exception:
                    # The database may be away for a moment: the next tick tries again.
                    log.warning("looking for changes to watched meetings failed", exc_info=True)

    async def tick(self) -> None:
        codes = list(self.topics)
        stale: list[tuple[str, int | None]] = []
        for start in range(0, len(codes), VERSIONS_PER_READ):
            chunk = codes[start : start + VERSIONS_PER_READ]
            versions = await self._versions(chunk)
            for code in chunk:
                topic = self.topics.get(code)
                version = versions.get(code)
                if topic is None or topic.version is None:
                    continue
                if version is None or version > topic.version:
                    stale.append((code, version))
        if stale:
            await asyncio.gather(*(self._refresh(code, version) for code, version in stale))

    async def _refresh(self, url_code: str, version: int | None) -> None:
        topic = self.topics.get(url_code)
        if topic is None:
            return
        if version is None:
            topic.offer(Deleted(url_code))
            return
        async with self._refreshes:
            if topic.version is None or topic.version >= version:  # delivered meanwhile
                return
            try:
                meeting = await self._read(url_code)
            except MeetingNotFound:
                topic.offer(Deleted(url_code))
                return
        topic.offer(meeting)
