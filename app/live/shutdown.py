"""Streams end when the server is told to stop, not when it gives up waiting for them.

On SIGINT/SIGTERM uvicorn first waits for every open connection to finish its response, and
only then runs the lifespan's shutdown: an event stream never finishes by itself, so the
lifespan is too late to end it. Whatever uvicorn does on the signal, we do first as well.
"""

import asyncio
import signal
import threading
from collections.abc import Callable
from types import FrameType

import uvicorn

HANDLED = (signal.SIGINT, signal.SIGTERM)


def on_server_exit(callback: Callable[[], None]) -> None:
    """Calls `callback` in this event loop as soon as uvicorn's server gets a stop signal.
    Does nothing when no uvicorn server handles the signals (tests, other servers)."""
    if threading.current_thread() is not threading.main_thread():
        return
    loop = asyncio.get_running_loop()
    for sig in HANDLED:
        previous = signal.getsignal(sig)
        if not callable(previous) or not isinstance(
            getattr(previous, "__self__", None), uvicorn.Server
        ):
            continue

        def handler(
            signum: int,
            frame: FrameType | None,
            previous: Callable[[int, FrameType | None], object] = previous,
        ) -> None:
            loop.call_soon_threadsafe(callback)
            previous(signum, frame)

        signal.signal(sig, handler)
