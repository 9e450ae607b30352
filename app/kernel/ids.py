"""Ids: integers on MySQL and UUIDs on EdgeDB; one API serves both."""

from typing import Annotated
from uuid import UUID

from pydantic import BeforeValidator, Field, StrictInt

# No value fits both, so the order changes no result, only the cost: UUID first validates and
# serializes a meeting's UUIDs in a third of the time, and costs integers less than that saves.
#
# The largest integer id: every JSON reader holds it exactly, and so does the OpenAPI, where
# FastAPI writes bounds as floats (2**63 - 1 would read as 2**63, an id we refuse).
MAX_INT_ID = 2**53 - 1
EntityId = UUID | Annotated[int, Field(ge=1, le=MAX_INT_ID)]


def _integral(value: object) -> object:
    # JSON Schema counts 1.0 as an integer, so a client may send an id as one.
    return int(value) if isinstance(value, float) and value.is_integer() else value


# In a JSON body an integer id must be a JSON number (not true, not "5").
JsonEntityId = Annotated[StrictInt, Field(ge=1, le=MAX_INT_ID), BeforeValidator(_integral)] | UUID

# An id as a JSON body writes it: a number, or a UUID's canonical text.
JsonId = int | str


def int_id(entity_id: EntityId) -> int | None:
    """A MySQL row's id; None for a UUID, which names no row there."""
    return entity_id if isinstance(entity_id, int) else None


def uuid_id(entity_id: EntityId) -> UUID | None:
    """An EdgeDB object's id; None for an integer, which names no object there."""
    return entity_id if isinstance(entity_id, UUID) else None


def json_id(entity_id: EntityId) -> JsonId:
    return entity_id if isinstance(entity_id, int) else str(entity_id)
