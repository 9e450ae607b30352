"""RFC 7240's Prefer header, as far as a change's answer goes: `return=minimal` asks for no body."""

# Preferences are comma-separated, each a token with an optional value and parameters after
# semicolons; names are case-insensitive, a value may be quoted, and unknown ones are ignored.
MINIMAL = "return=minimal"


def prefers_minimal(prefer: list[str]) -> bool:
    """Whether the request's Prefer headers ask for `return=minimal` (the first `return` wins)."""
    for header in prefer:
        for preference in header.split(","):
            name, _, value = preference.split(";", 1)[0].partition("=")
            if name.strip().lower() == "return":
                return value.strip().strip('"').lower() == "minimal"
    return False
