"""Deletes the meetings whose expiry date has come, once, on every configured backend: for a
cron job (the server also does it every EXPIRY_SWEEP_MINUTES).

    python -m app.expire

Exits 1 when a configured backend could not be swept.
"""

import asyncio
import sys

from app.lifecycle.expiry import sweep
from app.main import open_backends
from app.settings import Settings, get_settings


async def expire(settings: Settings) -> bool:
    """Whether every configured backend was swept."""
    backends = await open_backends(settings)
    swept = True
    for backend, reason in backends.unavailable.items():
        if backend not in backends.not_set_up:
            print(f"{backend}: not swept: {reason}", file=sys.stderr)
            swept = False
    for backend, service in backends.services.items():
        try:
            deleted = await sweep(service)
        except Exception as error:
            print(f"{backend}: not swept: {error!r}", file=sys.stderr)
            swept = False
        else:
            print(f"{backend}: deleted {deleted} expired meeting(s)")
        finally:
            await service.store.close()
    return swept


def main() -> None:
    sys.exit(0 if asyncio.run(expire(get_settings())) else 1)


if __name__ == "__main__":
    main()
