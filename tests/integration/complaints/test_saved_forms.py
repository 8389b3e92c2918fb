"""Save it and come back later (issue 19, part 6), on both databases: save at the fifth
question, come back with a fresh browser and the code, every answer intact, send; the
keeping period; guessing rate-limited; Exit this page; the new tracking codes."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.complaints import saved
from portal.complaints.drafts import draft_store
from portal.extensions import limiter
from portal.mail.services import WIPED, backend_named, send_due
from portal.models.councils import Council
from portal.models.mail import Channel, OutgoingMail
from portal.models.saved import SavedDraft
from portal.retention.purge import expire_saved_drafts
from portal.security.tokens import (
    ALPHABET,
    group_code,
    hash_tracking_code,
    new_tracking_code,
    verify_tracking_code,
)
from tests.support.journey import CHILD_COMPLAINT, check_page, confirmation, send
from tests.support.pages import parse

pytestmark = pytest.mark.usefixtures("own_drafts")

ORDER = list(CHILD_COMPLAINT)  # the child's pages, in the journey's order
FIFTH = ORDER[4]  # "anything-else"


def start(client: FlaskClient) -> None:
    assert client.get("/complaint/start", query_string={"kind": "complaint"}
                      ).status_code == 302


def answer(client: FlaskClient, slugs: list[str]) -> None:
    for slug in slugs:
        response = client.post(f"/complaint/{slug}", data=CHILD_COMPLAINT[slug])
        assert response.status_code == 302, (slug, response.status_code)


def save_at(client: FlaskClient, slug: str, data: dict[str, object]) -> str:
    """Press "Save and come back later" on ``slug``; returns the code the page shows."""
    response = client.post(f"/complaint/{slug}", data={**data, "save_for_later": "1"})
    assert response.status_code == 302, response.status_code
    assert response.headers["Location"].endswith("/complaint/saved")
    page = check_page(client.get("/complaint/saved"))
    return page.select_one("#saved-code").get_text(strip=True)


def come_back(client: FlaskClient, code: str) -> str:
    response = client.post("/complaint/come-back", data={"code": code})
    assert response.status_code == 302, parse(response).get_text(" ", strip=True)[:400]
    return response.headers["Location"]


def test_every_question_page_has_the_save_button_in_its_form(client: FlaskClient) -> None:
    start(client)
    for slug in ORDER[:6]:
        page = check_page(client.get(f"/complaint/{slug}"))
        button = page.select_one("main form button#save-for-later")
        assert button is not None, slug
        assert button["name"] == "save_for_later"
        assert "govuk-button--secondary" in button["class"]
        # Continue comes first, so Enter in a box still means Continue (a voice recorder's
        # buttons are not submit buttons).
        buttons = page.select("main form button:not([type=button])")
        assert buttons[0].get_text(strip=True) == "Continue"
        answer(client, [slug])


def test_save_at_the_fifth_question_come_back_elsewhere_and_send(
        client: FlaskClient, app: Flask, session: Session) -> None:
    start(client)
    answer(client, ORDER[:4])
    code = save_at(client, FIFTH, CHILD_COMPLAINT[FIFTH])
    # Four groups of four, Crockford only: one line to copy.
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code), code
    page = parse(client.get("/complaint/saved"))
    words = page.select_one("#who-can-see").get_text(" ", strip=True)
    assert "Anyone who has your code" in words
    assert "The council cannot read your saved form without it" in words
    assert "28 days from today" in words

    # Another device: a fresh client, the code typed in lower case with spaces.
    other = app.test_client()
    location = come_back(other, code.lower().replace("-", " "))
    assert location.endswith("/complaint/what-happened")  # the next unanswered question
    for slug in ORDER[:5]:  # every answer is back, shown on its page
        shown = parse(other.get(f"/complaint/{slug}"))
        for name, value in CHILD_COMPLAINT[slug].items():
            if isinstance(value, str) and name in ("child_name", "child_age"):
                assert shown.select_one(f"#{name}")["value"] == value
            elif isinstance(value, str):
                assert shown.select_one(f"input[name={name}][value={value}]"
                                        ).has_attr("checked"), (slug, name)
    answer(other, ORDER[5:])
    reference, _code = confirmation(parse(send(other)))
    assert reference
    # Sending deleted the saved copy: the code opens nothing now.
    assert session.scalars(select(SavedDraft)).all() == []
    wrong = app.test_client().post("/complaint/come-back", data={"code": code})
    assert wrong.status_code == 400


def test_what_was_typed_is_saved_even_if_it_would_not_pass(client: FlaskClient,
                                                           app: Flask) -> None:
    start(client)
    answer(client, ORDER[:2])
    typed = {"child_name": "Sam", "child_age": "not a number", "in_care": "this_council"}
    code = save_at(client, "about-the-child", typed)
    other = app.test_client()
    assert come_back(other, code).endswith("/complaint/about-the-child")
    page = parse(other.get("/complaint/about-the-child"))
    assert page.select_one("#child_age")["value"] == "not a number"
    assert page.select_one("#child_name")["value"] == "Sam"
    # Its checks run when the child carries on.
    assert other.post("/complaint/about-the-child", data=typed).status_code == 400


def test_saving_again_keeps_the_same_code_and_one_copy(client: FlaskClient,
                                                       session: Session) -> None:
    start(client)
    answer(client, ORDER[:2])
    first = save_at(client, ORDER[2], CHILD_COMPLAINT[ORDER[2]])
    second = save_at(client, ORDER[3], CHILD_COMPLAINT[ORDER[3]])
    assert first == second
    assert len(session.scalars(select(SavedDraft)).all()) == 1


def test_a_wrong_code_gets_a_kind_error_and_keeps_what_was_typed(client: FlaskClient) -> None:
    page = check_page(client.get("/complaint/come-back"))
    assert page.select_one("h1 label[for=code]") is not None
    response = client.post("/complaint/come-back", data={"code": "ABCD-EFGH-JKMN-PQRS"})
    page = check_page(response, errors=True)
    assert "We could not find a saved form with that code" in page.select_one(
        ".govuk-error-summary").get_text()
    assert page.select_one("#code")["value"] == "ABCD-EFGH-JKMN-PQRS"
    empty = check_page(client.post("/complaint/come-back", data={"code": " "}), errors=True)
    assert "Enter the code" in empty.select_one(".govuk-error-summary").get_text()


def test_the_home_page_links_to_coming_back(client: FlaskClient) -> None:
    page = parse(client.get("/"))
    assert page.select_one("#come-back-link")["href"] == "/complaint/come-back"


def test_guessing_is_rate_limited_per_address_and_for_everyone(
        client: FlaskClient, app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "SAVED_DRAFT_RATE_LIMIT", "3 per minute")
    statuses = [client.post("/complaint/come-back", data={"code": "0" * 16}).status_code
                for _ in range(4)]
    assert statuses == [400, 400, 400, 429]
    limiter.reset()
    monkeypatch.setitem(app.config, "SAVED_DRAFT_RATE_LIMIT", "100 per minute")
    monkeypatch.setitem(app.config, "SAVED_DRAFT_GLOBAL_RATE_LIMIT", "2 per minute")
    elsewhere = app.test_client()
    statuses = [elsewhere.post("/complaint/come-back", data={"code": "0" * 16},
                               environ_base={"REMOTE_ADDR": f"192.0.2.{n}"}).status_code
                for n in (7, 8, 9)]
    assert statuses == [400, 400, 429]  # three addresses, one count for everyone


def test_after_its_days_a_saved_form_is_gone(client: FlaskClient, app: Flask,
                                             session: Session, council: Council) -> None:
    start(client)
    answer(client, ORDER[:2])
    code = save_at(client, ORDER[2], CHILD_COMPLAINT[ORDER[2]])
    row = session.scalars(select(SavedDraft)).one()
    days = (row.expires_at - row.created_at)
    assert days == timedelta(days=28)
    later = row.expires_at + timedelta(seconds=1)
    # Read after its time: gone, even before the purge runs.
    assert saved.restore(session, council, code, now=later) is None
    assert saved.restore(session, council, code, now=row.created_at) is not None
    assert expire_saved_drafts(session, now=row.created_at) == 0
    assert expire_saved_drafts(session, now=later) == 1
    assert session.scalars(select(SavedDraft)).all() == []


def test_the_council_sets_the_days(client: FlaskClient, session: Session,
                                   council: Council) -> None:
    council.settings = {**council.settings, "saved_draft_days": 7}
    session.commit()
    start(client)
    answer(client, ORDER[:2])
    save_at(client, ORDER[2], CHILD_COMPLAINT[ORDER[2]])
    row = session.scalars(select(SavedDraft)).one()
    assert row.expires_at - row.created_at == timedelta(days=7)
    assert "7 days from today" in parse(client.get("/complaint/saved")).get_text(" ")


def test_purge_command_deletes_expired_saved_forms(client: FlaskClient, app: Flask,
                                                   session: Session) -> None:
    start(client)
    answer(client, ORDER[:2])
    save_at(client, ORDER[2], CHILD_COMPLAINT[ORDER[2]])
    session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["drafts", "purge-saved"])
    assert result.exit_code == 0, result.output
    assert "deleted: 0" in result.output
    with time_machine.travel(session.scalars(select(SavedDraft)).one().expires_at
                             + timedelta(minutes=1), tick=False):
        result = runner.invoke(args=["drafts", "purge-saved"])
    assert "deleted: 1" in result.output, result.output


def test_exit_forgets_the_unsaved_draft_and_keeps_the_saved_copy(
        client: FlaskClient, app: Flask) -> None:
    start(client)
    answer(client, ORDER[:2])
    code = save_at(client, ORDER[2], CHILD_COMPLAINT[ORDER[2]])
    answer(client, [ORDER[2], ORDER[3]])  # answered after saving: not in the saved copy
    with client.session_transaction() as cookie:
        draft_id = cookie["draft_id"]
    assert draft_store().load(draft_id) is not None
    client.get("/exit")
    assert draft_store().load(draft_id) is None
    # The next page asks from the start: nothing unsaved is left on this device.
    assert client.get(f"/complaint/{ORDER[3]}").status_code == 302
    # The saved copy stays: it carries on after the last page answered when it was saved.
    assert come_back(app.test_client(), code).endswith(f"/complaint/{ORDER[3]}")


def test_the_emailed_link_carries_the_code_only_after_the_hash(
        client: FlaskClient, session: Session, app: Flask) -> None:
    start(client)
    answer(client, ORDER[:2])
    code = save_at(client, ORDER[2], CHILD_COMPLAINT[ORDER[2]])
    bad = client.post("/complaint/saved", data={"email": "not an address"})
    check_page(bad, errors=True)
    response = client.post("/complaint/saved", data={"email": "sam@example.com"})
    assert response.status_code == 302
    assert "We will email you a link" in parse(client.get("/complaint/saved")).get_text()
    mail = session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == saved.LINK_PURPOSE)).one()
    link = re.search(r"https?://\S+", mail.body).group(0)  # type: ignore[union-attr]
    path, _, fragment = link.partition("#")
    assert code not in path
    assert code.replace("-", "") not in path
    assert fragment == f"code={code}"
    # Once sent, its words are wiped: the code is not kept in the queue.
    with app.app_context():
        send_due(session, backend_named("outbox"))
    session.refresh(mail)
    assert mail.sent_at is not None
    assert mail.body == WIPED


def test_no_column_of_a_saved_form_holds_the_code_or_the_answers(
        client: FlaskClient, session: Session) -> None:
    start(client)
    answer(client, ORDER[:2])
    code = save_at(client, ORDER[2], {"child_name": "Samantha", "child_age": "12",
                                      "in_care": "this_council"})
    row = session.scalars(select(SavedDraft)).one()
    columns = {c.name for c in SavedDraft.__table__.columns}
    assert columns == {"id", "lookup_id", "council_id", "kdf", "salt", "nonce", "ciphertext",
                       "created_at", "expires_at"}
    normal = code.replace("-", "")
    for name in columns:
        value = getattr(row, name)
        raw = value if isinstance(value, bytes) else str(value).encode()
        for secret in (normal, code, "Samantha"):
            assert secret.encode() not in raw, name


# --- tracking codes ---------------------------------------------------------------------------


def test_new_tracking_codes_are_four_groups_of_four(client: FlaskClient) -> None:
    codes = {new_tracking_code() for _ in range(50)}
    assert len(codes) == 50
    for code in codes:
        assert len(code) == 16
        assert set(code) <= set(ALPHABET)
        assert re.fullmatch(r"(\w{4}-){3}\w{4}", group_code(code))
    start(client)
    answer(client, ORDER)
    _reference, shown = confirmation(parse(send(client)))
    assert re.fullmatch(r"(\w{4}-){3}\w{4}", shown), shown


def test_old_twenty_character_codes_still_verify(app: Flask) -> None:
    old = "7K3MQ9TD4WZP0A1BXY2C"
    with app.app_context():
        stored = hash_tracking_code(old)
        assert verify_tracking_code(stored, "7k3m-q9td-4wzp-0a1b-xy2c")
        assert verify_tracking_code(stored, " 7K3M Q9TD 4WZP OA1B XY2C ")  # O read as 0
        assert not verify_tracking_code(stored, old[:16])


def test_the_confirmation_page_offers_to_send_the_code(client: FlaskClient,
                                                       session: Session) -> None:
    start(client)
    answer(client, ORDER)
    page = parse(send(client))
    text = page.get_text(" ", strip=True)
    assert "photo" not in text
    assert "advocate, they can send you a new one" in text
    check_page(client.post("/complaint/sent/send-code", data={}), errors=True)
    missing = client.post("/complaint/sent/send-code", data={"send_to": "text"})
    assert "Enter your mobile phone number" in parse(missing).select_one(
        ".govuk-error-summary").get_text()
    response = client.post("/complaint/sent/send-code",
                           data={"send_to": "text", "code_mobile": "07700 900982"})
    assert response.status_code == 302
    assert "We only send texts between 08:00 and 20:00" in parse(
        client.get("/complaint/sent")).get_text(" ", strip=True)
    text_message = session.scalars(select(OutgoingMail).where(
        OutgoingMail.channel == Channel.SMS, OutgoingMail.purpose == "tracking_code")).one()
    assert text_message.send_window  # held to the council's texting hours
    assert client.post("/complaint/sent/send-code",
                       data={"send_to": "email", "code_email": "me@example.com"}
                       ).status_code == 302
