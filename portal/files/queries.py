"""What the files layer reads."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models.advocacy import AdvocacyCase
from portal.models.files import StoredFile
from portal.models.staff import User
from portal.procedure.advocacy import WITH_AN_ADVOCATE
from portal.vocab.files import PUBLIC_PURPOSES, FilePurpose, Recipient


def file_of_case(session: Session, *, council_id: int, case_id: int,
                 file_id: int) -> StoredFile | None:
    """The file, if it is this case's and this council's (else None: the caller's 404)."""
    return session.scalars(select(StoredFile).where(
        StoredFile.id == file_id, StoredFile.representation_id == case_id,
        StoredFile.council_id == council_id)).first()


def files_of_case(session: Session, case_id: int) -> list[StoredFile]:
    """The case's files, oldest first (the staff pages list them)."""
    return list(session.scalars(select(StoredFile).where(
        StoredFile.representation_id == case_id).order_by(StoredFile.created_at,
                                                            StoredFile.id)))


def public_files_held(session: Session, *, council_id: int, case_id: int | None,
                      draft_token: str | None) -> tuple[int, int]:
    """(how many, bytes together) of the files the public added to this draft or case:
    what the council's limits count."""
    holder = (StoredFile.draft_token == draft_token if draft_token is not None
              else StoredFile.representation_id == case_id)
    count, total = session.execute(select(func.count(StoredFile.id),
                                          func.coalesce(func.sum(StoredFile.size), 0)).where(
        holder, StoredFile.council_id == council_id,
        StoredFile.purpose.in_(sorted(PUBLIC_PURPOSES)))).one()
    return int(count), int(total)


def documents_of_case(session: Session, case_id: int) -> list[StoredFile]:
    """The staff documents of the case, oldest first (the case page's "Documents")."""
    return [f for f in files_of_case(session, case_id)
            if f.purpose is FilePurpose.STAFF_DOCUMENT]


def sent_to(session: Session, case_id: int, recipient: Recipient) -> list[StoredFile]:
    """The case's documents sent to the complainant or to the advocate, first sent first."""
    column = (StoredFile.sent_to_complainant_at if recipient is Recipient.COMPLAINANT
              else StoredFile.sent_to_advocate_at)
    return list(session.scalars(select(StoredFile).where(
        StoredFile.representation_id == case_id, column.is_not(None),
        StoredFile.purpose == FilePurpose.STAFF_DOCUMENT).order_by(column, StoredFile.id)))


def sent_file(session: Session, *, council_id: int, case_id: int, file_id: int,
              recipient: Recipient) -> StoredFile | None:
    """The document, if it is this case's and was sent to ``recipient`` (else None: 404)."""
    found = file_of_case(session, council_id=council_id, case_id=case_id, file_id=file_id)
    if found is None or found.purpose is not FilePurpose.STAFF_DOCUMENT:
        return None
    sent = (found.sent_to_complainant_at if recipient is Recipient.COMPLAINANT
            else found.sent_to_advocate_at)
    return found if sent is not None else None


def has_advocate(session: Session, case_id: int) -> bool:
    """Whether an advocate is working with the child of the case now."""
    return session.scalar(select(AdvocacyCase.id).where(
        AdvocacyCase.representation_id == case_id,
        AdvocacyCase.status.in_(WITH_AN_ADVOCATE)).limit(1)) is not None


def names_of(session: Session, user_ids: set[int]) -> dict[int, str]:
    """The names of the staff who added files, by account id (one query for the page)."""
    if not user_ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(  # type: ignore[arg-type]
        User.id.in_(sorted(user_ids)))).all())
