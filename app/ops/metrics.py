"""This process's metrics at GET /metrics, in the Prometheus text format (prometheus-client).

Counters and histograms live in one registry per process, as Prometheus scrapes a process; the
gauges are read from the app's state at each scrape."""

from collections.abc import Iterator

from fastapi import APIRouter, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import generate_latest
from prometheus_client.registry import Collector

from app.meetings.router import Backends

REGISTRY = CollectorRegistry()
_SECONDS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)

REQUESTS = Counter(
    "meetifyr_requests",
    "HTTP requests answered, by route template, method, status and backend.",
    ["route", "method", "status", "backend"],
    registry=REGISTRY,
)
REQUEST_SECONDS = Histogram(
    "meetifyr_request_duration_seconds",
    "Time from a request's arrival to the end of its answer (event streams excluded).",
    ["route", "method", "backend"],
    buckets=_SECONDS,
    registry=REGISTRY,
)
DATABASE_SECONDS = Histogram(
    "meetifyr_database_seconds",
    "Time in each call of a backend's store: its database round trips (and, on EdgeDB, the"
    " wait for this process's turn at the meeting).",
    ["backend", "call"],
    buckets=_SECONDS,
    registry=REGISTRY,
)

UNANSWERED = Counter(
    "meetifyr_unanswered",
    "Store calls answered 503, by cause: `database`, which did not answer (or could not be"
    " reached); `busy`, this process, whose calls waited past the deadline behind others while"
    " the database answered.",
    ["backend", "cause"],
    registry=REGISTRY,
)

router = APIRouter(tags=["health"])


class _AppGauges(Collector):
    def __init__(self, request: Request) -> None:
        self.backends: Backends = request.app.state.backends
        self.open_streams: int = request.app.state.live.slots.in_use

    def collect(self) -> Iterator[Metric]:
        pool = GaugeMetricFamily(
            "meetifyr_pool_connections_in_use",
            "Database connections this process holds for a request now.",
            labels=["backend"],
        )
        kept = GaugeMetricFamily(
            "meetifyr_kept_meeting_bytes",
            "About the bytes of the meeting versions this process holds to answer reads.",
            labels=["backend"],
        )
        for backend, service in self.backends.services.items():
            pool.add_metric([backend.value], service.store.connections_in_use())
            kept.add_metric([backend.value], service.kept.size)
        yield pool
        yield kept
        yield GaugeMetricFamily(
            "meetifyr_open_event_streams",
            "Event streams open in this process, over every backend.",
            value=self.open_streams,
        )


@router.get("/metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    """This process's metrics, in the Prometheus text format."""
    now = CollectorRegistry()
    now.register(_AppGauges(request))
    body = generate_latest(REGISTRY) + generate_latest(now)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
