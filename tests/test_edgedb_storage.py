"""EdgeDB only: migrations match the schema, schema rules delete what they should, and the
number of queries per request is fixed."""

import asyncio
import contextlib
import datetime as dt
from collections.abc import AsyncIterator, Awaitable
from uuid import UUID

import edgedb
import pytest
from edgedb import base_client
from fastapi import FastAPI

from app.backends.edgedb import migrations
from app.backends.edgedb.connection import close, create_client
from app.backends.edgedb.digests import EdgeDBTokenDigests
from app.backends.edgedb.store import EdgeDBMeetingStore
from app.changes.entries import Changed
from app.changes.versions import MeetingVersion
from app.kernel.roles import Role
from app.main import meeting_service
from app.meetings.router import Backend
from app.meetings.rules import DayFlags
from app.settings import Settings
from tests.api import Api, cost_per_request
from tests.probes import EdgeDbProbe

pytestmark = pytest.mark.parametrize("backend", ["edgedb"], indirect=True)

# The documented cost of each request: queries, and transaction statements around them
# (the README says the same). A change is one query that makes it, appends its entry to the log
# and answers with that entry; its answer is the meeting held, moved forward by that entry.
ROUND_TRIPS = {
    "create": (1, 0),  # the meeting and its first entry
    "get": (1, 0),  # the log after the version held: nothing new
    "first_title": (2, 0),  # the organiser's digest, as the first guarded change to the meeting
    "title": (1, 0),
    # range + version + drop days + add days + entry in one query; the days added have ids
    # only the database knows: the state, read whole
    "date_range": (2, 0),
    "change_day": (1, 0),
    "join": (1, 0),  # participant + its days + version + entry
    "rename": (1, 0),
    "remove": (1, 0),
    "final_date": (2, 0),  # the days it is checked against; the date + version + entry
    "calendar": (1, 0),  # the meeting without its participants
    "delete": (1, 0),  # the meeting; its participants, days and log by the schema's rules
}


@pytest.fixture
async def edgedb_probe(backend: str, settings: Settings) -> AsyncIterator[EdgeDbProbe]:
    probe = EdgeDbProbe.connect(settings)
    yield probe
    await probe.close()


async def test_migrations_are_up_to_date_with_the_schema(settings: Settings, backend: str) -> None:
    assert await migrations.create(settings) is None


async def test_the_tokens_migration_keeps_the_meetings_made_before_it_working(
    settings: Settings, backend: str
) -> None:
    database = f"{settings.edgedb_database}_before_tokens"
    await migrations.drop_database(settings, database)
    await migrations.create_database(settings, database)
    scratch = settings.model_copy(update={"edgedb_database": database})
    client = create_client(scratch)
    try:
        first, *later = migrations.migration_files()
        assert later, "the tokens migration comes after the first"
        await client.execute(first.read_text())
        # A meeting as the API stored it before tokens: a participant and a day.
        await client.execute(
            """
            with meeting := (insert Meeting {
                url_code := 'legacyCode123456', title := 'Old', version := 2,
                start_date := <cal::local_date>'2026-12-01',
                end_date := <cal::local_date>'2026-12-01',
            }),
            ann := (insert Participant { meeting := meeting, name := 'Ann' }),
            select (insert ParticipantDate { participant := ann,
                date := <cal::local_date>'2026-12-01' })
            """
        )

        assert [path.name for path in later] == await migrations.apply(scratch, database)

        [stored] = await client.query(
            "select Meeting { title, version, admin_token_digest,"
            " participants := .<meeting[is Participant] { name, token_digest,"
            " days := count(.<participant[is ParticipantDate]) } }"
        )
        assert (stored.title, stored.version, stored.admin_token_digest) == ("Old", 2, None)
        [ann] = stored.participants
        assert (ann.name, ann.token_digest, ann.days) == ("Ann", None, 1)
        # And the API serves it: its link alone guards it, as when it was made.
        store = await EdgeDBMeetingStore.open(scratch)
        try:
            digests = EdgeDBTokenDigests(store.client, scratch.database_deadline_seconds)
            service = meeting_service(store, digests, scratch)
            retitled = await service.set_details("legacyCode123456", None, title="Still ours")
            assert isinstance(retitled, MeetingVersion)
            assert b'"title":"Still ours","location":"","start_date":"2026-12-01"' in retitled.body
        finally:
            await store.close()
    finally:
        await close(client)
        await migrations.drop_database(settings, database)


SCHEMA = "describe schema as sdl"


@contextlib.asynccontextmanager
async def migrated_scratch(
    settings: Settings,
) -> AsyncIterator[tuple[edgedb.AsyncIOClient, str, str]]:
    """A database of its own, migrated up to the newest schema: its client, its name, and that
    schema; dropped afterwards."""
    database = f"{settings.edgedb_database}_downgrade"
    await migrations.drop_database(settings, database)
    await migrations.apply(settings, database)
    client = create_client(settings, database=database)
    try:
        yield client, database, await client.query_required_single(SCHEMA)
    finally:
        await close(client)
        await migrations.drop_database(settings, database)


async def test_the_lifecycle_migration_goes_down_and_up_dating_the_meetings_before_it(
    settings: Settings, backend: str
) -> None:
    async with migrated_scratch(settings) as (client, database, head):
        undone = await migrations.down(settings, database, 3)

        assert [name[:5] for name in undone] == [
            "00003",
            "00004",
            "00005",
            "00006",
            "00007",
            "00008",
            "00009",
            "00010",
        ]
        assert "expires_on" not in await client.query_required_single(SCHEMA)
        await client.execute(
            """
            with ranged := (insert Meeting { url_code := 'rangedCode123456',
                start_date := <cal::local_date>'2026-12-01',
                end_date := <cal::local_date>'2026-12-05',
                created_at := <datetime>'2026-11-01T10:00:00Z' }),
            unranged := (insert Meeting { url_code := 'unrangedCode1234',
                created_at := <datetime>'2026-11-01T23:59:00Z' }),
            select (insert Participant { meeting := ranged, name := 'Ann' })
            """
        )

        assert [path.name for path in migrations.migration_files()[2:]] == (
            await migrations.apply(settings, database)
        )

        assert await client.query_required_single(SCHEMA) == head
        meetings = await client.query(
            "select Meeting { url_code, expires_on, weekdays, final_date } order by .url_code"
        )
        assert [(m.url_code, m.expires_on, m.weekdays, m.final_date) for m in meetings] == [
            ("rangedCode123456", dt.date(2027, 3, 5), 127, None),  # its last day + 90
            ("unrangedCode1234", dt.date(2027, 1, 30), 127, None),  # its creation + 90
        ]

        await migrations.down(settings, database, 3)  # and down again, rows and all
        assert await client.query_required_single("select count(Participant)") == 1
        assert await client.query_required_single("select count(Meeting)") == 2
        assert "expires_on" not in await client.query_required_single(SCHEMA)


async def test_the_change_log_migration_goes_down_and_up_keeping_the_meetings_before_it(
    settings: Settings, backend: str
) -> None:
    async with migrated_scratch(settings) as (client, database, head):
        undone = await migrations.down(settings, database, 4)

        assert [name[:5] for name in undone] == [
            "00004",
            "00005",
            "00006",
            "00007",
            "00008",
            "00009",
            "00010",
        ]
        assert "MeetingChange" not in await client.query_required_single(SCHEMA)
        await client.execute(
            """
            with meeting := (insert Meeting { url_code := 'loggedLater12345', version := 3,
                start_date := <cal::local_date>'2026-12-01',
                end_date := <cal::local_date>'2026-12-05',
                expires_on := <cal::local_date>'2027-03-05' })
            select (insert Participant { meeting := meeting, name := 'Ann' })
            """
        )

        assert [path.name for path in migrations.migration_files()[3:]] == (
            await migrations.apply(settings, database)
        )

        assert await client.query_required_single(SCHEMA) == head
        kept = await client.query_required_single(
            "select assert_single(Meeting { version, count := count(.<meeting[is Participant]),"
            " logged := count(.<meeting[is MeetingChange]) })"
        )
        assert (kept.version, kept.count, kept.logged) == (3, 1, 0)  # its log starts after 3
        await client.execute(
            "insert MeetingChange { meeting := (select Meeting limit 1), version := 4,"
            " actor := 'organiser', kind := 'title', change := to_json('{\"title\": \"x\"}') }"
        )

        await migrations.down(settings, database, 4)  # and down again, the meetings kept
        assert await client.query_required_single("select count(Participant)") == 1
        assert await client.query_required_single("select count(Meeting)") == 1
        assert "MeetingChange" not in await client.query_required_single(SCHEMA)


async def test_the_times_migration_goes_down_and_up_keeping_the_meetings_before_it(
    settings: Settings, backend: str
) -> None:
    async with migrated_scratch(settings) as (client, database, head):
        undone = await migrations.down(settings, database, 5)

        assert [name[:5] for name in undone] == [
            "00005",
            "00006",
            "00007",
            "00008",
            "00009",
            "00010",
        ]
        assert "time_zone" not in await client.query_required_single(SCHEMA)
        await client.execute(
            """
            with meeting := (insert Meeting { url_code := 'daysOnly12345678', version := 2,
                start_date := <cal::local_date>'2026-12-01',
                end_date := <cal::local_date>'2026-12-05',
                expires_on := <cal::local_date>'2027-03-05' })
            select (insert Participant { meeting := meeting, name := 'Ann' })
            """
        )

        assert [path.name for path in migrations.migration_files()[4:]] == (
            await migrations.apply(settings, database)
        )

        assert await client.query_required_single(SCHEMA) == head
        kept = await client.query_required_single(
            "select assert_single(Meeting { version, time_zone, final_time,"
            " availability := assert_single(.<meeting[is Participant].availability) })"
        )
        # Days only, as it was: no grid, no final time, no answers per slot.
        assert (kept.version, kept.time_zone, kept.final_time, kept.availability) == (
            2,
            None,
            None,
            None,
        )
        await client.execute(
            "update Meeting set { time_zone := 'Europe/Berlin', day_from := 540, day_to := 720,"
            " slot_minutes := 30, duration_minutes := 60 }"
        )

        await migrations.down(settings, database, 5)  # and down again, the meetings kept
        assert await client.query_required_single("select count(Participant)") == 1
        assert await client.query_required_single("select count(Meeting)") == 1
        assert "time_zone" not in await client.query_required_single(SCHEMA)


async def test_deleting_a_meeting_deletes_its_participants_and_days(
    api: Api, edgedb_probe: EdgeDbProbe
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    other = (await api.meeting_with_range())["url_code"]
    for name in ["Ann", "Bob"]:
        await api.join(code, name)
    await api.join(other, "Cid")

    await edgedb_probe.client.execute("delete Meeting filter .url_code = <str>$c", c=code)

    left = await edgedb_probe.client.query_required_single(
        "select (count(Participant), count(ParticipantDate))"
    )
    assert tuple(left) == (1, 5)


class RoundTrips:
    """Counts what the driver sends to the server, for every client in this process."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.queries = 0
        self.transaction_statements = 0
        query = base_client.BaseConnection.raw_query
        privileged = base_client.BaseConnection.privileged_execute

        async def counted_query(connection: object, context: object) -> object:
            self.queries += 1
            return await query(connection, context)  # type: ignore[arg-type]

        async def counted_privileged(connection: object, context: object) -> None:
            self.transaction_statements += 1
            await privileged(connection, context)  # type: ignore[arg-type]

        monkeypatch.setattr(base_client.BaseConnection, "raw_query", counted_query)
        monkeypatch.setattr(base_client.BaseConnection, "privileged_execute", counted_privileged)

    async def of(self, request: Awaitable[object]) -> tuple[int, int]:
        before = (self.queries, self.transaction_statements)
        await request
        return self.queries - before[0], self.transaction_statements - before[1]


async def test_round_trips_per_request_do_not_grow_with_participants(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips = RoundTrips(monkeypatch)
    assert await cost_per_request(api, trips.of) == [ROUND_TRIPS, ROUND_TRIPS]


async def test_a_get_reads_the_state_only_after_a_change_made_without_the_log(
    api: Api, edgedb_probe: EdgeDbProbe, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    await api.join(code, 'Émile "東" \\')
    await api.get_meeting(code)
    trips = RoundTrips(monkeypatch)

    async def elsewhere(title: str) -> None:
        await edgedb_probe.client.execute(
            "update Meeting filter .url_code = <str>$code"
            " set { version := .version + 1, title := <str>$title }",
            code=code,
            title=title,
        )

    async def get(title: str) -> int:
        before = trips.queries
        read = await api.get_meeting(code)
        assert read["title"] == title
        assert [p["name"] for p in read["participants"]] == ['Émile "東" \\']
        return trips.queries - before

    assert await get("Team lunch") == 1  # what is held is current: the log says so
    await elsewhere("first")
    assert await get("first") == 2  # changed without the log: the log, then the state
    assert await get("first") == 1  # unchanged since
    await api.set_text(code, "title", "second")
    assert await get("second") == 1  # what this process changed it to


async def test_a_request_that_goes_away_does_not_strand_its_batch(api: Api, app: FastAPI) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-03"))["url_code"]
    meeting = (await api.join(code, "Ann"))["meeting"]
    days = [UUID(d["id"]) for d in meeting["participants"][0]["dates"]]
    store = app.state.backends.service(Backend.edgedb).store
    off = DayFlags(enabled=False, starred=False)

    changes = [
        asyncio.create_task(store.change_day(code, day_id, off, by=Role.organiser))
        for day_id in days
    ]
    await asyncio.sleep(0)  # all three are queued behind the first
    changes[1].cancel()
    done = await asyncio.wait_for(asyncio.gather(*changes, return_exceptions=True), 10)

    first, cancelled, last = done
    assert isinstance(cancelled, asyncio.CancelledError)
    assert isinstance(first, Changed) and isinstance(last, Changed)
    assert last.version == meeting["version"] + 3
    final = await api.get_meeting(code)
    assert final["version"] == meeting["version"] + 3  # the cancelled change still landed


async def test_joins_queued_for_one_meeting_are_inserted_by_one_statement(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = (await api.meeting_with_range("2026-12-01", "2026-12-30"))["url_code"]
    await api.join(code, "First")
    trips = RoundTrips(monkeypatch)

    # All 8 queue before their batch starts: one insert, and no read, since this process holds
    # the meeting at the version the insert found.
    joined = await trips.of(asyncio.gather(*(api.join(code, f"Guest {n}") for n in range(8))))

    assert joined == (1, 0)
    final = await api.get_meeting(code)
    assert len(final["participants"]) == 9 and final["version"] == 10


async def test_paintings_queued_for_one_meeting_are_written_by_one_query(
    api: Api, edgedb_probe: EdgeDbProbe, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = (await api.meeting_with_range("2027-03-27", "2027-03-27"))["url_code"]
    ann = (await api.join(code, "Ann"))["participant_id"]
    grid = {"time_zone": "UTC", "from": "09:00", "to": "12:00", "slot_minutes": 30}
    await api.set_times(code, {**grid, "duration_minutes": 60})
    slot = [f"2027-03-27T{hour:02d}:{minute:02d}:00Z" for hour in (9, 10, 11) for minute in (0, 30)]
    await api.paint(code, ann, (slot[5], "2027-03-27T12:00:00Z", "yes"))  # reads the digests
    trips = RoundTrips(monkeypatch)

    # All three queue before their batch starts: one query, Ann's paintings overlaid in order.
    painted = await trips.of(
        asyncio.gather(
            api.paint(code, ann, (slot[0], slot[2], "yes")),
            api.paint(code, ann, (slot[0], slot[4], "if_need_be")),
            api.paint(code, ann, (slot[1], slot[2], "yes")),
        )
    )

    assert painted == (1, 0)
    final = await api.get_meeting(code)
    assert final["participants"][0]["availability"] == "121102"
    stored = "select assert_single((select Participant filter .id = <uuid>$id).availability)"
    assert await edgedb_probe.client.query_single(stored, id=ann) == "121102"
    log = (await api.call("GET", f"/meetings/{code}/changes"))["changes"]
    assert [e["version"] for e in log[-3:]] == [
        final["version"] - 2,
        final["version"] - 1,
        final["version"],
    ]


async def test_opening_the_store_runs_every_query_once_and_changes_nothing(
    api: Api, edgedb_probe: EdgeDbProbe, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    code = (await api.meeting_with_range())["url_code"]
    await api.join(code, "Ann")
    stored = (
        "select (count(Meeting), count(Participant), count(ParticipantDate), sum(Meeting.version))"
    )
    before = tuple(await edgedb_probe.client.query_required_single(stored))

    store = await EdgeDBMeetingStore.open(settings)
    await store.close()

    # Each query ran: a query whose arguments no longer fit would be logged here.
    assert [record.message for record in caplog.records if record.levelname == "WARNING"] == []
    assert tuple(await edgedb_probe.client.query_required_single(stored)) == before
    assert (await api.get_meeting(code))["version"] == 2
