"""Sealing a saved form with its code: only someone who has the code can open it.

A child who presses "Save and come back later" is given a code (security/tokens.py:
16 Crockford symbols, 80 bits). What they wrote is encrypted with a key derived
from that code, and the code itself is never stored, so the council's server and
database alone cannot read a saved form (portal/complaints/saved.py).

- Key: ``hashlib.scrypt(code, salt, n=2**15, r=8, p=1, dklen=32)`` with 16 random
  bytes of salt per save. scrypt's cost (32 MiB of memory, about 0.1 to 0.2 s of
  one core) is paid once per save and once per good code; a wrong code finds no
  row (below), so guessing through the page costs the server no scrypt at all.
  The parameters are stored with each row (``KDF``), so they can be raised later
  without losing older saves.
- Cipher: AES-256-GCM from ``cryptography`` with a random 12-byte nonce (a key is
  used for one message only: a fresh salt gives a fresh key at every save). The
  associated data binds the ciphertext to its council and its lookup id, so a row
  copied to another council or code does not open.
- Lookup: ``HMAC-SHA256(purpose key, code)``, so a code finds its row in one indexed
  query without the code being stored. Someone holding both the database and the
  server's key could test guesses at HMAC speed; 2^80 of them is still millions of
  years (tokens.py does the sums). scrypt is the wall for a copy of the database
  alone: each guess then costs a whole scrypt.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from flask import current_app

from portal.security.tokens import normalise_code

#: scrypt's cost: 2^15 x 8 x 128 bytes = 32 MiB of memory per derivation.
SCRYPT_N = 2 ** 15
SCRYPT_R = 8
SCRYPT_P = 1
KDF = f"scrypt:n={SCRYPT_N},r={SCRYPT_R},p={SCRYPT_P}"
SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32
_MAXMEM = 64 * 1024 * 1024


class SealBroken(Exception):
    """The code does not open this sealed form (a wrong code, or a tampered row)."""


@dataclass(frozen=True)
class Sealed:
    salt: bytes
    nonce: bytes
    ciphertext: bytes
    kdf: str = KDF


def _purpose_key() -> bytes:
    secret = current_app.config.get("SAVED_DRAFT_KEY") or current_app.config["SECRET_KEY"]
    # A key for this purpose only: the session-signing key is never used as it is.
    return hmac.new(str(secret).encode(), b"portal.saved-draft-lookup.v1",
                    hashlib.sha256).digest()


def lookup_id(code: str) -> str:
    """Where a code's sealed form is found: a keyed hash of the normalised code (hex)."""
    return hmac.new(_purpose_key(), normalise_code(code).encode(), hashlib.sha256).hexdigest()


def _parameters(kdf: str) -> tuple[int, int, int]:
    name, _, rest = kdf.partition(":")
    values = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
    if name != "scrypt":
        raise SealBroken(f"unknown key derivation {name!r}")
    try:
        return int(values["n"]), int(values["r"]), int(values["p"])
    except (KeyError, ValueError):
        raise SealBroken("unreadable key derivation parameters") from None


def derive_key(code: str, salt: bytes, kdf: str = KDF) -> bytes:
    n, r, p = _parameters(kdf)
    return hashlib.scrypt(normalise_code(code).encode(), salt=salt, n=n, r=r, p=p,
                          maxmem=_MAXMEM, dklen=KEY_BYTES)


def seal(code: str, plaintext: bytes, *, associated: bytes) -> Sealed:
    """Encrypt ``plaintext`` with a key derived from ``code`` (fresh salt and nonce)."""
    # cryptography's OpenSSL bindings load with the first saved form, not with every web
    # worker (issue 17, part 3).
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = os.urandom(SALT_BYTES)
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(derive_key(code, salt)).encrypt(nonce, plaintext, associated)
    return Sealed(salt=salt, nonce=nonce, ciphertext=ciphertext)


def open_sealed(code: str, sealed: Sealed, *, associated: bytes) -> bytes:
    """The plaintext, or :class:`SealBroken` if the code (or the row) is not the one sealed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = derive_key(code, sealed.salt, sealed.kdf)
    try:
        return AESGCM(key).decrypt(sealed.nonce, sealed.ciphertext, associated)
    except InvalidTag:
        raise SealBroken("the code does not open this saved form") from None
