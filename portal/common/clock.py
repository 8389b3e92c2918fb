"""The council's clock: which day it is in England and Wales.

Every legal timescale counts the council's days, and a representation's
``received_on`` is its date in Europe/London (ROUTING.md): one sent at 00:30
BST on 1 April arrived on 1 April, though UTC still says 31 March. The rules
(``dates.py``, ``procedure/rules.py``) never read the clock; views and commands
ask here once and pass the day in, so tests can pass any day they like.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def utcnow() -> datetime:
    """Now, as an aware UTC moment (what the database columns default to, db/types.py)."""
    return datetime.now(UTC)


def london_day(moment: datetime) -> date:
    """The day an aware moment falls on in England and Wales."""
    return moment.astimezone(LONDON).date()


def london_today() -> date:
    """Today in England and Wales."""
    return london_day(utcnow())
