"""The one DTO base."""

from pydantic import BaseModel, ConfigDict


class Frozen(BaseModel):
    """Immutable once built."""

    model_config = ConfigDict(frozen=True)


class RequestBody(Frozen):
    model_config = ConfigDict(frozen=True, extra="forbid")
