"""Times at the speed of days: a meeting of PARTICIPANTS participants over DAYS days with a grid
from 09:00 to 18:00 in 15-minute slots (1,116 slots), beside one of SMALL participants with the
same grid, against one API process of its own.

- body: the bytes of the big meeting's GET;
- paint: paintings a second from CLIENTS connections for RATE_SECONDS, each one whole day of one
  of the first SMALL participants (random day, random state, as the organiser), answering the
  latest state, on the big meeting and on the small one;
- floor paint: the same writes (the answers, the version, a log entry) straight through the
  driver, against the floor app (bench/floor.py) on the same database;
- cached GET: GETs a second of the big meeting, unchanged while measured, against the floor's
  read of it (the meeting's columns and every participant's answers, through the driver), and
  beside the ceiling of any cached GET: the floor answering the bytes of that read, held in
  memory (a bare Starlette app, no database). GETs are counted by wrk (bench/wrk.py), as the
  harness counts the days' GETs: a client in Python reading 150 KB answers from threads spent
  more of the two cores than the server did, so that it measured itself (a server answering
  held bytes: 5,500 GETs/s from it, 14,000 from wrk).
"""

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

from bench import wrk
from bench.big_meetings import CLIENTS, Client, Headers, rate

START = dt.date(2027, 1, 4)
DAYS = 31
PARTICIPANTS = 100
SMALL = 2
GRID = {
    "time_zone": "Europe/Berlin",
    "from": "09:00",
    "to": "18:00",
    "slot_minutes": 15,
    "duration_minutes": 60,
}
STATES = ["yes", "if_need_be", "no"]


class Timed:
    def __init__(self, url_code: str, admin: Headers, participants: list[Any], slots: int):
        self.url_code = url_code
        self.admin = admin
        self.participants = participants  # the first SMALL participants' ids
        self.slots = slots


def seed(port: int, backend: str, participants: int) -> Timed:
    client = Client(port, backend)
    end = START + dt.timedelta(DAYS - 1)
    created = client.json(
        "POST", "/meetings", {"title": "Timed", "start_date": str(START), "end_date": str(end)}
    )
    code = created["url_code"]
    admin = {"Authorization": f"Bearer {created['admin_token']}"}
    ids = []
    for n in range(participants):
        joined = client.json(
            "POST", "/participants", {"meeting_url_code": code, "name": f"Participant {n:03d}"}
        )
        ids.append(joined["participant_id"])
    meeting = client.json("PUT", f"/meetings/{code}/times", GRID, admin)
    return Timed(code, admin, ids[:SMALL], len(meeting["times"]["slots"]))


def day_range(rng: random.Random) -> dict[str, str]:
    """One whole day of the grid (Berlin is at +01:00 in January)."""
    day = START + dt.timedelta(rng.randrange(DAYS))
    return {
        "start": f"{day}T09:00:00+01:00",
        "end": f"{day}T18:00:00+01:00",
        "state": rng.choice(STATES),
    }


def painting(meeting: Timed, prefix: str = "") -> Callable[[Client, random.Random], None]:
    def paint(client: Client, rng: random.Random) -> None:
        participant = rng.choice(meeting.participants)
        path = f"{prefix}/meetings/{meeting.url_code}/participants/{participant}/availability"
        status, data, _ = client.send("PATCH", path, {"ranges": [day_range(rng)]}, meeting.admin)
        if status != 200:
            raise SystemExit(f"paint: {status} {data[:300]!r}")

    return paint


def gets_per_s(port: int, backend: str, meeting: Timed, prefix: str = "") -> float:
    return wrk.gets_per_s(
        f"http://127.0.0.1:{port}/v1/{backend}{prefix}/meetings/{meeting.url_code}"
    )


def seed_both(port: int, backend: str) -> tuple[Timed, Timed, int]:
    big = seed(port, backend, PARTICIPANTS)
    small = seed(port, backend, SMALL)
    _, body, _ = Client(port, backend).send("GET", f"/meetings/{big.url_code}")
    return big, small, len(body)


def measure_api(port: int, backend: str, big: Timed, small: Timed) -> dict[str, Any]:
    return {
        "paint_big_per_s": rate(port, backend, painting(big)),
        "paint_small_per_s": rate(port, backend, painting(small)),
        "get_big_per_s": gets_per_s(port, backend, big),
    }


def measure_floor(port: int, backend: str, big: Timed) -> dict[str, Any]:
    return {
        "floor_paint_per_s": rate(port, backend, painting(big, "/floor")),
        "floor_get_per_s": gets_per_s(port, backend, big),
        "ceiling_get_per_s": gets_per_s(port, backend, big, "/kept"),
    }


def summary(
    backend: str, body_bytes: int, slots: int, api: dict[str, Any], floor: dict[str, Any]
) -> dict[str, Any]:
    return {
        "backend": backend,
        "participants": PARTICIPANTS,
        "slots": slots,
        "body_bytes": body_bytes,
        "clients": CLIENTS,
        **api,
        **floor,
        "paint_size_ratio": round(api["paint_big_per_s"] / api["paint_small_per_s"], 2),
        "paint_floor_ratio": round(api["paint_big_per_s"] / floor["floor_paint_per_s"], 2),
        "get_floor_ratio": round(api["get_big_per_s"] / floor["floor_get_per_s"], 2),
        "ceiling_floor_ratio": round(floor["ceiling_get_per_s"] / floor["floor_get_per_s"], 2),
    }
