"""What a full meeting costs: MAX_PARTICIPANTS participants over the longest range.

Seeds one such meeting through the API, then times, one request at a time:
- a GET of the unchanged meeting (the process answers with the body it keeps);
- a GET right after another process changed the meeting (the title, through a second server
  on the same database): the meeting held, brought up to date from the change log;
- a day change through the same process (its answer is the whole meeting).
"""

import datetime as dt
import http.client
import json
import statistics
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from typing import Any

START = dt.date(2027, 1, 1)


class Client:
    def __init__(self, base_url: str, backend: str) -> None:
        url = urllib.parse.urlsplit(base_url)
        self.connection = http.client.HTTPConnection(url.hostname or "", url.port or 80)
        self.prefix = f"/v1/{backend}"

    def request(
        self, method: str, path: str, body: object = None, token: str | None = None
    ) -> tuple[bytes, float]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload = None if body is None else json.dumps(body)
        started = time.perf_counter()
        self.connection.request(method, self.prefix + path, payload, headers)
        response = self.connection.getresponse()
        data = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"{method} {path}: {response.status} {data[:300]!r}")
        return data, elapsed

    def json(self, method: str, path: str, body: object = None, token: str | None = None) -> Any:
        return json.loads(self.request(method, path, body, token)[0])


def median_ms(times: list[float]) -> float:
    return round(statistics.median(times) * 1000, 1)


def measure(
    base_url: str, other_url: str, backend: str, participants: int, days: int, rounds: int = 20
) -> dict[str, Any]:
    seeder = Client(base_url, backend)
    end = START + dt.timedelta(days - 1)
    meeting = seeder.json(
        "POST", "/meetings", {"title": "Full", "start_date": str(START), "end_date": str(end)}
    )
    code, admin = meeting["url_code"], meeting["admin_token"]

    def join(n: int) -> Any:
        return Client(base_url, backend).json(
            "POST", "/participants", {"meeting_url_code": code, "name": f"Participant {n:04d}"}
        )

    with ThreadPoolExecutor(8) as pool:
        joined = list(pool.map(join, range(participants)))
    day_id = joined[0]["participant_dates"][0]["id"]

    api, other = Client(base_url, backend), Client(other_url, backend)
    body, _ = api.request("GET", f"/meetings/{code}")
    kept, fresh, changes = [], [], []
    for n in range(rounds):
        kept.append(api.request("GET", f"/meetings/{code}")[1])
        other.request("PATCH", f"/meetings/{code}/title", {"title": f"Full {n}"}, admin)
        fresh.append(api.request("GET", f"/meetings/{code}")[1])
        action = "off" if n % 2 else "on"
        body_change = {"participant_date_id": day_id, "meeting_url_code": code}
        changes.append(api.request("PATCH", f"/participant_dates/{action}", body_change, admin)[1])
    return {
        "participants": participants,
        "days": days,
        "body_bytes": len(body),
        "get_kept_ms": median_ms(kept),
        "get_after_other_process_ms": median_ms(fresh),
        "day_change_ms": median_ms(changes),
    }
