"""Searching the audit log: the filters, the London days they name, the rows, the CSV.

The rules here are pure (``london_bounds``, ``csv_safe``) or build one query
(``search``); the views only read the form and render.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from portal.common.clock import LONDON
from portal.models.cases import Representation
from portal.models.staff import AuditLog, User

#: Rows per page of the search results.
PAGE_SIZE = 50
#: What a spreadsheet would run as a formula at the start of a cell (OWASP "CSV
#: injection"): such a cell gets a leading ' so it stays text.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditFilters:
    """What the complaints manager asked for; None is "any"."""

    user_id: int | None = None
    reference: str | None = None
    representation_id: int | None = None
    action: str | None = None
    allowed: bool | None = None
    day_from: date | None = None
    day_to: date | None = None

    def described(self) -> dict[str, Any]:
        """The filters as the export's own audit line records them (nothing of anyone's
        personal data beyond an account id and a case reference)."""
        found = {"user_id": self.user_id, "reference": self.reference, "action": self.action,
                 "allowed": self.allowed,
                 "from": self.day_from.isoformat() if self.day_from else None,
                 "to": self.day_to.isoformat() if self.day_to else None}
        return {key: value for key, value in found.items() if value is not None}


def london_bounds(day_from: date | None, day_to: date | None
                  ) -> tuple[datetime | None, datetime | None]:
    """The UTC moments a range of London days covers: from the first day's midnight
    (inclusive) to the midnight after the last day (exclusive), so both days are whole
    days as the council lives them, summer time or not (portal.common.clock)."""
    start = (datetime.combine(day_from, time(0), LONDON).astimezone(UTC)
             if day_from is not None else None)
    end = (datetime.combine(day_to + timedelta(days=1), time(0), LONDON).astimezone(UTC)
           if day_to is not None else None)
    return start, end


def csv_safe(value: str) -> str:
    """A cell a spreadsheet cannot run: a leading ' before = + - @ (or a tab or return)."""
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime
    action: str
    allowed: bool
    user_id: int | None
    who: str | None
    email: str | None
    reference: str | None


def _query(council_id: int, filters: AuditFilters) -> Select[Any]:
    """The council's audit rows that match ``filters``: rows by its accounts or about its
    cases (and those with neither: a refused visitor who was not signed in)."""
    start, end = london_bounds(filters.day_from, filters.day_to)
    conditions: list[Any] = [or_(
        User.council_id == council_id, Representation.council_id == council_id,
        and_(AuditLog.user_id.is_(None), AuditLog.representation_id.is_(None)))]
    if filters.user_id is not None:
        conditions.append(AuditLog.user_id == filters.user_id)
    if filters.representation_id is not None:
        conditions.append(AuditLog.representation_id == filters.representation_id)
    if filters.action is not None:
        conditions.append(AuditLog.action == filters.action)
    if filters.allowed is not None:
        conditions.append(AuditLog.allowed.is_(filters.allowed))
    if start is not None:
        conditions.append(AuditLog.at >= start)
    if end is not None:
        conditions.append(AuditLog.at < end)
    query: Select[Any] = (
        select(AuditLog.id, AuditLog.at, AuditLog.action, AuditLog.allowed,  # type: ignore[assignment]
               AuditLog.user_id, User.name, User.email, Representation.reference)
        .outerjoin(User, User.id == AuditLog.user_id)
        .outerjoin(Representation, Representation.id == AuditLog.representation_id)
        .where(*conditions))
    return query


def count(session: Session, council_id: int, filters: AuditFilters) -> int:
    query = _query(council_id, filters)
    return session.scalar(select(func.count()).select_from(query.subquery())) or 0


def page_of(session: Session, council_id: int, filters: AuditFilters, page: int
            ) -> list[AuditRow]:
    """One page (from 1) of ``PAGE_SIZE`` rows, newest first."""
    query = (_query(council_id, filters)
             .order_by(AuditLog.at.desc(), AuditLog.id.desc())
             .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE))
    return [AuditRow(*row) for row in session.execute(query)]


def every_row(session: Session, council_id: int, filters: AuditFilters) -> Iterator[AuditRow]:
    """Every matching row, newest first, read a thousand at a time (an export may be long)."""
    query = (_query(council_id, filters).order_by(AuditLog.at.desc(), AuditLog.id.desc())
             .execution_options(yield_per=1000))
    for row in session.execute(query):
        yield AuditRow(*row)


def case_id(session: Session, council_id: int, reference: str) -> int | None:
    return session.scalar(select(Representation.id).where(
        Representation.council_id == council_id, Representation.reference == reference))


def accounts(session: Session, council_id: int) -> list[User]:
    """Everyone whose actions the log may hold, those who have left included, by name."""
    return list(session.scalars(select(User).where(User.council_id == council_id)
                                .order_by(User.name, User.id)))
