"""Domain errors: raised below the router, turned into `{"detail": ...}` in one place."""

from typing import ClassVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class DomainError(Exception):
    status_code: ClassVar[int] = 400

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class BadRequest(DomainError):
    status_code = 400


class NotFound(DomainError):
    status_code = 404


class Conflict(DomainError):
    status_code = 409


class InvalidInput(DomainError):
    status_code = 422


class BackendUnavailable(DomainError):
    status_code = 503


class MeetingNotFound(NotFound):
    def __init__(self, url_code: str) -> None:
        super().__init__(f"meeting with url_code: {url_code} not found")


class ParticipantNotFound(NotFound):
    def __init__(self, participant_id: object) -> None:
        super().__init__(f"participant with id: {participant_id} not found")


class ParticipantDateNotFound(NotFound):
    def __init__(self, participant_date_id: object, url_code: str) -> None:
        super().__init__(
            f"participant date with id: {participant_date_id} not found"
            f" in meeting with url_code: {url_code}"
        )


class DateRangeNotSet(BadRequest):
    def __init__(self) -> None:
        super().__init__("start and end should be set.")


class ParticipantNameTaken(Conflict):
    def __init__(self, name: str) -> None:
        super().__init__(f"participant with name: {name} already exists in this meeting")


async def _domain_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)


def install_error_handler(app: FastAPI) -> None:
    app.add_exception_handler(DomainError, _domain_error_handler)
