"""The floors: GET a meeting with one query through the raw driver, nothing else.

No ORM, no DTOs, no validation, no best dates: rows (or EdgeDB's objects) straight from the
driver into orjson. What this stack (uvicorn, Starlette, the driver, orjson) does at best for a
meeting of this project's schema, to read the API's figures against.

With FLOOR_KIND=json, the stronger floor for reads that cannot reuse a kept body: the database
builds the whole state as one JSON document with its own JSON functions and it is answered as it
is, unparsed (MySQL: the query the API reads the state with after a change; EdgeDB: the JSON
output of the nested shape). The API answers such reads with a state the database serializes
by string functions instead, in the exact bytes of its own body.

    FLOOR_BACKEND=mysql|edgedb [FLOOR_KIND=rows|json] uvicorn bench.floor:app --port 18001

It reads the same settings as the API (MYSQL_*, EDGEDB_DSN, EDGEDB_DATABASE).
"""

import contextlib
import os
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
    ("edgedb", "rows"): get_edgedb,
    ("edgedb", "json"): get_edgedb_json,
}
app = Starlette(
    routes=[
        Route(f"/v1/{BACKEND}/meetings/{{url_code}}", handlers[BACKEND, KIND], methods=["GET"])
    ],
    lifespan=lifespan,
)
