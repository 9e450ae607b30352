"""The use cases behind every endpoint; the one place the business rules are applied."""

import datetime as dt
import re
import secrets

from app.errors import InvalidInput, MeetingNotFound
from app.meetings.port import MeetingStore, UrlCodeTaken
from app.meetings.rules import DateRange, DayAction, best_dates
from app.meetings.schemas import (
    DateRangeUpdate,
    EntityId,
    JoinedDate,
    MeetingCreate,
    MeetingResponse,
    MeetingState,
    ParticipantJoined,
)

URL_CODE_BYTES = 12  # 96 bits from the CSPRNG, 16 URL-safe characters
URL_CODE_ATTEMPTS = 5
URL_CODE_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_url_code() -> str:
    return secrets.token_urlsafe(URL_CODE_BYTES)


def known_shape(url_code: str) -> str:
    """A code we could never have issued is not found, without asking the database."""
    if not URL_CODE_SHAPE.fullmatch(url_code):
        raise MeetingNotFound(url_code)
    return url_code


def present(state: MeetingState) -> MeetingResponse:
    return MeetingResponse(**dict(state), best_dates=best_dates(state.participants))


class MeetingService:
    def __init__(self, store: MeetingStore, max_range_days: int) -> None:
        self.store = store
        self.max_range_days = max_range_days

    def _optional_range(self, start: dt.date | None, end: dt.date | None) -> DateRange | None:
        if start is None and end is None:
            return None
        if start is None or end is None:
            raise InvalidInput("start_date and end_date must be given together")
        return DateRange.checked(start, end, self.max_range_days)

    async def create_meeting(self, body: MeetingCreate) -> MeetingResponse:
        date_range = self._optional_range(body.start_date, body.end_date)
        for _ in range(URL_CODE_ATTEMPTS):
            url_code = new_url_code()
            try:
                await self.store.create_meeting(url_code, body.title, body.location, date_range)
            except UrlCodeTaken:
                continue
            # Nobody else knows the code yet: what was stored is the whole state.
            return present(
                MeetingState(
                    url_code=url_code,
                    title=body.title,
                    location=body.location,
                    start_date=date_range.start if date_range else None,
                    end_date=date_range.end if date_range else None,
                    version=1,
                    participants=(),
                )
            )
        raise RuntimeError("could not draw an unused url_code")

    async def get_meeting(self, url_code: str) -> MeetingResponse:
        return present(await self.store.get_meeting(known_shape(url_code)))

    async def set_title(self, url_code: str, title: str) -> MeetingResponse:
        return present(await self.store.update_details(known_shape(url_code), title=title))

    async def set_location(self, url_code: str, location: str) -> MeetingResponse:
        return present(await self.store.update_details(known_shape(url_code), location=location))

    async def set_date_range(self, url_code: str, body: DateRangeUpdate) -> MeetingResponse:
        date_range = DateRange.checked(body.start_date, body.end_date, self.max_range_days)
        return present(await self.store.set_date_range(known_shape(url_code), date_range))

    async def join(self, url_code: str, name: str) -> ParticipantJoined:
        participant_id, state = await self.store.add_participant(known_shape(url_code), name)
        days = next((p.dates for p in state.participants if p.id == participant_id), ())
        return ParticipantJoined(
            participant_id=participant_id,
            participant_dates=tuple(JoinedDate(id=day.id, date=day.date) for day in days),
            meeting=present(state),
        )

    async def rename_participant(self, participant_id: EntityId, name: str) -> MeetingResponse:
        return present(await self.store.rename_participant(participant_id, name))

    async def remove_participant(self, participant_id: EntityId) -> MeetingResponse:
        return present(await self.store.remove_participant(participant_id))

    async def change_day(
        self, action: DayAction, url_code: str, participant_date_id: EntityId
    ) -> MeetingResponse:
        state = await self.store.change_day(
            known_shape(url_code), participant_date_id, action.flags
        )
        return present(state)
