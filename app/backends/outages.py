"""The stores' boundary. A database that cannot answer now is a 503 the client may retry, not
a 500, a hang or a dropped connection: each store names the driver errors that mean so, every
call has a deadline, and the stores' methods raise DatabaseUnavailable for either. Each call's
time goes to the metrics."""

import asyncio
import functools
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, Protocol, TypeVar

from app.errors import DatabaseUnavailable
from app.ops.metrics import DATABASE_SECONDS

StoreClass = TypeVar("StoreClass", bound=type)
Params = ParamSpec("Params")
Result = TypeVar("Result")


class Deadlined(Protocol):
    # How long one call may wait for the database: a server that hangs (rather than refusing
    # connections) would otherwise hold the request until TCP gives up, minutes later.
    deadline_seconds: float


def answers_outages(
    database: str, is_outage: Callable[[BaseException], bool]
) -> Callable[[StoreClass], StoreClass]:
    """Class decorator: every public coroutine method of the store raises DatabaseUnavailable
    where the driver raised an error that `is_outage`, or the store's deadline passed."""

    def decorate(store_class: StoreClass) -> StoreClass:
        for name, member in list(vars(store_class).items()):
            if not name.startswith("_") and inspect.iscoroutinefunction(member):
                setattr(store_class, name, _translating(member, database, is_outage))
        return store_class

    return decorate


def within_deadline(
    call: Callable[Params, Awaitable[Result]], seconds: float
) -> Callable[Params, Awaitable[Result]]:
    """`call` with a deadline of its own: for database work that runs in a task of its own
    (a batch), whose callers' deadlines do not reach it."""

    @functools.wraps(call)
    async def bounded(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        async with asyncio.timeout(seconds):
            return await call(*args, **kwargs)

    return bounded


def _translating(
    method: Callable[..., Any], database: str, is_outage: Callable[[BaseException], bool]
) -> Callable[..., Any]:
    seconds = DATABASE_SECONDS.labels(database.lower(), method.__name__)

    @functools.wraps(method)
    async def call(store: Deadlined, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            # A cancelled query closes its connection in both drivers, so none goes back to
            # the pool with an answer still to come.
            async with asyncio.timeout(store.deadline_seconds):
                return await method(store, *args, **kwargs)
        except TimeoutError as error:  # ours, or a batch's that this call waited for
            raise DatabaseUnavailable(database) from error
        except Exception as error:
            if is_outage(error):
                raise DatabaseUnavailable(database) from error
            raise
        finally:
            seconds.observe(time.perf_counter() - started)

    return call
