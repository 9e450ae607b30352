"""Fixtures: the app with its lifespan on real databases, and the contract run per backend.

Tests use a database of their own (`<MYSQL_DB>_test`), migrated from zero once per run; each
test starts from empty tables.
"""

from collections.abc import AsyncIterator

import aiomysql
import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from app.backends.mysql.migrate import upgrade
from app.main import create_app
from app.meetings.router import Backend, Backends
from app.settings import Settings
from tests.api import Api
from tests.probes import DbProbe, MySqlProbe


@pytest.fixture(scope="session")
def settings() -> Settings:
    base = Settings()
    return base.model_copy(update={"mysql_db": f"{base.mysql_db}_test"})


async def recreate_mysql_database(settings: Settings, database: str) -> None:
    conn = await aiomysql.connect(
        host=settings.mysql_host,
        port=settings.mysql_port,
        user=settings.mysql_user,
        password=settings.mysql_password,
    )
    try:
        async with conn.cursor() as cursor:
            await cursor.execute(f"DROP DATABASE IF EXISTS `{database}`")
    finally:
        conn.close()
    await upgrade(settings, database)


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    await recreate_mysql_database(settings, settings.mysql_db)
    application = create_app(settings)
    async with LifespanManager(application):
        yield application


@pytest.fixture(params=[backend.value for backend in Backend])
def backend(request: pytest.FixtureRequest, app: FastAPI) -> str:
    name: str = request.param
    backends: Backends = app.state.backends
    if Backend(name) not in backends.services:
        pytest.skip(f"{name} backend unavailable: {backends.unavailable.get(Backend(name))}")
    return name


@pytest.fixture
async def probe(backend: str, settings: Settings) -> AsyncIterator[DbProbe]:
    assert backend == Backend.mysql
    db_probe = await MySqlProbe.connect(settings)
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
