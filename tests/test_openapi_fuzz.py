"""The API against its own OpenAPI, as a property-based client sees it (Schemathesis), per
backend, over real HTTP to a server process on the test databases: no 5xx, every status and
header documented, every body as its schema says, and a request valid by the schema never
refused for its shape (a rule about its values, like an end before the start, may refuse it)."""

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.meetings.rendering import ENTITY_TAGS_PATTERN
from app.settings import Settings
from tests.live import ServerProcess, start_server_process

# Per operation, and per phase where Schemathesis has several: bounded for ./test.sh.
MAX_EXAMPLES = 25

MAX_SEQUENCES = 60

# What a schema-valid request may still be refused for: rules about its values.
ALLOWED_400 = {
    "start and end should be set.",  # joining before the organiser set the range
    "If-Match names more than one version; send the one last answered",
}


@pytest.fixture(scope="module")
def fuzzed_server(app: FastAPI, settings: Settings) -> Iterator[ServerProcess]:
    """A server process of its own; `app` first, so that the databases are migrated."""
    server = start_server_process(settings)
    yield server
    server.stop()


def backend_openapi(document: dict[str, Any], backend: str) -> dict[str, Any]:
    """The OpenAPI with /v1/{backend} made /v1/<backend>, so that each run stays on one."""
    paths = {}
    for path, operations in document["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for operation in operations.values():
            operation["parameters"] = [
                p for p in operation.get("parameters", []) if p["name"] != "backend"
            ]
        paths[path.replace("{backend}", backend)] = operations
    # A range drawn at random is hardly ever a valid one (in order, at most 62 days), and only
    # a meeting with days can be joined: the link from create sets a week.
    created = paths[f"/v1/{backend}/meetings"]["post"]["responses"]["200"]["links"]
    created["set_date_range"]["requestBody"] = {
        "start_date": "2026-12-01",
        "end_date": "2026-12-07",
    }
    return {**document, "paths": paths}


@pytest.fixture
def backend_schema(fuzzed_server: ServerProcess, backend: str) -> Any:
    document = httpx.get(f"{fuzzed_server.url}/openapi.json").json()
    schema = schemathesis.openapi.from_dict(backend_openapi(document, backend))
    schema.config.update(base_url=fuzzed_server.url, request_timeout=10)
    return schema


schema = schemathesis.pytest.from_fixture("backend_schema")


def schema_valid(case: Any) -> bool:
    if case.meta is None or case.meta.generation.mode != GenerationMode.POSITIVE:
        return False
    # Schemathesis draws header values without their pattern, even for valid requests.
    if_match = (case.headers or {}).get("if-match")
    return if_match is None or re.search(ENTITY_TAGS_PATTERN, if_match) is not None


def refused_for_its_shape(response: Any) -> str | None:
    """Why a schema-valid request was refused other than by a rule about its values."""
    if response.status_code == 422:
        for error in response.json()["detail"]:
            # A rule's 422 (InvalidInput) says what is wrong itself; a validator's says
            # "Value error, …" and one of the shape has a type of its own.
            if error["type"] != "value_error" or error["msg"].startswith("Value error"):
                return f"422 {error}"
    elif response.status_code == 400 and response.json()["detail"] not in ALLOWED_400:
        return f"400 {response.text}"
    return None


def check_answer(case: Any, response: Any, **transport_kwargs: Any) -> None:
    """All of Schemathesis's checks on the answer (missing_required_header and ignored_auth
    among them: a guarded route answers 401 before anything else is wrong), and ours instead
    of its positive-data acceptance, which lets a rule about values refuse."""
    excluded = [positive_data_acceptance]
    case.validate_response(response, excluded_checks=excluded, transport_kwargs=transport_kwargs)
    if schema_valid(case):
        assert refused_for_its_shape(response) is None, case.as_curl_command()


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_answer_is_as_the_openapi_says(case: Any) -> None:
    check_answer(case, case.call(timeout=10))


def test_following_the_links_create_join_change(backend_schema: Any) -> None:
    """Sequences the OpenAPI's links allow (create, then join and change as organiser;
    join, then change a day, rename or leave as that participant), each answer checked. How far
    a walk gets within this budget is chance: a change that left every body the same once
    turned one that reached a join into one that did not. tests/test_links.py follows the
    links by hand."""
    succeeded: set[str] = set()

    class LinkedCalls(backend_schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            # The token a link supplies, sent as the caller's own: Schemathesis then checks
            # that the same change without it, or with another, is refused.
            token = (case.headers or {}).get("Authorization")
            return {"headers": {"Authorization": token}} if token else {}

        def validate_response(
            self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
        ) -> None:
            check_answer(case, response, **kwargs)
            if response.status_code == 200:
                succeeded.add(case.operation.definition.raw["operationId"])

    LinkedCalls.run(
        settings=settings(
            max_examples=MAX_SEQUENCES,
            stateful_step_count=10,
            derandomize=True,  # the same sequences every run: the assertion below is stable
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )

    assert "create_meeting" in succeeded, succeeded
