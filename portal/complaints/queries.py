"""The select()s intake and tracking need."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.cases import Message, Representation


def by_submission_key(session: Session, key: str) -> Representation | None:
    return session.scalars(
        select(Representation).where(Representation.submission_key == key)
    ).first()


def by_reference(session: Session, council_id: int, reference: str) -> Representation | None:
    return session.scalars(
        select(Representation).where(Representation.council_id == council_id,
                                     Representation.reference == reference)
    ).first()


def by_id(session: Session, council_id: int, representation_id: int) -> Representation | None:
    return session.scalars(
        select(Representation).where(Representation.council_id == council_id,
                                     Representation.id == representation_id)
    ).first()


def messages(session: Session, representation_id: int) -> list[Message]:
    """The case's messages, oldest first (the tracking page shows them all)."""
    return list(session.scalars(
        select(Message).where(Message.representation_id == representation_id)
        .order_by(Message.at, Message.id)))
