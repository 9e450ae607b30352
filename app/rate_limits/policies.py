"""The limits, as the settings give them, and how the IETF httpapi draft (08 and later) writes
them in `RateLimit-Policy` and `RateLimit`."""

import math
from dataclasses import dataclass

from app.settings import Settings

HOUR = 3600
MINUTE = 60


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    quota: int  # 0: off
    window_seconds: int

    @property
    def on(self) -> bool:
        return self.quota > 0

    @property
    def header(self) -> str:
        return f'"{self.name}";q={self.quota};w={self.window_seconds}'


@dataclass(frozen=True, slots=True)
class Verdict:
    """A request counted against a policy: whether it is within it, how many more it allows
    and in how many seconds one more is free (when the oldest counted request leaves the
    window)."""

    policy: Policy
    allowed: bool
    remaining: int
    reset_seconds: float

    @property
    def header(self) -> str:
        return f'"{self.policy.name}";r={self.remaining};t={self.retry_after}'

    @property
    def retry_after(self) -> int:
        return max(1, math.ceil(self.reset_seconds))


@dataclass(frozen=True, slots=True)
class Policies:
    creates: Policy
    joins: Policy
    changes: Policy
    streams: int  # open event streams at once per client; 0: off

    @classmethod
    def of(cls, settings: Settings) -> "Policies":
        return cls(
            creates=Policy("creates", settings.creates_per_hour, HOUR),
            joins=Policy("joins", settings.joins_per_minute, MINUTE),
            changes=Policy("changes", settings.changes_per_minute, MINUTE),
            streams=settings.streams_per_client,
        )
