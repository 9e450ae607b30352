"""The counts behind the limits: the `limits` library's moving window (exact: no burst at a
window's edge), in this process or in a Redis every process shares."""

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Protocol

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter as SharedWindow
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter as InProcessWindow

from app.errors import RateLimitStoreUnavailable
from app.rate_limits.policies import Policies, Policy, Verdict
from app.rate_limits.streams import InProcessStreams, SharedStreams, StreamCounts

# A Redis that does not answer in this long is treated as down (503), not waited for.
REDIS_TIMEOUT_SECONDS = 1.0
# How often the counts kept in memory drop their expired entries.
TRIM_SECONDS = 1.0


class _Window(Protocol):
    async def hit(self, item: RateLimitItem, key: str) -> tuple[bool, float, int]:
        """Whether the hit was counted (within the limit), when one more is free, how many
        more are."""
        ...


class _TrimmedWhenAsked(MemoryStorage):
    """The library's memory storage, whose expired entries are dropped when `trim` is called
    rather than by a thread it starts 10 ms after any count (a new thread every 10 ms under
    load, whose turns at the GIL cost day changes 8 % in the benchmark; its asynchronous
    storage hands every key's expiry to a thread instead, which cost 12 %)."""

    def _MemoryStorage__schedule_expiry(self) -> None:  # the base's private hook
        pass

    def trim(self) -> None:
        # The base's private pass (a name mypy does not mangle, hence getattr); it leaves the
        # emptied lists behind, one per client or token ever counted, so they go here.
        expire: Callable[[], None] = getattr(self, "_MemoryStorage__expire_events")  # noqa: B009
        expire()
        for key in [key for key, entries in self.events.items() if not entries]:
            del self.events[key]


class _InProcess:
    """The library's synchronous API, called in the event loop: counting in memory is a few
    list operations, and expired entries are dropped once a second, in the loop."""

    def __init__(self) -> None:
        self._storage = _TrimmedWhenAsked()
        self._window = InProcessWindow(self._storage)
        self._trimmed_at = time.monotonic()

    async def hit(self, item: RateLimitItem, key: str) -> tuple[bool, float, int]:
        allowed = self._window.hit(item, key)
        reset_at, remaining = self._window.get_window_stats(item, key)
        if time.monotonic() - self._trimmed_at >= TRIM_SECONDS:
            self._storage.trim()
            self._trimmed_at = time.monotonic()
        return allowed, reset_at, remaining


class _InRedis:
    def __init__(self, uri: str) -> None:
        scheme = "async+redis+" if uri.startswith("unix://") else "async+"
        storage = RedisStorage(
            scheme + uri,
            wrap_exceptions=True,
            implementation="redispy",
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
        self._window = SharedWindow(storage)

    async def hit(self, item: RateLimitItem, key: str) -> tuple[bool, float, int]:
        try:
            allowed = await self._window.hit(item, key)
            reset_at, remaining = await self._window.get_window_stats(item, key)
        except StorageError as error:
            raise RateLimitStoreUnavailable() from error
        return allowed, reset_at, remaining


class RateLimiter:
    def __init__(self, policies: Policies, storage_uri: str = "") -> None:
        self.policies = policies
        self._window: _Window = _InRedis(storage_uri) if storage_uri else _InProcess()
        self._streams: StreamCounts = (
            SharedStreams(storage_uri, REDIS_TIMEOUT_SECONDS) if storage_uri else InProcessStreams()
        )
        self._items: dict[Policy, RateLimitItem] = {}

    async def count(self, policy: Policy, key: str) -> Verdict:
        """Counts one request of `key` against `policy` (none when over it)."""
        item = self._items.get(policy)
        if item is None:
            item = self._items[policy] = RateLimitItemPerSecond(
                policy.quota, policy.window_seconds, namespace=policy.name
            )
        allowed, reset_at, remaining = await self._window.hit(item, key)
        return Verdict(policy, allowed, remaining, max(0.0, reset_at - time.time()))

    @asynccontextmanager
    async def stream_of(self, client: str) -> AsyncIterator[None]:
        """Holds one of the client's open streams while in the block; raises ClientStreamsFull
        when it holds as many as it may, in every process that shares the counts."""
        most = self.policies.streams
        if not most:
            yield
            return
        async with self._streams.held(client, most):
            yield

    async def close(self) -> None:
        await self._streams.close()
