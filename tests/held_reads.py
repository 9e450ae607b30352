"""The store's reads of a meeting, listed and held back a while: long enough for other requests
to ask for the same meeting meanwhile."""

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI

from app.meetings.router import Backend

READS = ("read_state_body", "meeting_version", "changes_since")


def held_reads(
    app: FastAPI, backend: str, monkeypatch: pytest.MonkeyPatch, seconds: float
) -> list[str]:
    """The names of the reads the store makes from now on, in the order the database answered
    them; each is handed back `seconds` after that."""
    store = app.state.backends.services[Backend(backend)].store
    reads: list[str] = []
    for name in READS:
        call = getattr(store, name)

        async def held(*args: object, __call: Any = call, __name: str = name) -> object:
            answer = await __call(*args)
            reads.append(__name)
            await asyncio.sleep(seconds)
            return answer

        monkeypatch.setattr(store, name, held)
    return reads
