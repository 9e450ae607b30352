"""The stores' boundary. A database that cannot answer now is a 503 the client may retry, not
a 500 or a dropped connection: each store names the driver errors that mean so, and its methods
raise DatabaseUnavailable for them. Each call's time goes to the metrics."""

import functools
import inspect
import time
from collections.abc import Callable
from typing import Any, TypeVar

from app.errors import DatabaseUnavailable
from app.ops.metrics import DATABASE_SECONDS

StoreClass = TypeVar("StoreClass", bound=type)


def answers_outages(
    database: str, is_outage: Callable[[BaseException], bool]
) -> Callable[[StoreClass], StoreClass]:
    """Class decorator: every public coroutine method of the store raises DatabaseUnavailable
    where the driver raised an error that `is_outage`."""

    def decorate(store_class: StoreClass) -> StoreClass:
        for name, member in list(vars(store_class).items()):
            if not name.startswith("_") and inspect.iscoroutinefunction(member):
                setattr(store_class, name, _translating(member, database, is_outage))
        return store_class

    return decorate


def _translating(
    method: Callable[..., Any], database: str, is_outage: Callable[[BaseException], bool]
) -> Callable[..., Any]:
    seconds = DATABASE_SECONDS.labels(database.lower(), method.__name__)

    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return await method(*args, **kwargs)
        except Exception as error:
            if is_outage(error):
                raise DatabaseUnavailable(database) from error
            raise
        finally:
            seconds.observe(time.perf_counter() - started)

    return call
