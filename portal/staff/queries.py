"""The select()s the account pages need: the council's accounts."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.staff import User
from portal.staff.permissions import TEAM_LIMITED_ROLES


def accounts(session: Session, council_id: int) -> list[User]:
    """Every account of the council, those that can no longer sign in too, by role and
    name (the administrator's list)."""
    return list(session.scalars(select(User).where(User.council_id == council_id)
                                .order_by(User.role, User.name)))


def team_limited_officers(session: Session, council_id: int) -> list[User]:
    """The council's active accounts whose view a council may limit to their own team's
    cases (``TEAM_LIMITED_ROLES``), by name."""
    return list(session.scalars(select(User).where(
        User.council_id == council_id, User.active.is_(True),
        User.role.in_(TEAM_LIMITED_ROLES)).order_by(User.name, User.id)))
