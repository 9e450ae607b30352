"""GETs a second counted by wrk, as the harness counts them (2 threads, 32 connections): a
client in Python reading large answers from threads spends more of two cores than the server."""

import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.big_meetings import RATE_SECONDS

THREADS = 2
CONNECTIONS = 32


def gets_per_s(url: str) -> float:
    """GETs a second of `url`; any answer but 2xx stops the bench."""
    timing = ["-t", str(THREADS), "-c", str(CONNECTIONS), "-d", f"{RATE_SECONDS}s"]
    out = subprocess.run(["wrk", *timing, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise SystemExit(f"get {url}: {out}")
    return _rate(url, out)


def _rate(url: str, out: str) -> float:
    found = re.search(r"^Requests/sec:\s*([0-9.]+)$", out, re.MULTILINE)
    if found is None:
        raise SystemExit(f"{url}: no rate in wrk's output: {out}")
    return round(float(found.group(1)), 1)


@dataclass
class Posted:
    per_s: float = 0.0
    refused: int = 0  # answers that were not 2xx


@contextmanager
def posting(url: str, headers: dict[str, str], connections: int) -> Iterator[Posted]:
    """POSTs `{}` to `url` from `connections` connections while the block runs (and a second
    more); yields what they got once the block has ended."""
    script = "wrk.method = 'POST'\nwrk.body = '{}'\n" + "".join(
        f"wrk.headers['{name}'] = '{value}'\n"
        for name, value in {"Content-Type": "application/json", **headers}.items()
    )
    posted = Posted()
    with tempfile.TemporaryDirectory() as scratch:
        lua = Path(scratch) / "post.lua"
        lua.write_text(script)
        timing = ["-t", "1", "-c", str(connections), "-d", f"{RATE_SECONDS + 1}s"]
        wrk = subprocess.Popen(
            ["wrk", *timing, "-s", str(lua), url], stdout=subprocess.PIPE, text=True
        )
        try:
            yield posted
        finally:
            out, _ = wrk.communicate()
    refused = re.search(r"Non-2xx or 3xx responses:\s*([0-9]+)", out)
    posted.per_s = _rate(url, out)
    posted.refused = int(refused.group(1)) if refused else 0
