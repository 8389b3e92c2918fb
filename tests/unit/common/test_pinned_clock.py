"""The suite's clock is pinned: no test can read the machine's clock by mistake.

If these fail, a test somewhere could depend on the day it runs (tests/conftest.py,
``pinned_clock``), and the suite would go red on some future day.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import time_machine

from portal.common.clock import london_today
from portal.db.types import utcnow
from tests.conftest import PINNED_NOW, PINNED_TODAY


def test_every_clock_the_portal_reads_answers_the_pinned_moment() -> None:
    assert date.today() == PINNED_TODAY
    assert london_today() == PINNED_TODAY
    assert abs(utcnow() - PINNED_NOW) < timedelta(minutes=5)
    assert abs(datetime.now(UTC) - PINNED_NOW) < timedelta(minutes=5)
    assert abs(time.time() - PINNED_NOW.timestamp()) < 300


def test_the_pinned_clock_still_ticks_so_timeouts_pass() -> None:
    before = time.time()
    time.sleep(0.01)
    assert time.time() > before


def test_a_test_can_move_the_clock_and_the_next_test_starts_pinned_again(
        pinned_clock: time_machine.Traveller) -> None:
    pinned_clock.move_to(datetime(2031, 2, 3, 12, 0, tzinfo=UTC))
    assert london_today() == date(2031, 2, 3)


def test_the_moved_clock_did_not_leak_into_this_test() -> None:
    assert london_today() == PINNED_TODAY
