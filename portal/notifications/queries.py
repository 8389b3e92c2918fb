"""The reads of staff notices: who answers for a case, and each open case's deadline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from portal.models.cases import Representation, Stage
from portal.models.notifications import Notice, NoticePreference
from portal.models.staff import CaseAssignment, Role, User
from portal.procedure import rules as case_rules
from portal.staff.permissions import HANDLING_ROLES, TEAM_ROLES
from portal.vocab.notifications import Delivery


def assigned_handlers(session: Session, representation_id: int) -> list[User]:
    """Active people given the case in a handling role, assignment still running."""
    given = select(CaseAssignment.user_id).where(
        CaseAssignment.representation_id == representation_id,
        CaseAssignment.ended_at.is_(None), CaseAssignment.role.in_(HANDLING_ROLES))
    return list(session.scalars(select(User).where(User.id.in_(given), User.active.is_(True))
                                .order_by(User.id)))


def team_staff(session: Session, council_id: int, team_id: int) -> list[User]:
    """The complaints managers and officers of a team."""
    return list(session.scalars(select(User).where(
        User.council_id == council_id, User.team_id == team_id, User.role.in_(TEAM_ROLES),
        User.active.is_(True)).order_by(User.id)))


def complaints_managers(session: Session, council_id: int) -> list[User]:
    return list(session.scalars(select(User).where(
        User.council_id == council_id, User.role == Role.COMPLAINTS_MANAGER,
        User.active.is_(True)).order_by(User.id)))


def delivery_of(session: Session, user_id: int) -> Delivery:
    """How the person wants their notices: an email each unless they chose otherwise."""
    chosen = session.scalar(select(NoticePreference.delivery).where(
        NoticePreference.user_id == user_id))
    return chosen or Delivery.EACH


def open_deadline_rows(session: Session, council_id: int) -> Sequence[Any]:
    """Each open case of the council with the facts its next deadline is read from
    (``portal.procedure.deadlines.deadline_from``): the case's acknowledgement and its latest
    stage, the same columns the due dashboard reads (``due_by_team``), only these."""
    latest = (select(Stage.representation_id, func.max(Stage.number).label("number"))
              .group_by(Stage.representation_id).subquery())
    return session.execute(
        select(Representation.id, Representation.status, Representation.procedure,
               Representation.acknowledge_by.label("case_acknowledge_by"),
               Representation.acknowledged_on.label("case_acknowledged_on"),
               Stage.number, Stage.closed_on, Stage.extended_to_on, Stage.due_on,
               Stage.requested_on, Stage.report_on, Stage.panel_on, Stage.started_on,
               Stage.acknowledge_by, Stage.acknowledged_on)
        .outerjoin(latest, latest.c.representation_id == Representation.id)
        .outerjoin(Stage, and_(Stage.representation_id == Representation.id,
                               Stage.number == latest.c.number))
        .where(Representation.council_id == council_id,
               Representation.status.in_(case_rules.OPEN_STATUSES))
        .order_by(Representation.id)).all()


def already_told(session: Session, notice: Notice) -> bool:
    """A deadline notice like this one (person, case, kind, deadline, date) exists."""
    return session.scalar(select(Notice.id).where(
        Notice.user_id == notice.user_id, Notice.representation_id == notice.representation_id,
        Notice.kind == notice.kind, Notice.deadline == notice.deadline,
        Notice.due_on == notice.due_on).limit(1)) is not None


def pending_users(session: Session) -> list[int]:
    """Everyone with notices waiting for their daily summary."""
    return list(session.scalars(select(Notice.user_id).where(Notice.sent_at.is_(None))
                                .group_by(Notice.user_id).order_by(Notice.user_id)))


def notices_with_cases(session: Session, ids: Sequence[int]
                       ) -> list[tuple[Notice, Representation]]:
    """The notices ``ids`` with their cases, in the order they happened."""
    return [(n, r) for n, r in session.execute(
        select(Notice, Representation)
        .join(Representation, Representation.id == Notice.representation_id)
        .where(Notice.id.in_(ids)).order_by(Notice.created_at, Notice.id)).all()]
