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


async def test_every_change_but_create_and_join_declares_the_bearer_token(
    client: httpx.AsyncClient,
) -> None:
    """So that Swagger's "Authorize" sends the token, and a new route cannot forget it."""
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
    assert guarded == changes - open_to_link_holders


async def test_swagger_ui_is_served(client: httpx.AsyncClient) -> None:
    response = await client.get("/docs")
    assert response.status_code == 200
    assert "swagger" in response.text.lower()


async def test_unknown_backend_is_rejected(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/postgres/meetings/abc")
    assert response.status_code == 422
    assert "mysql" in str(response.json()["detail"])
