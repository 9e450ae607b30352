"""Direct looks into each database, bypassing the app, to check what a request left behind."""

import json
from typing import Any, Protocol

import edgedb
import pymysql
from pymysql.cursors import DictCursor

from app.backends.edgedb.connection import close, create_client
from app.settings import Settings

Json = dict[str, Any]


class DbProbe(Protocol):
    async def stored(self, url_code: str) -> Json | None:
        """The meeting as stored, in the shape of a MeetingResponse without best_dates."""
        ...

    async def count_participants(self, url_code: str) -> int: ...

    async def retitle_as_another_server(self, url_code: str, title: str) -> None:
        """A change another API process could have made: the title, and the version with it."""
        ...

    async def reset(self) -> None:
        """Forget every meeting: each test starts from an empty database."""
        ...

    async def close(self) -> None: ...


class MySqlProbe:
    """Its own plain connection; the few short reads it makes may block the test's loop."""

    def __init__(self, connection: "pymysql.Connection[DictCursor]") -> None:
        self.connection = connection

    @classmethod
    def connect(cls, settings: Settings) -> "MySqlProbe":
        connection = pymysql.connect(
            host=settings.mysql_host,
            port=settings.mysql_port,
            user=settings.mysql_user,
            password=settings.mysql_password,
            database=settings.mysql_db,
            autocommit=True,
            cursorclass=DictCursor,
        )
        return cls(connection)

    async def rows(self, sql: str, *args: object) -> list[Json]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())

    async def stored(self, url_code: str) -> Json | None:
        meetings = await self.rows("SELECT * FROM meeting WHERE url_code = %s", url_code)
        if not meetings:
            return None
        meeting = meetings[0]
        participants = await self.rows(
            "SELECT id, name FROM participant WHERE meeting_id = %s ORDER BY id", meeting["id"]
        )
        for participant in participants:
            days = await self.rows(
                "SELECT id, date, enabled, starred FROM participant_date"
                " WHERE participant_id = %s ORDER BY date",
                participant["id"],
            )
            participant["dates"] = [
                {
                    **d,
                    "date": d["date"].isoformat(),
                    "enabled": bool(d["enabled"]),
                    "starred": bool(d["starred"]),
                }
                for d in days
            ]
        return {
            "url_code": meeting["url_code"],
            "title": meeting["title"],
            "location": meeting["location"],
            "start_date": meeting["start_date"] and meeting["start_date"].isoformat(),
            "end_date": meeting["end_date"] and meeting["end_date"].isoformat(),
            "version": meeting["version"],
            "participants": participants,
        }

    async def count_participants(self, url_code: str) -> int:
        rows = await self.rows(
            "SELECT COUNT(*) AS n FROM participant p JOIN meeting m ON m.id = p.meeting_id"
            " WHERE m.url_code = %s",
            url_code,
        )
        count: int = rows[0]["n"]
        return count

    async def retitle_as_another_server(self, url_code: str, title: str) -> None:
        await self.rows(
            "UPDATE meeting SET title = %s, version = version + 1 WHERE url_code = %s",
            title,
            url_code,
        )

    async def statements_sent(self) -> int:
        """Statements the server has received from all clients (this one included)."""
        rows = await self.rows("SHOW GLOBAL STATUS LIKE 'Questions'")
        return int(rows[0]["Value"])

    async def reset(self) -> None:
        await self.rows("DELETE FROM meeting")  # participants and their dates cascade

    async def close(self) -> None:
        self.connection.close()


class EdgeDbProbe:
    """A client of its own, in the JSON a client of the API would see."""

    STORED = """
        select Meeting {
            url_code, title, location, start_date, end_date, version,
            participants := (
                select .<meeting[is Participant] {
                    id, name,
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

    def __init__(self, client: edgedb.AsyncIOClient) -> None:
        self.client = client

    @classmethod
    def connect(cls, settings: Settings) -> "EdgeDbProbe":
        return cls(create_client(settings))

    async def stored(self, url_code: str) -> Json | None:
        found: list[Json] = json.loads(await self.client.query_json(self.STORED, url_code=url_code))
        return found[0] if found else None

    async def count_participants(self, url_code: str) -> int:
        count: int = await self.client.query_required_single(
            "select count(Participant filter .meeting.url_code = <str>$url_code)",
            url_code=url_code,
        )
        return count

    async def retitle_as_another_server(self, url_code: str, title: str) -> None:
        await self.client.execute(
            "update Meeting filter .url_code = <str>$url_code"
            " set { title := <str>$title, version := .version + 1 }",
            url_code=url_code,
            title=title,
        )

    async def reset(self) -> None:
        await self.client.execute("delete Meeting")  # participants and their days go with it

    async def close(self) -> None:
        await close(self.client)
