"""Another writer: changes the given meetings, over and over, until stopped.

    python -m bench.bumper mysql|edgedb URL_CODE...

What every server process sees when other processes write: each read of these meetings finds a
version it does not hold yet. Each round bumps every meeting's version and logs the change as
another API process would (a title set to what it was), in one transaction for all the
meetings, a millisecond apart. On SIGTERM it prints the rounds it made per second.
"""

import asyncio
import signal
import sys
import time

from app.backends.edgedb.connection import close, create_client
from app.settings import get_settings
from bench.floor import mysql_pool

PAUSE = 0.001

EDGEDB_BUMP = """
with bumped := (
    update Meeting filter .url_code in array_unpack(<array<str>>$url_codes)
    set { version := .version + 1 }
)
for meeting in bumped union (
    insert MeetingChange {
        meeting := meeting, version := meeting.version, actor := 'organiser', kind := 'title',
        change := <json>(title := meeting.title),
    }
)
"""

MYSQL_LOG = (
    "INSERT INTO meeting_change (meeting_id, version, at, actor, kind, payload)"
    " SELECT id, version, UTC_TIMESTAMP(6), 'organiser', 'title', JSON_OBJECT('title', title)"
    " FROM meeting WHERE url_code IN ({marks})"
)


async def bump(backend: str, url_codes: list[str]) -> None:
    settings = get_settings()
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    rounds, started = 0, time.monotonic()
    if backend == "mysql":
        marks = ", ".join(["%s"] * len(url_codes))
        pool = await mysql_pool(settings, 1)
        async with pool.acquire() as connection, connection.cursor() as cursor:
            while not stop.is_set():
                await connection.begin()
                await cursor.execute(
                    f"UPDATE meeting SET version = version + 1 WHERE url_code IN ({marks})",
                    tuple(url_codes),
                )
                await cursor.execute(MYSQL_LOG.format(marks=marks), tuple(url_codes))
                await connection.commit()
                rounds += 1
                await asyncio.sleep(PAUSE)
        pool.close()
        await pool.wait_closed()
    else:
        client = create_client(settings)
        while not stop.is_set():
            await client.execute(EDGEDB_BUMP, url_codes=url_codes)
            rounds += 1
            await asyncio.sleep(PAUSE)
        await close(client)
    print(round(rounds / (time.monotonic() - started)), flush=True)


if __name__ == "__main__":
    asyncio.run(bump(sys.argv[1], sys.argv[2:]))
