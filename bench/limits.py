"""Rate limits at no cost to those within them, against API processes of their own on one
database:

- cost: cached GETs of a meeting of PARTICIPANTS participants over 14 days (wrk) and day
  changes of it (CLIENTS connections, each change by the day's own participant with their
  token, so that each is counted against a token as people's changes are), with the limits off,
  counting in memory and counting in Redis (at their defaults, which no token reaches here:
  every change counted, none refused); after a round that warms every server up, ROUNDS
  rounds in turns, the median of each;
- a client over its limit: one client (X-Forwarded-For 10.9.9.9) creating meetings from
  HAMMERS connections (wrk), refused with 429 after CREATES_PER_HOUR, while another client's
  cached GETs are counted, against those GETs alone (the server counting in memory).
"""

import datetime as dt
import random
import statistics
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

from app.settings import Settings
from bench import wrk
from bench.big_meetings import START, Client, Headers, rate

ROUNDS = 5
HAMMERS = 4
HAMMER = {"X-Forwarded-For": "10.9.9.9"}  # the client over its limit
PARTICIPANTS = 60  # so that no token makes CHANGES_PER_MINUTE changes in a minute here
DAYS = 14
LIMITS = ("CREATES_PER_HOUR", "JOINS_PER_MINUTE", "CHANGES_PER_MINUTE", "STREAMS_PER_CLIENT")
COST_TARGET = 0.95  # with the limits counting in memory, against them off
HAMMERED_TARGET = 0.8  # another client's GETs while one hammers, against them alone

# Each a server's environment beyond the bench's, whose limits are off: the limits as they are
# when unset.
DEFAULTS = {name: str(Settings.model_fields[name.lower()].default) for name in LIMITS}


def configs(redis_url: str | None) -> dict[str, dict[str, str]]:
    """The servers to measure: the limits off, counting in memory, in Redis (when there is
    one); the hammering is measured on the one counting in memory."""
    servers: dict[str, dict[str, str]] = {"off": {}, "memory": DEFAULTS}
    if redis_url:
        servers["redis"] = {**DEFAULTS, "RATE_LIMIT_STORAGE": redis_url}
    return servers


@dataclass
class People:
    """A meeting's participants, each with their token and their days."""

    url_code: str
    days: list[tuple[Any, Headers]]  # (day id, its participant's Authorization)


def seed(port: int, backend: str) -> People:
    client = Client(port, backend)
    end = START + dt.timedelta(DAYS - 1)
    body = {"title": "Limits", "start_date": str(START), "end_date": str(end)}
    code = client.json("POST", "/meetings", body)["url_code"]
    people = People(code, [])
    for n in range(PARTICIPANTS):
        body = {"meeting_url_code": code, "name": f"Participant {n:03d}"}
        joined = client.json("POST", "/participants", body)
        own = {"Authorization": f"Bearer {joined['participant_token']}"}
        people.days += [(day["id"], own) for day in joined["participant_dates"]]
    return people


def own_day_change(people: People) -> Callable[[Client, random.Random], None]:
    def change(client: Client, rng: random.Random) -> None:
        day, own = rng.choice(people.days)
        body = {"participant_date_id": day, "meeting_url_code": people.url_code}
        action = rng.choice(["on", "off"])
        status, data, _ = client.send("PATCH", f"/participant_dates/{action}", body, own)
        if status != 200:
            raise SystemExit(f"day change: {status} {data[:300]!r}")

    return change


def measure(
    backend: str,
    ports: dict[str, int],
    serving: Callable[[], AbstractContextManager[None]],
) -> dict[str, Any]:
    """`ports`: each config's server, all running while `serving` is entered. Each round
    measures the servers in turns, the next round in the other order, so that a drift of the
    machine over a round falls on every side; a ratio is the median of the rounds' ratios."""
    with serving():
        people = seed(ports["off"], backend)
        url = f"/v1/{backend}/meetings/{people.url_code}"
        gets: dict[str, list[float]] = {name: [] for name in ports}
        changes: dict[str, list[float]] = {name: [] for name in ports}
        hammered: list[float] = []
        hammers: list[wrk.Posted] = []
        order = list(ports)
        # Unrecorded: each server reads the meeting and its guard the digests of its days once.
        for name in order:
            wrk.gets_per_s(f"http://127.0.0.1:{ports[name]}{url}")
            rate(ports[name], backend, own_day_change(people))
        for _ in range(ROUNDS):
            for name in order:
                gets[name].append(wrk.gets_per_s(f"http://127.0.0.1:{ports[name]}{url}"))
                changes[name].append(rate(ports[name], backend, own_day_change(people)))
            memory = f"http://127.0.0.1:{ports['memory']}"
            with wrk.posting(f"{memory}/v1/{backend}/meetings", HAMMER, HAMMERS) as posted:
                hammered.append(wrk.gets_per_s(f"{memory}{url}"))
            hammers.append(posted)
            order.reverse()

    def ratio(of: list[float], to: list[float]) -> float:
        return round(statistics.median(a / b for a, b in zip(of, to, strict=True)), 2)

    result: dict[str, Any] = {
        "backend": backend,
        "rounds": ROUNDS,
        "get_per_s": {name: statistics.median(rates) for name, rates in gets.items()},
        "change_per_s": {name: statistics.median(rates) for name, rates in changes.items()},
        "get_memory_ratio": ratio(gets["memory"], gets["off"]),
        "change_memory_ratio": ratio(changes["memory"], changes["off"]),
        "hammered_get_per_s": statistics.median(hammered),
        "hammered_ratio": ratio(hammered, gets["memory"]),
        "hammer_per_s": statistics.median(posted.per_s for posted in hammers),
        "hammer_refused": min(posted.refused for posted in hammers),
    }
    if "redis" in gets:
        result["get_redis_ratio"] = ratio(gets["redis"], gets["off"])
        result["change_redis_ratio"] = ratio(changes["redis"], changes["off"])
    return result


NONE = "n/a"  # no Redis to measure


def ok(ratio: float, target: float) -> str:
    return f"{ratio} ≥ {target} {'ok' if ratio >= target else 'MISSED'}"


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| backend | GET/s off / memory / Redis | ratio memory (Redis) | day changes/s off /"
        " memory / Redis | ratio memory (Redis) | GET/s alone / while one client hammers"
        " creates | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    for backend, result in results.items():
        r = result["limits"]
        get, change = r["get_per_s"], r["change_per_s"]

        lines.append(
            f"| {backend}"
            f" | {get['off']} / {get['memory']} / {get.get('redis', NONE)}"
            f" | {ok(r['get_memory_ratio'], COST_TARGET)} ({r.get('get_redis_ratio', NONE)})"
            f" | {change['off']} / {change['memory']} / {change.get('redis', NONE)}"
            f" | {ok(r['change_memory_ratio'], COST_TARGET)} ({r.get('change_redis_ratio', NONE)})"
            f" | {get['memory']} / {r['hammered_get_per_s']}"
            f" ({r['hammer_per_s']} creates/s, {r['hammer_refused']} refused)"
            f" | {ok(r['hammered_ratio'], HAMMERED_TARGET)} |"
        )
    return "\n".join(lines)
