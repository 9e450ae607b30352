"""Meetings' url_codes: the shape of every code the API issues."""

import re

from app.errors import MeetingNotFound

# Any other code is one we never issued: not found (404) rather than invalid. At most as long as
# the MySQL column holds (32), which a longer code would overflow before any lookup.
URL_CODE_PATTERN = "^[A-Za-z0-9_-]{1,32}$"
_URL_CODE_SHAPE = re.compile(URL_CODE_PATTERN)


def known_shape(url_code: str) -> str:
    """A code we could never have issued is not found, without asking the database."""
    if not _URL_CODE_SHAPE.fullmatch(url_code):
        raise MeetingNotFound(url_code)
    return url_code
