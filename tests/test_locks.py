"""The server installs requirements.lock and the tests requirements-dev.lock: what is tested must
be what is served."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)", re.MULTILINE)


def pins(lock: str) -> dict[str, str]:
    return {name.lower(): version for name, version in PIN.findall((ROOT / lock).read_text())}


def test_the_served_pins_are_the_tested_pins() -> None:
    served, tested = pins("requirements.lock"), pins("requirements-dev.lock")

    assert "fastapi" in served and "pytest" not in served
    assert {name: tested.get(name) for name in served} == served
