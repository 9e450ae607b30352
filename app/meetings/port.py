"""The storage port: what the service needs from a database, implemented once per backend.

Every method that changes a meeting bumps its version by exactly one per change and appends one
entry to the meeting's change log for each version, in the same transaction as the change, and
answers with the entries it appended (Changed). `by` is whose token admitted the change; the
stores name the participant where it is theirs. Given `if_version`, a change happens only if
the meeting is at that version when its transaction runs; otherwise nothing changes and
MeetingChanged is raised.
"""

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Protocol

from app.changes.entries import Changed, LogExcerpt
from app.errors import Conflict, DomainError, MeetingChanged, MeetingNotFound
from app.kernel.ids import EntityId, JsonId
from app.kernel.roles import Role
from app.meetings.rules import DateRange, DayFlags, stored_range


class UrlCodeTaken(Exception):
    """The freshly drawn url_code is already in use; the caller draws another."""


class DaysChanged(Conflict):
    """The meeting's days changed between a check and the change it allowed; the caller checks
    again (409 only if that keeps happening)."""

    def __init__(self) -> None:
        super().__init__("the meeting's days changed meanwhile; try again")


class Stale(Conflict):
    """What a change was worked out from (the meeting's slots, a participant's answers, the
    version a range change moves answers from) changed meanwhile; the caller works it out
    again from the latest state (409 only if that keeps happening)."""

    def __init__(self) -> None:
        super().__init__("the meeting changed meanwhile; try again")


@dataclass(frozen=True, slots=True)
class SlotsFollow:
    """What a new range does to a meeting with times: made only while the meeting is at
    `at_version`, the version these were worked out from. `answers`: the participants' answers
    per slot that move (stored form, by id); `final_time`: the final time the range leaves."""

    at_version: int
    answers: Mapping[JsonId, str]
    final_time: dt.datetime | None


class StoredMeeting(Protocol):
    """A meeting's own columns, as either database answers them."""

    @property
    def url_code(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def location(self) -> str: ...
    @property
    def start_date(self) -> dt.date | None: ...
    @property
    def end_date(self) -> dt.date | None: ...
    @property
    def weekdays(self) -> int: ...
    @property
    def final_date(self) -> dt.date | None: ...
    @property
    def version(self) -> int: ...


class StoredSummary(StoredMeeting, Protocol):
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def time_zone(self) -> str | None: ...
    @property
    def duration_minutes(self) -> int | None: ...
    @property
    def final_time(self) -> dt.datetime | None: ...


@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """A meeting without its participants: what a final date is checked against and what a
    calendar file is written from (with the time of the meeting's last change)."""

    url_code: str
    title: str
    location: str
    date_range: DateRange | None
    final_date: dt.date | None
    created_at: dt.datetime  # in UTC
    version: int
    has_times: bool
    final_time: dt.datetime | None  # in UTC
    duration: dt.timedelta | None  # of a meeting with times
    changed_at: dt.datetime  # in UTC: its last change's entry in the log, or when it was made

    @classmethod
    def of(cls, meeting: StoredSummary, changed_at: dt.datetime | None) -> "MeetingSummary":
        return cls(
            url_code=meeting.url_code,
            title=meeting.title,
            location=meeting.location,
            date_range=stored_range(meeting.start_date, meeting.end_date, meeting.weekdays),
            final_date=meeting.final_date,
            created_at=meeting.created_at,
            version=meeting.version,
            has_times=meeting.time_zone is not None,
            final_time=meeting.final_time and meeting.final_time.astimezone(dt.UTC),
            duration=(
                None
                if meeting.duration_minutes is None
                else dt.timedelta(minutes=meeting.duration_minutes)
            ),
            changed_at=(changed_at or meeting.created_at).astimezone(dt.UTC),
        )


@dataclass(frozen=True, slots=True)
class StateBody:
    """A meeting's version and the JSON bytes of its MeetingState as its database wrote them
    (compact, participants in join order, days by date)."""

    version: int
    body: bytes


class MeetingStore(Protocol):
    async def create_meeting(
        self,
        url_code: str,
        title: str,
        location: str,
        date_range: DateRange | None,
        admin_digest: str,
        expires_on: dt.date,
    ) -> Changed:
        """Stores a new meeting at version 1, guarded by the organiser's token digest, and its
        log's first entry (`created`, by the organiser). Raises UrlCodeTaken."""
        ...

    async def meeting_summary(self, url_code: str) -> MeetingSummary:
        """Raises MeetingNotFound."""
        ...

    async def read_state_body(self, url_code: str) -> StateBody:
        """The whole state, in one read. Raises MeetingNotFound."""
        ...

    async def meeting_version(self, url_code: str) -> int | None:
        """The meeting's current version, None for an unknown meeting."""
        ...

    async def meeting_versions(self, url_codes: Collection[str]) -> dict[str, int]:
        """The current version of each of these meetings that exists, in one round trip."""
        ...

    async def changes_since(self, url_code: str, after: int, limit: int) -> LogExcerpt:
        """The meeting's version and the first `limit` entries of its log after version
        `after`, in one read. Raises MeetingNotFound."""
        ...

    async def update_details(
        self,
        url_code: str,
        *,
        by: Role,
        title: str | None = None,
        location: str | None = None,
        if_version: int | None = None,
    ) -> Changed:
        """Sets the given texts (one of them): a `title` or `location` entry.
        Raises MeetingNotFound."""
        ...

    async def set_date_range(
        self,
        url_code: str,
        date_range: DateRange,
        expires_on: dt.date,
        *,
        by: Role,
        if_version: int | None = None,
        follow: SlotsFollow | None = None,
    ) -> Changed:
        """Sets the range, its weekdays and the expiry date and, in the same transaction, gives
        every participant exactly the days of the range: days kept keep their flags, days added
        get the new-day flags. The final date stays only if it is one of the days. Without
        `follow`, only while the meeting has no times; with it, as it says. Otherwise nothing
        changes and Stale is raised. Raises MeetingNotFound."""
        ...

    async def set_final_date(
        self,
        url_code: str,
        final_date: dt.date | None,
        *,
        by: Role,
        checked_against: DateRange | None,
        if_version: int | None = None,
    ) -> Changed:
        """Sets or clears the final date, only while the meeting has no times and, given
        `checked_against` (the range whose days a date was checked against), that range;
        otherwise nothing changes and DaysChanged is raised. Raises MeetingNotFound."""
        ...

    async def delete_meeting(self, url_code: str, *, if_version: int | None = None) -> None:
        """Deletes the meeting, its participants, their days and its log in one transaction.
        Raises MeetingNotFound."""
        ...

    async def delete_expired(self, today: dt.date, limit: int) -> list[str]:
        """Deletes up to `limit` meetings whose expiry date is `today` or earlier, each whole,
        skipping any that another process is deleting now; answers their codes."""
        ...

    async def add_participant(
        self, url_code: str, name: str, token_digest: str, max_participants: int
    ) -> tuple[EntityId, Changed]:
        """Adds a participant, guarded by its token digest, with one new day per day of the
        meeting's range, in one transaction, unless the meeting has `max_participants` already
        (counted in that transaction, so concurrent joins cannot overshoot): a `joined` entry by
        anyone, holding the participant and its days. Joins batched with it may answer with
        their entries too. Raises MeetingNotFound, DateRangeNotSet, ParticipantNameTaken,
        MeetingFull."""
        ...

    async def rename_participant(
        self,
        url_code: str,
        participant_id: EntityId,
        name: str,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        """Raises ParticipantNotFound (also for a participant of another meeting),
        ParticipantNameTaken."""
        ...

    async def remove_participant(
        self,
        url_code: str,
        participant_id: EntityId,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        """Removes the participant and its days: a `left` entry. Raises ParticipantNotFound
        (also for a participant of another meeting)."""
        ...

    async def change_day(
        self,
        url_code: str,
        participant_date_id: EntityId,
        flags: DayFlags,
        *,
        by: Role,
        if_version: int | None = None,
    ) -> Changed:
        """A `day` entry with the day's flags after the change; day changes batched with it may
        answer with their entries too. Raises MeetingNotFound, or ParticipantDateNotFound when
        the day is not one of that meeting's; nothing changes then."""
        ...

    async def ping(self) -> None:
        """Asks the database the most trivial question; raises whatever the driver raises."""
        ...

    def connections_in_use(self) -> int:
        """Database connections taken from the pool now."""
        ...

    async def close(self) -> None: ...


async def refusal(
    store: MeetingStore,
    url_code: str,
    if_version: int | None,
    otherwise: DomainError | None = None,
) -> DomainError:
    """Why a change or lookup matched nothing: no such meeting; else the meeting not at
    `if_version`; else `otherwise` (its participant or day not found). A change to the meeting
    itself gives no `otherwise`: only its version can have kept it from matching."""
    version = await store.meeting_version(url_code)
    if version is None:
        return MeetingNotFound(url_code)
    if otherwise is None or (if_version is not None and version != if_version):
        return MeetingChanged(version)
    return otherwise
