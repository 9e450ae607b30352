"""The OpenAPI's links, followed by hand as a generated client follows them: create, set the
range as the organiser, join, then change a day and rename oneself as that participant."""

import re
from typing import Any

import httpx

from tests.api import Api

Operation = tuple[str, str]  # method, path template


class Links:
    """The OpenAPI's operations by operationId, and the links on their 200 answers."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.operations: dict[str, Operation] = {}
        self.links: dict[str, dict[str, Any]] = {}
        for path, methods in document["paths"].items():
            for method, operation in methods.items():
                self.operations[operation["operationId"]] = (method.upper(), path)
                answer = operation["responses"].get("200", {})
                self.links[operation["operationId"]] = answer.get("links", {})

    async def follow(
        self,
        client: httpx.AsyncClient,
        backend: str,
        answered: tuple[str, httpx.Response],
        target: str,
        **given: Any,
    ) -> httpx.Response:
        """Calls `target` as the link from the operation that `answered` says; `given` fills
        what the link leaves to the caller (a path parameter, or `body`)."""
        source, response = answered
        link = self.links[source][target]
        assert link["operationId"] == target
        method, path = self.operations[target]
        body = {**resolve(link.get("requestBody", {}), response), **given.pop("body", {})}
        values = {"backend": backend, **given}
        headers: dict[str, str] = {}
        for name, expression in link.get("parameters", {}).items():
            value = resolve(expression, response)
            if name.startswith("header."):
                headers[name.removeprefix("header.")] = value
            else:
                values[name] = value
        url = path.format(**values)
        assert "{" not in url, f"the link to {target} leaves {url} unfilled"
        return await client.request(method, url, json=body or None, headers=headers)


def resolve(expression: Any, response: httpx.Response) -> Any:
    """A link's runtime expression (or a dict of them) against the answer it follows."""
    if isinstance(expression, dict):
        return {name: resolve(value, response) for name, value in expression.items()}
    if expression.startswith("$response.body#"):
        found: Any = response.json()
        for step in expression.removeprefix("$response.body#").split("/")[1:]:
            found = found[int(step)] if isinstance(found, list) else found[step]
        return found
    if expression.startswith("$response.header."):
        return response.headers[expression.removeprefix("$response.header.")]
    # An expression embedded in a string: "Bearer {$response.body#/admin_token}".
    return re.sub(r"\{(\$[^}]+)\}", lambda part: str(resolve(part[1], response)), expression)


async def test_the_links_lead_from_a_new_meeting_to_a_participant_changing_their_day(
    api: Api,
) -> None:
    document = (await api.client.get("/openapi.json")).json()
    links = Links(document)
    client, backend = api.client, api.backend

    created = await client.post(f"/v1/{backend}/meetings", json={"title": "Lunch"})
    ranged = await links.follow(
        client,
        backend,
        ("create_meeting", created),
        "set_date_range",
        body={"start_date": "2026-12-01", "end_date": "2026-12-03"},
    )
    assert ranged.status_code == 200, ranged.text
    joined = await links.follow(
        client, backend, ("set_date_range", ranged), "join_meeting", body={"name": "Ann"}
    )
    assert joined.status_code == 200, joined.text
    starred = await links.follow(
        client, backend, ("join_meeting", joined), "change_participant_date", action="star"
    )
    assert starred.status_code == 200, starred.text
    renamed = await links.follow(
        client, backend, ("join_meeting", joined), "rename_participant", body={"name": "Bo"}
    )
    assert renamed.status_code == 200, renamed.text

    meeting = await api.get_meeting(created.json()["url_code"])
    (participant,) = meeting["participants"]
    assert participant["name"] == "Bo"
    assert [(day["date"], day["starred"]) for day in participant["dates"]] == [
        ("2026-12-01", True),
        ("2026-12-02", False),
        ("2026-12-03", False),
    ]
    assert meeting["best_dates"][0] == "2026-12-01"


async def test_every_link_names_an_operation_and_fills_its_path(api: Api) -> None:
    document = (await api.client.get("/openapi.json")).json()
    links = Links(document)
    for source, targets in links.links.items():
        for name, link in targets.items():
            assert link["operationId"] == name, (source, name)
            _, path = links.operations[name]
            filled = {"backend", *link.get("parameters", {})}
            # What no link can know: which of a day's actions, chosen by the caller.
            filled |= {"action"}
            unfilled = set(re.findall(r"\{(\w+)\}", path)) - filled
            assert not unfilled, (source, name, unfilled)
