"""The floors: GET a meeting with one query through the raw driver, nothing else.

No ORM, no DTOs, no validation, no best dates: rows (or EdgeDB's objects) straight from the
driver into orjson. What this stack (uvicorn, Starlette, the driver, orjson) does at best for a
meeting of this project's schema, to read the API's figures against.

With FLOOR_KIND=json, the stronger floor for reads that cannot reuse a kept body: the database
builds the whole state as one JSON document with its own JSON functions and it is answered as it
is, unparsed (MySQL: the query the API reads the state with after a change; EdgeDB: the JSON
output of the nested shape). The API answers such reads with a state the database serializes
by string functions instead, in the exact bytes of its own body.

    FLOOR_BACKEND=mysql|edgedb [FLOOR_KIND=rows|json|times] uvicorn bench.floor:app --port 18001

With FLOOR_KIND=times it also paints (…/floor/meetings/…/availability) and answers GET
…/kept/meetings/{url_code} with the bytes of its first read of it, held: the ceiling of any
cached GET in this stack.

It reads the same settings as the API (MYSQL_*, EDGEDB_DSN, EDGEDB_DATABASE).
"""

import contextlib
import datetime as dt
import os
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiomysql
import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from app.backends.edgedb.connection import close, create_client
from app.backends.mysql.state_sql import READ_STATE_BY_CODE
from app.settings import Settings, get_settings

BACKEND = os.environ.get("FLOOR_BACKEND", "mysql")
KIND = os.environ.get("FLOOR_KIND", "rows")

MYSQL_MEETING = """
SELECT m.url_code, CAST(m.start_date AS CHAR), CAST(m.end_date AS CHAR), m.title, m.location,
       m.weekdays, CAST(m.final_date AS CHAR), CAST(m.expires_on AS CHAR),
       m.version, p.id, p.name, d.id, CAST(d.date AS CHAR), d.enabled, d.starred
FROM meeting m
LEFT JOIN participant p ON p.meeting_id = m.id
LEFT JOIN participant_date d ON d.participant_id = p.id
WHERE m.url_code = %s
ORDER BY p.id, d.date
"""

# The whole state as EdgeDB's nested shape, in one query.
EDGEDB_MEETING = """
select Meeting {
    url_code, title, location, start_date, end_date, weekdays, final_date, expires_on, version,
    participants := (
        select .<meeting[is Participant] {
            id,
            name,
            dates := (
                select .<participant[is ParticipantDate] { id, date, enabled, starred }
                order by .date
            ),
        }
        order by .joined
    ),
}
filter .url_code = <str>$url_code
"""

# FLOOR_KIND=times: a meeting's answers per slot, read and painted (bench/times.py's grid: 36
# slots a day from its first day, no clock change).
TIMES_START = dt.date(2027, 1, 4)
SLOTS_A_DAY = 36
STATE_CHARS = {"yes": "2", "if_need_be": "1", "no": "0"}
MYSQL_TIMES = """
SELECT m.url_code, m.title, m.location, CAST(m.start_date AS CHAR), CAST(m.end_date AS CHAR),
       m.time_zone, m.day_from, m.day_to, m.slot_minutes, m.duration_minutes, m.version,
       p.id, p.name, p.availability
FROM meeting m LEFT JOIN participant p ON p.meeting_id = m.id
WHERE m.url_code = %s ORDER BY p.id
"""
EDGEDB_TIMES = """
select Meeting {
    url_code, title, location, start_date, end_date, time_zone, day_from, day_to,
    slot_minutes, duration_minutes, version,
    participants := (
        select .<meeting[is Participant] { id, name, availability } order by .joined
    ),
}
filter .url_code = <str>$url_code
"""
# One day's answers written over the stored ones, the version, a log entry: what a painting
# writes, each in the database's own string functions.
MYSQL_PAINT = [
    "UPDATE meeting SET version = version + 1 WHERE url_code = %s",
    "UPDATE participant p JOIN meeting m ON m.id = p.meeting_id"
    " SET p.availability ="
    " INSERT(RPAD(IFNULL(p.availability, ''), %s, '0'), %s, %s, REPEAT(%s, %s))"
    " WHERE m.url_code = %s AND p.id = %s",
    "INSERT INTO meeting_change (meeting_id, version, at, actor, kind, payload)"
    " SELECT id, version, UTC_TIMESTAMP(6), 'organiser', 'availability', %s FROM meeting"
    " WHERE url_code = %s",
]
EDGEDB_PAINT = """
with
    meeting := (update Meeting filter .url_code = <str>$url_code set { version := .version + 1 }),
    participant := (
        update Participant filter .id = <uuid>$participant_id and .meeting = meeting
        set {
            availability := (
                with padded := str_pad_end(.availability ?? '', <int64>$length, '0')
                select padded[:<int64>$first] ++ str_repeat(<str>$char, <int64>$count)
                    ++ padded[<int64>$first + <int64>$count:]
            )
        }
    ),
    entry := (
        for changed in meeting union (
            insert MeetingChange {
                meeting := changed, version := changed.version, actor := 'organiser',
                kind := 'availability', change := <json>$change
            }
        )
    ),
select entry.version
"""

resources: dict[str, Any] = {}


def not_found(url_code: str) -> Response:
    body = orjson.dumps({"detail": f"meeting with url_code: {url_code} not found"})
    return Response(body, status_code=404, media_type="application/json")


def meeting_from_rows(rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    url_code, start_date, end_date, title, location, weekdays, final_date, expires_on, version = (
        rows[0][:9]
    )
    participants: list[dict[str, Any]] = []
    dates: list[dict[str, Any]] = []
    last = None
    for *_, pid, name, did, date, enabled, starred in rows:
        if pid is None:
            continue
        if pid != last:
            dates = []
            participants.append({"id": pid, "name": name, "dates": dates})
            last = pid
        if did is not None:
            dates.append(
                {"id": did, "date": date, "enabled": enabled == 1, "starred": starred == 1}
            )
    return {
        "url_code": url_code,
        "title": title,
        "location": location,
        "start_date": start_date,
        "end_date": end_date,
        # As stored: the floor leaves the weekdays' names to the API.
        "weekdays": weekdays,
        "final_date": final_date,
        "expires_on": expires_on,
        "version": version,
        "participants": participants,
    }


async def get_mysql(request: Request) -> Response:
    url_code = request.path_params["url_code"]
    async with resources["pool"].acquire() as conn, conn.cursor() as cursor:
        await cursor.execute(MYSQL_MEETING, (url_code,))
        rows = await cursor.fetchall()
    if not rows:
        return not_found(url_code)
    return Response(orjson.dumps(meeting_from_rows(rows)), media_type="application/json")


async def get_edgedb(request: Request) -> Response:
    url_code = request.path_params["url_code"]
    meeting = await resources["client"].query_single(EDGEDB_MEETING, url_code=url_code)
    if meeting is None:
        return not_found(url_code)
    body = {
        "url_code": meeting.url_code,
        "title": meeting.title,
        "location": meeting.location,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "weekdays": meeting.weekdays,
        "final_date": meeting.final_date,
        "expires_on": meeting.expires_on,
        "version": meeting.version,
        "participants": [
            {
                "id": str(p.id),
                "name": p.name,
                "dates": [
                    {"id": str(d.id), "date": d.date, "enabled": d.enabled, "starred": d.starred}
                    for d in p.dates
                ],
            }
            for p in meeting.participants
        ],
    }
    return Response(orjson.dumps(body), media_type="application/json")


async def get_mysql_json(request: Request) -> Response:
    url_code = request.path_params["url_code"]
    async with resources["pool"].acquire() as conn, conn.cursor() as cursor:
        await cursor.execute(READ_STATE_BY_CODE, (url_code,))
        row = await cursor.fetchone()
    if row is None:
        return not_found(url_code)
    return Response(row[0], media_type="application/json")


async def get_edgedb_json(request: Request) -> Response:
    url_code = request.path_params["url_code"]
    document = await resources["client"].query_single_json(EDGEDB_MEETING, url_code=url_code)
    if document == "null":
        return not_found(url_code)
    return Response(document, media_type="application/json")


async def mysql_pool(settings: Settings, size: int) -> aiomysql.Pool:
    """Autocommit connections to the API's MySQL database, straight through the driver."""
    return await aiomysql.create_pool(
        host=settings.mysql_host,
        port=settings.mysql_port,
        user=settings.mysql_user,
        password=settings.mysql_password,
        db=settings.mysql_db,
        minsize=1,
        maxsize=size,
        autocommit=True,
        charset="utf8mb4",
    )


async def get_mysql_times(request: Request) -> Response:
    url_code = request.path_params["url_code"]
    async with resources["pool"].acquire() as conn, conn.cursor() as cursor:
        await cursor.execute(MYSQL_TIMES, (url_code,))
        rows = await cursor.fetchall()
    if not rows:
        return not_found(url_code)
    keys = ["url_code", "title", "location", "start_date", "end_date", "time_zone", "from",
            "to", "slot_minutes", "duration_minutes", "version"]  # fmt: skip
    meeting = dict(zip(keys, rows[0][:11], strict=True))
    meeting["participants"] = [
        {"id": pid, "name": name, "availability": answers or ""}
        for *_, pid, name, answers in rows
        if pid is not None
    ]
    return Response(orjson.dumps(meeting), media_type="application/json")


async def get_edgedb_times(request: Request) -> Response:
    url_code = request.path_params["url_code"]
    meeting = await resources["client"].query_single(EDGEDB_TIMES, url_code=url_code)
    if meeting is None:
        return not_found(url_code)
    body = {
        "url_code": meeting.url_code,
        "title": meeting.title,
        "location": meeting.location,
        "start_date": meeting.start_date,
        "end_date": meeting.end_date,
        "time_zone": meeting.time_zone,
        "from": meeting.day_from,
        "to": meeting.day_to,
        "slot_minutes": meeting.slot_minutes,
        "duration_minutes": meeting.duration_minutes,
        "version": meeting.version,
        "participants": [
            {"id": str(p.id), "name": p.name, "availability": p.availability or ""}
            for p in meeting.participants
        ],
    }
    return Response(orjson.dumps(body), media_type="application/json")


def _painted_day(participant_id: int | str, body: dict[str, Any]) -> tuple[int, str, bytes]:
    """Where the day of the painting's one range starts, its state, and the entry's change (as
    the API logs it, so that the API can read a log the floor wrote to)."""
    [painted] = body["ranges"]
    day = dt.date.fromisoformat(painted["start"][:10])
    first = (day - TIMES_START).days * SLOTS_A_DAY
    change = orjson.dumps({"participant_id": participant_id, "ranges": body["ranges"]})
    return first, STATE_CHARS[painted["state"]], change


async def paint_mysql(request: Request) -> Response:
    url_code = request.path_params["url_code"]
    participant_id = int(request.path_params["participant_id"])
    first, char, change = _painted_day(participant_id, orjson.loads(await request.body()))
    length = 31 * SLOTS_A_DAY
    async with resources["pool"].acquire() as conn, conn.cursor() as cursor:
        await conn.begin()
        await cursor.execute(MYSQL_PAINT[0], (url_code,))
        await cursor.execute(
            MYSQL_PAINT[1],
            (length, first + 1, SLOTS_A_DAY, char, SLOTS_A_DAY, url_code, participant_id),
        )
        await cursor.execute(MYSQL_PAINT[2], (change.decode(), url_code))
        await conn.commit()
    return Response(b'{"painted":true}', media_type="application/json")


async def paint_edgedb(request: Request) -> Response:
    participant_id = request.path_params["participant_id"]
    first, char, change = _painted_day(participant_id, orjson.loads(await request.body()))
    await resources["client"].query(
        EDGEDB_PAINT,
        url_code=request.path_params["url_code"],
        participant_id=uuid.UUID(participant_id),
        length=31 * SLOTS_A_DAY,
        first=first,
        count=SLOTS_A_DAY,
        char=char,
        change=change.decode(),
    )
    return Response(b'{"painted":true}', media_type="application/json")


@contextlib.asynccontextmanager
async def lifespan(_: Starlette) -> AsyncIterator[None]:
    settings = get_settings()
    if BACKEND == "mysql":
        resources["pool"] = await mysql_pool(settings, settings.mysql_pool_size)
    else:
        resources["client"] = create_client(settings)
    try:
        yield
    finally:
        if "pool" in resources:
            resources["pool"].close()
            await resources["pool"].wait_closed()
        if "client" in resources:
            await close(resources["client"])


handlers = {
    ("mysql", "rows"): get_mysql,
    ("mysql", "json"): get_mysql_json,
    ("mysql", "times"): get_mysql_times,
    ("edgedb", "rows"): get_edgedb,
    ("edgedb", "json"): get_edgedb_json,
    ("edgedb", "times"): get_edgedb_times,
}


async def get_kept(request: Request) -> Response:
    """The ceiling of any cached GET: bytes held in memory, read once (FLOOR_KIND=times)."""
    kept: dict[str, bytes] = resources.setdefault("kept", {})
    url_code = request.path_params["url_code"]
    if url_code not in kept:
        read = await handlers[BACKEND, "times"](request)
        if read.status_code != 200:
            return read
        kept[url_code] = bytes(read.body)
    return Response(kept[url_code], media_type="application/json")


painters = {"mysql": paint_mysql, "edgedb": paint_edgedb}
app = Starlette(
    routes=[
        Route(f"/v1/{BACKEND}/meetings/{{url_code}}", handlers[BACKEND, KIND], methods=["GET"]),
        Route(f"/v1/{BACKEND}/kept/meetings/{{url_code}}", get_kept, methods=["GET"]),
        Route(
            f"/v1/{BACKEND}/floor/meetings/{{url_code}}/participants/{{participant_id}}"
            "/availability",
            painters[BACKEND],
            methods=["PATCH"],
        ),
    ],
    lifespan=lifespan,
)
