"""MySQL only: migrations match the models and go down and up, and queries per request are fixed."""

import asyncio
import datetime as dt
import re
from collections.abc import AsyncIterator, Awaitable

import pytest

from app.settings import Settings
from tests.api import Api, cost_per_request
from tests.conftest import recreate_mysql_database, run_module
from tests.probes import MySqlProbe

pytestmark = pytest.mark.parametrize("backend", ["mysql"], indirect=True)

TABLES = ["meeting", "participant", "participant_date", "meeting_change"]

# The documented cost of each request, in statements sent to MariaDB (the README says the same).
# Every change is a transaction (BEGIN … COMMIT) that makes it, appends its entry to the log and
# reads that entry back; its answer is the meeting held, moved forward by that entry.
STATEMENTS = {
    "create": 5,  # BEGIN, meeting, entry, read entry, COMMIT
    "get": 1,  # the log after the version held: nothing new
    "first_title": 6,  # the organiser's digest, as the first guarded change to the meeting
    "title": 5,  # BEGIN, version + title, entry, read entry, COMMIT
    "date_range": 8,  # BEGIN, version + range, drop days, add days, entry, read it, COMMIT;
    # the days added have ids only the database knows: the state, read whole
    "join": 8,  # BEGIN, lock, version + cap, participant, its days, entry, read it, COMMIT
    "rename": 5,  # BEGIN, version + name, entry, read entry, COMMIT
    "remove": 6,  # BEGIN, lock + version, delete, entry, read entry, COMMIT
    "change_day": 5,  # BEGIN, version + the day, entry, read entry, COMMIT
    "final_date": 6,  # the days it is checked against; BEGIN, date + version, entry, read, COMMIT
    "calendar": 1,  # the meeting without its participants
    "delete": 1,  # DELETE; participants, days and log by ON DELETE CASCADE
}


def tool(settings: Settings, action: str, database: str, *args: str) -> str:
    return run_module(settings, "tests.mysql_schema_tool", action, database, *args)


async def create_tables(probe: MySqlProbe, database: str) -> dict[str, str]:
    tables = {}
    for table in TABLES:
        rows = await probe.rows(f"SHOW CREATE TABLE `{database}`.`{table}`")
        # The next id to draw is data, not schema.
        tables[table] = re.sub(r" AUTO_INCREMENT=\d+", "", rows[0]["Create Table"])
    return tables


@pytest.fixture
async def mysql(backend: str, settings: Settings) -> AsyncIterator[MySqlProbe]:
    probe = MySqlProbe.connect(settings)
    yield probe
    await probe.close()


async def test_migrations_from_zero_build_exactly_the_models(
    mysql: MySqlProbe, settings: Settings
) -> None:
    migrated, from_models = f"{settings.mysql_db}_migrated", f"{settings.mysql_db}_models"
    recreate_mysql_database(settings, migrated)
    await mysql.rows(f"DROP DATABASE IF EXISTS `{from_models}`")
    tool(settings, "models", from_models)

    assert await create_tables(mysql, migrated) == await create_tables(mysql, from_models)
    assert tool(settings, "pending", migrated) == ""


async def columns(probe: MySqlProbe, database: str, table: str) -> list[str]:
    rows = await probe.rows(
        "SELECT column_name AS name FROM information_schema.columns"
        " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
        database,
        table,
    )
    return [row["name"] for row in rows]


async def test_the_migrations_since_tokens_go_down_and_up_keeping_every_row(
    mysql: MySqlProbe, settings: Settings
) -> None:
    database = f"{settings.mysql_db}_downgrade"
    recreate_mysql_database(settings, database)
    head = await create_tables(mysql, database)

    tool(settings, "downgrade", database, "1")
    assert "admin_token_digest" not in await columns(mysql, database, "meeting")
    assert "token_digest" not in await columns(mysql, database, "participant")
    # A meeting as the API stored it before tokens: a participant and a day.
    await mysql.rows(
        f"INSERT INTO `{database}`.meeting (id, url_code, title, location, start_date, end_date,"
        " version, created_at) VALUES (7, 'legacyCode123456', 'Old', '', '2026-12-01',"
        " '2026-12-01', 2, NOW())"
    )
    await mysql.rows(
        f"INSERT INTO `{database}`.participant (id, meeting_id, name, name_key, created_at)"
        " VALUES (8, 7, 'Ann', 'ann', NOW())"
    )
    await mysql.rows(
        f"INSERT INTO `{database}`.participant_date (id, participant_id, date, enabled, starred)"
        " VALUES (9, 8, '2026-12-01', 1, 0)"
    )

    run_module(settings, "app.backends.mysql.migrate", database)

    assert await create_tables(mysql, database) == head
    [meeting] = await mysql.rows(f"SELECT * FROM `{database}`.meeting")
    [ann] = await mysql.rows(f"SELECT * FROM `{database}`.participant")
    assert (meeting["url_code"], meeting["version"], meeting["admin_token_digest"]) == (
        "legacyCode123456",
        2,
        None,  # guarded by its link alone, as it was made
    )
    assert (ann["name"], ann["token_digest"]) == ("Ann", None)
    assert len(await mysql.rows(f"SELECT * FROM `{database}`.participant_date")) == 1

    tool(settings, "downgrade", database, "1")  # and down again, rows and all
    assert len(await mysql.rows(f"SELECT * FROM `{database}`.participant")) == 1
    assert "token_digest" not in await columns(mysql, database, "participant")


async def test_the_lifecycle_migration_goes_down_and_up_dating_the_meetings_before_it(
    mysql: MySqlProbe, settings: Settings
) -> None:
    database = f"{settings.mysql_db}_downgrade"
    recreate_mysql_database(settings, database)
    head = await create_tables(mysql, database)

    tool(settings, "downgrade", database, "3")
    assert "expires_on" not in await columns(mysql, database, "meeting")
    await mysql.rows(
        f"INSERT INTO `{database}`.meeting (id, url_code, title, location, start_date,"
        " end_date, version, created_at) VALUES"
        " (1, 'rangedCode123456', '', '', '2026-12-01', '2026-12-05', 1, '2026-11-01 10:00'),"
        " (2, 'unrangedCode1234', '', '', NULL, NULL, 1, '2026-11-01 23:59')"
    )
    await mysql.rows(
        f"INSERT INTO `{database}`.participant (id, meeting_id, name, name_key, created_at)"
        " VALUES (8, 1, 'Ann', 'ann', NOW())"
    )

    run_module(settings, "app.backends.mysql.migrate", database)

    assert await create_tables(mysql, database) == head
    meetings = await mysql.rows(
        f"SELECT url_code, expires_on, weekdays, final_date FROM `{database}`.meeting ORDER BY id"
    )
    assert [tuple(m.values()) for m in meetings] == [
        ("rangedCode123456", dt.date(2027, 3, 5), 127, None),  # its last day + 90
        ("unrangedCode1234", dt.date(2027, 1, 30), 127, None),  # its creation + 90
    ]

    tool(settings, "downgrade", database, "3")  # and down again, rows and all
    assert len(await mysql.rows(f"SELECT * FROM `{database}`.meeting")) == 2
    assert len(await mysql.rows(f"SELECT * FROM `{database}`.participant")) == 1
    assert "expires_on" not in await columns(mysql, database, "meeting")


async def test_the_change_log_migration_goes_down_and_up_keeping_the_meetings_before_it(
    mysql: MySqlProbe, settings: Settings
) -> None:
    database = f"{settings.mysql_db}_downgrade"
    recreate_mysql_database(settings, database)
    head = await create_tables(mysql, database)

    tool(settings, "downgrade", database, "4")
    tables = await mysql.rows(f"SHOW TABLES FROM `{database}`")
    assert "meeting_change" not in [next(iter(row.values())) for row in tables]
    await mysql.rows(
        f"INSERT INTO `{database}`.meeting (id, url_code, title, location, start_date,"
        " end_date, version, created_at, expires_on, weekdays) VALUES (1, 'loggedLater12345',"
        " '', '', '2026-12-01', '2026-12-05', 3, '2026-11-01 10:00', '2027-03-05', 127)"
    )
    await mysql.rows(
        f"INSERT INTO `{database}`.participant (id, meeting_id, name, name_key, created_at)"
        " VALUES (8, 1, 'Ann', 'ann', NOW())"
    )

    run_module(settings, "app.backends.mysql.migrate", database)

    assert await create_tables(mysql, database) == head
    [meeting] = await mysql.rows(f"SELECT version FROM `{database}`.meeting")
    assert meeting["version"] == 3
    assert await mysql.rows(f"SELECT * FROM `{database}`.meeting_change") == []  # after 3
    await mysql.rows(
        f"INSERT INTO `{database}`.meeting_change (meeting_id, version, at, actor, kind, payload)"
        """ VALUES (1, 4, NOW(), 'organiser', 'title', '{"title": "x"}')"""
    )

    tool(settings, "downgrade", database, "4")  # and down again, the meetings kept
    assert len(await mysql.rows(f"SELECT * FROM `{database}`.meeting")) == 1
    assert len(await mysql.rows(f"SELECT * FROM `{database}`.participant")) == 1
    tables = await mysql.rows(f"SHOW TABLES FROM `{database}`")
    assert "meeting_change" not in [next(iter(row.values())) for row in tables]


async def test_the_times_migration_goes_down_and_up_keeping_the_meetings_before_it(
    mysql: MySqlProbe, settings: Settings
) -> None:
    database = f"{settings.mysql_db}_downgrade"
    recreate_mysql_database(settings, database)
    head = await create_tables(mysql, database)

    tool(settings, "downgrade", database, "5")
    assert "time_zone" not in await columns(mysql, database, "meeting")
    assert "availability" not in await columns(mysql, database, "participant")
    await mysql.rows(
        f"INSERT INTO `{database}`.meeting (id, url_code, title, location, start_date,"
        " end_date, version, created_at, expires_on, weekdays) VALUES (1, 'daysOnly12345678',"
        " '', '', '2026-12-01', '2026-12-05', 2, '2026-11-01 10:00', '2027-03-05', 127)"
    )
    await mysql.rows(
        f"INSERT INTO `{database}`.participant (id, meeting_id, name, name_key, created_at)"
        " VALUES (8, 1, 'Ann', 'ann', NOW())"
    )

    run_module(settings, "app.backends.mysql.migrate", database)

    assert await create_tables(mysql, database) == head
    [meeting] = await mysql.rows(f"SELECT version, time_zone, final_time FROM `{database}`.meeting")
    [ann] = await mysql.rows(f"SELECT availability FROM `{database}`.participant")
    # Days only, as it was: no grid, no final time, no answers per slot.
    assert (meeting["version"], meeting["time_zone"], meeting["final_time"]) == (2, None, None)
    assert ann["availability"] is None
    await mysql.rows(
        f"UPDATE `{database}`.meeting SET time_zone = 'Europe/Berlin', day_from = 540,"
        " day_to = 720, slot_minutes = 30, duration_minutes = 60"
    )

    tool(settings, "downgrade", database, "5")  # and down again, the meetings kept
    assert len(await mysql.rows(f"SELECT * FROM `{database}`.meeting")) == 1
    assert len(await mysql.rows(f"SELECT * FROM `{database}`.participant")) == 1
    assert "time_zone" not in await columns(mysql, database, "meeting")


async def statements_for(mysql: MySqlProbe, request: Awaitable[object]) -> int:
    before = await mysql.statements_sent()
    await request
    return await mysql.statements_sent() - before - 1  # the second SHOW counts itself


async def test_statements_per_request_do_not_grow_with_participants(
    api: Api, mysql: MySqlProbe
) -> None:
    async def statements(request: Awaitable[object]) -> int:
        return await statements_for(mysql, request)

    assert await cost_per_request(api, statements) == [STATEMENTS, STATEMENTS]


async def test_a_meeting_larger_than_a_megabyte_of_json_reads_back_whole(
    api: Api, mysql: MySqlProbe
) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2027-01-31"))["url_code"]
    [meeting] = await mysql.rows("SELECT id FROM meeting WHERE url_code = %s", code)
    names = [f"participant number {n:04d}" for n in range(320)]
    await mysql.rows(
        "INSERT INTO participant (meeting_id, name, name_key, created_at) VALUES "
        + ", ".join(["(%s, %s, %s, NOW())"] * len(names)),
        *[value for name in names for value in (meeting["id"], name, name)],
    )
    await mysql.rows(
        "INSERT INTO participant_date (participant_id, date, enabled, starred)"
        " SELECT p.id, m.start_date + INTERVAL seq.n DAY, 1, 0"
        " FROM participant p JOIN meeting m ON m.id = p.meeting_id"
        " JOIN (SELECT seq AS n FROM seq_0_to_61) seq WHERE m.id = %s",
        meeting["id"],
    )
    await mysql.rows("UPDATE meeting SET version = version + 1 WHERE id = %s", meeting["id"])

    read = await api.get_meeting(code)

    assert [p["name"] for p in read["participants"]] == names
    assert all(len(p["dates"]) == 62 for p in read["participants"])
    assert len(str(read)) > 1 << 20


async def test_a_get_reads_the_state_only_after_a_change_made_without_the_log(
    api: Api, mysql: MySqlProbe
) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    await api.get_meeting(code)

    async def elsewhere(title: str) -> None:
        await mysql.rows(
            "UPDATE meeting SET version = version + 1, title = %s WHERE url_code = %s", title, code
        )

    async def get(title: str) -> int:
        before = await mysql.statements_sent()
        read = await api.get_meeting(code)
        assert read["title"] == title
        return await mysql.statements_sent() - before - 1

    assert await get("Team lunch") == 1  # what is held is current: the log says so
    await elsewhere("first")
    assert await get("first") == 2  # changed without the log: the log, then the state
    assert await get("first") == 1  # unchanged since


async def test_paintings_queued_for_one_meeting_are_written_by_one_transaction(
    api: Api, mysql: MySqlProbe
) -> None:
    code = (await api.meeting_with_range("2027-03-27", "2027-03-27"))["url_code"]
    ann = (await api.join(code, "Ann"))["participant_id"]
    bob = (await api.join(code, "Bob"))["participant_id"]
    grid = {"time_zone": "UTC", "from": "09:00", "to": "12:00", "slot_minutes": 30}
    await api.set_times(code, {**grid, "duration_minutes": 60})
    slot = [f"2027-03-27T{hour:02d}:{minute:02d}:00Z" for hour in (9, 10, 11) for minute in (0, 30)]
    last = (slot[5], "2027-03-27T12:00:00Z", "yes")
    for someone in (ann, bob):  # reads their digests
        await api.paint(code, someone, last)
    one_alone = await statements_for(mysql, api.paint(code, ann, last))

    # All four queue before their batch starts: one transaction, each participant's paintings
    # overlaid in order.
    four = asyncio.gather(
        api.paint(code, ann, (slot[0], slot[2], "yes")),
        api.paint(code, bob, (slot[0], slot[1], "if_need_be")),
        api.paint(code, ann, (slot[0], slot[4], "if_need_be")),
        api.paint(code, ann, (slot[1], slot[2], "yes")),
    )
    assert await statements_for(mysql, four) < 2 * one_alone

    rows = await mysql.rows(
        "SELECT p.availability FROM participant p JOIN meeting m ON m.id = p.meeting_id"
        " WHERE m.url_code = %s ORDER BY p.id",
        code,
    )
    assert [row["availability"] for row in rows] == ["121102", "100002"]
    final = await api.get_meeting(code)
    assert [p["availability"] for p in final["participants"]] == ["121102", "100002"]
    log = (await api.call("GET", f"/meetings/{code}/changes"))["changes"]
    assert [e["version"] for e in log[-4:]] == list(
        range(final["version"] - 3, final["version"] + 1)
    )
