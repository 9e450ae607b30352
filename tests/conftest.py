"""Fixtures: the app with its lifespan on real databases, and the contract run per backend.

Tests use a database of their own (`<MYSQL_DB>_test`), migrated from zero once per run; each
test starts from empty tables.
"""

import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.backends.edgedb import migrations as edgedb_migrations
from app.backends.edgedb.connection import is_configured as edgedb_configured
from app.backends.mysql.migrate import server_connection
from app.main import create_app
from app.meetings.router import Backend, Backends
from app.settings import Settings
from tests.api import Api
from tests.live import ServerProcess, served_in_process, start_server_process
from tests.probes import DbProbe, EdgeDbProbe, MySqlProbe

SKIPPED_BACKEND = "backend unavailable: "

# The tests that are not about rate limits run without them, here and in the server processes
# they start (which inherit this environment); tests/test_rate_limits.py turns them on.
RATE_LIMITS = ("CREATES_PER_HOUR", "JOINS_PER_MINUTE", "CHANGES_PER_MINUTE", "STREAMS_PER_CLIENT")
os.environ.update(dict.fromkeys(RATE_LIMITS, "0"))
# A token replacement waits out this lease (access.guard); a quarter of the default second keeps
# the tests that replace tokens quick, in every process alike.
os.environ["TOKEN_LEASE_MS"] = "250"
# Webhooks on, to the tests' own receivers on this machine over plain HTTP (tests/test_webhooks.py
# turns the address rules on where it checks them); delivered only where a test delivers them
# (tests/test_webhook_deliveries.py), so that no process claims what another test looks at.
os.environ.update(
    WEBHOOK_SIGNING_KEY="a key for the tests only, never a real one",
    WEBHOOK_ALLOW_HTTP="1",
    WEBHOOK_ALLOW_PRIVATE="1",
    WEBHOOK_DELIVERIES="0",
)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per backend that could not run, instead of one per skipped test."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        if SKIPPED_BACKEND in reason:
            reason = reason.removeprefix("Skipped: ")
            reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in reasons.items():
        terminalreporter.write_line(f"SKIPPED {count} tests: {reason}", yellow=True)


@pytest.fixture(scope="session")
def settings() -> Settings:
    base = Settings()
    return base.model_copy(
        update={
            "mysql_db": f"{base.mysql_db}_test",
            "edgedb_database": f"{base.edgedb_database}_test",
        }
    )


def run_module(settings: Settings, module: str, *args: str) -> str:
    """Runs `python -m module args` against settings' server. Tortoise keeps process-wide
    state, so schema work on other databases happens in a process of its own."""
    env = {**os.environ, "MYSQL_DB": settings.mysql_db}
    done = subprocess.run(
        [sys.executable, "-m", module, *args], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def recreate_mysql_database(settings: Settings, database: str) -> None:
    with server_connection(settings) as conn, conn.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
    run_module(settings, "app.backends.mysql.migrate", database)


async def recreate_edgedb_database(settings: Settings, database: str) -> None:
    await edgedb_migrations.drop_database(settings, database)
    await edgedb_migrations.apply(settings, database)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    recreate_mysql_database(settings, settings.mysql_db)
    if edgedb_configured(settings):
        await recreate_edgedb_database(settings, settings.edgedb_database)
    application = create_app(settings)
    # The library's 5 s is less than a first connection to a freshly migrated EdgeDB database
    # can take on a loaded two-core machine.
    async with LifespanManager(application, startup_timeout=60):
        yield application


@pytest.fixture(params=[backend.value for backend in Backend])
def backend(request: pytest.FixtureRequest, app: FastAPI) -> str:
    name: str = request.param
    backends: Backends = app.state.backends
    if Backend(name) not in backends.services:
        reason = backends.unavailable.get(Backend(name))
        if name == Backend.edgedb and not edgedb_configured(Settings()):
            pytest.skip(f"{name} {SKIPPED_BACKEND}{reason}")
        pytest.fail(f"{name} is configured but did not start: {reason}")
    return name


@pytest.fixture
async def probe(backend: str, settings: Settings) -> AsyncIterator[DbProbe]:
    db_probe: DbProbe
    if backend == Backend.mysql:
        db_probe = MySqlProbe.connect(settings)
    else:
        db_probe = EdgeDbProbe.connect(settings)
    await db_probe.reset()
    yield db_probe
    await db_probe.close()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture
async def api(client: httpx.AsyncClient, backend: str, probe: DbProbe) -> Api:
    return Api(client, backend)


# The second process holds at most this many streams, so that the limit can be reached.
OTHER_MAX_STREAMS = 4


@pytest.fixture(scope="session")
async def served(app: FastAPI) -> AsyncIterator[str]:
    """The test app, served over real HTTP in this process."""
    async with served_in_process(app) as url:
        yield url


@pytest.fixture(scope="session")
def other(app: FastAPI, settings: Settings) -> Iterator[ServerProcess]:
    """Another server process, with what it holds of its own, on the same databases; `app`
    first, so that they are migrated."""
    server = start_server_process(settings, MAX_STREAMS=str(OTHER_MAX_STREAMS))
    yield server
    server.stop()


@pytest.fixture
async def elsewhere(api: Api, other: ServerProcess) -> AsyncIterator[Api]:
    """The same API, through the other process, acting with the tokens `api` was given."""
    async with httpx.AsyncClient(base_url=other.url) as client:
        through_other = Api(client, api.backend)
        through_other.admin_tokens = api.admin_tokens
        yield through_other
