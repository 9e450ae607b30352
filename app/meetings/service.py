"""The use cases behind every endpoint; the one place the business rules are applied.

Every answer that carries a meeting is a MeetingVersion this process holds. A change moves the
version held forward by the entries it appended to the meeting's log; a read, by the entries
appended since the version held (by any process). A meeting is read whole only when none of it
is held, or the entries cannot move what is held (they are gone, or a new range added days).
"""

import contextlib
import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass

import orjson

from app.access.guard import Guard
from app.access.tokens import digest, new_token
from app.changes.document import CannotApply, MeetingDocument
from app.changes.entries import Changed, ChangeEntry, CreatedEntry, JoinedEntry
from app.changes.versions import KeptMeetings, MeetingVersion
from app.errors import (
    InvalidInput,
    MeetingChanged,
    MeetingHasTimes,
    MeetingNotFound,
    ParticipantDateNotFound,
)
from app.kernel.codes import known_shape
from app.kernel.ids import EntityId
from app.meetings.port import MeetingStore, SlotsFollow, Stale, UrlCodeTaken
from app.meetings.reads import NextReads
from app.meetings.rendering import (
    etag,
    etag_matches,
    has_times,
    if_match_version,
    render_body,
)
from app.meetings.rules import DateRange, DayAction, expiry
from app.meetings.schemas import (
    DateRangeUpdate,
    MeetingCreate,
    ParticipantJoinedHead,
)
from app.times.answers import Reshape
from app.times.slots import slot_calendar

# A token comes in Authorization: Bearer <token>; None when the request sent none.
Token = str | None

# How many times a new range is tried when the meeting's times change meanwhile.
RANGE_ATTEMPTS = 5

# Entries read at most to bring a meeting held up to date; more changed: it is read whole.
CATCH_UP_ENTRIES = 500

URL_CODE_BYTES = 12  # 96 bits from the CSPRNG, 16 URL-safe characters
URL_CODE_ATTEMPTS = 5


def new_url_code() -> str:
    return secrets.token_urlsafe(URL_CODE_BYTES)


def today() -> dt.date:
    """The day it is now where the servers count days: UTC, in every process."""
    return dt.datetime.now(dt.UTC).date()


@dataclass(frozen=True, slots=True)
class NotModified:
    etag: str


@dataclass(frozen=True, slots=True)
class NewVersion:
    """A change answered without its body, as the client preferred: the version it made."""

    version: int

    @property
    def etag(self) -> str:
        return etag(self.version)


# What a change answers: the meeting, or only its new version (Prefer: return=minimal).
ChangeAnswer = MeetingVersion | NewVersion


@dataclass(frozen=True, slots=True)
class WithToken:
    """POST /meetings or /participants: the body that shows the new token (never kept), and the
    meeting it was read with."""

    body: bytes
    meeting: MeetingVersion


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
        max_slots: int = 3000,
        kept_bytes: int = 32 << 20,
    ) -> None:
        self.store = store
        self.guard = guard
        self.max_range_days = max_range_days
        self.max_participants = max_participants
        self.max_slots = max_slots
        self.retention_days = retention_days
        self.kept = KeptMeetings(kept_bytes)
        self.reads: NextReads[MeetingVersion] = NextReads()
        self._listeners: list[Callable[[MeetingVersion], None]] = []
        self._stale_listeners: list[Callable[[str, int], None]] = []
        self._deletion_listeners: list[Callable[[str], None]] = []

    def on_new_version(self, listener: Callable[[MeetingVersion], None]) -> None:
        """`listener` gets the latest version this process holds of a meeting, each time it
        holds a newer one."""
        self._listeners.append(listener)

    def on_stale(self, listener: Callable[[str, int], None]) -> None:
        """`listener` gets (url_code, version) when this process made that version without
        holding it (it held an older one, or none): whoever needs it reads it."""
        self._stale_listeners.append(listener)

    def on_deleted(self, listener: Callable[[str], None]) -> None:
        """`listener` gets the code of every meeting this process deletes, once deleted."""
        self._deletion_listeners.append(listener)

    def forget(self, url_code: str) -> None:
        """The meeting is gone: nothing of it is kept, and whoever listens is told."""
        self.kept.drop(url_code)
        self.guard.forget_meeting(url_code)
        for listener in self._deletion_listeners:
            listener(url_code)

    def version_at(self, url_code: str, version: int) -> MeetingVersion | None:
        """That version of the meeting, if this process still holds it."""
        return self.kept.at(url_code, version)

    def expiry_after(self, date_range: DateRange | None) -> dt.date:
        """Counted from the range's last day, or from today when that is later: a meeting
        made or moved into the past would otherwise be gone the moment it answered."""
        now = today()
        last = date_range.days()[-1] if date_range else now
        return expiry(max(last, now), self.retention_days)

    def _publish(self, meeting: MeetingVersion) -> None:
        for listener in self._listeners:
            listener(meeting)

    def _hold(self, meeting: MeetingVersion) -> MeetingVersion:
        """Holds `meeting` unless a newer version is held; answers the latest held."""
        self.kept.put(meeting)
        latest = self.kept.latest(meeting.url_code)
        assert latest is not None
        if latest is meeting:
            self._publish(meeting)
        return latest if latest.version > meeting.version else meeting

    def _advance(self, url_code: str, entries: tuple[ChangeEntry, ...]) -> MeetingVersion | None:
        """The version held, moved forward by those of `entries` newer than it; None when
        nothing is held, or the entries do not continue it. Raises CannotApply when one of them
        cannot be applied (the versions before it are held)."""
        held = self.kept.latest(url_code)
        if held is None or not entries:
            return None
        if held.version >= entries[-1].version:
            return held
        pending = [entry for entry in entries if entry.version > held.version]
        if pending[0].version != held.version + 1:
            return None
        doc = held.doc
        for entry in pending:
            doc = doc.apply(entry)
            # Each version is held: a stream that saw it may be sent a patch from it.
            self.kept.put(MeetingVersion.of(url_code, doc))
        latest = self.kept.latest(url_code)
        assert latest is not None
        self._publish(latest)
        return latest

    async def _full_read(self, url_code: str) -> MeetingVersion:
        state = await self.store.read_state_body(url_code)
        if has_times(state.body):
            # Slots and best times are the document's to work out.
            return self._hold(MeetingVersion.of(url_code, MeetingDocument.parse(state.body)))
        return self._hold(MeetingVersion(url_code, state.version, body=render_body(state.body)))

    async def _read_current(self, url_code: str) -> MeetingVersion:
        held = self.kept.latest(url_code)
        if held is not None:
            try:
                since = await self.store.changes_since(url_code, held.version, CATCH_UP_ENTRIES)
            except MeetingNotFound:
                self.kept.drop(url_code)
                raise
            if since.version == held.version:
                return held
            with contextlib.suppress(CannotApply):
                latest = self._advance(url_code, since.entries)
                if latest is not None and latest.version >= since.version:
                    return latest
        return await self._full_read(url_code)

    async def current_meeting(self, url_code: str) -> MeetingVersion:
        """The meeting as the database holds it, read after this call began: together with
        the reads of it that come meanwhile, from what this process holds of it and the log."""
        return await self.reads.read(known_shape(url_code), self._read_current)

    async def get_meeting(
        self, url_code: str, if_none_match: str | None = None
    ) -> MeetingVersion | NotModified:
        current = await self.current_meeting(url_code)
        if if_none_match and etag_matches(if_none_match, current.etag):
            return NotModified(current.etag)
        return current

    async def _after(self, url_code: str, changed: Changed) -> MeetingVersion:
        """The meeting right after a change of this process, or later."""
        try:
            latest = self._advance(url_code, changed.entries)
        except CannotApply:
            return await self.reads.read(url_code, self._full_read)
        if latest is not None:
            return latest
        return await self.current_meeting(url_code)

    async def answer(self, url_code: str, changed: Changed, minimal: bool) -> ChangeAnswer:
        """What a change answers: the meeting after it, or only its version."""
        if not minimal:
            return await self._after(url_code, changed)
        try:
            advanced = self._advance(url_code, changed.entries) is not None
        except CannotApply:
            advanced = False
        if not advanced:
            for listener in self._stale_listeners:
                listener(url_code, changed.version)
        return NewVersion(changed.version)

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

    async def create_meeting(self, body: MeetingCreate) -> WithToken:
        date_range = self._optional_range(body)
        expires_on = self.expiry_after(date_range)
        admin_token = new_token()
        for _ in range(URL_CODE_ATTEMPTS):
            url_code = new_url_code()
            try:
                changed = await self.store.create_meeting(
                    url_code, body.title, body.location, date_range, digest(admin_token), expires_on
                )
            except UrlCodeTaken:
                continue
            # Nobody else knows the code yet: its first entry is the whole state.
            created = changed.entries[0]
            assert isinstance(created, CreatedEntry)
            meeting = self._hold(
                MeetingVersion.of(url_code, MeetingDocument.created(url_code, created))
            )
            # {<the meeting>, "admin_token": …}
            shown = meeting.body[:-1] + b',"admin_token":' + _json(admin_token) + b"}"
            return WithToken(shown, meeting)
        raise RuntimeError("could not draw an unused url_code")

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
        minimal: bool = False,
    ) -> ChangeAnswer:
        """The title or the location, whichever is given."""
        if_version = if_match_version(if_match)
        by = await self.guard.organiser(known_shape(url_code), token)
        changed = await self.store.update_details(
            url_code, by=by, title=title, location=location, if_version=if_version
        )
        return await self.answer(url_code, changed, minimal)

    async def set_date_range(
        self,
        url_code: str,
        body: DateRangeUpdate,
        token: Token,
        if_match: str | None = None,
        *,
        minimal: bool = False,
    ) -> ChangeAnswer:
        date_range = DateRange.checked(
            body.start_date, body.end_date, self.max_range_days, body.weekdays
        )
        if_version = if_match_version(if_match)
        by = await self.guard.organiser(known_shape(url_code), token)
        expires_on = self.expiry_after(date_range)
        held = self.kept.latest(url_code)
        # A days-only meeting as far as this process knows: the store checks it still is.
        follow = None
        if held is not None and held.has_times:
            follow = await self._follow(url_code, date_range, if_version)
        for _ in range(RANGE_ATTEMPTS):
            try:
                changed = await self.store.set_date_range(
                    url_code, date_range, expires_on, by=by, if_version=if_version, follow=follow
                )
            except Stale:
                follow = await self._follow(url_code, date_range, if_version)
                continue
            return await self.answer(url_code, changed, minimal)
        raise Stale()

    async def _follow(
        self, url_code: str, date_range: DateRange, if_version: int | None
    ) -> SlotsFollow | None:
        """What the new range does to the meeting's answers per slot, from its latest state;
        None for a days-only meeting."""
        current = await self.current_meeting(url_code)
        if if_version is not None and current.version != if_version:
            raise MeetingChanged(current.version)
        doc = current.doc
        grid = doc.head.times
        if grid is None:
            return None
        after = slot_calendar(tuple(date_range.days()), grid)
        if len(after) > self.max_slots:
            raise InvalidInput(
                f"the new range would give the meeting {len(after)} slots; at most"
                f" {self.max_slots} are allowed",
                field="end_date",
            )
        reshape = Reshape(doc.calendar, after)
        final_time = doc.head.final_time
        if final_time is not None and after.window_at(final_time) is None:
            final_time = None
        return SlotsFollow(
            at_version=doc.version,
            answers={
                person.id: moved
                for person in doc.people
                if (moved := reshape(person.answers)) != person.answers
            },
            final_time=None
            if final_time is None
            else dt.datetime.fromtimestamp(final_time, dt.UTC),
        )

    async def join(self, url_code: str, name: str) -> WithToken:
        url_code = known_shape(url_code)
        participant_token = new_token()
        participant_id, changed = await self.store.add_participant(
            url_code, name, digest(participant_token), self.max_participants
        )
        meeting = await self._after(url_code, changed)
        joined = next(
            entry
            for entry in changed.entries
            if isinstance(entry, JoinedEntry) and entry.change.participant.id == participant_id
        )
        # On a meeting with times, the days are kept for when it has days only again.
        days = () if meeting.has_times else joined.change.participant.dates
        head = ParticipantJoinedHead.model_validate(
            {
                "participant_id": participant_id,
                "participant_token": participant_token,
                "participant_dates": [{"id": day.id, "date": day.date} for day in days],
            }
        )
        # {"participant_id": …, "participant_token": …, "participant_dates": […],
        #  "meeting": <the meeting>}
        head_json = ParticipantJoinedHead.__pydantic_serializer__.to_json(head)
        return WithToken(meeting.within(head_json[:-1] + b',"meeting":', b"}"), meeting)

    async def rename_participant(
        self,
        url_code: str,
        participant_id: EntityId,
        name: str,
        token: Token,
        if_match: str | None = None,
        *,
        minimal: bool = False,
    ) -> ChangeAnswer:
        if_version = if_match_version(if_match)
        by = await self.guard.participant(known_shape(url_code), participant_id, token)
        changed = await self.store.rename_participant(
            url_code, participant_id, name, by=by, if_version=if_version
        )
        return await self.answer(url_code, changed, minimal)

    async def remove_participant(
        self,
        url_code: str,
        participant_id: EntityId,
        token: Token,
        if_match: str | None = None,
        *,
        minimal: bool = False,
    ) -> ChangeAnswer:
        if_version = if_match_version(if_match)
        by = await self.guard.participant(known_shape(url_code), participant_id, token)
        changed = await self.store.remove_participant(
            url_code, participant_id, by=by, if_version=if_version
        )
        self.guard.forget_participant(url_code, participant_id)
        return await self.answer(url_code, changed, minimal)

    async def change_day(
        self,
        action: DayAction,
        url_code: str,
        participant_date_id: EntityId,
        token: Token,
        if_match: str | None = None,
        *,
        minimal: bool = False,
    ) -> ChangeAnswer:
        if_version = if_match_version(if_match)
        by = await self.guard.day(known_shape(url_code), participant_date_id, token)
        try:
            changed = await self.store.change_day(
                url_code, participant_date_id, action.flags, by=by, if_version=if_version
            )
        except ParticipantDateNotFound:
            # The stores change no day of a meeting with times: it may have them.
            if (await self.current_meeting(url_code)).has_times:
                raise MeetingHasTimes() from None
            raise
        return await self.answer(url_code, changed, minimal)


def _json(text: str) -> bytes:
    return orjson.dumps(text)
