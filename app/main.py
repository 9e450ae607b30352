"""The FastAPI application: one v1 router, served for each backend that could start."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.routing import APIRoute

from app.access.guard import Guard
from app.access.port import TokenDigestStore
from app.activity import router as activity
from app.backends.edgedb.connection import is_configured as edgedb_configured
from app.backends.edgedb.digests import EdgeDBTokenDigests
from app.backends.edgedb.store import EdgeDBMeetingStore
from app.backends.edgedb.times import EdgeDBTimesStore
from app.backends.edgedb.webhooks import EdgeDBWebhookStore
from app.backends.mysql.digests import TortoiseTokenDigests
from app.backends.mysql.store import TortoiseMeetingStore
from app.backends.mysql.times import TortoiseTimesStore
from app.backends.mysql.webhooks import TortoiseWebhookStore
from app.body_limit import BodyLimit
from app.cross_origin import allow_pages_from
from app.errors import install_error_handlers
from app.json_bodies import JsonBodies
from app.lifecycle import expiry
from app.lifecycle import router as lifecycle
from app.live import streams
from app.live.shutdown import on_server_exit
from app.meetings.router import Backend, Backends, router
from app.meetings.service import MeetingService
from app.ops import health, metrics
from app.ops.request_log import RequestLog, log_to_stderr
from app.rate_limits.http import RateLimitHeaders
from app.rate_limits.limiter import RateLimiter
from app.rate_limits.policies import Policies
from app.settings import Settings, get_settings
from app.times import router as times
from app.tokens import router as tokens
from app.webhooks import router as webhooks
from app.webhooks.addresses import AddressRules
from app.webhooks.deliverer import Deliverer, stop_all
from app.webhooks.sender import Sender
from app.webhooks.service import WebhookSettings

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024


async def open_edgedb(settings: Settings, backends: Backends) -> None:
    """EdgeDB is optional: without a server, its routes answer 503 and MySQL goes on."""
    if not edgedb_configured(settings):
        backends.unavailable[Backend.edgedb] = (
            "no server configured (set EDGEDB_DSN, or put edgedb-server on PATH)"
        )
        backends.not_set_up.add(Backend.edgedb)
        return
    try:
        store = await EdgeDBMeetingStore.open(settings)
    except Exception as error:
        log.warning("EdgeDB backend is off: %s", error)
        backends.unavailable[Backend.edgedb] = f"cannot connect: {error}"
        return
    digests = EdgeDBTokenDigests(store.client, settings.database_deadline_seconds)
    backends.services[Backend.edgedb] = meeting_service(store, digests, settings)
    backends.times_stores[Backend.edgedb] = EdgeDBTimesStore(store)
    backends.webhook_stores[Backend.edgedb] = EdgeDBWebhookStore(
        store.client, settings.database_deadline_seconds
    )


async def open_backends(settings: Settings) -> Backends:
    """MySQL, which must answer, and EdgeDB if it can."""
    backends = Backends()
    mysql = TortoiseMeetingStore(settings)
    await mysql.open()
    digests = TortoiseTokenDigests(settings.database_deadline_seconds)
    backends.services[Backend.mysql] = meeting_service(mysql, digests, settings)
    backends.times_stores[Backend.mysql] = TortoiseTimesStore(mysql)
    backends.webhook_stores[Backend.mysql] = TortoiseWebhookStore(
        settings.database_deadline_seconds
    )
    await open_edgedb(settings, backends)
    return backends


def meeting_service(
    store: TortoiseMeetingStore | EdgeDBMeetingStore, digests: TokenDigestStore, settings: Settings
) -> MeetingService:
    return MeetingService(
        store,
        Guard(digests, settings.token_lease_seconds),
        max_range_days=settings.max_range_days,
        max_participants=settings.max_participants,
        retention_days=settings.meeting_retention_days,
        max_slots=settings.max_slots,
    )


def webhook_deliverers(
    settings: Settings, backends: Backends, sender: Sender
) -> dict[Backend, Deliverer]:
    """One per backend, unless webhooks are off (no signing key) or this process does not
    deliver them."""
    if not (settings.webhook_deliveries and settings.webhook_signing_key.get_secret_value()):
        return {}
    return {
        backend: Deliverer(
            backends.webhook_stores[backend],
            service,
            sender,
            settings.webhook_signing_key,
            settings.webhook_poll_ms / 1000,
            settings.webhook_claim_seconds,
        )
        for backend, service in backends.services.items()
    }


def operation_id(route: APIRoute) -> str:
    return route.name


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        backends = await open_backends(settings)
        app.state.backends = backends
        app.state.times_stores = backends.times_stores
        # Checked first on every guarded route (access.first), by backend name.
        app.state.guards = {str(name): svc.guard for name, svc in backends.services.items()}
        # Taken before anything else of a request to a backend (access.first): a meeting is gone
        # from its expiry day on.
        app.state.daily_sweeps = {
            str(name): expiry.DailySweep(svc).before_serving
            for name, svc in backends.services.items()
        }
        live = streams.LiveMeetings(settings)
        sweepers = []
        for backend, service in backends.services.items():
            live.start(backend, service)
            sweeper = expiry.sweep_every(service, backend, settings.expiry_sweep_minutes)
            sweepers.append(asyncio.create_task(sweeper, name=f"{backend} expiry sweep"))
        app.state.live = live
        on_server_exit(live.close)
        sender = Sender(app.state.webhook_settings.addresses)
        app.state.webhook_deliverers = webhook_deliverers(settings, backends, sender)
        app.state.webhook_deliveries = {
            backend: asyncio.create_task(deliverer.run(), name=f"{backend} webhook deliveries")
            for backend, deliverer in app.state.webhook_deliverers.items()
        }
        try:
            yield
        finally:
            await stop_all(
                app.state.webhook_deliverers.values(), app.state.webhook_deliveries.values()
            )
            await sender.close()
            for sweeper_task in sweepers:
                sweeper_task.cancel()
            await asyncio.gather(*sweepers, return_exceptions=True)
            await live.stop()
            for service in backends.services.values():
                await service.store.close()
            await app.state.rate_limiter.close()

    app = FastAPI(
        title="Meetifyr",
        version="1.0.0",
        summary="Find a day that works for a group: the same API on MySQL and on EdgeDB.",
        lifespan=lifespan,
        # Operation ids are the handlers' names: generated clients call create_meeting(...).
        generate_unique_id_function=operation_id,
    )
    app.state.rate_limiter = RateLimiter(Policies.of(settings), settings.rate_limit_storage)
    app.state.webhook_settings = WebhookSettings(
        settings.webhook_signing_key,
        AddressRules(settings.webhook_allow_http, settings.webhook_allow_private),
    )
    routers = [
        router,
        lifecycle.router,
        times.router,
        tokens.router,
        webhooks.router,
        activity.router,
        streams.router,
        health.router,
        metrics.router,
    ]
    install_error_handlers(app, [route for served in routers for route in served.routes])
    # The largest valid body is well under 2 KB; a huge one is refused, unread.
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    # Bodies are JSON whatever type they are sent as (`curl -d` says form), or 415.
    app.add_middleware(JsonBodies)
    # What the rate limits counted, in every answer of a limited route, refusals included.
    app.add_middleware(RateLimitHeaders)
    # Outside the two above: a page reads their refusals too.
    allow_pages_from(app, settings.cors_origin_list)
    # Outermost: every answer gets its request id and its log line, refusals included.
    app.add_middleware(RequestLog)
    log_to_stderr()
    for served in routers:
        app.include_router(served)
    return app
