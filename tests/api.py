"""Typed async factories and calls that go through the HTTP API, as a client would."""

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import httpx

Json = dict[str, Any]
T = TypeVar("T")

DEFAULT_START = "2026-12-01"
DEFAULT_END = "2026-12-05"


class Api:
    def __init__(self, client: httpx.AsyncClient, backend: str) -> None:
        self.client = client
        self.backend = backend
        self.prefix = f"/v1/{backend}"

    async def call(self, method: str, path: str, body: object = None, *, expect: int = 200) -> Json:
        response = await self.client.request(method, self.prefix + path, json=body)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        payload: Json = response.json()
        return payload

    async def raw(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.client.request(method, self.prefix + path, **kwargs)

    async def create_meeting(self, **body: object) -> Json:
        return await self.call("POST", "/meetings", body)

    async def meeting_with_range(self, start: str = DEFAULT_START, end: str = DEFAULT_END) -> Json:
        return await self.create_meeting(title="Team lunch", start_date=start, end_date=end)

    async def get_meeting(self, url_code: str, *, expect: int = 200) -> Json:
        return await self.call("GET", f"/meetings/{url_code}", expect=expect)

    async def set_range(self, url_code: str, start: str, end: str, *, expect: int = 200) -> Json:
        body = {"start_date": start, "end_date": end}
        return await self.call("PATCH", f"/meetings/{url_code}/date_range", body, expect=expect)

    async def join(self, url_code: str, name: str, *, expect: int = 200) -> Json:
        body = {"meeting_url_code": url_code, "name": name}
        return await self.call("POST", "/participants", body, expect=expect)

    async def rename(self, participant_id: object, name: str, *, expect: int = 200) -> Json:
        return await self.call(
            "PATCH", f"/participants/{participant_id}", {"name": name}, expect=expect
        )

    async def remove(self, participant_id: object, *, expect: int = 200) -> Json:
        return await self.call("DELETE", f"/participants/{participant_id}", expect=expect)

    async def change_day(
        self, action: str, url_code: str, participant_date_id: object, *, expect: int = 200
    ) -> Json:
        body = {"participant_date_id": participant_date_id, "meeting_url_code": url_code}
        return await self.call("PATCH", f"/participant_dates/{action}", body, expect=expect)


def day(meeting: Json, name: str, date: str) -> Json:
    """The day `date` of participant `name` in a MeetingResponse."""
    participant = next(p for p in meeting["participants"] if p["name"] == name)
    found: Json = next(d for d in participant["dates"] if d["date"] == date)
    return found


def stored_view(meeting: Json) -> Json:
    """The part of a MeetingResponse that the database holds (best_dates are derived)."""
    return {key: value for key, value in meeting.items() if key != "best_dates"}


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
        title = {"title": "t"}
        costs.append(
            {
                "get": await measure(api.get_meeting(code)),
                "title": await measure(api.call("PATCH", f"/meetings/{code}/title", title)),
                "date_range": await measure(api.set_range(code, "2026-12-02", "2026-12-31")),
                "change_day": await measure(api.change_day("off", code, date_id)),
                "join": await measure(api.join(code, "new")),
                "rename": await measure(api.rename(participant_id, "q")),
                "remove": await measure(api.remove(participant_id)),
                "create": await measure(api.create_meeting(title="x")),
            }
        )
    return costs
