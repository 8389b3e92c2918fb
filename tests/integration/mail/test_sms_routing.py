"""A child who chose text messages hears by text, within their safe times, and a text says
nothing but that there is news: no words, no names, no tracking code."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from flask_babel import refresh
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from portal.cases import services as cases
from portal.cases.complainant import tell_complainant
from portal.mail.services import OutboxBackend, backend_named, send_due
from portal.models.cases import Person, Representation
from portal.models.councils import Council
from portal.models.mail import Channel, OutgoingMail
from portal.models.staff import Role
from portal.settings.council import CouncilSettings
from portal.vocab.cases import PersonRole
from tests.conftest import PINNED_NOW
from tests.factories import make_case, make_user
from tests.fakes.notify import FakeNotify
from tests.support.journey import CHILD_COMPLAINT, check_page, confirmation, post_step, send, walk
from tests.support.pages import form_values, parse
from tests.support.staff import signed_in

MOBILE = "07700 900982"
TRACK = "http://portal.test/track?lang="


@pytest.fixture(autouse=True)
def _isolated(own_drafts: None, engine: Engine) -> Iterator[None]:
    """Own drafts and rate-limit counts; and no queued mail left behind (send_due commits,
    which on SQLite outlives the test's rollback)."""
    yield
    with engine.begin() as connection:
        connection.execute(delete(OutgoingMail))


def complainant(rep: Representation) -> Person:
    person = rep.person(PersonRole.COMPLAINANT)
    assert person is not None
    return person


def text_of(tag: Any) -> str:
    assert tag is not None
    return str(tag.get_text(strip=True))


def complain(client: FlaskClient, session: Session, contact: dict[str, Any],
             lang: str | None = None) -> tuple[Representation, str, list[OutgoingMail]]:
    """Walk the journey with these contact answers and send; the entry, its tracking code
    and the mail it queued."""
    before = session.scalar(select(func.max(OutgoingMail.id))) or 0
    walk(client, "complaint", {**CHILD_COMPLAINT, "contact": contact}, lang=lang)
    reference, code = confirmation(check_page(send(client)))
    rep = session.scalars(select(Representation).where(Representation.reference == reference)
                          ).one()
    mails = list(session.scalars(select(OutgoingMail).where(OutgoingMail.id > before)
                                 .order_by(OutgoingMail.id)))
    return rep, code, mails


def assert_says_only_that_there_is_news(mail: OutgoingMail, rep: Representation, code: str,
                                        lang: str = "en") -> None:
    assert mail.channel is Channel.SMS
    assert rep.reference in mail.body
    assert f"{TRACK}{lang}" in mail.body
    for private in ("Sam", CHILD_COMPLAINT["what-happened"]["description"], "sad",
                    code, code.replace("-", "")):
        assert private not in mail.body
    assert len(mail.body) <= 306  # two text message parts at most


def test_a_child_who_chose_texts_gets_a_text_not_an_email(
        client: FlaskClient, session: Session) -> None:
    rep, code, mails = complain(client, session, {
        "contact_methods": ["text"], "mobile": MOBILE, "name": "Sam"})
    (mail,) = [m for m in mails if m.purpose == "acknowledgement"]
    assert mail.to_address == MOBILE
    assert mail.subject == ""
    assert mail.locale == "en"
    assert mail.not_before is None  # Monday 10:00: inside 08:00 to 20:00
    assert_says_only_that_there_is_news(mail, rep, code)
    assert not [m for m in mails if m.channel is Channel.EMAIL]
    person = complainant(rep)
    assert (person.mobile, person.phone, person.text_times) == (MOBILE, MOBILE, None)
    # And it really leaves, through Notify (a local fake of it).
    with FakeNotify() as notify:
        send_due(session, backend_named("notify", notify.config()),
                 now=PINNED_NOW + timedelta(minutes=5))
        (sent,) = notify.with_reference(mail.id)
        assert sent.kind == "sms"
        assert sent.data["phone_number"] == MOBILE
        assert sent.personalisation == {"body": mail.body}


def test_only_after_school_holds_the_text_until_four(
        client: FlaskClient, session: Session) -> None:
    rep, _code, mails = complain(client, session, {
        "contact_methods": ["text"], "mobile": MOBILE, "text_times": "after_school"})
    (mail,) = mails
    four = datetime(2026, 11, 23, 16, 0, tzinfo=PINNED_NOW.tzinfo)  # GMT: London = UTC
    assert mail.not_before == four
    assert complainant(rep).text_times == "after_school"
    send_due(session, OutboxBackend(), now=four - timedelta(minutes=1))
    assert mail.sent_at is None
    send_due(session, OutboxBackend(), now=four)
    assert mail.sent_at == four


def test_the_councils_texting_hours_apply(client: FlaskClient, session: Session,
                                          council: Council) -> None:
    council.settings = {**council.settings, "sms_from": "11:00", "sms_until": "19:00"}
    session.commit()
    _rep, _code, (mail,) = complain(client, session, {
        "contact_methods": ["text"], "mobile": MOBILE, "text_times": "any"})
    assert mail.not_before == datetime(2026, 11, 23, 11, 0, tzinfo=PINNED_NOW.tzinfo)


def test_a_number_for_calls_and_a_number_for_texts_are_kept_apart(
        client: FlaskClient, session: Session) -> None:
    rep, _code, (mail,) = complain(client, session, {
        "contact_methods": ["phone", "text"], "phone": "01632 960000", "mobile": MOBILE})
    person = complainant(rep)
    assert (person.phone, person.mobile) == ("01632 960000", MOBILE)
    assert (mail.channel, mail.to_address) == (Channel.SMS, MOBILE)


def test_email_and_texts_chosen_get_both(client: FlaskClient, session: Session) -> None:
    _rep, _code, mails = complain(client, session, {
        "contact_methods": ["email", "text"], "email": "sam@example.com", "mobile": MOBILE})
    assert sorted((m.channel.value, m.to_address) for m in mails) == [
        ("email", "sam@example.com"), ("sms", MOBILE)]


def test_no_text_without_choosing_texts_and_none_when_anonymous(
        client: FlaskClient, session: Session) -> None:
    _rep, _code, mails = complain(client, session, {
        "contact_methods": ["phone"], "phone": MOBILE})
    assert mails == []
    rep, _code, mails = complain(client, session, {"contact_methods": ["none"]})
    assert mails == []
    assert complainant(rep).mobile is None


def test_a_welsh_child_gets_a_welsh_text(client: FlaskClient, session: Session) -> None:
    rep, code, (mail,) = complain(client, session, {
        "contact_methods": ["text"], "mobile": MOBILE}, lang="cy")
    refresh()
    assert mail.locale == "cy"
    assert_says_only_that_there_is_news(mail, rep, code, lang="cy")


def test_when_can_we_text_you_is_optional_and_on_check_your_answers(
        client: FlaskClient) -> None:
    check = walk(client, "complaint", {**CHILD_COMPLAINT, "contact": {
        "contact_methods": ["text"], "mobile": MOBILE}})
    rows = {text_of(row.select_one("dt")): text_of(row.select_one("dd"))
            for row in check_page(check).select(".govuk-summary-list__row")}
    assert rows["When can we text you?"] == "Not given"
    page = check_page(client.get("/complaint/contact", query_string={"change": 1}))
    choices = [i["value"] for i in page.select("input[name=text_times]")]
    assert choices == ["any", "after_school", "weekends"]
    changed = post_step(client, "contact", {"contact_methods": ["text"], "mobile": MOBILE,
                                            "text_times": "weekends"}, change=1)
    assert changed.status_code == 302
    rows = {text_of(row.select_one("dt")): text_of(row.select_one("dd"))
            for row in check_page(client.get("/complaint/check-answers")
                                  ).select(".govuk-summary-list__row")}
    assert rows["When can we text you?"] == "Only at the weekend"


def test_a_council_message_reaches_a_texting_child_as_a_text_without_its_words(
        session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-2026-009001")
    person = complainant(rep)
    person.contact_methods, person.email, person.mobile = ["text"], None, MOBILE
    user, _secret = make_user(session, council, Role.COMPLAINTS_MANAGER)
    before = session.scalar(select(func.max(OutgoingMail.id))) or 0
    cases.send_message(session, rep, user, "Your social worker will visit on Tuesday.")
    (mail,) = session.scalars(select(OutgoingMail).where(OutgoingMail.id > before)).all()
    assert (mail.channel, mail.to_address, mail.purpose) == (Channel.SMS, MOBILE, "message")
    assert "Tuesday" not in mail.body
    assert "There is a new message for you about CMP-2026-009001" in mail.body
    assert f"{TRACK}en" in mail.body


def test_a_letter_to_someone_who_chose_email_and_texts_goes_by_both(
        session: Session, council: Council) -> None:
    rep = make_case(session, council, "CMP-2026-009002", language="cy")
    person = complainant(rep)
    person.contact_methods, person.mobile = ["email", "text"], MOBILE
    queued = tell_complainant(session, rep, subject="Our answer", body="The whole letter.",
                              purpose="letter_outcome", locale="cy")
    by_channel = {m.channel: m for m in queued}
    assert by_channel[Channel.EMAIL].body == "The whole letter."
    assert by_channel[Channel.SMS].locale == "cy"
    assert "The whole letter" not in by_channel[Channel.SMS].body
    assert f"{TRACK}cy" in by_channel[Channel.SMS].body


# --- the council's texting hours ------------------------------------------------------------


def test_an_administrator_sets_the_texting_hours(client: FlaskClient, session: Session,
                                                 council: Council) -> None:
    signed_in(client, session, council, Role.ADMINISTRATOR)
    values = form_values(client, "/staff/admin/settings")
    assert (values["sms_from"], values["sms_until"]) == ("08:00", "20:00")
    response = client.post("/staff/admin/settings",
                           data={**values, "sms_from": "09:30", "sms_until": "19:00"})
    assert response.status_code == 302
    hours = CouncilSettings.from_mapping(council.settings).sms_hours
    assert (hours.start, hours.end) == (time(9, 30), time(19, 0))


@pytest.mark.parametrize(("start", "end", "message"), [
    ("06:00", "20:00", "only be sent between 07:00 and 22:00"),  # early morning
    ("08:00", "23:00", "only be sent between 07:00 and 22:00"),  # night
    ("20:00", "08:00", "the start must be before the end"),
    ("8am", "20:00", "Enter a time like 08:00"),
])
def test_texting_hours_at_night_are_refused(client: FlaskClient, session: Session,
                                            council: Council, start: str, end: str,
                                            message: str) -> None:
    signed_in(client, session, council, Role.ADMINISTRATOR)
    before = dict(council.settings)
    values = form_values(client, "/staff/admin/settings")
    response = client.post("/staff/admin/settings",
                           data={**values, "sms_from": start, "sms_until": end})
    assert response.status_code == 200
    page = parse(response)
    assert message in text_of(page.select_one(".govuk-error-summary"))
    assert council.settings == before
