"""Tokens: drawn from the CSPRNG, shown once, stored only as digests.

A token has 192 random bits, so a plain SHA-256 is a digest nobody can invert or search: it
needs neither salt nor a slow hash (those protect passwords, which people choose).
"""

import hashlib
import hmac
import secrets

TOKEN_BYTES = 24  # 192 bits: 32 URL-safe characters


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """What the database keeps of a token: 64 lowercase hex digits."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def matches(token: str, stored: str | None) -> bool:
    """Whether `token` is the one `stored` is the digest of, in time that does not depend on
    how much of it matches. None is the digest of no token."""
    if stored is None:
        return False
    return hmac.compare_digest(digest(token), stored)
