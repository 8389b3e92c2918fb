"""Tracking codes: generated once, shown once, stored only as a keyed hash.

A tracking code is 20 Crockford base-32 symbols (100 bits from ``secrets``),
shown as five groups of four (``7K3M-Q9TD-...``) so a child can copy it from
the screen. 100 bits make guessing hopeless even without the rate limit
(2^100 tries), so a slow password hash such as argon2 would add nothing: its
cost protects low-entropy secrets. The stored value is HMAC-SHA256 keyed with
a purpose-derived key from the app's secret, so a copy of the database alone
cannot even confirm a guess offline, and checking costs microseconds (the
tracking page stays fast under the rate limiter). Rotating ``SECRET_KEY``
would invalidate codes, so ``TRACKING_CODE_KEY`` may pin the key separately.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

#: Crockford's base 32: no I, L, O or U, so nothing is mistaken for 1, 0 or a word.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 20 symbols x 5 bits = 100 bits of entropy
GROUP = 4
_SCHEME = "hmac-sha256"
# Letters people type for the ones Crockford leaves out.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_tracking_code() -> str:
    """A fresh code, normalised (no separators): ``"7K3MQ9TD..."``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def group_code(code: str) -> str:
    """The code as people see it: ``7K3M-Q9TD-4WZP-0A1B-XY2C``."""
    return "-".join(code[i:i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(typed: str) -> str:
    """What a person typed, in canonical form: upper case, no spaces or dashes, O read as 0."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    return cleaned.translate(_READ_AS)


def _key() -> bytes:
    secret = current_app.config.get("TRACKING_CODE_KEY") or current_app.config["SECRET_KEY"]
    # Derive a key for this purpose only, so the session-signing key is never reused as is.
    return hmac.new(str(secret).encode(), b"portal.tracking-code.v1", hashlib.sha256).digest()


def hash_tracking_code(code: str) -> str:
    digest = hmac.new(_key(), normalise_code(code).encode(), hashlib.sha256).hexdigest()
    return f"{_SCHEME}${digest}"


def verify_tracking_code(stored_hash: str | None, typed: str) -> bool:
    """Constant-time check of a typed code against the stored hash.

    With no stored hash (an unknown reference) a hash is still computed and
    compared, so a wrong reference takes as long as a wrong code.
    """
    candidate = hash_tracking_code(typed)
    expected = stored_hash or f"{_SCHEME}${'0' * 64}"
    return hmac.compare_digest(candidate, expected) and stored_hash is not None
