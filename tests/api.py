"""Typed async factories and calls that go through the HTTP API, as a client would."""

from typing import Any

import httpx

Json = dict[str, Any]

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
