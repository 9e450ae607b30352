"""When a failed delivery is tried again: about 5 s, 1 min, 10 min, 1 h, 6 h and 24 h after the
attempt before; after the seventh attempt it is dropped. A subscription whose deliveries have
failed for 3 days is disabled."""

import datetime as dt

RETRY_AFTER = (
    dt.timedelta(seconds=5),
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=10),
    dt.timedelta(hours=1),
    dt.timedelta(hours=6),
    dt.timedelta(hours=24),
)
DISABLED_AFTER = dt.timedelta(days=3)


def next_try(failed_attempts: int) -> dt.timedelta | None:
    """How long after its `failed_attempts`-th failed attempt an event is tried again; None:
    it is dropped."""
    if failed_attempts < 1:
        raise ValueError("an event is tried again only after an attempt failed")
    if failed_attempts > len(RETRY_AFTER):
        return None
    return RETRY_AFTER[failed_attempts - 1]
