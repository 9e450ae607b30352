"""The limits on the routes: FastAPI dependencies that count a request before anything is done
for it (429 over a limit), and the middleware that writes what they counted into the answer's
`RateLimit-Policy` and `RateLimit` headers, whatever the answer is."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.access.tokens import digest
from app.errors import TooManyRequests
from app.rate_limits.limiter import RateLimiter
from app.rate_limits.policies import Policy, Verdict

# A refusal is answered this long after the request came (at most its Retry-After), so that a
# client retrying at once in a loop sends a request a second per connection, not as many as the
# server can refuse: refused at full speed, 4 connections took half of what the server did.
REFUSAL_DELAY_SECONDS = 1.0

# Where a request's verdicts wait for its answer: the request's own state (scope["state"]).
_VERDICTS = "rate_limit_verdicts"

_OVER = {
    "creates": "this client has created {quota} meetings in the last hour, the most it may",
    "joins": "this client has joined meetings {quota} times in the last minute, the most it may",
    "changes": "this token has made {quota} changes in the last minute, the most it may",
}


def client_of(request: Request) -> str:
    """The client's address: the peer's, or the one a trusted proxy forwarded (uvicorn's
    --forwarded-allow-ips, which run.sh sets from TRUSTED_PROXIES, has put it there)."""
    return request.client.host if request.client is not None else "unknown"


def _limiter(request: Request) -> RateLimiter:
    limiter: RateLimiter = request.app.state.rate_limiter
    return limiter


async def _count(request: Request, policy: Policy, key: str) -> None:
    if not policy.on:
        return
    verdict = await _limiter(request).count(policy, key)
    state: dict[str, Any] = request.scope.setdefault("state", {})
    verdicts: list[Verdict] = state.setdefault(_VERDICTS, [])
    verdicts.append(verdict)
    if not verdict.allowed:
        await asyncio.sleep(min(REFUSAL_DELAY_SECONDS, verdict.reset_seconds))
        detail = _OVER[policy.name].format(quota=policy.quota)
        raise TooManyRequests(
            f"{detail}; try again in {verdict.retry_after} s", verdict.retry_after
        )


async def count_create(request: Request) -> None:
    """Counts a meeting created by this client (CREATES_PER_HOUR)."""
    await _count(request, _limiter(request).policies.creates, client_of(request))


async def count_join(request: Request) -> None:
    """Counts a join by this client (JOINS_PER_MINUTE)."""
    await _count(request, _limiter(request).policies.joins, client_of(request))


async def count_change(request: Request, token: str) -> None:
    """Counts a request that sends this token (CHANGES_PER_MINUTE): by its digest, never the
    token itself, in whatever store keeps the counts."""
    await _count(request, _limiter(request).policies.changes, digest(token))


@asynccontextmanager
async def client_stream(request: Request) -> AsyncIterator[None]:
    """Holds one of this client's open event streams (STREAMS_PER_CLIENT) while in the block."""
    async with _limiter(request).stream_of(client_of(request)):
        yield


class RateLimitHeaders:
    """Writes the verdicts a request was counted under into its answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                state: dict[str, Any] = scope.get("state", {})
                verdicts: list[Verdict] | None = state.get(_VERDICTS)
                if verdicts:
                    policies = ", ".join(verdict.policy.header for verdict in verdicts)
                    counts = ", ".join(verdict.header for verdict in verdicts)
                    message = {
                        **message,
                        "headers": [
                            *message.get("headers", []),
                            (b"ratelimit-policy", policies.encode()),
                            (b"ratelimit", counts.encode()),
                        ],
                    }
            await send(message)

        await self.app(scope, receive, send_with_limits)
