"""Meeting bodies as a full read answers them, and the ETags and If-Match conditions that name
their versions."""

import re
from collections import Counter

import orjson

from app.errors import BadRequest
from app.meetings.rules import DayTally


def has_times(state_json: bytes) -> bool:
    """Whether a MeetingState's JSON bytes are of a meeting with a time grid. (A quote inside a
    JSON string is escaped: only the body's own key can match.)"""
    return b'"times":null' not in state_json


def render_body(state_json: bytes) -> bytes:
    """The MeetingResponse body of a days-only meeting's MeetingState JSON bytes (as a database
    writes them): its days counted where they are written, and the best dates added, then its
    (no) best times."""
    best_dates = orjson.dumps(_tally_of(state_json).best_dates())
    return b"".join([state_json[:-1], b',"best_dates":', best_dates, b',"best_times":[]}'])


# An available day as a MeetingState body writes it, from its date to its star. A quote inside
# a JSON string is escaped, so `"date":"` matches only where the body itself writes a day's date.
_AVAILABLE_DAY = re.compile(rb'"date":"(\d{4}-\d\d-\d\d","enabled":true,"starred":t?)')
_DATE_LENGTH = len("2025-01-01")
_STARRED = ord("t")


def _tally_of(state_json: bytes) -> DayTally:
    """The tally of a MeetingState's JSON bytes, counted in them without parsing the rest:
    cheaper than decoding thousands of days into objects to count them."""
    available: Counter[str] = Counter()
    stars: Counter[str] = Counter()
    # Counted in C first, one bytes object per day (not a tuple of groups): a few dozen
    # distinct days, starred or not, are left to add up here.
    for found, count in Counter(_AVAILABLE_DAY.findall(state_json)).items():
        day = found[:_DATE_LENGTH].decode()
        available[day] += count
        if found[-1] == _STARRED:
            stars[day] += count
    return DayTally(available, stars)


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
