"""The change log on MySQL: the statements that append an entry in a change's transaction, read
back what it appended, and read a meeting's entries after a version. By hand: each entry is
built from the rows the change left (INSERT … SELECT), which Tortoise cannot say."""

import datetime as dt
from typing import Any

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient

from app.changes.entries import ChangeEntry, ChangeKind, LogExcerpt, stored_entry
from app.errors import MeetingNotFound
from app.kernel.roles import Role

# {actor} and {payload} are SQL expressions over the meeting `m` and what {joins} adds; the
# statement runs after the change's own, in its transaction, so `m.version` is the new version.
_APPEND = (
    "INSERT INTO meeting_change (meeting_id, version, at, actor, kind, payload)"
    " SELECT m.id, m.version, UTC_TIMESTAMP(6), {actor}, %s, {payload} FROM meeting m{joins}"
    " WHERE m.url_code = %s{where}"
)

_ENTRY_COLUMNS = "c.version, c.at, c.actor, c.kind, c.payload"

# The entries a change appended: those from the version before it up to the meeting's now.
_APPENDED = (
    f"SELECT {_ENTRY_COLUMNS} FROM meeting m"
    " JOIN meeting_change c ON c.meeting_id = m.id AND c.version > m.version - %s"
    " WHERE m.url_code = %s ORDER BY c.version"
)

# One entry, once its transaction committed.
_ENTRY = f"SELECT {_ENTRY_COLUMNS} FROM meeting_change c WHERE c.meeting_id = %s AND c.version = %s"

# The meeting's version and its entries after a version; a meeting without any such entries
# still answers its row.
_SINCE = (
    f"SELECT m.version AS meeting_version, {_ENTRY_COLUMNS} FROM meeting m"
    " LEFT JOIN meeting_change c ON c.meeting_id = m.id AND c.version > %s"
    " WHERE m.url_code = %s ORDER BY c.version LIMIT %s"
)

# A day's entry: the day as the change left it.
DAY_PAYLOAD = (
    "JSON_OBJECT('participant_id', p.id, 'participant_date_id', d.id, 'date', d.date,"
    " 'enabled', d.enabled IS TRUE, 'starred', d.starred IS TRUE)"
)
DAY_JOINS = (
    " JOIN participant p ON p.meeting_id = m.id JOIN participant_date d ON d.participant_id = p.id"
)

# A join's entry: the participant and its days, by date.
JOINED_PAYLOAD = (
    "JSON_OBJECT('participant', JSON_OBJECT('id', p.id, 'name', p.name, 'dates', JSON_EXTRACT("
    " CONCAT('[', (SELECT GROUP_CONCAT(JSON_OBJECT('id', d.id, 'date', d.date,"
    " 'enabled', d.enabled IS TRUE, 'starred', d.starred IS TRUE) ORDER BY d.date SEPARATOR ',')"
    " FROM participant_date d WHERE d.participant_id = p.id), ']'), '$')))"
)


def actor(by: Role, participant_id: int | None = None) -> str:
    """How the log stores who made a change."""
    if by is Role.participant:
        assert participant_id is not None, "a participant's change names the participant"
        return str(participant_id)
    return by.value


async def append(
    conn: BaseDBAsyncClient,
    url_code: str,
    kind: ChangeKind,
    *,
    actor_sql: str = "%s",
    payload_sql: str = "%s",
    joins: str = "",
    where: str = "",
    values: list[Any],
) -> None:
    """Appends the entry of the change just made to the meeting. `values` fill the %s of
    `actor_sql` and `payload_sql`, in that order, then those of `where`."""
    statement = _APPEND.format(actor=actor_sql, payload=payload_sql, joins=joins, where=where)
    actors = actor_sql.count("%s")
    payloads = actors + payload_sql.count("%s")
    await conn.execute_query(
        statement,
        [*values[:actors], kind.value, *values[actors:payloads], url_code, *values[payloads:]],
    )


async def append_many(
    conn: BaseDBAsyncClient,
    meeting_id: int,
    first_version: int,
    kind: ChangeKind,
    entries: list[tuple[str, str]],
) -> None:
    """Appends entries (actor and payload, as stored) of the changes just made to the meeting,
    at versions from `first_version` on."""
    rows = ", ".join(["(%s, %s, UTC_TIMESTAMP(6), %s, %s, %s)"] * len(entries))
    values: list[Any] = []
    for n, (by, payload) in enumerate(entries):
        values += [meeting_id, first_version + n, by, kind.value, payload]
    await conn.execute_query(
        f"INSERT INTO meeting_change (meeting_id, version, at, actor, kind, payload) VALUES {rows}",
        values,
    )


async def appended(
    conn: BaseDBAsyncClient, url_code: str, count: int = 1
) -> tuple[ChangeEntry, ...]:
    """The last `count` entries, read in the transaction that appended them."""
    _, rows = await conn.execute_query(_APPENDED, [count, url_code])
    return tuple(_entry(row) for row in rows)


async def entry(conn: BaseDBAsyncClient, meeting_id: int, version: int) -> ChangeEntry:
    """The entry of a version, read after its transaction committed."""
    _, rows = await conn.execute_query(_ENTRY, [meeting_id, version])
    return _entry(rows[0])


async def changes_since(
    conn: BaseDBAsyncClient, url_code: str, after: int, limit: int
) -> LogExcerpt:
    _, rows = await conn.execute_query(_SINCE, [after, url_code, limit])
    if not rows:
        raise MeetingNotFound(url_code)
    entries = tuple(_entry(row) for row in rows if row["version"] is not None)
    return LogExcerpt(rows[0]["meeting_version"], entries)


def _entry(row: dict[str, Any]) -> ChangeEntry:
    at: dt.datetime = row["at"]
    change = row["payload"]
    return stored_entry(
        row["version"],
        at.replace(tzinfo=dt.UTC),
        row["actor"],
        row["kind"],
        orjson.loads(change) if isinstance(change, str | bytes) else change,
    )
