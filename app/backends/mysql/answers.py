"""Answers per slot on MySQL: the grid's columns and the statement that moves answers, shared by
the range change (store) and the times store."""

from collections.abc import Mapping
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from app.kernel.ids import JsonId
from app.times.slots import Grid


def grid_columns(grid: Grid | None) -> dict[str, Any]:
    """The meeting's columns for a grid; all NULL for none."""
    return {
        "time_zone": grid.time_zone if grid else None,
        "day_from": grid.start_minute if grid else None,
        "day_to": grid.end_minute if grid else None,
        "slot_minutes": grid.slot_minutes if grid else None,
        "duration_minutes": grid.duration_minutes if grid else None,
    }


async def write_answers(
    conn: BaseDBAsyncClient, url_code: str, answers: Mapping[JsonId, str]
) -> None:
    """Sets these participants' answers, in one statement. By hand: Tortoise's update cannot
    filter on the meeting's code (a join)."""
    ids = [key for key in answers if isinstance(key, int)]
    if not ids:
        return
    cases = " ".join(["WHEN %s THEN %s"] * len(ids))
    await conn.execute_query(
        "UPDATE participant p JOIN meeting m ON m.id = p.meeting_id"
        f" SET p.availability = CASE p.id {cases} END"
        f" WHERE m.url_code = %s AND p.id IN ({', '.join(['%s'] * len(ids))})",
        [*(value for key in ids for value in (key, answers[key])), url_code, *ids],
    )
