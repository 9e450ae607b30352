"""What people trying the API in Swagger rely on."""

from unittest.mock import ANY

import httpx


async def test_openapi_describes_the_v1_api(client: httpx.AsyncClient) -> None:
    response = await client.get("/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert set(paths) == {
        "/v1/{backend}/meetings",
        "/v1/{backend}/meetings/{url_code}",
        "/v1/{backend}/meetings/{url_code}/date_range",
        "/v1/{backend}/meetings/{url_code}/title",
        "/v1/{backend}/meetings/{url_code}/location",
        "/v1/{backend}/participants",
        "/v1/{backend}/meetings/{url_code}/participants/{participant_id}",
        "/v1/{backend}/participant_dates/{action}",
        "/v1/{backend}/meetings/{url_code}/events",
        "/v1/{backend}/meetings/{url_code}/final_date",
        "/v1/{backend}/meetings/{url_code}/calendar.ics",
        "/v1/{backend}/meetings/{url_code}/changes",
        "/v1/{backend}/meetings/{url_code}/times",
        "/v1/{backend}/meetings/{url_code}/participants/{participant_id}/availability",
        "/v1/{backend}/meetings/{url_code}/final_time",
        "/v1/{backend}/meetings/{url_code}/participants/{participant_id}/token",
        "/v1/{backend}/meetings/{url_code}/admin_token",
        "/v1/{backend}/meetings/{url_code}/webhooks",
        "/v1/{backend}/meetings/{url_code}/webhooks/{webhook_id}",
        "/v1/{backend}/meetings/{url_code}/webhooks/{webhook_id}/deliveries",
        "/healthz",
        "/readyz",
        "/metrics",
    }
    backend = paths["/v1/{backend}/meetings"]["post"]["parameters"][0]
    assert backend["name"] == "backend"


async def test_openapi_describes_the_event_stream(client: httpx.AsyncClient) -> None:
    events = (await client.get("/openapi.json")).json()["paths"][
        "/v1/{backend}/meetings/{url_code}/events"
    ]["get"]
    assert "text/event-stream" in events["responses"]["200"]["content"]
    assert {"404", "503"} <= set(events["responses"])
    assert "last-event-id" in {parameter["name"] for parameter in events["parameters"]}


async def test_every_change_answering_the_meeting_offers_a_minimal_answer(
    client: httpx.AsyncClient,
) -> None:
    """Prefer: return=minimal, and the 204 it gets, on every change that answers the meeting."""
    document = (await client.get("/openapi.json")).json()
    offering = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "prefer" in {parameter["name"] for parameter in operation.get("parameters", [])}
    }
    answering_the_meeting = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if method != "get"
        and operation["responses"].get("200", {}).get("content", {}).get("application/json", {})
        == {"schema": {"$ref": "#/components/schemas/MeetingResponse"}}
    }
    assert offering == answering_the_meeting and len(offering) == 11
    for method, path in offering:
        answer = document["paths"][path][method.lower()]["responses"]["204"]
        assert set(answer["headers"]) == {
            "ETag",
            "Preference-Applied",
            "RateLimit-Policy",
            "RateLimit",
        }


async def test_every_limited_route_states_its_429_and_the_limits_headers(
    client: httpx.AsyncClient,
) -> None:
    """Those that send a token (the changes), create a meeting or join one."""
    document = (await client.get("/openapi.json")).json()
    limited = {
        (method.upper(), path): operation
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
        or operation["operationId"] in ("create_meeting", "join_meeting")
    }
    assert len(limited) == 20  # 12 changes, 2 token replacements, 4 webhooks, create, join
    for operation in limited.values():
        refused = operation["responses"]["429"]
        assert set(refused["headers"]) == {"Retry-After", "RateLimit-Policy", "RateLimit"}
        assert "detail" in refused["content"]["application/json"]["example"]
        answered = [
            answer for status, answer in operation["responses"].items() if status.startswith("2")
        ]
        assert answered
        for answer in answered:
            assert {"RateLimit-Policy", "RateLimit"} <= set(answer["headers"])


async def test_openapi_describes_the_change_log_and_patch_streams(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    changes = document["paths"]["/v1/{backend}/meetings/{url_code}/changes"]["get"]
    parameters = {parameter["name"]: parameter for parameter in changes["parameters"]}
    assert parameters["after"]["schema"]["minimum"] == 0
    assert parameters["limit"]["schema"] == {
        "type": "integer", "maximum": 500, "minimum": 1, "default": 100, "description": ANY,
        "title": "Limit",
    }  # fmt: skip
    page = changes["responses"]["200"]["content"]["application/json"]["schema"]
    assert page == {"$ref": "#/components/schemas/ChangePage"}
    entry = document["components"]["schemas"]["ChangePage"]["properties"]["changes"]["items"]
    kinds = set(entry["discriminator"]["mapping"])
    assert kinds == {
        "created", "date_range", "title", "location", "final_date", "joined", "renamed", "left",
        "day", "times", "availability", "final_time",
    }  # fmt: skip
    events = document["paths"]["/v1/{backend}/meetings/{url_code}/events"]["get"]
    assert "patches" in {parameter["name"] for parameter in events["parameters"]}


async def test_every_change_but_create_and_join_declares_the_bearer_token(
    client: httpx.AsyncClient,
) -> None:
    """So that Swagger's "Authorize" sends the token, and a new route cannot forget it. The
    reads that need it: the organiser's webhooks and their deliveries, which the link does not
    show."""
    document = (await client.get("/openapi.json")).json()

    schemes = document["components"]["securitySchemes"]
    assert schemes == {"token": {"type": "http", "scheme": "bearer", "description": ANY}}
    guarded = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if operation.get("security") == [{"token": []}]
    }
    changes = {
        (method.upper(), path)
        for path, operations in document["paths"].items()
        for method in operations
        if method != "get"
    }
    open_to_link_holders = {
        ("POST", "/v1/{backend}/meetings"),
        ("POST", "/v1/{backend}/participants"),
    }
    organiser_reads = {
        ("GET", "/v1/{backend}/meetings/{url_code}/webhooks"),
        ("GET", "/v1/{backend}/meetings/{url_code}/webhooks/{webhook_id}/deliveries"),
    }
    assert guarded == (changes - open_to_link_holders) | organiser_reads


async def test_swagger_ui_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()


async def test_unknown_backend_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/postgres/meetings/abc")
    assert response.status_code == 422
    assert "mysql" in str(response.json()["detail"])


async def test_operation_ids_are_the_names_a_generated_client_calls(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    ids = {
        operation["operationId"]
        for operations in document["paths"].values()
        for operation in operations.values()
    }
    assert ids == {
        "create_meeting",
        "get_meeting",
        "set_date_range",
        "set_title",
        "set_location",
        "rename_participant",
        "remove_participant",
        "join_meeting",
        "change_participant_date",
        "meeting_events",
        "set_final_date",
        "get_calendar",
        "delete_meeting",
        "list_changes",
        "set_times",
        "delete_times",
        "paint_availability",
        "set_final_time",
        "replace_participant_token",
        "replace_admin_token",
        "create_webhook",
        "list_webhooks",
        "delete_webhook",
        "list_deliveries",
        "healthz",
        "readyz",
        "metrics",
    }


async def test_every_v1_route_documents_its_errors_in_one_error_model(
    client: httpx.AsyncClient,
) -> None:
    document = (await client.get("/openapi.json")).json()
    message = {"$ref": "#/components/schemas/ErrorMessage"}
    field_errors = {"$ref": "#/components/schemas/ValidationErrors"}
    for path, operations in document["paths"].items():
        if not path.startswith("/v1/"):
            continue
        for method, operation in operations.items():
            responses = operation["responses"]
            body = method in ("post", "patch", "put")
            expected = {"422", "503"} | ({"413", "415"} if body else set())
            if "{url_code}" in path or path.endswith("/participants"):
                expected.add("404")
            if operation.get("security"):
                expected |= {"401", "403", "404"}
            assert expected <= set(responses), (method, path)
            for status, response in responses.items():
                if status.startswith(("4", "5")):
                    content = response["content"]["application/json"]
                    assert content["schema"] == (field_errors if status == "422" else message)
                    assert content["example"]["detail"], (method, path, status)
    joins = document["paths"]["/v1/{backend}/participants"]["post"]["responses"]
    assert {"400", "409"} <= set(joins)
    assert "Retry-After" in joins["503"]["headers"]
