"""The event streams each client holds open (STREAMS_PER_CLIENT): a count of what is held now,
not of a window. Kept in this process by default; in the Redis that keeps the other counts, by
every process together, when RATE_LIMIT_STORAGE names one.

In Redis, each client's streams are a sorted set of one member per stream, scored with the
moment its place runs out: the process that holds a stream renews its place while it is open
and gives it back when it ends, so a process that dies frees its clients' places within a
lease. The time is Redis's own, so the processes' clocks need not agree.
"""

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Protocol

from redis import asyncio as redis
from redis.exceptions import RedisError

from app.errors import ClientStreamsFull, RateLimitStoreUnavailable

log = logging.getLogger(__name__)

# How long a stream's place in Redis lasts unless its process renews it, and how often the
# process renews the places of the streams it holds.
LEASE_SECONDS = 30
RENEW_SECONDS = 10

# KEYS[1]: the client's streams; ARGV: the most it may hold, the lease, the new stream's member.
_TAKE = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', t)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then
    return 0
end
redis.call('ZADD', KEYS[1], t + tonumber(ARGV[2]), ARGV[3])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]) + 1)
return 1
"""

# KEYS: the clients' streams; ARGV: the lease, then each key's member, in order. A place that
# ran out meanwhile (Redis was out of reach for a lease) is not taken again: XX.
_RENEW = """
local now = redis.call('TIME')
local t = tonumber(now[1]) + tonumber(now[2]) / 1000000 + tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
    redis.call('ZADD', key, 'XX', t, ARGV[i + 1])
    redis.call('EXPIRE', key, tonumber(ARGV[1]) + 1)
end
return 1
"""


class StreamCounts(Protocol):
    def held(self, client: str, most: int) -> AbstractAsyncContextManager[None]:
        """One of the client's streams, held while in the block; raises ClientStreamsFull when
        it holds `most` already."""
        ...

    async def close(self) -> None: ...


class InProcessStreams:
    def __init__(self) -> None:
        self._open: Counter[str] = Counter()

    @asynccontextmanager
    async def held(self, client: str, most: int) -> AsyncIterator[None]:
        if self._open[client] >= most:
            raise ClientStreamsFull(most)
        self._open[client] += 1
        try:
            yield
        finally:
            self._open[client] -= 1
            if not self._open[client]:
                del self._open[client]

    async def close(self) -> None:
        pass


class SharedStreams:
    def __init__(self, uri: str, timeout_seconds: float) -> None:
        self._redis = redis.from_url(
            uri, socket_timeout=timeout_seconds, socket_connect_timeout=timeout_seconds
        )
        self._take = self._redis.register_script(_TAKE)
        self._renew = self._redis.register_script(_RENEW)
        self._held: dict[str, str] = {}  # each open stream's member: its client's key
        self._renewing: asyncio.Task[None] | None = None
        self._giving_back: set[asyncio.Task[None]] = set()

    @asynccontextmanager
    async def held(self, client: str, most: int) -> AsyncIterator[None]:
        key, member = f"meetifyr:streams:{client}", uuid.uuid4().hex
        try:
            taken = await self._take(keys=[key], args=[most, LEASE_SECONDS, member])
        except RedisError as error:
            raise RateLimitStoreUnavailable() from error
        if not taken:
            raise ClientStreamsFull(most)
        self._held[member] = key
        if self._renewing is None:
            self._renewing = asyncio.create_task(self._renew_held(), name="stream places")
        try:
            yield
        finally:
            del self._held[member]
            # A task of its own: the stream ends when its client has gone, which cancels it.
            task = asyncio.create_task(self._give_back(key, member))
            self._giving_back.add(task)
            task.add_done_callback(self._giving_back.discard)

    async def _give_back(self, key: str, member: str) -> None:
        try:
            await self._redis.zrem(key, member)
        except RedisError as error:  # its lease frees the place
            log.warning("could not give back a stream's place in Redis: %s", error)

    async def _renew_held(self) -> None:
        while True:
            await asyncio.sleep(RENEW_SECONDS)
            held = list(self._held.items())
            if not held:
                continue
            try:
                await self._renew(
                    keys=[key for _, key in held],
                    args=[LEASE_SECONDS, *(member for member, _ in held)],
                )
            except RedisError as error:  # tried again at the next turn
                log.warning("could not renew the streams' places in Redis: %s", error)

    async def close(self) -> None:
        if self._renewing is not None:
            self._renewing.cancel()
            await asyncio.gather(self._renewing, return_exceptions=True)
        await asyncio.gather(*self._giving_back, return_exceptions=True)
        await self._redis.aclose()
