"""The counts behind the limits: the `limits` library's moving window (exact: no burst at a
window's edge), in this process or in a Redis every process shares."""

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from limits import RateLimitItem, RateLimitItemPerSecond
from limits.aio.storage import MemoryStorage, RedisStorage
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError

from app.errors import ClientStreamsFull, RateLimitStoreUnavailable
from app.rate_limits.policies import Policies, Policy, Verdict

# A Redis that does not answer in this long is treated as down (503), not waited for.
REDIS_TIMEOUT_SECONDS = 1.0


def _storage(uri: str) -> MemoryStorage | RedisStorage:
    if not uri:
        return MemoryStorage()
    scheme = "async+redis+" if uri.startswith("unix://") else "async+"
    return RedisStorage(
        scheme + uri,
        wrap_exceptions=True,
        implementation="redispy",
        socket_timeout=REDIS_TIMEOUT_SECONDS,
        socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
    )


class RateLimiter:
    def __init__(self, policies: Policies, storage_uri: str = "") -> None:
        self.policies = policies
        self.storage = _storage(storage_uri)
        self._window = MovingWindowRateLimiter(self.storage)
        self._items: dict[Policy, RateLimitItem] = {}
        self._streams: Counter[str] = Counter()

    async def count(self, policy: Policy, key: str) -> Verdict:
        """Counts one request of `key` against `policy` (none when over it)."""
        item = self._items.get(policy)
        if item is None:
            item = self._items[policy] = RateLimitItemPerSecond(
                policy.quota, policy.window_seconds, namespace=policy.name
            )
        try:
            allowed = await self._window.hit(item, key)
            reset_at, remaining = await self._window.get_window_stats(item, key)
        except StorageError as error:
            raise RateLimitStoreUnavailable() from error
        return Verdict(policy, allowed, remaining, max(0.0, reset_at - time.time()))

    @contextmanager
    def stream_of(self, client: str) -> Iterator[None]:
        """Holds one of the client's open streams while in the block; raises ClientStreamsFull
        when it holds as many as it may. Counted in this process: a stream lives in one."""
        most = self.policies.streams
        if most and self._streams[client] >= most:
            raise ClientStreamsFull(most)
        self._streams[client] += 1
        try:
            yield
        finally:
            self._streams[client] -= 1
            if not self._streams[client]:
                del self._streams[client]
