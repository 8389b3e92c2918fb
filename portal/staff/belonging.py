"""Whose accounts count here: those of the council this portal serves."""

from __future__ import annotations

from portal.councils.services import NoCouncil, current_council
from portal.models.staff import User


def of_this_council(user: User) -> bool:
    """Whether the account is one of the council this portal serves. Cases are found by
    the current council, but an account of another council (several councils in one
    database, each portal with its own COUNCIL_SLUG) must see none of them: its session
    does not count here, and its password does not sign in."""
    try:
        return user.council_id == current_council().id
    except NoCouncil:
        return False
