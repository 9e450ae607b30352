# The few parts of aiomysql (which ships no types) that the floor app uses.
from types import TracebackType
from typing import Any

class Cursor:
    async def execute(self, query: str, args: tuple[Any, ...] | None = ...) -> int: ...
    async def fetchall(self) -> list[tuple[Any, ...]]: ...
    async def __aenter__(self) -> Cursor: ...
    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...

class Connection:
    def cursor(self) -> Cursor: ...

class _PoolAcquire:
    async def __aenter__(self) -> Connection: ...
    async def __aexit__(
        self, t: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None: ...

class Pool:
    def acquire(self) -> _PoolAcquire: ...
    def close(self) -> None: ...
    async def wait_closed(self) -> None: ...

async def create_pool(
    *,
    host: str,
    port: int,
    user: str,
    password: str,
    db: str,
    minsize: int,
    maxsize: int,
    autocommit: bool,
    charset: str,
) -> Pool: ...
