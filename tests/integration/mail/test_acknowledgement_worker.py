"""The acknowledgement of a sent form is written by the mail worker, not by the request
(issue 17, part 2): queued with its template and what the template needs, rendered in the
complainant's language just before it is sent, word for word what the request used to
write (the texts below are what it wrote before the change, for the pinned day)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from flask_babel import refresh
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.complaints.services import ACKNOWLEDGEMENT_TEMPLATE
from portal.db.types import utcnow
from portal.mail.services import OutboxBackend, send_due
from portal.models.cases import Representation
from portal.models.mail import OutgoingMail
from tests.support.journey import CHILD_COMPLAINT, send, walk

pytestmark = pytest.mark.usefixtures("own_drafts")

#: With the deadlines routing gives a complaint received on the pinned day.
EXPECTED = {
    "en": "Thank you. We have got your message.\n\nYour reference is {reference}.\n\n"
          "We will get in touch by Thursday 26 November 2026 to say we are looking at it.\n\n"
          "We will give you our answer by Monday 7 December 2026.\n\n"
          "To see what is happening, open the page below. You need your reference and the "
          "secret code we showed you. We do not send the code by email.\n"
          "http://portal.test/track?lang=en\n\n"
          "If you are in danger now, call 999. You can call Childline free on 0800 1111.\n",
    "cy": "Diolch. Rydyn ni wedi cael eich neges.\n\nEich cyfeirnod yw {reference}.\n\n"
          "Byddwn ni'n cysylltu â chi erbyn dydd Iau 26 Tachwedd 2026 i ddweud ein bod ni'n "
          "edrych arno.\n\nByddwn ni'n rhoi ein hateb i chi erbyn dydd Llun 7 Rhagfyr 2026.\n\n"
          "I weld beth sy'n digwydd, agorwch y dudalen isod. Bydd angen eich cyfeirnod a'r "
          "cod cyfrinachol a ddangoson ni i chi. Dydyn ni ddim yn anfon y cod drwy e-bost.\n"
          "http://portal.test/track?lang=cy\n\n"
          "Os ydych chi mewn perygl nawr, ffoniwch 999. Gallwch ffonio Childline am ddim ar "
          "0800 1111.\n",
}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_worker_writes_the_acknowledgement_as_the_request_did(
        client: FlaskClient, session: Session, lang: str) -> None:
    client.set_cookie("lang", lang, domain="portal.test")
    refresh()  # flask-babel caches the locale in the test's long-lived app context
    walk(client, "complaint", CHILD_COMPLAINT)
    send(client)
    entry = session.scalars(select(Representation).order_by(Representation.id.desc())).first()
    mail = session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == "acknowledgement").order_by(OutgoingMail.id.desc())).first()
    # Queued, with everything the worker needs and nothing rendered yet.
    assert (mail.to_address, mail.locale, mail.template) == (
        "sam@example.com", lang, ACKNOWLEDGEMENT_TEMPLATE)
    assert mail.body == ""
    assert entry.reference in mail.subject
    assert mail.context["reference"] == entry.reference

    report = send_due(session, OutboxBackend(), now=utcnow() + timedelta(seconds=1))
    assert report.sent >= 1
    assert mail.sent_at is not None
    assert mail.body == EXPECTED[lang].format(reference=entry.reference)
