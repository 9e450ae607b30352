"""Meeting bodies, serialized once per (meeting, version) and reused while that version is
current. Whoever serves a cached body has just read the meeting's version from the database, so
no body is served for a version it was not built from, however many processes serve the API."""

from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RenderedMeeting:
    """A MeetingResponse as JSON bytes, with the version it was built from."""

    url_code: str
    version: int
    body: bytes

    @property
    def etag(self) -> str:
        return etag(self.version)


def etag(version: int) -> str:
    return f'"{version}"'


def etag_matches(if_none_match: str, current: str) -> bool:
    """RFC 9110's weak comparison, as If-None-Match uses it."""
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == current:
            return True
    return False


class RenderedMeetings:
    """The latest rendered body of each recently used meeting, least recently used dropped
    first once the bodies take more than `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, RenderedMeeting] = OrderedDict()

    def get(self, url_code: str) -> RenderedMeeting | None:
        rendered = self._entries.get(url_code)
        if rendered is not None:
            self._entries.move_to_end(url_code)
        return rendered

    def put(self, rendered: RenderedMeeting) -> None:
        old = self._entries.get(rendered.url_code)
        if old is not None:
            if old.version >= rendered.version:  # a slower request read an older state
                return
            self.size -= len(old.body)
        self._entries[rendered.url_code] = rendered
        self._entries.move_to_end(rendered.url_code)
        self.size += len(rendered.body)
        while self.size > self.max_bytes and self._entries:
            _, dropped = self._entries.popitem(last=False)
            self.size -= len(dropped.body)
