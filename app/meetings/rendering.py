"""Meeting bodies, serialized once per (meeting, version) and reused while that version is
current. Whoever serves a cached body has just read the meeting's version from the database, so
no body is served for a version it was not built from, however many processes serve the API."""

import datetime as dt
import re
from collections import Counter, OrderedDict
from dataclasses import dataclass

from pydantic import TypeAdapter

from app.errors import BadRequest
from app.meetings.rules import DayTally
from app.meetings.schemas import MeetingResponse, MeetingState, ParticipantOut


@dataclass(frozen=True, slots=True)
class RenderedMeeting:
    """A MeetingResponse as JSON bytes, with the version it was built from and the tally of its
    days that its best dates come from."""

    url_code: str
    version: int
    body: bytes
    tally: DayTally

    @property
    def etag(self) -> str:
        return etag(self.version)


def render(state: MeetingState) -> RenderedMeeting:
    tally = DayTally.of(state.participants)
    # The state is validated already: only best_dates is new.
    response = MeetingResponse.model_construct(**dict(state), best_dates=tally.best_dates())
    body = MeetingResponse.__pydantic_serializer__.to_json(response)
    return RenderedMeeting(state.url_code, state.version, body, tally)


_VERSION = b',"version":'
_BEST_DATES = b'],"best_dates":'
_PARTICIPANTS = TypeAdapter(tuple[ParticipantOut, ...])
_DATES = TypeAdapter(tuple[dt.date, ...])


def render_body(url_code: str, version: int, state_json: bytes) -> RenderedMeeting:
    """The body `render` gives for the same state, from the JSON bytes of the MeetingState:
    its days counted where they are written, and the best dates added as the last key."""
    tally = _tally_of(state_json)
    best_dates = _DATES.dump_json(tally.best_dates())
    body = b"".join([state_json[:-1], b',"best_dates":', best_dates, b"}"])
    return RenderedMeeting(url_code, version, body, tally)


# An available day as a MeetingState body writes it, from its date to its star. A quote inside
# a JSON string is escaped, so `"date":"` matches only where the body itself writes a day's date.
_AVAILABLE_DAY = re.compile(rb'"date":"(\d{4}-\d\d-\d\d","enabled":true,"starred":t?)')
_DATE_LENGTH = len("2025-01-01")
_STARRED = ord("t")


def _tally_of(state_json: bytes) -> DayTally:
    """The tally of a MeetingState's JSON bytes, counted in them without parsing the rest:
    cheaper than decoding thousands of days into objects to count them."""
    available: Counter[dt.date] = Counter()
    stars: Counter[dt.date] = Counter()
    # Counted in C first, one bytes object per day (not a tuple of groups): a few dozen
    # distinct days, starred or not, are left to add up here.
    for found, count in Counter(_AVAILABLE_DAY.findall(state_json)).items():
        day = dt.date.fromisoformat(found[:_DATE_LENGTH].decode())
        available[day] += count
        if found[-1] == _STARRED:
            stars[day] += count
    return DayTally(available, stars)


def grown(
    kept: RenderedMeeting, version: int, added: tuple[ParticipantOut, ...]
) -> RenderedMeeting:
    """`kept` with `added` as its newest participants, at `version`: the body that rendering the
    whole state gives, built without rendering the participants `kept` has again.

    A MeetingResponse body is {"url_code":…,"end_date":…,"version":N,"participants":[…],
    "best_dates":[…]}. JSON strings escape their quotes, so the first `,"version":` and the last
    `],"best_dates":` are the top-level ones."""
    body = kept.body
    version_start = body.index(_VERSION) + len(_VERSION)
    version_end = body.index(b",", version_start)
    participants_end = body.rindex(_BEST_DATES)
    tally = kept.tally.plus(added)
    none_before = body[participants_end - 1 : participants_end] == b"["
    separator = b"" if none_before or not added else b","
    new_body = b"".join(
        [
            body[:version_start],
            str(version).encode(),
            body[version_end:participants_end],
            separator,
            _PARTICIPANTS.dump_json(added)[1:-1],
            _BEST_DATES,
            _DATES.dump_json(tally.best_dates()),
            b"}",
        ]
    )
    return RenderedMeeting(kept.url_code, version, new_body, tally)


def etag(version: int) -> str:
    return f'"{version}"'


def etag_matches(if_none_match: str, current: str) -> bool:
    """RFC 9110's weak comparison, as If-None-Match uses it."""
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == current:
            return True
    return False


# If-Match's value (RFC 9110): `*`, or entity tags, each maybe weak (W/), comma-separated. A
# comma may stand inside a tag's quotes, so tags are found, not split.
_ENTITY_TAG_PATTERN = r'(W/)?"([!#-~]*)"'
ENTITY_TAGS_PATTERN = rf"^\s*(\*|{_ENTITY_TAG_PATTERN}(\s*,\s*{_ENTITY_TAG_PATTERN})*)\s*$"
_ENTITY_TAGS = re.compile(ENTITY_TAGS_PATTERN)
_ENTITY_TAG = re.compile(_ENTITY_TAG_PATTERN)
_VERSION_TAG = re.compile(r"[1-9][0-9]{0,17}")  # within a signed 64-bit version
# No meeting is ever at version 0: a tag that names no version fails like a stale one.
NO_VERSION = 0


def if_match_version(if_match: str | None) -> int | None:
    """The version a change is made on condition of: None for no condition (no If-Match, or
    `*`: the meeting exists, which every change asks anyway). RFC 9110 compares If-Match
    strongly, so a weak tag matches no version."""
    if if_match is None or if_match.strip() == "*":
        return None
    if not _ENTITY_TAGS.match(if_match):
        raise BadRequest(
            'If-Match must be * or the ETag the meeting was last answered with, like "7"'
        )
    versions = {
        int(opaque)
        for weak, opaque in _ENTITY_TAG.findall(if_match)
        if not weak and _VERSION_TAG.fullmatch(opaque)
    }
    if len(versions) > 1:
        raise BadRequest("If-Match names more than one version; send the one last answered")
    return versions.pop() if versions else NO_VERSION


class RenderedMeetings:
    """The latest rendered body of each recently used meeting, least recently used dropped
    first once the bodies take more than `max_bytes`; and which of them were found out of date
    when last asked for."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, RenderedMeeting] = OrderedDict()
        self._changing: set[str] = set()

    def changing(self, url_code: str) -> bool:
        return url_code in self._changing

    def mark_changing(self, url_code: str, changing: bool) -> None:
        if changing and url_code in self._entries:
            self._changing.add(url_code)
        else:
            self._changing.discard(url_code)

    def get(self, url_code: str) -> RenderedMeeting | None:
        rendered = self._entries.get(url_code)
        if rendered is not None:
            self._entries.move_to_end(url_code)
        return rendered

    def drop(self, url_code: str) -> None:
        dropped = self._entries.pop(url_code, None)
        if dropped is not None:
            self.size -= len(dropped.body)
        self._changing.discard(url_code)

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
            self._changing.discard(dropped.url_code)
