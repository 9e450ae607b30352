"""The stores' boundary. A database that cannot answer now is a 503 the client may retry, not
a 500, a hang or a dropped connection: each store names the driver errors that mean so, every
call has a deadline, and the stores' methods raise DatabaseUnavailable for either. A call that
passes its deadline while the database goes on answering this process's other calls waited
here, behind them (for a connection, or for the event loop): that is ServerBusy, also a 503,
saying so. Each call's time goes to the metrics, and each unanswered one, by its cause."""

import asyncio
import functools
import inspect
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any, ParamSpec, Protocol, TypeVar

from app.errors import DatabaseUnavailable, ServerBusy, ServiceBusy
from app.ops.metrics import DATABASE_SECONDS, UNANSWERED

StoreClass = TypeVar("StoreClass", bound=type)
Params = ParamSpec("Params")
Result = TypeVar("Result")


class Deadlined(Protocol):
    # How long one call may wait for the database: a server that hangs (rather than refusing
    # connections) would otherwise hold the request until TCP gives up, minutes later.
    deadline_seconds: float


# How many deadlines after the database's last answer a crowded process still blames itself.
RECENT_DEADLINES = 10


class Answers:
    """When a database last answered one of this process's calls, and which calls it has yet
    to answer."""

    def __init__(self) -> None:
        self.last = float("-inf")
        self._pending: dict[int, float] = {}
        self._next = itertools.count()

    def asked(self, started: float) -> int:
        ticket = next(self._next)
        self._pending[ticket] = started
        return ticket

    def settled(self, ticket: int) -> None:
        del self._pending[ticket]

    def heard(self) -> None:
        self.last = time.monotonic()

    def busy(self, ticket: int, deadline: float) -> bool:
        """Whether the call `ticket`, past its deadline, waited on this process rather than on
        the database: the database answered another call meanwhile; or a call asked before
        it is still under way, so this one queued behind it (a database that stops answering
        times that one out first, having given it the same deadline); or other calls crowd
        this process while the database answered within the last few deadlines (a crowd
        slows the connection this call waited to have made again, once a call before it gave
        up its own); or the event loop was too late to time the call out when it should
        have. (A call under way when the database stops answering, or crowded by others in
        the few deadlines after, may be told busy; every later one is told the database
        cannot answer.)"""
        started = self._pending[ticket]
        now = time.monotonic()
        late = now - (started + deadline)
        ahead = any(
            earlier < started for other, earlier in self._pending.items() if other != ticket
        )
        crowded = len(self._pending) > 1 and now - self.last < RECENT_DEADLINES * deadline
        return self.last > started or ahead or crowded or late > deadline / 2


# Per database, over every store of it in this process.
_ANSWERS: dict[str, Answers] = {}


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
    backend = database.lower()
    seconds = DATABASE_SECONDS.labels(backend, method.__name__)
    answers = _ANSWERS.setdefault(database, Answers())

    @functools.wraps(method)
    async def call(store: Deadlined, *args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        ticket = answers.asked(started)
        try:
            # A cancelled query closes its connection in both drivers, so none goes back to
            # the pool with an answer still to come.
            async with asyncio.timeout(store.deadline_seconds):
                answer = await method(store, *args, **kwargs)
        except TimeoutError as error:  # ours, or a batch's that this call waited for
            unanswered: ServiceBusy = DatabaseUnavailable(database)
            if answers.busy(ticket, store.deadline_seconds):
                unanswered = ServerBusy()
            UNANSWERED.labels(backend, _cause(unanswered)).inc()
            raise unanswered from error
        except Exception as error:
            if is_outage(error):
                UNANSWERED.labels(backend, "database").inc()
                raise DatabaseUnavailable(database) from error
            answers.heard()  # the database's own refusal: a unique name taken, say
            raise
        finally:
            answers.settled(ticket)
            seconds.observe(time.monotonic() - started)
        answers.heard()
        return answer

    return call


def _cause(unanswered: ServiceBusy) -> str:
    return "busy" if isinstance(unanswered, ServerBusy) else "database"
