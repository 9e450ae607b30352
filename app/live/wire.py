"""Server-Sent Events as the bytes sent, written once and shared by every stream that sends
them: a meeting's event is as big as its body, and a thousand streams may send it."""

# How long a client waits before it reconnects after losing the stream (EventSource's retry).
RETRY_MS = 2000
# A comment after this many seconds without an event keeps proxies from closing the stream.
PING_SECONDS = 15.0
PING = b": ping\n\n"


def event(name: str, data: bytes, event_id: int | None = None, *, retry: bool = False) -> bytes:
    """One event; `data` is one line (compact JSON never holds a raw line break)."""
    assert b"\n" not in data and b"\r" not in data, "an event's data is one line"
    parts = [b"event: ", name.encode(), b"\ndata: ", data, b"\n"]
    if event_id is not None:
        parts += (b"id: ", str(event_id).encode(), b"\n")
    if retry:
        parts += (b"retry: ", str(RETRY_MS).encode(), b"\n")
    parts.append(b"\n")
    return b"".join(parts)


def comment(text: str, *, retry: bool = False) -> bytes:
    lines = [b": " + text.encode() + b"\n"]
    if retry:
        lines.append(b"retry: " + str(RETRY_MS).encode() + b"\n")
    return b"".join([*lines, b"\n"])
