"""Letters are letters (issue 15, part 5): each carries the date, the reference, the
addressee, the date by which the council will answer, the next step with its deadline
and a signatory, in the case's language; each is on the case page as a page and as a PDF
to print and post, opened only by those who may see the case, and every opening is
recorded."""

from __future__ import annotations

import io
from datetime import date

import pypdf
import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases import letter_parts
from portal.cases.letters import OUTCOME_WORDS, Letter, render_letter
from portal.common.filters import long_date, weekday_date
from portal.models.cases import CaseEvent, Message, Representation
from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.vocab.cases import Outcome, PersonRole, Procedure, Submitter
from portal.vocab.routing import Ombudsman
from tests.conftest import PINNED_TODAY
from tests.factories import give, make_case, make_user
from tests.support.case_actions import act, ok
from tests.support.staff import sign_in_as, signed_in

COUNCIL = "Riverside Borough Council"


@pytest.fixture
def manager(session: Session, council: Council, client: FlaskClient) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def _acknowledged(client: FlaskClient, session: Session, council: Council, reference: str,
                  *, language: str = "en") -> Representation:
    """A child's complaint (received Friday 6 March 2026) accepted at stage 1 and
    acknowledged on Monday 9 March, the letter sent."""
    rep = make_case(session, council, reference, language=language)
    ok(act(client, reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    ok(act(client, reference, "acknowledge", on=date(2026, 3, 9), send="y"))
    return rep


def _signed_by_gwen_price(session: Session, council: Council) -> None:
    """The council's letters signed by its head of complaints, her title in both
    languages."""
    council.settings = {**council.settings, "signatory_name": "Gwen Price",
                        "signatory_title": "Head of Complaints",
                        "signatory_title_cy": "Pennaeth Cwynion"}
    session.commit()


def _letter_event(session: Session, rep: Representation, kind: str) -> CaseEvent:
    return session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == "letter_sent")
        .order_by(CaseEvent.id.desc())).first() or pytest.fail(f"no {kind} letter")


def test_the_acknowledgement_is_a_letter(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _acknowledged(client, session, council, "CMP-LF-000001")
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert stage1.due_on is not None
    body = rep.messages[-1].body
    lines = body.splitlines()
    # Dated the day it is written, with the reference, to the person by the name they gave.
    assert lines[:4] == [long_date(PINNED_TODAY), "Our reference: CMP-LF-000001", "",
                         "Dear Sam,"]
    assert lines[0] == "23 November 2026"
    # The date we will answer by, and what they may do after the answer, with its time limit.
    assert f"We will answer by {weekday_date(stage1.due_on, in_sentence=True)}." in body
    assert ("If you are not happy with our answer, you can ask us to look at it again at "
            "stage 2. You will have 20 working days from our answer to ask.") in body
    # Signed: no signatory set, so the complaints team, and the council.
    assert body.endswith("Yours sincerely,\n\nThe complaints team\n" + COUNCIL + "\n")
    event = _letter_event(session, rep, "acknowledgement")
    assert event.data["letter"] == "acknowledgement"
    assert event.data["message_id"] == rep.messages[-1].id


def test_the_outcome_names_the_next_stage_deadline_and_the_signatory(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    _signed_by_gwen_price(session, council)
    rep = _acknowledged(client, session, council, "CMP-LF-000002")
    ok(act(client, rep.reference, "outcome", outcome="partly_upheld",
           responded_on=date(2026, 3, 18), summary="We are sorry nobody called you back."))
    body = rep.messages[-1].body
    assert body.startswith("23 November 2026\nOur reference: CMP-LF-000002\n\nDear Sam,\n")
    assert "We are sorry nobody called you back." in body
    # 20 working days from Wednesday 18 March 2026: Good Friday and Easter Monday skipped.
    assert ("you can ask us to look at it again at stage 2. Tell us by Friday 17 April "
            "2026.") in body
    assert "Ombudsman" in body
    assert ("The Ombudsman usually looks only at complaints made within 12 months of when "
            "you first knew about the problem.") in body
    assert body.endswith("Yours sincerely,\n\nGwen Price\nHead of Complaints\n" + COUNCIL
                         + "\n")


def test_after_the_last_stage_the_next_step_is_the_ombudsman(
        session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-LF-000003")
    rep.procedure = Procedure.ADULT_STATUTORY
    letter = render_letter(Letter.ACKNOWLEDGEMENT, rep, ombudsman=Ombudsman.LGSCO,
                           today=date(2026, 11, 23), due_on=date(2027, 5, 21))
    assert "We will answer by Friday 21 May 2027." in letter.body
    assert "look at it again" not in letter.body  # one stage: no stage 2
    assert ("Not happy with our answer? You can ask the Local Government and Social Care "
            "Ombudsman to look at your complaint. Call 0300 061 0614 or go to "
            "www.lgo.org.uk.") in letter.body
    assert "within 12 months" in letter.body


@pytest.mark.parametrize(("submitter", "greeting"), [
    (Submitter.CHILD, "Hello,"),  # a child who gave no name: a greeting that names nobody
    (Submitter.PARENT, "Dear complainant,"),
])
def test_without_a_name_the_letter_names_nobody(
        session: Session, council: Council, submitter: Submitter, greeting: str) -> None:
    rep = make_case(session, council, f"CMP-LF-00001{len(greeting)}", submitter=submitter.value,
                    on_behalf_of_child=submitter is not Submitter.CHILD)
    rep.submitter = submitter
    complainant = rep.person(PersonRole.COMPLAINANT)
    assert complainant is not None
    complainant.name = None
    letter = render_letter(Letter.DEFERRAL, rep, ombudsman=Ombudsman.LGSCO,
                           today=date(2026, 11, 23), reason="A police investigation.")
    assert letter.body.splitlines()[3] == greeting
    assert letter_parts.addressee(rep) is None


def test_a_welsh_letter_is_welsh_throughout(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    _signed_by_gwen_price(session, council)
    rep = _acknowledged(client, session, council, "CMP-LF-000004", language="cy")
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert stage1.due_on is not None
    body = rep.messages[-1].body
    with force_locale("cy"):
        due = weekday_date(stage1.due_on, in_sentence=True)
    assert body.splitlines()[:4] == ["23 Tachwedd 2026", "Ein cyfeirnod: CMP-LF-000004", "",
                                     "Annwyl Sam,"]
    assert f"Byddwn ni'n eich ateb erbyn {due}." in body
    assert body.endswith("Yn gywir,\n\nGwen Price\nPennaeth Cwynion\n" + COUNCIL + "\n")
    for english in ("Dear", "Our reference", "Yours sincerely", "We will answer",
                    "If you are not happy", "working days", "Head of Complaints", "November"):
        assert english not in body, english
    assert _letter_event(session, rep, "acknowledgement").data["locale"] == "cy"
    # The answer, recorded by an officer working in English, is Welsh too, codes and all.
    ok(act(client, rep.reference, "outcome", outcome="partly_upheld",
           responded_on=date(2026, 3, 18), summary="Mae'n ddrwg gennym."))
    answer = rep.messages[-1].body
    # In the plain words a child reads (letters.OUTCOME_WORDS), never the statutory term.
    with force_locale("cy"):
        decided = str(OUTCOME_WORDS[Outcome.PARTLY_UPHELD])
    assert decided != "We agree with some of your complaint, but not all of it."
    assert decided in answer
    assert "Partly upheld" not in answer
    assert "upheld" not in answer.lower()
    assert "Ombwdsmon" in answer


def test_each_letter_opens_as_a_page_and_downloads_as_a_pdf(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _acknowledged(client, session, council, "CMP-LF-000005")
    complainant = rep.person(PersonRole.COMPLAINANT)
    assert complainant is not None
    complainant.address = "1 High Street\nRiverside <Town>"
    session.commit()
    message = rep.messages[-1]
    page = client.get(f"/staff/cases/{rep.reference}").text
    page_link = f"/staff/cases/{rep.reference}/letters/{message.id}"
    assert f'href="{page_link}"' in page
    assert f'href="{page_link}.pdf"' in page

    shown = client.get(page_link)
    assert shown.status_code == 200
    text = shown.get_data(as_text=True)
    assert "Dear Sam," in text
    assert "Riverside &lt;Town&gt;" in text  # the addressee's address, escaped
    assert "We have received what you sent us: CMP-LF-000005" in text

    pdf = client.get(f"{page_link}.pdf")
    assert pdf.status_code == 200
    assert pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment;")
    assert pdf.data.startswith(b"%PDF")
    words = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.data)).pages)
    for expected in ("Dear Sam,", "Our reference: CMP-LF-000005", "23 November 2026",
                     "Yours sincerely,", "The complaints team", COUNCIL, "Riverside <Town>"):
        assert expected in words, expected

    # Each opening is recorded against the case, and the timeline says so.
    opened = session.scalars(select(AuditLog).where(
        AuditLog.representation_id == rep.id, AuditLog.action == "letter_viewed")).all()
    assert sorted(a.detail["format"] for a in opened) == ["html", "pdf"]
    assert all(a.detail["message_id"] == message.id for a in opened)
    timeline = client.get(f"/staff/cases/{rep.reference}/timeline").text
    assert 'data-kind="letter_viewed"' in timeline
    assert "Opened a letter" in timeline


def test_a_letter_is_refused_to_whoever_may_not_see_the_case(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _acknowledged(client, session, council, "CMP-LF-000006")
    message = rep.messages[-1]
    urls = [f"/staff/cases/{rep.reference}/letters/{message.id}",
            f"/staff/cases/{rep.reference}/letters/{message.id}.pdf"]
    responder, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    sign_in_as(client, responder)
    for url in urls:
        assert client.get(url).status_code == 404
    denied = session.scalars(select(AuditLog).where(
        AuditLog.representation_id == rep.id, AuditLog.user_id == responder.id,
        AuditLog.allowed.is_(False))).all()
    assert len(denied) == 2
    advocate, _ = make_user(session, council, Role.ADVOCATE)
    sign_in_as(client, advocate)
    for url in urls:
        assert client.get(url).status_code in (403, 404)
    # Given the case, the responding manager may read its letters.
    give(session, rep, responder)
    sign_in_as(client, responder)
    assert client.get(urls[1]).status_code == 200
    # A message that is not a letter of this case is not found.
    other = make_case(session, council, "CMP-LF-000007")
    note = Message(representation_id=other.id, author=rep.messages[-1].author, body="Hi")
    session.add(note)
    session.commit()
    sign_in_as(client, manager)
    assert client.get(f"/staff/cases/{rep.reference}/letters/{note.id}").status_code == 404
    assert client.get(f"/staff/cases/{other.reference}/letters/{note.id}.pdf"
                      ).status_code == 404
