"""Where a webhook may deliver: an https URL (http only when WEBHOOK_ALLOW_HTTP is on) whose host
resolves to public addresses only, unless WEBHOOK_ALLOW_PRIVATE is on (tests, a private
deployment). Otherwise a meeting's organiser could make the server call its own loopback,
private network or cloud metadata service (SSRF). Checked when a subscription is made, and
again before each delivery: a name may resolve elsewhere later."""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from app.errors import InvalidInput

# A name that takes longer to resolve is refused rather than waited for.
RESOLVE_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class AddressRules:
    allow_http: bool
    allow_private: bool


def _refused(why: str) -> InvalidInput:
    return InvalidInput(why, field="url")


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def checked_url(url: str, rules: AddressRules) -> str:
    """`url` if a delivery may go there; else raises InvalidInput saying why."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise _refused(f"the webhook URL is not one: {error}") from error
    schemes = ("https", "http") if rules.allow_http else ("https",)
    if parts.scheme not in schemes:
        allowed = " or ".join(schemes)
        raise _refused(f"a webhook URL is {allowed}: {parts.scheme or 'no scheme'} is not")
    if parts.username is not None or parts.password is not None:
        raise _refused("a webhook URL carries no user name or password")
    host = parts.hostname
    if not host:
        raise _refused("a webhook URL names a host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise _refused(f"the webhook URL's port is not one: {error}") from error
    if rules.allow_private:
        return url
    try:
        async with asyncio.timeout(RESOLVE_SECONDS):
            found = await asyncio.get_running_loop().getaddrinfo(
                host, port, type=socket.SOCK_STREAM
            )
    except (OSError, TimeoutError) as error:
        raise _refused(f"the webhook URL's host {host} does not resolve") from error
    addresses = {str(info[4][0]) for info in found}
    private = sorted(address for address in addresses if not _public(address))
    if private:
        raise _refused(
            f"the webhook URL's host {host} resolves to an address that is not public"
            f" ({private[0]}): loopback, private, link-local and reserved addresses are refused"
        )
    return url
