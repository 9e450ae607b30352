"""The checks every change passes before anything changes.

- The organiser (the admin token that POST /meetings answered) may make every change.
- A participant (the participant token that their join answered) may rename or remove
  themselves and change their own days.
- An unknown meeting is 404 first. Then a missing token is 401, and a token that is none of the
  meeting's is 403, whatever the target (`insider`). With one of the meeting's tokens, an unknown
  target is 404, as for the organiser: an id of another meeting is unknown in this one; and a
  token that may not change the target is 403.
- A meeting or participant made before tokens existed has no digest: its link alone guards it,
  as it did when it was made.

The digests that guard a target change only when a token is replaced (tokens.service), and
each replacement is counted in its meeting (`tokens_replaced`). So the guard keeps the digests
it has read, with the count they were read at, and admits with them while that count is the
meeting's. It reads the meeting's count again once `lease_seconds` have passed since it last
asked for it (one small read per meeting, shared by the requests waiting on it), and a
replacement answers only once that long has passed since it was written: from its answer on,
no process admits the replaced token.

Kept digests only ever admit: when they would refuse, or the target may be gone, the database
is asked again and decides. An admitted change to a target deleted meanwhile finds nothing to
change and answers 404, as the lookup would have. So the answers are those of a lookup per
request, in any number of processes.
"""

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from app.access.port import TokenDigests, TokenDigestStore
from app.access.tokens import digest, matches
from app.errors import DomainError, Forbidden, MeetingNotFound, NotFound, Unauthorized
from app.kernel.ids import EntityId
from app.kernel.roles import Role

ORGANISER_ONLY = "the organiser's token (admin_token)"
PARTICIPANT_OR_ORGANISER = "this participant's token (participant_token) or the organiser's"

# (what, url_code, id): the meeting itself, one of its participants, one of its days
Target = tuple[str, str, str]


@dataclass(slots=True)
class _KeptMeeting:
    """Of a meeting: the targets whose digests are kept, and its count of replaced tokens as
    last read, asked for at `asked_at` (time.monotonic)."""

    tokens_replaced: int
    asked_at: float
    targets: set[Target] = field(default_factory=set)
    reading: "asyncio.Task[None] | None" = None

    def read(self, tokens_replaced: int, asked_at: float) -> None:
        """A count read: kept if it was asked for after the one kept."""
        if asked_at > self.asked_at:
            self.tokens_replaced, self.asked_at = tokens_replaced, asked_at


class Guard:
    def __init__(
        self, store: TokenDigestStore, lease_seconds: float, kept_targets: int = 20_000
    ) -> None:
        self.store = store
        self.lease_seconds = lease_seconds
        self.kept_targets = kept_targets  # about 400 bytes each
        self._kept: OrderedDict[Target, TokenDigests] = OrderedDict()
        self._meetings: dict[str, _KeptMeeting] = {}

    async def organiser(self, url_code: str, token: str | None) -> Role:
        return await self._check(
            ("meeting", url_code, ""), lambda: self.store.meeting_digests(url_code), token
        )

    async def participant(self, url_code: str, participant_id: EntityId, token: str | None) -> Role:
        return await self._check(
            ("participant", url_code, str(participant_id)),
            lambda: self.store.participant_digests(url_code, participant_id),
            token,
        )

    async def day(self, url_code: str, participant_date_id: EntityId, token: str | None) -> Role:
        return await self._check(
            ("day", url_code, str(participant_date_id)),
            lambda: self.store.day_digests(url_code, participant_date_id),
            token,
        )

    async def insider(self, url_code: str, token: str | None) -> None:
        """Raises why a change to a participant or day of the meeting is refused whatever its
        target: no token (401), or a token that is none of the meeting's (403). Asked only on
        the way to a refusal, or when the target cannot be read, so it keeps nothing."""
        holder = await self.store.token_holder(url_code, digest(token or ""))
        if holder.organiser_digest is None:  # made before tokens: its targets decide
            return
        if token is None:
            raise refusal(PARTICIPANT_OR_ORGANISER, None)
        if not (holder.participant_holds or matches(token, holder.organiser_digest)):
            raise refusal(PARTICIPANT_OR_ORGANISER, token)

    def __len__(self) -> int:
        """How many targets' digests are kept."""
        return len(self._kept)

    def forget_participant(self, url_code: str, participant_id: EntityId) -> None:
        """Whoever left guards nothing any more: the room their digests took is freed now
        rather than when they are the least recently used."""
        self._drop(("participant", url_code, str(participant_id)))

    def forget_meeting(self, url_code: str) -> None:
        """A deleted meeting guards nothing any more, nor do its participants and days; and
        a meeting whose organiser's token was replaced guards them with another digest."""
        meeting = self._meetings.get(url_code)
        for target in list(meeting.targets if meeting is not None else ()):
            self._drop(target)

    async def _check(
        self, target: Target, lookup: Callable[[], Awaitable[TokenDigests]], token: str | None
    ) -> Role:
        """Whose token admits the change; raises why none does."""
        kept = self._kept.get(target)
        if kept is not None:
            admitted = _admission(target, kept, token)
            if isinstance(admitted, Role) and await self._still_held(target[1], kept):
                self._kept.move_to_end(target)
                return admitted
        asked_at = time.monotonic()
        try:
            digests = await lookup()
        except NotFound as unknown:
            if not isinstance(unknown, MeetingNotFound):
                await self.insider(target[1], token)
            raise
        self._keep(target, digests, asked_at)
        admitted = _admission(target, digests, token)
        if not isinstance(admitted, Role):
            raise admitted
        return admitted

    async def _still_held(self, url_code: str, kept: TokenDigests) -> bool:
        """Whether no token of the meeting was replaced since `kept` was read, as far as a
        read of its count within the lease tells."""
        meeting = self._meetings[url_code]
        if time.monotonic() - meeting.asked_at >= self.lease_seconds:
            if meeting.reading is None:
                # A task of its own, shared by every request that waits for it: it goes on if
                # the request that started it is cancelled.
                meeting.reading = asyncio.create_task(self._read_count(url_code, meeting))
            try:
                await asyncio.shield(meeting.reading)
            except MeetingNotFound:
                self.forget_meeting(url_code)
                raise
            if time.monotonic() - meeting.asked_at >= self.lease_seconds:
                return False  # read too slowly to be trusted: the lookup decides
        return meeting.tokens_replaced == kept.tokens_replaced

    async def _read_count(self, url_code: str, meeting: _KeptMeeting) -> None:
        asked_at = time.monotonic()
        try:
            replaced = await self.store.tokens_replaced(url_code)
        finally:
            meeting.reading = None
        meeting.read(replaced, asked_at)

    def _keep(self, target: Target, digests: TokenDigests, asked_at: float) -> None:
        self._kept[target] = digests
        self._kept.move_to_end(target)
        url_code = target[1]
        meeting = self._meetings.get(url_code)
        if meeting is None:
            meeting = self._meetings[url_code] = _KeptMeeting(digests.tokens_replaced, asked_at)
        meeting.read(digests.tokens_replaced, asked_at)
        meeting.targets.add(target)
        while len(self._kept) > self.kept_targets:
            self._drop(next(iter(self._kept)))

    def _drop(self, target: Target) -> None:
        if self._kept.pop(target, None) is None:
            return
        meeting = self._meetings[target[1]]
        meeting.targets.discard(target)
        if not meeting.targets:
            del self._meetings[target[1]]


def _admission(target: Target, digests: TokenDigests, token: str | None) -> Role | DomainError:
    """Whose token `token` is among those that may change the target these digests guard, or
    why it may not."""
    if target[0] == "meeting":
        own, who = digests.organiser, ORGANISER_ONLY
        allowed = [(Role.organiser, digests.organiser)]
    else:
        own, who = digests.participant, PARTICIPANT_OR_ORGANISER
        allowed = [(Role.participant, digests.participant), (Role.organiser, digests.organiser)]
    if own is None:  # made before tokens: as open as it always was
        return Role.anyone
    if token is None:
        return refusal(who, None)
    # Every digest is compared, so the time taken does not tell which one matched.
    admitted = [role for role, digest in allowed if matches(token, digest)]
    if not admitted:
        return refusal(who, token)
    return admitted[0]


def refusal(who: str, token: str | None) -> DomainError:
    if token is None:
        return Unauthorized(f"this change needs {who}: send it as Authorization: Bearer <token>")
    return Forbidden(f"the token sent is not {who}")
