"""Time zones from the pinned `tzdata` package, never from the machine's own files.

Two machines with different system zone data would place the same slot at different instants;
with the package, every process of one release agrees (and tests see the rules they assert).
"""

import functools
import importlib.resources
import zoneinfo


@functools.cache
def zone_names() -> frozenset[str]:
    listing = importlib.resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in listing.splitlines() if line.strip())


@functools.cache
def zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone called `name` (a name `zone_names()` holds)."""
    if name not in zone_names():
        raise KeyError(name)
    folder = importlib.resources.files("tzdata").joinpath("zoneinfo")
    for part in name.split("/"):
        folder = folder.joinpath(part)
    with folder.open("rb") as data:
        return zoneinfo.ZoneInfo.from_file(data, key=name)
