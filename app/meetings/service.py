"""The use cases behind every endpoint; the one place the business rules are applied.

Every answer that carries a meeting is a RenderedMeeting: the MeetingResponse DTO serialized
once per (meeting, version) and kept for the GETs that follow while that version is current.
"""

import datetime as dt
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import orjson

from app.access.guard import Guard
from app.access.tokens import digest, new_token
from app.errors import InvalidInput, MeetingNotFound
from app.meetings.port import MeetingGrowth, MeetingStore, UrlCodeTaken
from app.meetings.reads import NextReads
from app.meetings.rendering import (
    RenderedMeeting,
    RenderedMeetings,
    etag_matches,
    grown,
    if_match_version,
    render,
    render_body,
)
from app.meetings.rules import DateRange, DayAction, expiry
from app.meetings.schemas import (
    URL_CODE_PATTERN,
    WEEKDAYS,
    DateRangeUpdate,
    EntityId,
    MeetingCreate,
    MeetingState,
    ParticipantJoinedHead,
    Weekday,
)

# A token comes in Authorization: Bearer <token>; None when the request sent none.
Token = str | None

URL_CODE_BYTES = 12  # 96 bits from the CSPRNG, 16 URL-safe characters
URL_CODE_ATTEMPTS = 5
URL_CODE_SHAPE = re.compile(URL_CODE_PATTERN)


def new_url_code() -> str:
    return secrets.token_urlsafe(URL_CODE_BYTES)


def today() -> dt.date:
    """The day it is now where the servers count days: UTC, in every process."""
    return dt.datetime.now(dt.UTC).date()


def known_shape(url_code: str) -> str:
    """A code we could never have issued is not found, without asking the database."""
    if not URL_CODE_SHAPE.fullmatch(url_code):
        raise MeetingNotFound(url_code)
    return url_code


@dataclass(frozen=True, slots=True)
class NotModified:
    etag: str


@dataclass(frozen=True, slots=True)
class WithToken:
    """POST /meetings or /participants: the body that shows the new token (never kept), and the
    meeting it was read with."""

    body: bytes
    meeting: RenderedMeeting


class MeetingService:
    """Every change is checked by the guard before the store is asked to make it."""

    def __init__(
        self,
        store: MeetingStore,
        guard: Guard,
        *,
        max_range_days: int,
        max_participants: int,
        retention_days: int,
        rendered_bytes: int = 32 << 20,
    ) -> None:
        self.store = store
        self.guard = guard
        self.max_range_days = max_range_days
        self.max_participants = max_participants
        self.retention_days = retention_days
        self.rendered = RenderedMeetings(rendered_bytes)
        self.reads: NextReads[RenderedMeeting] = NextReads()
        self._listeners: list[Callable[[RenderedMeeting], None]] = []
        self._deletion_listeners: list[Callable[[str], None]] = []

    def on_new_version(self, listener: Callable[[RenderedMeeting], None]) -> None:
        """`listener` gets every version this service renders, as soon as it has it."""
        self._listeners.append(listener)

    def on_deleted(self, listener: Callable[[str], None]) -> None:
        """`listener` gets the code of every meeting this process deletes, once deleted."""
        self._deletion_listeners.append(listener)

    def forget(self, url_code: str) -> None:
        """The meeting is gone: nothing of it is kept, and whoever listens is told."""
        self.rendered.drop(url_code)
        self.guard.forget_meeting(url_code)
        for listener in self._deletion_listeners:
            listener(url_code)

    def expiry_after(self, date_range: DateRange | None) -> dt.date:
        return expiry(date_range.days()[-1] if date_range else today(), self.retention_days)

    def _keep(self, rendered: RenderedMeeting) -> None:
        self.rendered.put(rendered)
        for listener in self._listeners:
            listener(rendered)

    def _optional_range(self, body: MeetingCreate) -> DateRange | None:
        start, end = body.start_date, body.end_date
        if start is None and end is None:
            if body.weekdays is not None:
                raise InvalidInput(
                    "weekdays need start_date and end_date: they pick days of the range",
                    field="weekdays",
                )
            return None
        if start is None or end is None:
            missing = "start_date" if start is None else "end_date"
            raise InvalidInput("start_date and end_date must be given together", field=missing)
        return DateRange.checked(start, end, self.max_range_days, body.weekdays)

    def render_state(self, state: MeetingState) -> RenderedMeeting:
        """The state a change of this process answered with: its body, kept and passed to
        the listeners when it is a new version."""
        cached = self.rendered.get(state.url_code)
        if cached is not None and cached.version == state.version:
            rendered = cached
        else:
            rendered = render(state)
            self._keep(rendered)
        self._changed_here(state.url_code)
        return rendered

    def _changed_here(self, url_code: str) -> None:
        # The body kept is the one this change answered with: the next GET asks for the bare
        # version first, as for a meeting nobody else is changing.
        self.rendered.mark_changing(url_code, False)

    async def read_meeting(self, url_code: str) -> RenderedMeeting:
        """The meeting as the database holds it now, in one read."""
        state = await self.store.read_state_body(url_code)
        assert state.body is not None, "a reader that knows no version gets the state"
        return self._render_json(url_code, state.version, state.body)

    def _render_json(self, url_code: str, version: int, state_json: bytes) -> RenderedMeeting:
        cached = self.rendered.get(url_code)
        if cached is not None and cached.version == version:
            return cached
        rendered = render_body(url_code, version, state_json)
        self._keep(rendered)
        return rendered

    async def create_meeting(self, body: MeetingCreate) -> WithToken:
        date_range = self._optional_range(body)
        expires_on = self.expiry_after(date_range)
        admin_token = new_token()
        for _ in range(URL_CODE_ATTEMPTS):
            url_code = new_url_code()
            try:
                await self.store.create_meeting(
                    url_code, body.title, body.location, date_range, digest(admin_token), expires_on
                )
            except UrlCodeTaken:
                continue
            # Nobody else knows the code yet: what was stored is the whole state.
            weekdays: tuple[Weekday, ...] = date_range.week_order() if date_range else WEEKDAYS
            meeting = self.render_state(
                MeetingState(
                    url_code=url_code,
                    title=body.title,
                    location=body.location,
                    start_date=date_range.start if date_range else None,
                    end_date=date_range.end if date_range else None,
                    weekdays=weekdays,
                    final_date=None,
                    expires_on=expires_on,
                    version=1,
                    participants=(),
                )
            )
            # {<the rendered meeting>, "admin_token": …}
            return WithToken(
                meeting.body[:-1] + b',"admin_token":' + _json(admin_token) + b"}", meeting
            )
        raise RuntimeError("could not draw an unused url_code")

    async def get_meeting(
        self, url_code: str, if_none_match: str | None = None
    ) -> RenderedMeeting | NotModified:
        current = await self.current_meeting(url_code)
        if if_none_match and etag_matches(if_none_match, current.etag):
            return NotModified(current.etag)
        return current

    async def _read_current(self, url_code: str) -> RenderedMeeting:
        cached = self.rendered.get(url_code)
        if cached is not None and not self.rendered.changing(url_code):
            # The kept body was current when last asked for, and likely still is: the bare
            # version is the cheapest question to every database.
            version = await self.store.meeting_version(url_code)
            if version is None:
                raise MeetingNotFound(url_code)
            if version == cached.version:
                return cached
            state = await self.store.read_state_body(url_code)
        else:
            # Someone is changing it: ask for the version and, if it moved, the state at once.
            state = await self.store.read_state_body(url_code, cached.version if cached else None)
        if state.body is None:
            assert cached is not None, "a body is left out only for the version the reader knew"
            self.rendered.mark_changing(url_code, False)
            return cached
        rendered = self._render_json(url_code, state.version, state.body)
        self.rendered.mark_changing(url_code, True)
        return rendered

    async def current_meeting(self, url_code: str) -> RenderedMeeting:
        """The meeting as the database holds it, read after this call began: together with
        the GETs of it that come meanwhile, reusing the kept body while it is current."""
        return await self.reads.read(known_shape(url_code), self._read_current)

    # Every change below takes If-Match (None: unconditional): only a meeting still at the
    # version it names is changed, else MeetingChanged (412) and nothing changes.

    async def set_details(
        self,
        url_code: str,
        token: Token,
        if_match: str | None = None,
        *,
        title: str | None = None,
        location: str | None = None,
    ) -> RenderedMeeting:
        """The title or the location, whichever is given."""
        if_version = if_match_version(if_match)
        await self.guard.organiser(known_shape(url_code), token)
        state = await self.store.update_details(
            url_code, title=title, location=location, if_version=if_version
        )
        return self.render_state(state)

    async def set_date_range(
        self, url_code: str, body: DateRangeUpdate, token: Token, if_match: str | None = None
    ) -> RenderedMeeting:
        date_range = DateRange.checked(
            body.start_date, body.end_date, self.max_range_days, body.weekdays
        )
        if_version = if_match_version(if_match)
        await self.guard.organiser(known_shape(url_code), token)
        state = await self.store.set_date_range(
            url_code, date_range, self.expiry_after(date_range), if_version=if_version
        )
        return self.render_state(state)

    async def join(self, url_code: str, name: str) -> WithToken:
        url_code = known_shape(url_code)
        participant_token = new_token()
        kept = self.rendered.get(url_code)
        known_version = kept.version if kept is not None else None
        participant_id, after = await self.store.add_participant(
            url_code, name, digest(participant_token), self.max_participants, known_version
        )
        if isinstance(after, MeetingGrowth):
            participants = after.added
            if kept is not None and kept.version == after.since:
                meeting = grown(kept, after.version, after.added)
                self._keep(meeting)
                self._changed_here(url_code)
            else:  # not what the port promises, but a fresh read is right all the same
                meeting = await self.read_meeting(url_code)
        else:
            participants = after.participants
            meeting = self.render_state(after)
        days = next((p.dates for p in participants if p.id == participant_id), ())
        head = ParticipantJoinedHead.model_validate(
            {
                "participant_id": participant_id,
                "participant_token": participant_token,
                "participant_dates": [{"id": day.id, "date": day.date} for day in days],
            }
        )
        # {"participant_id": …, "participant_token": …, "participant_dates": […],
        #  "meeting": <the rendered meeting>}
        head_json = ParticipantJoinedHead.__pydantic_serializer__.to_json(head)
        return WithToken(head_json[:-1] + b',"meeting":' + meeting.body + b"}", meeting)

    async def rename_participant(
        self,
        url_code: str,
        participant_id: EntityId,
        name: str,
        token: Token,
        if_match: str | None = None,
    ) -> RenderedMeeting:
        if_version = if_match_version(if_match)
        await self.guard.participant(known_shape(url_code), participant_id, token)
        state = await self.store.rename_participant(
            url_code, participant_id, name, if_version=if_version
        )
        return self.render_state(state)

    async def remove_participant(
        self, url_code: str, participant_id: EntityId, token: Token, if_match: str | None = None
    ) -> RenderedMeeting:
        if_version = if_match_version(if_match)
        await self.guard.participant(known_shape(url_code), participant_id, token)
        state = await self.store.remove_participant(url_code, participant_id, if_version=if_version)
        self.guard.forget_participant(url_code, participant_id)
        return self.render_state(state)

    async def change_day(
        self,
        action: DayAction,
        url_code: str,
        participant_date_id: EntityId,
        token: Token,
        if_match: str | None = None,
    ) -> RenderedMeeting:
        if_version = if_match_version(if_match)
        await self.guard.day(known_shape(url_code), participant_date_id, token)
        state = await self.store.change_day(
            url_code, participant_date_id, action.flags, if_version=if_version
        )
        return self.render_state(state)


def _json(text: str) -> bytes:
    return orjson.dumps(text)
