"""Direct looks into each database, bypassing the app, to check what a request left behind."""

import datetime as dt
import json
from typing import Any, Protocol

import edgedb
import pymysql
from pymysql.cursors import DictCursor

from app.backends.edgedb.connection import close, create_client
from app.meetings.rules import weekdays_of_mask
from app.settings import Settings

Json = dict[str, Any]


def wall_time(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def with_times(meeting: Json, grid: Json | None, final_time: str | None) -> Json:
    """The stored view of a meeting (tests.api.stored_view) from its columns: `meeting` with
    its participants' days and stored answers; `grid` with wall times in minutes."""
    if grid is None or grid["time_zone"] is None:
        participants = [{**p, "availability": None} for p in meeting["participants"]]
        return {**meeting, "times": None, "final_time": None, "participants": participants}
    times = {
        "time_zone": grid["time_zone"],
        "from": wall_time(grid["day_from"]),
        "to": wall_time(grid["day_to"]),
        "slot_minutes": grid["slot_minutes"],
        "duration_minutes": grid["duration_minutes"],
    }
    participants = [
        {"id": p["id"], "name": p["name"], "availability": p["availability"] or ""}
        for p in meeting["participants"]
    ]
    return {**meeting, "times": times, "final_time": final_time, "participants": participants}


class DbProbe(Protocol):
    async def stored(self, url_code: str) -> Json | None:
        """The meeting as stored, in the shape of a MeetingResponse without best_dates."""
        ...

    async def count_participants(self, url_code: str) -> int: ...

    async def count_days(self) -> int:
        """Every participant's day stored, of every meeting."""
        ...

    async def count_meetings(self) -> int: ...

    async def webhook_urls(self) -> dict[str, list[str]]:
        """Every meeting's webhook URLs as stored, by meeting code, oldest first."""
        ...

    async def retitle_as_another_server(self, url_code: str, title: str) -> None:
        """A change made without the change log (by hand, say): the title, and the version
        with it."""
        ...

    async def remove_as_another_server(self, url_code: str, name: str) -> None:
        """Removes a participant, its days and all, without the change log."""
        ...

    async def set_expiry(self, url_code: str, on: dt.date) -> None:
        """Sets the day the meeting is deleted, as the days that pass would bring it near."""
        ...

    async def delete_as_another_server(self, url_code: str) -> None:
        """Deletes the meeting with its participants and days, as something else could."""
        ...

    async def reset(self) -> None:
        """Forget every meeting: each test starts from an empty database."""
        ...

    async def token_digests(self, url_code: str) -> tuple[str | None, dict[str, str | None]]:
        """The organiser's digest, and each participant's by name."""
        ...

    async def everything(self, url_code: str) -> str:
        """Every value stored for the meeting, its participants and their days, as text."""
        ...

    async def make_as_before_tokens(self, url_code: str) -> None:
        """What the tokens migration leaves of a meeting made before it: no digests."""
        ...

    async def log(self, url_code: str) -> list[Json]:
        """The meeting's change log as stored, oldest first: version, actor, kind and change."""
        ...

    async def count_log_entries(self) -> int:
        """Every change log entry stored, of every meeting."""
        ...

    async def forget_log(self, url_code: str) -> None:
        """What the change log migration leaves of a meeting made before it: no entries."""
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
            "SELECT id, name, availability FROM participant WHERE meeting_id = %s ORDER BY id",
            meeting["id"],
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
        final_time = meeting["final_time"]
        return with_times(
            {
                "url_code": meeting["url_code"],
                "title": meeting["title"],
                "location": meeting["location"],
                "start_date": meeting["start_date"] and meeting["start_date"].isoformat(),
                "end_date": meeting["end_date"] and meeting["end_date"].isoformat(),
                "weekdays": list(weekdays_of_mask(meeting["weekdays"])),
                "final_date": meeting["final_date"] and meeting["final_date"].isoformat(),
                "expires_on": meeting["expires_on"].isoformat(),
                "version": meeting["version"],
                "participants": participants,
            },
            meeting,
            final_time and final_time.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )

    async def count_participants(self, url_code: str) -> int:
        rows = await self.rows(
            "SELECT COUNT(*) AS n FROM participant p JOIN meeting m ON m.id = p.meeting_id"
            " WHERE m.url_code = %s",
            url_code,
        )
        count: int = rows[0]["n"]
        return count

    async def count_days(self) -> int:
        rows = await self.rows("SELECT COUNT(*) AS n FROM participant_date")
        count: int = rows[0]["n"]
        return count

    async def count_meetings(self) -> int:
        rows = await self.rows("SELECT COUNT(*) AS n FROM meeting")
        count: int = rows[0]["n"]
        return count

    async def webhook_urls(self) -> dict[str, list[str]]:
        rows = await self.rows(
            "SELECT m.url_code, w.url FROM webhook w JOIN meeting m ON m.id = w.meeting_id"
            " ORDER BY w.id"
        )
        urls: dict[str, list[str]] = {}
        for row in rows:
            urls.setdefault(row["url_code"], []).append(row["url"])
        return urls

    async def retitle_as_another_server(self, url_code: str, title: str) -> None:
        await self.rows(
            "UPDATE meeting SET title = %s, version = version + 1 WHERE url_code = %s",
            title,
            url_code,
        )

    async def set_expiry(self, url_code: str, on: dt.date) -> None:
        await self.rows("UPDATE meeting SET expires_on = %s WHERE url_code = %s", on, url_code)

    async def delete_as_another_server(self, url_code: str) -> None:
        # Participants and their days go with it (ON DELETE CASCADE).
        await self.rows("DELETE FROM meeting WHERE url_code = %s", url_code)

    async def remove_as_another_server(self, url_code: str, name: str) -> None:
        await self.rows(
            "DELETE p FROM participant p JOIN meeting m ON m.id = p.meeting_id"
            " WHERE m.url_code = %s AND p.name = %s",
            url_code,
            name,
        )
        await self.rows("UPDATE meeting SET version = version + 1 WHERE url_code = %s", url_code)

    async def statements_sent(self) -> int:
        """Statements the server has received from all clients (this one included)."""
        rows = await self.rows("SHOW GLOBAL STATUS LIKE 'Questions'")
        return int(rows[0]["Value"])

    async def reset(self) -> None:
        await self.rows("DELETE FROM meeting")  # participants and their dates cascade

    async def token_digests(self, url_code: str) -> tuple[str | None, dict[str, str | None]]:
        [meeting] = await self.rows("SELECT * FROM meeting WHERE url_code = %s", url_code)
        participants = await self.rows(
            "SELECT name, token_digest FROM participant WHERE meeting_id = %s", meeting["id"]
        )
        return meeting["admin_token_digest"], {p["name"]: p["token_digest"] for p in participants}

    async def everything(self, url_code: str) -> str:
        meetings = await self.rows("SELECT * FROM meeting WHERE url_code = %s", url_code)
        participants = await self.rows(
            "SELECT p.* FROM participant p JOIN meeting m ON m.id = p.meeting_id"
            " WHERE m.url_code = %s",
            url_code,
        )
        days = await self.rows(
            "SELECT d.* FROM participant_date d JOIN participant p ON p.id = d.participant_id"
            " JOIN meeting m ON m.id = p.meeting_id WHERE m.url_code = %s",
            url_code,
        )
        return repr([meetings, participants, days])

    async def make_as_before_tokens(self, url_code: str) -> None:
        await self.rows(
            "UPDATE meeting m LEFT JOIN participant p ON p.meeting_id = m.id"
            " SET m.admin_token_digest = NULL, p.token_digest = NULL WHERE m.url_code = %s",
            url_code,
        )

    async def log(self, url_code: str) -> list[Json]:
        rows = await self.rows(
            "SELECT c.version, c.actor, c.kind, c.payload FROM meeting_change c"
            " JOIN meeting m ON m.id = c.meeting_id WHERE m.url_code = %s ORDER BY c.version",
            url_code,
        )
        return [
            {
                "version": row["version"],
                "actor": row["actor"],
                "kind": row["kind"],
                "change": json.loads(row["payload"]),
            }
            for row in rows
        ]

    async def count_log_entries(self) -> int:
        rows = await self.rows("SELECT COUNT(*) AS n FROM meeting_change")
        count: int = rows[0]["n"]
        return count

    async def forget_log(self, url_code: str) -> None:
        await self.rows(
            "DELETE c FROM meeting_change c JOIN meeting m ON m.id = c.meeting_id"
            " WHERE m.url_code = %s",
            url_code,
        )

    async def close(self) -> None:
        self.connection.close()


GRID_COLUMNS = ("time_zone", "day_from", "day_to", "slot_minutes", "duration_minutes")


class EdgeDbProbe:
    """A client of its own, in the JSON a client of the API would see."""

    STORED = """
        select Meeting {
            url_code, title, location, start_date, end_date, weekdays, final_date, expires_on,
            version, time_zone, day_from, day_to, slot_minutes, duration_minutes,
            final_time_utc := to_str(.final_time, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            participants := (
                select .<meeting[is Participant] {
                    id, name, availability,
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
        if not found:
            return None
        meeting = found[0]
        grid = {key: meeting.pop(key) for key in GRID_COLUMNS}
        final_time = meeting.pop("final_time_utc")
        meeting["weekdays"] = list(weekdays_of_mask(meeting["weekdays"]))
        return with_times(meeting, grid, final_time)

    async def count_participants(self, url_code: str) -> int:
        count: int = await self.client.query_required_single(
            "select count(Participant filter .meeting.url_code = <str>$url_code)",
            url_code=url_code,
        )
        return count

    async def count_days(self) -> int:
        count: int = await self.client.query_required_single("select count(ParticipantDate)")
        return count

    async def count_meetings(self) -> int:
        count: int = await self.client.query_required_single("select count(Meeting)")
        return count

    async def webhook_urls(self) -> dict[str, list[str]]:
        rows = await self.client.query(
            "select Webhook { code := .meeting.url_code, url } order by .created_at then .id"
        )
        urls: dict[str, list[str]] = {}
        for row in rows:
            urls.setdefault(row.code, []).append(row.url)
        return urls

    async def retitle_as_another_server(self, url_code: str, title: str) -> None:
        await self.client.execute(
            "update Meeting filter .url_code = <str>$url_code"
            " set { title := <str>$title, version := .version + 1 }",
            url_code=url_code,
            title=title,
        )

    async def set_expiry(self, url_code: str, on: dt.date) -> None:
        await self.client.execute(
            "update Meeting filter .url_code = <str>$url_code"
            " set { expires_on := <cal::local_date>$on }",
            url_code=url_code,
            on=on,
        )

    async def delete_as_another_server(self, url_code: str) -> None:
        await self.client.execute(
            "delete Meeting filter .url_code = <str>$url_code", url_code=url_code
        )

    async def remove_as_another_server(self, url_code: str, name: str) -> None:
        await self.client.execute(
            "with meeting := (update Meeting filter .url_code = <str>$url_code"
            " set { version := .version + 1 })"
            " delete Participant filter .meeting = meeting and .name = <str>$name",
            url_code=url_code,
            name=name,
        )

    async def reset(self) -> None:
        await self.client.execute("delete Meeting")  # participants and their days go with it

    async def token_digests(self, url_code: str) -> tuple[str | None, dict[str, str | None]]:
        meeting = await self.client.query_required_single(
            "select Meeting { admin_token_digest,"
            " participants := .<meeting[is Participant] { name, token_digest } }"
            " filter .url_code = <str>$url_code",
            url_code=url_code,
        )
        digests = {p.name: p.token_digest for p in meeting.participants}
        return meeting.admin_token_digest, digests

    async def everything(self, url_code: str) -> str:
        found: str = await self.client.query_json(
            "select Meeting { *, participants := .<meeting[is Participant] {"
            " *, days := .<participant[is ParticipantDate] { * } } }"
            " filter .url_code = <str>$url_code",
            url_code=url_code,
        )
        return found

    async def make_as_before_tokens(self, url_code: str) -> None:
        await self.client.execute(
            "with meeting := (update Meeting filter .url_code = <str>$url_code"
            " set { admin_token_digest := {} })"
            " update Participant filter .meeting = meeting set { token_digest := {} }",
            url_code=url_code,
        )

    async def log(self, url_code: str) -> list[Json]:
        found: list[Json] = json.loads(
            await self.client.query_json(
                "select MeetingChange { version, actor, kind, change }"
                " filter .meeting.url_code = <str>$url_code order by .version",
                url_code=url_code,
            )
        )
        return found

    async def count_log_entries(self) -> int:
        count: int = await self.client.query_required_single("select count(MeetingChange)")
        return count

    async def forget_log(self, url_code: str) -> None:
        await self.client.execute(
            "delete MeetingChange filter .meeting.url_code = <str>$url_code", url_code=url_code
        )

    async def close(self) -> None:
        await close(self.client)
