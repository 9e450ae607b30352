"""Deleting the meetings whose expiry date has come: by a task in every server process, and
once by `python -m app.expire` (for cron). A meeting is gone from its expiry day on, in every
process at once: each process sweeps before it serves the first request of a day (DailySweep),
so none answers for a meeting whose day has come, whatever its periodic sweep's timing.

Each batch is one transaction that deletes a few whole meetings, so no meeting is ever seen
half-deleted and no transaction holds the database for long. Processes sweeping at once skip
the meetings another is deleting (or delete them again, harmlessly, after a conflict)."""

import asyncio
import datetime as dt
import logging
import random

from app.errors import DatabaseUnavailable
from app.meetings.service import MeetingService, today

log = logging.getLogger(__name__)

# Meetings per transaction at first. A meeting holds up to MAX_PARTICIPANTS x 62 days: 31,000
# by default, which MariaDB deletes in about 0.12 s on the benchmark machine.
EXPIRY_BATCH = 5


async def sweep(meetings: MeetingService, batch: int = EXPIRY_BATCH) -> int:
    """Deletes every meeting whose expiry date has come (UTC); answers how many."""
    on = today()
    deleted = 0
    while True:
        try:
            codes = await meetings.store.delete_expired(on, batch)
        except DatabaseUnavailable:
            # Large meetings can take a batch past the database deadline (nothing of it is
            # deleted then): fewer per transaction. A database that is away fails each time.
            if batch == 1:
                raise
            batch = max(1, batch // 2)
            continue
        for url_code in codes:
            meetings.forget(url_code)
        deleted += len(codes)
        if len(codes) < batch:
            return deleted


class DailySweep:
    """A sweep before the first request of each day (UTC) that this process serves."""

    def __init__(self, meetings: MeetingService) -> None:
        self.meetings = meetings
        self.swept_on: dt.date | None = None
        self._sweeping = asyncio.Lock()

    async def before_serving(self) -> None:
        """Returns once this process has swept today; a database that cannot answer is a 503,
        and the next request sweeps again."""
        on = today()
        if self.swept_on == on:
            return
        async with self._sweeping:
            if self.swept_on != on:
                await sweep(self.meetings)
                self.swept_on = on


async def sweep_every(meetings: MeetingService, backend: str, minutes: float) -> None:
    """Sweeps until cancelled: first at a random moment of the first interval, so that
    processes started together do not all sweep together."""
    interval = minutes * 60
    delay = random.uniform(0, interval)
    while True:
        await asyncio.sleep(delay)
        delay = interval
        try:
            deleted = await sweep(meetings)
        except Exception:
            # The database may be away for a moment: the next sweep tries again.
            log.warning("%s: deleting expired meetings failed", backend, exc_info=True)
            continue
        if deleted:
            log.info("%s: deleted %d expired meeting(s)", backend, deleted)
