"""A saved form is sealed with its code (portal/security/sealed.py): only the code opens it."""

from __future__ import annotations

import time

import pytest
from flask import Flask

from portal.security import sealed
from portal.security.tokens import new_code

AD = b"portal.saved-draft.v1:1:lookup"


def test_the_right_code_opens_it_written_any_way() -> None:
    code = new_code()
    box = sealed.seal(code, b'{"answers": {}}', associated=AD)
    grouped = "-".join(code[i:i + 4] for i in range(0, 16, 4)).lower()
    assert sealed.open_sealed(grouped, box, associated=AD) == b'{"answers": {}}'


def test_it_cannot_be_read_without_the_code() -> None:
    code = new_code()
    box = sealed.seal(code, b"Samantha told us", associated=AD)
    assert b"Samantha" not in box.ciphertext
    assert code.encode() not in box.salt + box.nonce + box.ciphertext


def test_a_wrong_code_fails_authentication() -> None:
    box = sealed.seal(new_code(), b"secret", associated=AD)
    with pytest.raises(sealed.SealBroken):
        sealed.open_sealed(new_code(), box, associated=AD)


def test_a_row_moved_to_another_council_or_code_does_not_open() -> None:
    code = new_code()
    box = sealed.seal(code, b"secret", associated=AD)
    with pytest.raises(sealed.SealBroken):
        sealed.open_sealed(code, box, associated=b"portal.saved-draft.v1:2:lookup")


def test_each_save_has_its_own_salt_and_nonce() -> None:
    code = new_code()
    one, two = (sealed.seal(code, b"same", associated=AD) for _ in range(2))
    assert one.salt != two.salt
    assert one.nonce != two.nonce
    assert one.ciphertext != two.ciphertext
    assert len(one.salt) == sealed.SALT_BYTES
    assert len(one.nonce) == sealed.NONCE_BYTES


def test_the_key_derivation_is_scrypt_and_slow() -> None:
    assert sealed.KDF == "scrypt:n=32768,r=8,p=1"
    started = time.perf_counter()
    sealed.derive_key(new_code(), b"0" * 16)
    assert time.perf_counter() - started > 0.01  # a fast hash would take microseconds


def test_the_lookup_id_is_keyed_and_never_the_code() -> None:
    app = Flask(__name__)
    app.config["SECRET_KEY"] = "k" * 40
    code = new_code()
    with app.app_context():
        lookup = sealed.lookup_id(code)
        assert lookup == sealed.lookup_id(code.lower())
        assert code not in lookup
        assert len(lookup) == 64
        app.config["SECRET_KEY"] = "j" * 40
        assert sealed.lookup_id(code) != lookup
