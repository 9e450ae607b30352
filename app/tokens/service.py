"""Replacing a token: the new one admits from the answer on, and from then on no server process
admits the one it replaced.

A participant's token is replaced with that participant's own or the organiser's; the
organiser's with the organiser's. The write matches only while the token that asked still
holds, so of two replacements sent with the same token one answers and the other is refused,
as any token is once it no longer holds. The write counts the replacement in the meeting, and
the answer waits out the guard's lease (access.guard): by then every process has read that
count again before it admits with the digests it keeps.
"""

import asyncio
from collections.abc import Awaitable, Callable

from app.access.guard import Guard
from app.access.tokens import digest, new_token
from app.errors import Conflict
from app.kernel.ids import EntityId
from app.kernel.roles import Role


class NoTokenToReplace(Conflict):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} was made before tokens existed: its link alone guards it,"
            " so it has no token to replace"
        )


class ReplacedMeanwhile(Conflict):
    def __init__(self) -> None:
        super().__init__("the token was replaced meanwhile; try again")


class TokenReplacement:
    def __init__(self, guard: Guard) -> None:
        self.guard = guard

    async def participant_token(
        self, url_code: str, participant_id: EntityId, token: str | None
    ) -> str:
        """A new token for the participant. Raises as the guard does, or NoTokenToReplace."""
        return await self._replaced(
            "this participant",
            lambda: self.guard.participant(url_code, participant_id, token),
            lambda old, new: self.guard.store.replace_participant_token(
                url_code, participant_id, old, new
            ),
            lambda: self.guard.forget_participant(url_code, participant_id),
            token,
        )

    async def admin_token(self, url_code: str, token: str | None) -> str:
        """A new token for the organiser. Raises as the guard does, or NoTokenToReplace."""
        return await self._replaced(
            "this meeting",
            lambda: self.guard.organiser(url_code, token),
            lambda old, new: self.guard.store.replace_admin_token(url_code, old, new),
            lambda: self.guard.forget_meeting(url_code),
            token,
        )

    async def _replaced(
        self,
        what: str,
        check: Callable[[], Awaitable[Role]],
        write: Callable[[str, str], Awaitable[bool]],
        forget: Callable[[], None],
        token: str | None,
    ) -> str:
        """A new token where `token` holds (`check`), written by `write` (the digests of the
        old and the new), what this process keeps of it forgotten (`forget`)."""
        if await check() is Role.anyone:
            raise NoTokenToReplace(what)
        assert token is not None, "only a meeting from before tokens admits without one"
        fresh = new_token()
        replaced = await write(digest(token), digest(fresh))
        forget()
        if not replaced:  # gone, or the token replaced meanwhile: the database says which
            await check()
            raise ReplacedMeanwhile()
        await asyncio.sleep(self.guard.lease_seconds)
        return fresh
