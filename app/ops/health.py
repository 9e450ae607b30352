"""Liveness and readiness, outside /v1: for load balancers, orchestrators and people."""

import asyncio
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import Field

from app.kernel.dto import Frozen
from app.meetings.router import BACKEND_NAMES, Backend, Backends

READY_WITHIN_S = 1.0

router = APIRouter(tags=["health"])


class Alive(Frozen):
    status: Literal["ok"] = "ok"


class Readiness(Frozen):
    status: Literal["ready", "unready"]
    backends: dict[Backend, str] = Field(
        description='Per backend: "ok", or why it cannot serve now.',
        examples=[{"mysql": "ok", "edgedb": "no answer within 1.0 s"}],
    )


@router.get("/healthz", response_model=Alive)
async def healthz() -> Alive:
    """This process is up and answering."""
    return Alive()


async def _backend_status(backends: Backends, backend: Backend) -> str:
    service = backends.services.get(backend)
    if service is None:
        reason = backends.unavailable.get(backend, "not started")
        return f"{BACKEND_NAMES[backend]} did not start: {reason}"
    try:
        await asyncio.wait_for(service.store.ping(), READY_WITHIN_S)
    except TimeoutError:
        return f"no answer within {READY_WITHIN_S} s"
    except Exception as error:  # whatever the driver says, the backend is not ready
        return f"{type(error).__name__}: {error}"
    return "ok"


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "A backend cannot serve now"}},
)
async def readyz(request: Request) -> JSONResponse:
    """Each backend this server was set up for answered a trivial query within a second."""
    backends: Backends = request.app.state.backends
    names = [name for name in Backend if name not in backends.not_set_up]
    statuses = await asyncio.gather(*(_backend_status(backends, name) for name in names))
    ready = all(status == "ok" for status in statuses)
    readiness = Readiness(
        status="ready" if ready else "unready", backends=dict(zip(names, statuses, strict=True))
    )
    return JSONResponse(readiness.model_dump(mode="json"), status_code=200 if ready else 503)
