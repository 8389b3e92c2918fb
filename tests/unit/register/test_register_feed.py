"""Pure parts of the register feed and the configurable timescales."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.register.feed import backoff, signature, token_hash, verify
from portal.register.timescales import DEFAULT_TIMESCALES, StageTimescale, Timescales
from portal.vocab.register import Procedure

SECRET = "s3cret"
BODY = b'{"sequence": 1}'


def test_a_signature_verifies_only_its_own_body_secret_and_time() -> None:
    header = signature(SECRET, 1_700_000_000, BODY)
    assert header.startswith("t=1700000000,v1=")
    assert verify(SECRET, header, BODY)
    assert not verify("another secret", header, BODY)
    assert not verify(SECRET, header, BODY + b" ")
    # Moving the time without the secret breaks it: an old delivery cannot be re-dated.
    assert not verify(SECRET, header.replace("t=1700000000", "t=1800000000"), BODY)


@pytest.mark.parametrize("header", ["", "v1=abc", "t=x,v1=abc", "nonsense"])
def test_a_malformed_signature_header_is_refused(header: str) -> None:
    assert not verify(SECRET, header, BODY)


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (1, timedelta(seconds=30)),  # first failure: half a minute
        (2, timedelta(minutes=1)),  # then doubling
        (5, timedelta(minutes=8)),
        (10, timedelta(hours=4, minutes=16)),
        (11, timedelta(hours=6)),  # capped: a long outage is retried four times a day
        (50, timedelta(hours=6)),
    ],
)
def test_backoff_doubles_to_a_cap(attempts: int, wait: timedelta) -> None:
    assert backoff(attempts) == wait


def test_token_hash_is_sha256_hex() -> None:
    assert token_hash("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")


def test_timescales_default_to_report_md() -> None:
    assert DEFAULT_TIMESCALES.stage(Procedure.CHILDREN_STATUTORY, 1) == StageTimescale(10, 20)
    assert DEFAULT_TIMESCALES.stage(Procedure.CHILDREN_STATUTORY, 2) == StageTimescale(25, 65)
    assert DEFAULT_TIMESCALES.stage(Procedure.CHILDREN_STATUTORY, 3) == StageTimescale(30, 30)
    assert DEFAULT_TIMESCALES.stage(Procedure.CORPORATE, 2) == StageTimescale(20, 40)
    assert DEFAULT_TIMESCALES.stage(Procedure.ADULT_STATUTORY, 1) == StageTimescale(20, 130)
    assert DEFAULT_TIMESCALES.acknowledgement[Procedure.CORPORATE] == 5
    assert DEFAULT_TIMESCALES.enquiry == 10


def test_a_council_configures_its_own_timescales() -> None:
    timescales = Timescales.from_mapping({
        "acknowledgement": {"children_statutory": 2},
        "stages": {"corporate": {"1": [5, 10]}},
        "enquiry": 15,
    })
    assert timescales.acknowledgement[Procedure.CHILDREN_STATUTORY] == 2
    assert timescales.acknowledgement[Procedure.CORPORATE] == 5  # unchanged default
    assert timescales.stage(Procedure.CORPORATE, 1) == StageTimescale(5, 10)
    assert timescales.stage(Procedure.CHILDREN_STATUTORY, 1) == StageTimescale(10, 20)
    assert timescales.enquiry == 15
    assert Timescales.from_mapping({}) == DEFAULT_TIMESCALES


@pytest.mark.parametrize(
    "settings",
    [
        {"acknowledgement": {"children_statutory": -1}},  # negative
        {"acknowledgement": {"children": 3}},  # not a procedure
        {"stages": {"corporate": {"1": [20, 10]}}},  # base beyond the longest
        {"stages": {"corporate": {"one": [10, 20]}}},  # not a stage number
        {"stages": {"corporate": {"1": [10]}}},  # one number, two needed
        {"enquiry": "10"},  # text, not a number
        {"enquiry": True},  # a yes/no is not a number of days
    ],
)
def test_unusable_timescales_are_refused_by_name(settings: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="report_timescales"):
        Timescales.from_mapping(settings)

