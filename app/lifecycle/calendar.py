"""The calendar file of a meeting's final date or time: an RFC 5545 calendar with one event."""

import datetime as dt
import hashlib

from app.meetings.port import MeetingSummary

PRODUCT = "-//Meetifyr//Meetifyr API 1.0//EN"
LINE_OCTETS = 75  # RFC 5545 3.1: longer lines are folded
UNTITLED = "Meeting"


def calendar_file(
    meeting: MeetingSummary,
    settled: dt.date | tuple[dt.datetime, dt.datetime],
    changed_at: dt.datetime,
) -> bytes:
    """One event: all day on a final date, or from a final time's start to its end (in UTC).
    Calendars that imported an earlier file of the same meeting update that event: its UID
    never changes, and SEQUENCE grows with every change to the meeting. DTSTAMP is the time of
    the meeting's last change: the file changes only with its version (its ETag)."""
    event = [
        "BEGIN:VEVENT",
        f"UID:{event_uid(meeting.url_code)}",
        f"DTSTAMP:{_instant(changed_at)}",
    ]
    if isinstance(settled, tuple):
        start, end = settled
        event += [f"DTSTART:{_instant(start)}", f"DTEND:{_instant(end)}"]
    else:
        event.append(f"DTSTART;VALUE=DATE:{_date(settled)}")
        if settled < dt.date.max:  # without DTEND an all-day event lasts that one day anyway
            event.append(f"DTEND;VALUE=DATE:{_date(settled + dt.timedelta(days=1))}")
    event += [f"SEQUENCE:{meeting.version}", f"SUMMARY:{_text(meeting.title or UNTITLED)}"]
    if meeting.location:
        event.append(f"LOCATION:{_text(meeting.location)}")
    event.append("END:VEVENT")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        *event,
        "END:VCALENDAR",
    ]
    return b"".join(_folded(line) for line in lines)


def event_uid(url_code: str) -> str:
    """Stable for the meeting, and tells nothing of its code: calendars get shared."""
    return hashlib.sha256(url_code.encode()).hexdigest()[:32] + "@meetifyr"


def _instant(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"


def _date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    escaped = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def _folded(line: str) -> bytes:
    """The content line as UTF-8 octets, folded at 75 octets (a continuation starts with a
    space) without splitting a character, ending with CRLF."""
    parts: list[bytes] = []
    current = b""
    limit = LINE_OCTETS
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > limit:
            parts.append(current)
            current = b""
            limit = LINE_OCTETS - 1  # the leading space counts
        current += encoded
    parts.append(current)
    return b"\r\n ".join(parts) + b"\r\n"
