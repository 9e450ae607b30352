"""Typed async factories and calls that go through the HTTP API, as a client would."""

import enum
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

Json = dict[str, Any]
T = TypeVar("T")

DEFAULT_START = "2026-12-01"
DEFAULT_END = "2026-12-05"


class As(enum.Enum):
    """Who a helper acts as when no token is given: the meeting's organiser."""

    organiser = "organiser"


ORGANISER = As.organiser
Credential = str | None | As  # a token, no token at all, or the organiser's


class Api:
    """Remembers the tokens its meetings and joins answered, to act as their holders."""

    def __init__(self, client: httpx.AsyncClient, backend: str) -> None:
        self.client = client
        self.backend = backend
        self.prefix = f"/v1/{backend}"
        self.admin_tokens: dict[str, str] = {}  # by url_code
        self.participant_tokens: dict[str, str] = {}  # by str(participant_id)

    def token_of(self, participant_id: object) -> str:
        return self.participant_tokens[str(participant_id)]

    def _token(self, url_code: str, token: Credential) -> str | None:
        return self.admin_tokens[url_code] if isinstance(token, As) else token

    async def call(
        self,
        method: str,
        path: str,
        body: object = None,
        *,
        expect: int = 200,
        token: str | None = None,
    ) -> Json:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        response = await self.client.request(method, self.prefix + path, json=body, headers=headers)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        payload: Json = response.json()
        return payload

    async def raw(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.request(method, self.prefix + path, **kwargs)

    async def create_meeting(self, **body: object) -> Json:
        created = await self.call("POST", "/meetings", body)
        self.admin_tokens[created["url_code"]] = created["admin_token"]
        return created

    async def meeting_with_range(self, start: str = DEFAULT_START, end: str = DEFAULT_END) -> Json:
        return await self.create_meeting(title="Team lunch", start_date=start, end_date=end)

    async def get_meeting(self, url_code: str, *, expect: int = 200) -> Json:
        return await self.call("GET", f"/meetings/{url_code}", expect=expect)

    async def set_range(
        self,
        url_code: str,
        start: str,
        end: str,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        body = {"start_date": start, "end_date": end}
        return await self.call(
            "PATCH",
            f"/meetings/{url_code}/date_range",
            body,
            expect=expect,
            token=self._token(url_code, token),
        )

    async def set_text(
        self,
        url_code: str,
        field: str,
        value: object,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        """PATCH the meeting's title or location."""
        return await self.call(
            "PATCH",
            f"/meetings/{url_code}/{field}",
            {field: value},
            expect=expect,
            token=self._token(url_code, token),
        )

    async def join(self, url_code: str, name: str, *, expect: int = 200) -> Json:
        body = {"meeting_url_code": url_code, "name": name}
        joined = await self.call("POST", "/participants", body, expect=expect)
        if expect == 200:
            self.participant_tokens[str(joined["participant_id"])] = joined["participant_token"]
        return joined

    async def rename(
        self,
        url_code: str,
        participant_id: object,
        name: str,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        return await self.call(
            "PATCH",
            f"/meetings/{url_code}/participants/{participant_id}",
            {"name": name},
            expect=expect,
            token=self._token(url_code, token),
        )

    async def remove(
        self,
        url_code: str,
        participant_id: object,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        return await self.call(
            "DELETE",
            f"/meetings/{url_code}/participants/{participant_id}",
            expect=expect,
            token=self._token(url_code, token),
        )

    async def change_day(
        self,
        action: str,
        url_code: str,
        participant_date_id: object,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        body = {"participant_date_id": participant_date_id, "meeting_url_code": url_code}
        return await self.call(
            "PATCH",
            f"/participant_dates/{action}",
            body,
            expect=expect,
            token=self._token(url_code, token),
        )

    def bearer(self, url_code: str) -> dict[str, str]:
        """The organiser's Authorization header, for raw requests."""
        return {"Authorization": f"Bearer {self.admin_tokens[url_code]}"}


def day(meeting: Json, name: str, date: str) -> Json:
    """The day `date` of participant `name` in a MeetingResponse."""
    participant = next(p for p in meeting["participants"] if p["name"] == name)
    found: Json = next(d for d in participant["dates"] if d["date"] == date)
    return found


def stored_view(meeting: Json) -> Json:
    """The part of a MeetingResponse that the database holds as it is: not the best dates,
    which are derived, nor a token shown once, which it keeps only as a digest."""
    return {
        key: value for key, value in meeting.items() if key not in ("best_dates", "admin_token")
    }


async def cost_per_request(
    api: Api, measure: Callable[[Awaitable[object]], Awaitable[T]]
) -> list[dict[str, T]]:
    """What `measure` says each kind of request costs, on a meeting with one participant and
    on one with 25, so that a cost growing with the participants shows."""
    small = (await api.meeting_with_range("2026-12-01", "2026-12-30"))["url_code"]
    large = (await api.meeting_with_range("2026-12-01", "2026-12-30"))["url_code"]
    small_meeting = (await api.join(small, "p0"))["meeting"]
    for n in range(25):
        large_meeting = (await api.join(large, f"p{n}"))["meeting"]

    costs = []
    for code, meeting in [(small, small_meeting), (large, large_meeting)]:
        date_id = day(meeting, "p0", "2026-12-10")["id"]
        participant_id = meeting["participants"][0]["id"]
        costs.append(
            {
                "get": await measure(api.get_meeting(code)),
                "title": await measure(api.set_text(code, "title", "t")),
                "date_range": await measure(api.set_range(code, "2026-12-02", "2026-12-31")),
                "change_day": await measure(api.change_day("off", code, date_id)),
                "join": await measure(api.join(code, "new")),
                "rename": await measure(api.rename(code, participant_id, "q")),
                "remove": await measure(api.remove(code, participant_id)),
                "create": await measure(api.create_meeting(title="x")),
            }
        )
    return costs
