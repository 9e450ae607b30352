"""Compiling the store's queries once, when it opens.

EdgeDB compiles a query the first time a database sees it. On a fresh database (or a freshly
started app meeting a burst of traffic) many requests would compile the same queries side by
side, each taking far longer than alone: in the soak that passed the 1.5 s deadline and cost
503s. So the store runs each query once at opening, with arguments that match nothing: the
answers are empty and nothing is written. Creating a meeting is left out: it cannot be run
without writing, and it is rare.
"""

import asyncio
import logging
import uuid

import edgedb

from app.backends.edgedb import queries

log = logging.getLogger(__name__)

# No meeting has an empty code: every query below finds nothing.
NO_MEETING = ""
NO_OBJECT = uuid.UUID(int=0)
NO_DAY = "2000-01-01"
# Compiling every query on a cold server takes a few seconds; a server that takes longer is
# left to compile on demand rather than hold the app's start.
WARM_UP_SECONDS = 30.0


async def warm_up(client: edgedb.AsyncIOClient) -> None:
    code = NO_MEETING
    calls = [
        queries.state_body(client, url_code=code),
        queries.changes_since(client, url_code=code, after=0, limit=1),
        queries.meeting_version(client, url_code=code),
        queries.meeting_versions(client, url_codes=[code]),
        queries.meeting_digests(client, url_code=code),
        queries.participant_digests(client, url_code=code, participant_id=NO_OBJECT),
        queries.day_digests(client, url_code=code, participant_date_id=NO_OBJECT),
        queries.update_details(
            client,
            url_code=code,
            title="",
            location=None,
            if_version=None,
            actor="",
            kind="title",
            change="{}",
        ),
        queries.set_date_range(
            client,
            url_code=code,
            start_date=NO_DAY,
            end_date=NO_DAY,
            weekdays=0,
            expires_on=NO_DAY,
            days=[],
            new_day_enabled=True,
            new_day_starred=False,
            if_version=None,
            at_version=None,
            answers="[]",
            final_time=None,
            actor="",
            change="{}",
        ),
        queries.set_times(client, url_code=code, at_version=0, answers="[]", actor="", change="{}"),
        queries.paint(
            client,
            url_code=code,
            weekdays=0,
            time_zone="",
            day_from=0,
            day_to=0,
            slot_minutes=0,
            length=0,
            participant_ids=[],
            pieces=[],
            tails=[],
            logged=[],
        ),
        queries.set_final_time(
            client,
            url_code=code,
            weekdays=0,
            time_zone="",
            day_from=0,
            day_to=0,
            slot_minutes=0,
            duration_minutes=0,
            actor="",
            change="{}",
        ),
        queries.add_participant(
            client,
            url_code=code,
            name="",
            token_digest="",
            max_participants=0,
            new_day_enabled=True,
            new_day_starred=False,
        ),
        queries.join_many(client, joins="[]", new_day_enabled=True, new_day_starred=False),
        queries.rename_participant(
            client,
            url_code=code,
            participant_id=NO_OBJECT,
            name="",
            if_version=None,
            actor="",
            change="{}",
        ),
        queries.remove_participant(
            client, url_code=code, participant_id=NO_OBJECT, if_version=None, actor=""
        ),
        queries.change_days(
            client, url_code=code, ids=[], enabled=[], starred=[], actors=[], if_version=None
        ),
        queries.meeting_summary(client, url_code=code),
        queries.set_final_date(
            client,
            url_code=code,
            final_date=NO_DAY,
            start_date=NO_DAY,
            end_date=NO_DAY,
            weekdays=0,
            if_version=None,
            actor="",
            change="{}",
        ),
        queries.delete_meeting(client, url_code=code, if_version=None),
        # No meeting expires before the year 1000, and none is deleted by a limit of 0.
        queries.delete_expired(client, today="0001-01-01", limit=0),
    ]
    # Whatever fails here is compiled on demand by the requests that need it.
    try:
        async with asyncio.timeout(WARM_UP_SECONDS):
            answers = await asyncio.gather(*calls, return_exceptions=True)
    except TimeoutError:
        log.warning("EdgeDB queries not compiled ahead: the server took over %s s", WARM_UP_SECONDS)
        return
    for answer in answers:
        if isinstance(answer, BaseException):
            log.warning("An EdgeDB query not compiled ahead: %r", answer)
