"""The retention purge destroys a case's files with the rest of its personal data."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.files import services
from portal.files.scan import Clamd
from portal.models.councils import Council
from portal.models.files import StoredFile, StoredFileChunk
from portal.vocab.files import FilePurpose
from tests.support import files as samples
from tests.support.retention import closed_case, run_purge


def test_the_purge_deletes_the_cases_files(session: Session, council: Council,
                                           clamd: Clamd) -> None:
    due = closed_case(session, council, "CMP-R-000001", closed=date(2019, 5, 1))
    kept = closed_case(session, council, "CMP-R-000002", closed=date(2025, 5, 1))
    for rep in (due, kept):
        for data in (samples.jpeg_with_gps(), samples.plain_pdf(padding=300 * 1024)):
            assert isinstance(services.accept(
                session, data, name="x", purpose=FilePurpose.EVIDENCE, council=council,
                case_id=rep.id, scanner=clamd), StoredFile)
    session.commit()
    due_id, kept_id = due.id, kept.id

    run_purge(session)

    session.expire_all()
    files = dict(session.execute(select(StoredFile.representation_id, func.count(StoredFile.id))
                                 .group_by(StoredFile.representation_id)).all())
    assert due_id not in files
    assert files[kept_id] == 2
    orphans = session.scalar(select(func.count()).select_from(StoredFileChunk).where(
        ~StoredFileChunk.file_id.in_(select(StoredFile.id))))
    assert orphans == 0
