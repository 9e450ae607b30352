"""The versions of meetings this process holds: the latest of each meeting used lately, and a
few before it, from which a stream that saw one of them is sent only what changed since."""

from collections import OrderedDict, deque

from app.changes.document import MeetingDocument
from app.meetings.rendering import etag

# Versions held per meeting, the latest included: how far behind a stream may fall (or a client
# may reconnect from) and still be sent a patch.
HISTORY = 100
# Roughly what a participant's day takes in memory, as a document holds it with the versions
# before it: the day, its JSON, its share of the tallies and of the earlier versions (measured:
# 100 joins into a meeting of 30 days, with the versions a meeting keeps).
_DAY_BYTES = 220


class MeetingVersion:
    """One version of a meeting: its body and its document, each made from the other when first
    asked for. A version read whole comes as a body; one made by applying entries, as a document."""

    __slots__ = ("_body", "_doc", "url_code", "version")

    def __init__(
        self,
        url_code: str,
        version: int,
        *,
        body: bytes | None = None,
        doc: MeetingDocument | None = None,
    ) -> None:
        assert body is not None or doc is not None, "a version is made from one of them"
        self.url_code = url_code
        self.version = version
        self._body = body
        self._doc = doc

    @classmethod
    def of(cls, url_code: str, doc: MeetingDocument) -> "MeetingVersion":
        return cls(url_code, doc.version, doc=doc)

    @property
    def body(self) -> bytes:
        """The MeetingResponse JSON."""
        if self._body is None:
            assert self._doc is not None
            self._body = self._doc.render()
        return self._body

    def within(self, before: bytes, after: bytes) -> bytes:
        """The body between `before` and `after` (an answer that holds the meeting), in one
        copy; a body not made yet is not kept for it."""
        if self._body is not None:
            return b"".join([before, self._body, after])
        assert self._doc is not None
        return self._doc.render(before, after)

    @property
    def doc(self) -> MeetingDocument:
        if self._doc is None:
            assert self._body is not None
            self._doc = MeetingDocument.parse(self._body)
        return self._doc

    @property
    def etag(self) -> str:
        return etag(self.version)

    @property
    def size(self) -> int:
        """About the bytes it holds, with the versions before it."""
        size = len(self._body) if self._body is not None else 0
        if self._doc is not None:
            size += self._doc.day_count() * _DAY_BYTES
        return size

    def superseded(self) -> "MeetingVersion | None":
        """What is worth holding once a newer version is the latest: its document, which shares
        most of itself with the newer one, for patches; its body goes."""
        if self._doc is None:
            return None
        self._body = None
        self._doc.drop_index()
        return self


class KeptMeetings:
    """The versions of each recently used meeting, least recently used meeting dropped first
    once their latest versions take more than `max_bytes`."""

    def __init__(self, max_bytes: int, history: int = HISTORY) -> None:
        self.max_bytes = max_bytes
        self.history = history
        self.size = 0
        self._meetings: OrderedDict[str, deque[MeetingVersion]] = OrderedDict()
        self._sizes: dict[str, int] = {}

    def latest(self, url_code: str) -> MeetingVersion | None:
        versions = self._meetings.get(url_code)
        if versions is None:
            return None
        self._meetings.move_to_end(url_code)
        return versions[-1]

    def at(self, url_code: str, version: int) -> MeetingVersion | None:
        """That version of the meeting, if it is still held."""
        for held in reversed(self._meetings.get(url_code, ())):
            if held.version == version:
                return held
            if held.version < version:
                break
        return None

    def put(self, meeting: MeetingVersion) -> None:
        """Holds `meeting` as its latest version, unless a newer one is held (a slower request
        read an older state)."""
        url_code = meeting.url_code
        versions = self._meetings.get(url_code)
        if versions is None:
            versions = self._meetings[url_code] = deque(maxlen=self.history)
        elif versions[-1].version >= meeting.version:
            return
        else:
            kept = versions.pop().superseded()
            if kept is not None:
                versions.append(kept)
        versions.append(meeting)
        self._meetings.move_to_end(url_code)
        size = meeting.size
        self.size += size - self._sizes.get(url_code, 0)
        self._sizes[url_code] = size
        while self.size > self.max_bytes and len(self._meetings) > 1:
            self.drop(next(iter(self._meetings)))

    def drop(self, url_code: str) -> None:
        if self._meetings.pop(url_code, None) is not None:
            self.size -= self._sizes.pop(url_code)
