"""Reading back what a test wrote: rows counted, a case's events, the mail queued."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models.cases import CaseEvent, Representation
from portal.models.mail import OutgoingMail


def count(session: Session, model: type, **where: object) -> int:
    """How many rows of ``model`` there are, of those whose columns equal ``where``."""
    query = select(func.count()).select_from(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return session.scalar(query) or 0


def events(session: Session, rep: Representation) -> list[str]:
    """The kinds of the case's events, oldest first."""
    return list(session.scalars(select(CaseEvent.type).where(
        CaseEvent.representation_id == rep.id).order_by(CaseEvent.id)))


def events_of(session: Session, rep: Representation, kind: str) -> list[CaseEvent]:
    """The case's events of one kind, oldest first."""
    return list(session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == kind).order_by(CaseEvent.id)))


def mails(session: Session, to: str, purpose: str) -> list[OutgoingMail]:
    """The mail queued for one address for one purpose, oldest first."""
    return list(session.scalars(select(OutgoingMail).where(
        OutgoingMail.to_address == to, OutgoingMail.purpose == purpose
    ).order_by(OutgoingMail.id)))
