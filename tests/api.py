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
    """Remembers the admin token of each meeting it creates, to act as its organiser."""

    def __init__(self, client: httpx.AsyncClient, backend: str) -> None:
        self.client = client
        self.backend = backend
        self.prefix = f"/v1/{backend}"
        self.admin_tokens: dict[str, str] = {}  # by url_code

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

    async def change(
        self,
        method: str,
        path: str,
        body: object,
        url_code: str,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        """A change to the meeting `url_code`, made by the organiser unless a token is given."""
        token = self.admin_tokens[url_code] if isinstance(token, As) else token
        return await self.call(method, path, body, expect=expect, token=token)

    async def set_range(
        self,
        url_code: str,
        start: str,
        end: str,
        weekdays: list[str] | None = None,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        body: Json = {"start_date": start, "end_date": end}
        if weekdays is not None:
            body["weekdays"] = weekdays
        path = f"/meetings/{url_code}/date_range"
        return await self.change("PATCH", path, body, url_code, expect=expect, token=token)

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
        path = f"/meetings/{url_code}/{field}"
        return await self.change(
            "PATCH", path, {field: value}, url_code, expect=expect, token=token
        )

    async def join(self, url_code: str, name: str, *, expect: int = 200) -> Json:
        body = {"meeting_url_code": url_code, "name": name}
        return await self.call("POST", "/participants", body, expect=expect)

    async def rename(
        self,
        url_code: str,
        participant_id: object,
        name: str,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        path = f"/meetings/{url_code}/participants/{participant_id}"
        return await self.change(
            "PATCH", path, {"name": name}, url_code, expect=expect, token=token
        )

    async def remove(
        self,
        url_code: str,
        participant_id: object,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        path = f"/meetings/{url_code}/participants/{participant_id}"
        return await self.change("DELETE", path, None, url_code, expect=expect, token=token)

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
        path = f"/participant_dates/{action}"
        return await self.change("PATCH", path, body, url_code, expect=expect, token=token)

    async def set_final_date(
        self,
        url_code: str,
        date: str | None,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        path = f"/meetings/{url_code}/final_date"
        return await self.change("PUT", path, {"date": date}, url_code, expect=expect, token=token)

    async def calendar(self, url_code: str, **headers: str) -> httpx.Response:
        return await self.raw("GET", f"/meetings/{url_code}/calendar.ics", headers=headers)

    async def delete_meeting(
        self, url_code: str, *, token: Credential = ORGANISER, **headers: str
    ) -> httpx.Response:
        token = self.admin_tokens[url_code] if isinstance(token, As) else token
        sent = {**headers, **({"Authorization": f"Bearer {token}"} if token is not None else {})}
        return await self.raw("DELETE", f"/meetings/{url_code}", headers=sent)

    async def set_times(
        self,
        url_code: str,
        grid: Json | None,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        """PUT the grid, or (None) DELETE it."""
        path = f"/meetings/{url_code}/times"
        method = "DELETE" if grid is None else "PUT"
        return await self.change(method, path, grid, url_code, expect=expect, token=token)

    async def paint(
        self,
        url_code: str,
        participant_id: object,
        *ranges: tuple[str, str, str],
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        """PATCH a participant's answers: ranges of (start, end, state)."""
        path = f"/meetings/{url_code}/participants/{participant_id}/availability"
        body = {"ranges": [{"start": a, "end": b, "state": state} for a, b, state in ranges]}
        return await self.change("PATCH", path, body, url_code, expect=expect, token=token)

    async def set_final_time(
        self,
        url_code: str,
        start: str | None,
        *,
        expect: int = 200,
        token: Credential = ORGANISER,
    ) -> Json:
        path = f"/meetings/{url_code}/final_time"
        return await self.change(
            "PUT", path, {"start": start}, url_code, expect=expect, token=token
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
    """The part of a MeetingResponse that the database holds as it is: not the best dates and
    times, which are derived, nor a token shown once, which it keeps only as a digest. On a
    meeting with times: not its slots or the end of its final time (derived), answers without
    the trailing "no"s, and no days (kept but not shown)."""
    view = {
        key: value
        for key, value in meeting.items()
        if key not in ("best_dates", "best_times", "admin_token")
    }
    if view.get("times") is not None:
        view["times"] = {key: value for key, value in view["times"].items() if key != "slots"}
        view["final_time"] = view["final_time"] and view["final_time"]["start"]
        view["participants"] = [
            {"id": p["id"], "name": p["name"], "availability": p["availability"].rstrip("0")}
            for p in view["participants"]
        ]
    return view


async def cost_per_request(
    api: Api, measure: Callable[[Awaitable[object]], Awaitable[T]]
) -> list[dict[str, T]]:
    """What `measure` says each kind of request costs, on a meeting with one participant and
    on one with 25, so that a cost growing with the participants shows. A guarded change is
    measured once its target's digests are known to the process ("title" and the rest), and
    the first time ("first_title")."""
    small = (await api.meeting_with_range("2026-12-01", "2026-12-30"))["url_code"]
    large = (await api.meeting_with_range("2026-12-01", "2026-12-30"))["url_code"]
    small_meeting = (await api.join(small, "p0"))["meeting"]
    for n in range(25):
        large_meeting = (await api.join(large, f"p{n}"))["meeting"]

    costs = []
    for code, meeting in [(small, small_meeting), (large, large_meeting)]:
        date_id = day(meeting, "p0", "2026-12-10")["id"]
        participant_id = meeting["participants"][0]["id"]
        first_title = await measure(api.set_text(code, "title", "first"))
        await api.change_day("on", code, date_id)
        await api.rename(code, participant_id, "p0")
        costs.append(
            {
                "get": await measure(api.get_meeting(code)),
                "first_title": first_title,
                "title": await measure(api.set_text(code, "title", "t")),
                "date_range": await measure(api.set_range(code, "2026-12-02", "2026-12-31")),
                "change_day": await measure(api.change_day("off", code, date_id)),
                "join": await measure(api.join(code, "new")),
                "rename": await measure(api.rename(code, participant_id, "q")),
                "remove": await measure(api.remove(code, participant_id)),
                "final_date": await measure(api.set_final_date(code, "2026-12-10")),
                "calendar": await measure(api.calendar(code)),
                "create": await measure(api.create_meeting(title="x")),
                "delete": await measure(api.delete_meeting(code)),
            }
        )
    return costs
