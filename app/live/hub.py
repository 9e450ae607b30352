"""What this process's open event streams watch, and how each change reaches them.

One Topic per watched meeting holds the latest update (a version of the meeting, or its
deletion), shared by every stream watching it, and the events made from it once: the whole
meeting, and a JSON Patch to it from each version a stream last saw. A change made by this
process is offered at once; changes made by other processes (or by anything else writing the
database) are found by one batched version read per tick for all watched meetings, then brought
in once per meeting from the change log. A stream only ever takes the latest update, so a slow
reader skips versions instead of queueing them (a patch spans them all), and nothing a stream
does can hold back another or the hub.
"""

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.changes.patches import json_patch
from app.changes.versions import MeetingVersion
from app.errors import MeetingNotFound, ServiceBusy
from app.live import wire

log = logging.getLogger(__name__)

# Watched meetings per version read.
VERSIONS_PER_READ = 1000
# Meetings read at once after a tick found them changed; the pool serves requests meanwhile.
CONCURRENT_REFRESHES = 4


@dataclass(frozen=True, slots=True)
class Deleted:
    url_code: str


Update = MeetingVersion | Deleted

VersionReader = Callable[[Collection[str]], Awaitable[dict[str, int]]]
MeetingReader = Callable[[str], Awaitable[MeetingVersion]]
# A version of a meeting, if this process still holds it.
HeldVersion = Callable[[str, int], MeetingVersion | None]


def meeting_event(meeting: MeetingVersion) -> bytes:
    return wire.event("meeting", meeting.body, meeting.version, retry=True)


def patch_event(old: MeetingVersion, new: MeetingVersion) -> bytes:
    return wire.event("patch", json_patch(old.doc, new.doc), new.version)


def deleted_event(url_code: str) -> bytes:
    return wire.event("deleted", b'{"url_code":"' + url_code.encode() + b'"}')


class Topic:
    """One watched meeting: its latest update and the events made from it, each made once."""

    __slots__ = ("_changed", "_event", "_held", "_patches", "latest", "url_code", "watchers")

    def __init__(self, url_code: str, current: MeetingVersion, held: HeldVersion) -> None:
        self.url_code = url_code
        self.latest: Update = current
        self.watchers = 0
        self._held = held
        self._event: bytes | None = None
        self._patches: dict[int, bytes] = {}
        self._changed = asyncio.get_running_loop().create_future()

    @property
    def version(self) -> int | None:
        """None once deleted."""
        return self.latest.version if isinstance(self.latest, MeetingVersion) else None

    def event(self) -> bytes:
        """The latest update as a whole: the meeting, or its deletion."""
        if self._event is None:
            latest = self.latest
            if isinstance(latest, MeetingVersion):
                self._event = meeting_event(latest)
            else:
                self._event = deleted_event(self.url_code)
        return self._event

    def event_since(self, version: int) -> bytes:
        """The latest version as a patch from `version`, while this process holds that
        version; else as a whole."""
        latest = self.latest
        if not isinstance(latest, MeetingVersion):
            return self.event()
        patch = self._patches.get(version)
        if patch is None:
            old = self._held(self.url_code, version)
            if old is None:
                return self.event()
            patch = self._patches[version] = patch_event(old, latest)
        return patch

    def offer(self, update: Update) -> None:
        """Takes the update if it is newer than the one it holds: versions only grow."""
        version = self.version
        if version is None:
            return
        if isinstance(update, MeetingVersion) and update.version <= version:
            return
        self.latest = update
        self._event = None
        self._patches = {}
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
        self,
        versions: VersionReader,
        read: MeetingReader,
        held: HeldVersion,
        *,
        poll_interval: float,
    ) -> None:
        self._versions = versions
        self._read = read
        self.held = held
        self.poll_interval = poll_interval
        self.topics: dict[str, Topic] = {}
        self._closing = asyncio.get_running_loop().create_future()
        self._refreshes = asyncio.Semaphore(CONCURRENT_REFRESHES)
        self._openings: dict[str, asyncio.Future[MeetingVersion]] = {}
        self._learning: set[asyncio.Task[None]] = set()

    async def opening(self, url_code: str, read: MeetingReader) -> MeetingVersion:
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

    def publish(self, meeting: MeetingVersion) -> None:
        """A version this process holds, made here or read from the database."""
        topic = self.topics.get(meeting.url_code)
        if topic is not None:
            topic.offer(meeting)

    def learn(self, url_code: str, version: int) -> None:
        """This process made that version without holding it: a watched meeting is brought up
        to it now, not at the next tick."""
        topic = self.topics.get(url_code)
        if topic is not None and topic.version is not None and topic.version < version:
            task = asyncio.create_task(self._refresh(url_code, version))
            self._learning.add(task)
            task.add_done_callback(self._learning.discard)

    def publish_deletion(self, url_code: str) -> None:
        """A meeting this process has deleted: its streams end now, not at the next tick."""
        topic = self.topics.get(url_code)
        if topic is not None:
            topic.offer(Deleted(url_code))

    @contextmanager
    def watch(self, current: MeetingVersion) -> Iterator[Topic]:
        """The meeting's topic for as long as the caller streams it. The caller has just read
        `current`; a change committed since is found by the next tick."""
        topic = self.topics.get(current.url_code)
        if topic is None:
            topic = self.topics[current.url_code] = Topic(current.url_code, current, self.held)
        else:
            topic.offer(current)
        topic.watchers += 1
        try:
            yield topic
        finally:
            topic.watchers -= 1
            if topic.watchers == 0:
                del self.topics[current.url_code]

    async def updates(
        self, topic: Topic, after: int, *, patches: bool = False
    ) -> AsyncIterator[bytes]:
        """The topic's events newer than version `after` (0: none), the latest one each time,
        until the meeting is deleted or the hub closes; with `patches`, each after the first as
        a patch from the one before, where this process still holds that one. A comment when
        nothing happened for PING_SECONDS."""
        sent = after
        while True:
            version = topic.version
            if version is None:
                yield topic.event()
                return
            if version > sent:
                event = topic.event_since(sent) if patches and sent else topic.event()
                sent = version
                yield event
                continue
            if self._closing.done():
                return
            done, _ = await asyncio.wait(
                (topic.changed(), self._closing),
                timeout=wire.PING_SECONDS,
                return_when=asyncio.FIRST_COMPLETED,
            )
            if not done:
                yield wire.PING

    def close(self) -> None:
        """Ends every stream at once (server shutdown)."""
        if not self._closing.done():
            self._closing.set_result(None)
        for task in self._learning:
            task.cancel()

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
