"""RFC 6902 JSON Patches between two versions of a meeting's body.

Versions that share a participant share its object, so telling what changed costs a look at
each participant, not at each day. Operations come in an order that applies: removals from the
last position back, then changes at the positions left, then the participants added at the end.
"""

import orjson

from app.changes.document import Day, Head, MeetingDocument, Person


def json_patch(old: MeetingDocument, new: MeetingDocument) -> bytes:
    """A JSON Patch that turns the body of `old` into the body of `new`."""
    ops: list[bytes] = []
    for field, before, after in zip(Head._fields, old.head, new.head, strict=True):
        if before != after:
            ops.append(_replace(f"/{field}", orjson.dumps(after)))
    if old.version != new.version:
        ops.append(_replace("/version", orjson.dumps(new.version)))
    if old.people is not new.people:
        _participants(old, new, ops)
    best_before, best_after = old.tally.best_dates(), new.tally.best_dates()
    if best_before != best_after:
        ops.append(_replace("/best_dates", orjson.dumps(best_after)))
    return b"[" + b",".join(ops) + b"]"


def _replace(path: str, value: bytes) -> bytes:
    return b'{"op":"replace","path":"' + path.encode() + b'","value":' + value + b"}"


def _participants(old: MeetingDocument, new: MeetingDocument, ops: list[bytes]) -> None:
    staying = new.index
    kept = [person for person in old.people if person.id in staying]
    added = new.people[len(kept) :]
    # Participants only leave or join at the end; anything else is written whole.
    if any(a.id != b.id for a, b in zip(kept, new.people, strict=False)) or (
        added and not {person.id for person in old.people}.isdisjoint(p.id for p in added)
    ):
        people = b",".join(person.json() for person in new.people)
        ops.append(_replace("/participants", b"[" + people + b"]"))
        return
    for n in reversed(range(len(old.people))):
        if old.people[n].id not in staying:
            ops.append(b'{"op":"remove","path":"/participants/%d"}' % n)
    for n, (before, after) in enumerate(zip(kept, new.people, strict=False)):
        if before is not after:
            _person(n, before, after, ops)
    for person in added:
        ops.append(b'{"op":"add","path":"/participants/-","value":' + person.json() + b"}")


def _person(n: int, before: Person, after: Person, ops: list[bytes]) -> None:
    path = f"/participants/{n}"
    if before.name != after.name:
        ops.append(_replace(f"{path}/name", orjson.dumps(after.name)))
    if before.days == after.days:
        return
    if [day.id for day in before.days] != [day.id for day in after.days]:
        dates = orjson.loads(after.json())["dates"]
        ops.append(_replace(f"{path}/dates", orjson.dumps(dates)))
        return
    for m, (was, now) in enumerate(zip(before.days, after.days, strict=True)):
        if was != now:
            _day(f"{path}/dates/{m}", was, now, ops)


def _day(path: str, was: Day, now: Day, ops: list[bytes]) -> None:
    if was.date != now.date:
        ops.append(_replace(f"{path}/date", orjson.dumps(now.date)))
    if was.enabled != now.enabled:
        ops.append(_replace(f"{path}/enabled", orjson.dumps(now.enabled)))
    if was.starred != now.starred:
        ops.append(_replace(f"{path}/starred", orjson.dumps(now.starred)))
