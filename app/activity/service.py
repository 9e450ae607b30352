"""Reading a meeting's change log, page by page."""

from app.changes.entries import ChangePage
from app.kernel.codes import known_shape
from app.meetings.port import MeetingStore

DEFAULT_PAGE = 100
MAX_PAGE = 500


async def changes_after(store: MeetingStore, url_code: str, after: int, limit: int) -> ChangePage:
    """The entries of the meeting's log after version `after`, oldest first, at most `limit`.
    Raises MeetingNotFound."""
    excerpt = await store.changes_since(known_shape(url_code), after, limit)
    entries = excerpt.entries
    more = len(entries) == limit and entries[-1].version < excerpt.version
    return ChangePage(changes=entries, next=entries[-1].version if more else None)
