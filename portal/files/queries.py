"""What the files layer reads."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.models.files import StoredFile
from portal.vocab.files import PUBLIC_PURPOSES


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
