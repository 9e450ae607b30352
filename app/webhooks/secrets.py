"""Each subscription's signing secret, in the Standard Webhooks form (`whsec_` and base64).

The database keeps no secret: only a random salt per subscription. The secret is the HMAC of
the salt under the server's WEBHOOK_SIGNING_KEY, worked out again to sign each delivery, so the
rows alone sign nothing, and the secret is shown once, when the subscription is made.
"""

import base64
import hashlib
import hmac
import secrets

SALT_BYTES = 16
PREFIX = "whsec_"


def new_salt() -> str:
    return secrets.token_hex(SALT_BYTES)


def signing_secret(server_key: str, salt: str) -> str:
    derived = hmac.new(
        server_key.encode(), b"meetifyr webhook " + bytes.fromhex(salt), hashlib.sha256
    ).digest()
    return PREFIX + base64.b64encode(derived).decode("ascii")
