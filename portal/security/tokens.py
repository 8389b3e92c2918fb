"""Tracking codes: generated once, shown once, stored only as a keyed hash.

A tracking code is 16 Crockford base-32 symbols (80 bits from ``secrets``),
shown as four groups of four (``7K3M-Q9TD-4WZP-0A1B``): 19 characters, one
line on a 360 px phone, that a child can copy from the screen without a photo
(a photo stays in a shared phone's gallery). Crockford's alphabet has no I, L,
O or U, and whatever is typed is read generously (O as 0, I and L as 1, any
dashes or spaces), so a copied code is not refused for a look-alike.

Why 80 bits is enough. Every guess needs the reference too, but even counting a
guess at *any* open case: the tracking page allows each address
``TRACK_RATE_LIMIT`` (10 a minute, 60 an hour: at most 1,440 a day) and the
whole portal ``TRACK_GLOBAL_RATE_LIMIT`` (10,000 an hour: 240,000 a day, however
many addresses guess). With 100,000 open cases, the chance that one day of
guessing hits any of them is 240,000 x 100,000 / 2^80 (2^80 is about 1.2 x 10^24),
about 2 in 10^14; a century of it, under 1 in 10^9. Offline the hash is no help
either: it is keyed (below), and 2^80 HMACs is over three million years at ten
billion a second. The same sums hold for a saved form's code
(``SAVED_DRAFT_RATE_LIMIT`` and ``SAVED_DRAFT_GLOBAL_RATE_LIMIT``, with the same
defaults).

Older codes were 20 symbols (100 bits) shown as five groups; they keep working,
because verification normalises and hashes whatever was typed, of any length.

The stored value is HMAC-SHA256 keyed with a purpose-derived key from the app's
secret, so a copy of the database alone cannot even confirm a guess offline, and
checking costs microseconds (the tracking page stays fast under the rate limiter).
A slow password hash such as argon2 would add nothing at 80 bits: its cost
protects low-entropy secrets. Rotating ``SECRET_KEY`` would invalidate codes, so
``TRACKING_CODE_KEY`` may pin the key separately.

The same codes, made by :func:`new_code`, open a saved form (portal/complaints/saved.py).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

#: Crockford's base 32: no I, L, O or U, so nothing is mistaken for 1, 0 or a word.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 16 symbols x 5 bits = 80 bits of entropy (older codes: 20, still good)
GROUP = 4
_SCHEME = "hmac-sha256"
# Letters people type for the ones Crockford leaves out.
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """A fresh 80-bit code, normalised (no separators): ``"7K3MQ9TD4WZP0A1B"``."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def new_tracking_code() -> str:
    """A fresh tracking code (:func:`new_code`)."""
    return new_code()


def group_code(code: str) -> str:
    """The code as people see it: ``7K3M-Q9TD-4WZP-0A1B`` (an older one has five groups)."""
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
