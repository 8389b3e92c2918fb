"""A case's file opened by staff: who may, the headers, the stream and the audit log."""

from __future__ import annotations

import hashlib

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.common.dates import Nation
from portal.files import services
from portal.files.scan import Clamd
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.files import StoredFile
from portal.models.staff import AuditLog, Role
from portal.vocab.files import FilePurpose
from tests.factories import give, make_case, make_user
from tests.support import files as samples
from tests.support.staff import sign_in_as, sign_out


def add(session: Session, council: Council, rep: Representation, data: bytes,
        clamd: Clamd) -> StoredFile:
    stored = services.accept(session, data, name="x", purpose=FilePurpose.EVIDENCE,
                             council=council, case_id=rep.id, scanner=clamd)
    assert isinstance(stored, StoredFile), stored
    session.commit()
    return stored


def url(rep: Representation, stored: StoredFile | int) -> str:
    file_id = stored if isinstance(stored, int) else stored.id
    return f"/staff/cases/{rep.reference}/files/{file_id}"


def opened(client: FlaskClient, address: str) -> bool:
    response = client.get(address)
    return response.status_code == 200 and len(response.data) > 0


def test_a_pdf_is_downloaded_sandboxed_and_the_opening_recorded(
        client: FlaskClient, session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-S-000001")
    stored = add(session, council, rep, samples.plain_pdf(padding=600 * 1024), clamd)
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    response = client.get(url(rep, stored))
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == \
        f'attachment; filename="CMP-S-000001-file-{stored.id}.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "no-store" in response.headers["Cache-Control"]
    assert int(response.headers["Content-Length"]) == stored.size
    assert hashlib.sha256(response.data).hexdigest() == stored.sha256
    opened = session.scalars(select(AuditLog).where(
        AuditLog.action == "file_opened", AuditLog.representation_id == rep.id)).all()
    assert [(a.user_id, a.detail["file_id"], a.allowed) for a in opened] == \
        [(manager.id, stored.id, True)]


def test_pictures_and_voice_notes_are_shown_inline(
        client: FlaskClient, session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-S-000002")
    photo = add(session, council, rep, samples.jpeg_with_gps(), clamd)
    voice = add(session, council, rep, samples.webm(), clamd)
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    sign_in_as(client, officer)
    for stored, mimetype in ((photo, "image/jpeg"), (voice, "audio/webm")):
        response = client.get(url(rep, stored))
        assert response.status_code == 200
        assert hashlib.sha256(response.data).hexdigest() == stored.sha256
        assert response.mimetype == mimetype
        assert response.headers["Content-Disposition"].startswith("inline;")
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_who_may_not_see_the_case_gets_not_found(
        client: FlaskClient, session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-S-000003")
    other = make_case(session, council, "CMP-S-000004")
    stored = add(session, council, rep, samples.png_with_text(), clamd)
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)

    # Nobody signed in: 404, as for a file that does not exist (issue 19, "How it is
    # checked"), never the file nor a hint that it is there.
    sign_out(client)
    anonymous = client.get(url(rep, stored))
    assert anonymous.status_code == 404
    assert client.get(url(rep, stored.id + 10_000)).status_code == 404

    # An advocate not given the child; a responding manager given another case.
    advocate, _ = make_user(session, council, Role.ADVOCATE)
    responder, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    give(session, other, responder)
    for user in (advocate, responder):
        sign_in_as(client, user, fresh=True)
        assert client.get(url(rep, stored)).status_code == 404
    denied = session.scalars(select(AuditLog).where(
        AuditLog.representation_id == rep.id, AuditLog.allowed.is_(False))).all()
    assert {a.user_id for a in denied} == {advocate.id, responder.id}

    # Given the case, the responding manager may open its file.
    give(session, rep, responder)
    sign_in_as(client, responder, fresh=True)
    assert opened(client, url(rep, stored))

    # A file of another case, through this case's address: 404, as a file that does not exist.
    sign_in_as(client, manager, fresh=True)
    assert client.get(url(other, stored)).status_code == 404
    assert client.get(url(rep, stored.id + 10_000)).status_code == 404
    assert opened(client, url(rep, stored))


def test_staff_of_another_council_get_not_found(
        client: FlaskClient, session: Session, council: Council, clamd: Clamd) -> None:
    rep = make_case(session, council, "CMP-S-000005")
    stored = add(session, council, rep, samples.png_with_text(), clamd)
    elsewhere = Council(slug="elsewhere", name="Elsewhere Council", nation=Nation.ENGLAND,
                        settings=dict(council.settings))
    session.add(elsewhere)
    session.commit()
    stranger, _ = make_user(session, elsewhere, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, stranger)
    # Not signed in here at all (portal.staff.belonging): 404, no bytes.
    answer = client.get(url(rep, stored))
    assert answer.status_code == 404
    assert answer.mimetype == "text/html"
    assert not session.scalars(select(AuditLog).where(
        AuditLog.action == "file_opened", AuditLog.user_id == stranger.id)).all()
