"""The OpenAPI's patterns and lengths for texts say exactly what the validators take.

Schemathesis sends texts the schema forbids and expects a refusal, and texts it allows and expects
no refusal for their shape: a pattern stricter or looser than the validator fails it at random.
"""

import re
import sys
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from app.meetings.schemas import STRIPPED_SPACE, MeetingText, ParticipantName

_ADAPTERS: dict[str, TypeAdapter[str]] = {
    "name": TypeAdapter(ParticipantName),
    "text": TypeAdapter(MeetingText),
}

# Texts near the edges: surrounding whitespace of every kind, controls, lengths at the limits.
_SPACES = "\t\n\x0b\x0c\r\x1c\x1f \x85\xa0\u2000\u3000\ufeff"
_texts = st.text(
    alphabet=st.one_of(st.sampled_from(_SPACES + "\x00\x07\x7f\x9fab"), st.characters()),
    max_size=260,
) | st.builds(
    lambda pad, core: pad + core + pad,
    st.text(_SPACES, max_size=3),
    st.text("x", min_size=95, max_size=101),
)


def _schema_allows(schema: dict[str, Any], text: str) -> bool:
    return (
        schema.get("minLength", 0) <= len(text) <= schema["maxLength"]
        and re.search(schema["pattern"], text) is not None
    )


def _validator_takes(adapter: TypeAdapter[str], text: str) -> bool:
    try:
        adapter.validate_python(text)
    except ValidationError:
        return False
    return True


def test_the_stated_surrounding_space_is_what_strip_removes() -> None:
    stated = re.compile(f"[{STRIPPED_SPACE}]")
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        assert (stated.fullmatch(char) is not None) == char.isspace(), hex(code)


@given(text=_texts)
@example(text="\tÄy")  # found by Schemathesis: a tab before a location
@example(text=" " * 200 + "x")  # within the length once stripped, not as sent
@example(text="\x1c")  # a control that strip removes
@example(text="\ufeff")  # whitespace to JavaScript, a character to Python
def test_the_schema_allows_exactly_what_the_validator_takes(text: str) -> None:
    for kind, adapter in _ADAPTERS.items():
        allowed = _schema_allows(adapter.json_schema(), text)
        assert allowed == _validator_takes(adapter, text), (kind, text)
