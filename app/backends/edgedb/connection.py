"""The EdgeDB client: one per process, from EDGEDB_DSN or the driver's usual EDGEDB_* variables;
and which of its errors mean a server that cannot answer now."""

import os
import random
from typing import Protocol, cast

import edgedb

from app.settings import Settings

# Concurrent writers of one meeting conflict under EdgeDB's serializable isolation; the driver
# runs the losers again, quickly and with jitter, until each has landed.
CONFLICT_ATTEMPTS = 60


def _backoff(attempt: int) -> float:
    return random.uniform(0, 0.002 * min(attempt, 10))


# Any of these tells the driver where a server is (EDGEDB_DSN is read into the settings).
SERVER_VARIABLES = ("EDGEDB_INSTANCE", "EDGEDB_HOST", "EDGEDB_PORT", "EDGEDB_CREDENTIALS_FILE")


def is_configured(settings: Settings) -> bool:
    return bool(settings.edgedb_dsn) or any(os.environ.get(name) for name in SERVER_VARIABLES)


def create_client(settings: Settings, database: str | None = None) -> edgedb.AsyncIOClient:
    client = edgedb.create_async_client(
        dsn=settings.edgedb_dsn,
        database=database or settings.edgedb_database,
        max_concurrency=settings.edgedb_pool_size,
        # The driver would otherwise keep trying to connect for 30 s while the server is away.
        wait_until_available=max(1, settings.database_deadline_ms // 1000),
    )
    conflicts = cast(_RetryRules, edgedb.RetryOptions(attempts=CONFLICT_ATTEMPTS, backoff=_backoff))
    # A server that is away is an outage to answer with 503 now, not 60 reconnections.
    retries = conflicts.with_rule(edgedb.RetryCondition.NetworkError, attempts=1)
    retrying = client.with_retry_options(retries)
    return cast(edgedb.AsyncIOClient, retrying)


class _RetryRules(Protocol):
    """RetryOptions.with_rule, which the driver ships without annotations."""

    def with_rule(self, condition: object, attempts: int | None = None) -> edgedb.RetryOptions: ...


class _Lifecycle(Protocol):
    """The driver's connection methods, which it ships without annotations."""

    async def ensure_connected(self) -> object: ...

    async def aclose(self) -> None: ...


async def connect(client: edgedb.AsyncIOClient) -> None:
    await cast(_Lifecycle, client).ensure_connected()


async def close(client: edgedb.AsyncIOClient) -> None:
    await cast(_Lifecycle, client).aclose()


def is_outage(error: BaseException) -> bool:
    return isinstance(error, edgedb.ClientConnectionError | edgedb.AvailabilityError)
