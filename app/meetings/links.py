"""OpenAPI links: which answer feeds which next request (the code, an id, the token to send),
so that generated clients and property-based testers can follow create → join → change."""

from typing import Any

_ORGANISER = "Bearer {$response.body#/admin_token}"
_PARTICIPANT = "Bearer {$response.body#/participant_token}"


def _link(operation_id: str, description: str, **fields: Any) -> dict[str, Any]:
    return {"operationId": operation_id, "description": description, **fields}


def _organiser_change(operation_id: str) -> dict[str, Any]:
    return _link(
        operation_id,
        "Change the meeting just made, as its organiser, while nobody else has.",
        parameters={
            "url_code": "$response.body#/url_code",
            "header.Authorization": _ORGANISER,
            "header.If-Match": "$response.header.ETag",
        },
    )


CREATED = {
    "get_meeting": _link(
        "get_meeting", "Read the meeting.", parameters={"url_code": "$response.body#/url_code"}
    ),
    "join_meeting": _link(
        "join_meeting",
        "Join the meeting.",
        requestBody={"meeting_url_code": "$response.body#/url_code"},
    ),
    "set_date_range": _organiser_change("set_date_range"),
    "set_title": _organiser_change("set_title"),
    "set_location": _organiser_change("set_location"),
    "set_final_date": {
        **_organiser_change("set_final_date"),
        "description": "Settle on the meeting's first day, as its organiser (it needs a range).",
        "requestBody": {"date": "$response.body#/start_date"},
    },
    "get_calendar": _link(
        "get_calendar",
        "Download the final date as a calendar file.",
        parameters={"url_code": "$response.body#/url_code"},
    ),
}

# After the range is set, people can join.
RANGED = {
    "join_meeting": _link(
        "join_meeting",
        "Join the meeting, now that it has days.",
        requestBody={"meeting_url_code": "$response.body#/url_code"},
    ),
}

_YOURSELF = {
    "url_code": "$response.body#/meeting/url_code",
    "participant_id": "$response.body#/participant_id",
    "header.Authorization": _PARTICIPANT,
}

JOINED = {
    "get_meeting": _link(
        "get_meeting",
        "Read the meeting joined.",
        parameters={"url_code": "$response.body#/meeting/url_code"},
    ),
    "change_participant_date": _link(
        "change_participant_date",
        "Change your first day, with your participant_token.",
        parameters={"header.Authorization": _PARTICIPANT},
        requestBody={
            "meeting_url_code": "$response.body#/meeting/url_code",
            "participant_date_id": "$response.body#/participant_dates/0/id",
        },
    ),
    "rename_participant": _link("rename_participant", "Rename yourself.", parameters=_YOURSELF),
    "remove_participant": _link("remove_participant", "Leave the meeting.", parameters=_YOURSELF),
}


def with_links(
    responses: dict[int | str, dict[str, Any]], links: dict[str, Any]
) -> dict[int | str, dict[str, Any]]:
    """`responses` with `links` on the 200 answer."""
    return {**responses, 200: {**responses.get(200, {}), "links": links}}
