"""Everything the complainant is sent is in the case's language, whatever it is (issue 18,
part 5): the form's language is kept on the case for every code ("pl", "prs", "ckb"), the
acknowledgement is written by the mail worker in it, the text message too, and a message
an officer sends goes with its subject in the complainant's language, not the officer's.
With no catalogue for a language yet, the portal's words are English."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale, get_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases.services import send_message
from portal.common.languages import babel_code
from portal.complaints.services import submit
from portal.db.types import utcnow
from portal.mail import services as mail_services
from portal.mail.services import OutboxBackend, send_due
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.mail import Channel, OutgoingMail
from portal.models.staff import Role
from portal.vocab.cases import PersonRole
from tests.factories import make_case, make_user

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
ANSWERS: dict[str, Any] = {
    "kind": "complaint", "submitter": "child", "safe": "yes", "child_age": "12",
    "in_care": "this_council", "service": "children_in_care", "also": ["none"],
    "description": "My social worker never comes to see me.",
    "event_on": {"day": "3", "month": "2", "year": "2026"},
    "how_affected": "I feel sad.", "desired_outcome": "A visit every month.",
    "wants_advocate": "no", "contact_methods": ["email", "text"],
    "email": "sam@example.com", "mobile": "07700 900123", "text_times": "any",
    "name": "Sam", "safe_times": "After school", "needs": [],
}


def _queued(session: Session, rep: Representation) -> dict[Channel, OutgoingMail]:
    mails = session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == "acknowledgement").order_by(OutgoingMail.id)).all()
    return {m.channel: m for m in mails if rep.reference in (m.subject + m.body)
            or (m.context or {}).get("reference") == rep.reference}


@pytest.mark.parametrize("language", ["pl", "ar", "fa_AF", "prs", "ckb", "pt_BR"])
def test_the_form_language_is_kept_and_the_acknowledgement_written_in_it(
        session: Session, council: Council, monkeypatch: pytest.MonkeyPatch,
        language: str) -> None:
    rep = submit(session, council=council, answers=ANSWERS, submission_key=f"lang-{language}",
                 tracking_code="K" * 20, locale=language, now=NOW)
    session.commit()
    # The case and the complainant keep the language the form was in.
    assert rep.language == language
    complainant = rep.person(PersonRole.COMPLAINANT)
    assert complainant is not None
    assert complainant.language == language

    queued = _queued(session, rep)
    email, text = queued[Channel.EMAIL], queued[Channel.SMS]
    assert (email.locale, text.locale) == (language, language)
    # The text says where to read it, in their language.
    assert f"lang={language}" in text.body
    assert rep.reference in text.body

    # The worker writes the email's body in the case's language.
    used: list[str] = []
    render = mail_services.render_template

    def seeing_the_locale(template: str, **context: Any) -> str:
        used.append(str(get_locale()))
        return render(template, **context)

    monkeypatch.setattr(mail_services, "render_template", seeing_the_locale)
    send_due(session, OutboxBackend(), now=utcnow() + timedelta(days=2))
    assert email.sent_at is not None
    assert used == [babel_code(language)]
    assert used != ["en"]
    # In the case's language: every one of these has a (draft) catalogue.
    with force_locale(babel_code(language)):
        thanks = gettext("Thank you. We have got your message.")
    assert thanks != "Thank you. We have got your message."
    assert email.body.startswith(thanks)


def test_a_message_goes_with_its_subject_in_the_complainants_language(
        client: FlaskClient, session: Session, council: Council) -> None:
    officer, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    subjects = {}
    for language in ("cy", "pl"):
        rep = make_case(session, council, f"CMP-MSG-{language.upper()}", language=language)
        # The officer works in English: a request with English pages.
        with client.application.test_request_context("/?lang=en"):
            send_message(session, rep, officer, "We will call you on Monday.")
            session.commit()
        mail = session.scalars(select(OutgoingMail).where(
            OutgoingMail.purpose == "message", OutgoingMail.channel == Channel.EMAIL)
            .order_by(OutgoingMail.id.desc())).first()
        assert mail is not None
        assert mail.body == "We will call you on Monday."
        subjects[language] = (mail.locale, mail.subject)
    assert subjects == {
        "cy": ("cy", "Neges newydd am CMP-MSG-CY"),
        "pl": ("pl", "A new message about CMP-MSG-PL"),
    }
