"""Every child-facing page, email, letter and text reads at age 9 to 10 (issue 18, part 6).

Each page is rendered in English as a child meets it: through the test client along a
child's complaint (with "not sure" to "Are you safe?", an answer from the council, an
advocate and a change of advocate) and a child's compliment, plus the acknowledgement
email, every letter to a complainant, the texts, the error pages and the journey's error
messages. For each page, the visible words of ``<main>`` (or the email's, letter's or
text's body) must score Flesch-Kincaid grade 5 or lower, and no sentence may be longer
than 20 words. A failure names the page and quotes the sentence.

Flesch-Kincaid counts syllables; textstat 0.7.13 first asks NLTK's CMU dictionary, which
it downloads from the internet on first use, so that lookup is switched off and Pyphen's
bundled dictionary counts every word (as in tests/unit/complaints/test_intake_reading_age.py).
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
import textstat
from bs4 import BeautifulSoup, NavigableString
from flask import Flask, render_template
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from textstat.backend.counts import _count_syllables
from werkzeug.test import TestResponse

from portal.advocacy import services as advocacy_services
from portal.cases.complainant import ACKNOWLEDGEMENT, sms_text
from portal.cases.letters import Letter, render_letter
from portal.complaints import codes, saved, validation
from portal.mail.services import render_queued
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.staff import Role
from portal.vocab.cases import Outcome
from portal.vocab.routing import Ombudsman
from portal.web.complaints import saving, sending_code, tracking
from tests.factories import make_user
from tests.support.advocacy import make_account, make_advocate, make_provider, offered
from tests.support.case_actions import act, ok
from tests.support.files import EXE
from tests.support.journey import CHILD_COMPLAINT, confirmation
from tests.support.pages import parse
from tests.support.staff import sign_in_as, sign_out

#: Each test gets its own draft folder and a fresh rate-limit count.
pytestmark = pytest.mark.usefixtures("own_drafts")

MAX_GRADE = 5.0
MAX_WORDS = 20

#: The child's answers, page by page: a child who is not sure they are safe, tells us their
#: name once, and wants an advocate (so every page a child may meet is shown).
COMPLAINT: dict[str, dict[str, Any]] = {**CHILD_COMPLAINT, "are-you-safe": {"safe": "not_sure"}}
COMPLIMENT: dict[str, dict[str, Any]] = {
    "who-are-you": {"submitter": "child"},
    "are-you-safe": {"safe": "yes"},
    "what-is-it-about": {"service": "fostering"},
    "what-happened": {"description": "My foster carer helped me with my homework."},
    "contact": {"contact_methods": ["none"]},
    "help-to-take-part": {"needs": ["none"]},
}

#: Things read as one word, whatever their spaces: a web address, a reference, a tracking
#: code, a phone number, a date. "Wednesday 6 January 2027" is one idea to a reader, and
#: counting it as four words (or its digits as syllables) would fail a short, plain
#: sentence for the date in it. Each becomes a one-syllable stand-in before counting.
ONE_WORD = re.compile(
    r"(?:https?://|www\.)\S+[^\s.,:;!?)]"                       # a web address
    r"|\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b"                              # CMP-2026-000123
    r"|\b(?:[A-Z0-9]{4}[ -]){2,}[A-Z0-9]{4}\b"                    # a grouped tracking code
    r"|\b(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) )?"
    r"\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)(?: \d{4})?\b"                           # a date
    r"|\b\d[\d ]{6,}\d\b"                                         # a phone number
    r"|\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"                          # an email address
)
#: Elements whose text runs on inside a sentence; every other element is a block of its own.
INLINE = {"a", "abbr", "b", "code", "em", "i", "small", "span", "strong", "time", "label"}
#: Words on a page that are not ours: what the child typed (shown back in a textarea).
NOT_READ = ("script", "style", "template", "textarea", "input", "select")


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: None)


# --- reading ----------------------------------------------------------------------------------


def lines_of_html(html: str, selector: str = "main") -> list[str]:
    """The visible words of ``selector``, one block (paragraph, heading, label, list item,
    button) a line. Labels count as blocks: a radio's label is read on its own."""
    soup = BeautifulSoup(html, "html.parser")
    root = soup.select_one(selector)
    assert root is not None, f"no {selector} on the page"
    for tag in root.find_all(NOT_READ):
        tag.decompose()
    for tag in root.find_all("br"):
        tag.replace_with(NavigableString("\n"))
    for tag in root.find_all(True):
        if tag.name not in INLINE or tag.name == "label":
            tag.insert_before(NavigableString("\n"))
            tag.insert_after(NavigableString("\n"))
    return [" ".join(line.split()) for line in root.get_text().split("\n") if line.strip()]


def lines_of_text(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def split(line: str) -> list[str]:
    """A line's sentences, as written: they end at . ! ? or at the end of the line (a
    heading, a label or a button has no full stop, and is read as a sentence of its own)."""
    return [part.strip() for part in re.split(r"(?<=[.!?])\s+", line)
            if re.search(r"[A-Za-z]", part)]


def as_read(sentence: str, names: tuple[str, ...] = ()) -> str:
    """The sentence as counted: each ONE_WORD thing, and each name from the council's
    settings (data, not our copy), one short word; a full stop at the end."""
    for name in names:
        sentence = sentence.replace(name, "it")
    sentence = ONE_WORD.sub("it", sentence)
    return sentence if sentence.endswith((".", "!", "?")) else sentence + "."


def problems(page: str, lines: list[str], names: tuple[str, ...] = ()) -> list[str]:
    """What is too hard on this page: its grade, and each sentence over MAX_WORDS words."""
    said = [(sentence, as_read(sentence, names)) for line in lines for sentence in split(line)]
    assert said, f"{page}: no words found"
    found = []
    grade = textstat.flesch_kincaid_grade(" ".join(read for _, read in said))
    if grade > MAX_GRADE:
        found.append(f"{page}: Flesch-Kincaid grade {grade:.1f} > {MAX_GRADE:.0f}")
    for sentence, read in said:
        words = len(read.split())
        if words > MAX_WORDS:
            found.append(f"{page}: {words} words: {sentence!r}")
    return found


class Pages:
    """Every page read so far, by name, and what is too hard on each."""

    def __init__(self, names: tuple[str, ...] = ()) -> None:
        self.read: dict[str, list[str]] = {}
        self.names = names

    def html(self, name: str, response: TestResponse | str, selector: str = "main") -> None:
        html = response if isinstance(response, str) else response.get_data(as_text=True)
        self.read[name] = lines_of_html(html, selector)

    def text(self, name: str, text: str) -> None:
        self.read[name] = lines_of_text(text)

    def report(self) -> list[str]:
        found = []
        for name, lines in self.read.items():
            found += problems(name, lines, self.names)
        return found

    def grades(self) -> dict[str, float]:
        return {name: textstat.flesch_kincaid_grade(" ".join(
                    as_read(s, self.names) for line in lines for s in split(line)))
                for name, lines in self.read.items()}


def walk_reading(client: FlaskClient, pages: Pages, kind: str,
                 answers: dict[str, dict[str, Any]]) -> None:
    """The journey from the home page's choice to check your answers, reading each page,
    and each question's errors when it is sent empty."""
    location = client.get("/complaint/start", query_string={"kind": kind}
                          ).headers["Location"]
    for _ in range(25):
        slug = re.search(r"/complaint/([a-z-]+)", location).group(1)  # type: ignore[union-attr]
        response = client.get(location)
        assert response.status_code == 200, (slug, response.status_code)
        pages.html(f"{kind}: {slug}", response)
        if slug == "check-answers":
            return
        if slug == "get-help-now":
            location = parse(response).select_one("main a.govuk-button")["href"]
            continue
        if slug == "add-files":  # optional: its errors come from "Add file", not Continue
            read_upload_errors(client, pages, kind)
        empty = client.post(f"/complaint/{slug}", data={})
        if empty.status_code == 400:
            pages.html(f"{kind}: {slug} (sent empty)", empty)
        answer = answers.get(slug, {} if slug == "add-files" else None)
        assert answer is not None, f"the journey asked {slug!r}, which this walk cannot answer"
        response = client.post(f"/complaint/{slug}", data=answer)
        assert response.status_code == 302, (slug, response.status_code)
        location = response.headers["Location"]
    raise AssertionError("the journey did not end")


def read_upload_errors(client: FlaskClient, pages: Pages, kind: str) -> None:
    """"Add file" with no file, then with a file that is not one the portal takes."""
    pages.html(f"{kind}: add-files (no file chosen)",
               client.post("/complaint/add-files", data={"action": "add"}))
    pages.html(f"{kind}: add-files (a file refused)", client.post(
        "/complaint/add-files", data={"action": "add", "files": (io.BytesIO(EXE), "a.jpg")},
        content_type="multipart/form-data"))


def send_reading(client: FlaskClient, pages: Pages, kind: str) -> tuple[str, str]:
    assert client.post("/complaint/check-answers").status_code == 302
    response = client.get("/complaint/sent")
    pages.html(f"{kind}: sent", response)
    pages.html(f"{kind}: sent (send my code, sent empty)",
               client.post("/complaint/sent/send-code", data={}))
    return confirmation(parse(response))


# --- the pages --------------------------------------------------------------------------------


def read_complaint(client: FlaskClient, session: Session, council: Council,
                   pages: Pages) -> Representation:
    home = client.get("/")
    pages.html("home", home)
    # base.html's own words (skip link, header, Exit this page, footer) are read with a
    # page, never alone: a grade over a few link names, each its own "sentence", would
    # measure only how long "Accessibility" is. So the home page is read whole as well.
    pages.html("home with base.html's header and footer", home, "body")
    for path in ("/privacy", "/accessibility", "/cookies"):
        pages.html(f"public: {path}", client.get(path))
    pages.html("errors: 404", client.get("/no-such-page"))

    walk_reading(client, pages, "complaint", COMPLAINT)
    reference, code = send_reading(client, pages, "complaint")
    rep = session.scalars(select(Representation).where(
        Representation.reference == reference)).one()

    mail = session.scalars(select(OutgoingMail).where(
        OutgoingMail.to_address == "sam@example.com").order_by(OutgoingMail.id.desc())).first()
    assert mail is not None
    render_queued(mail)
    pages.text("email: acknowledgement", mail.body)
    pages.text("text message: acknowledgement", sms_text(rep, ACKNOWLEDGEMENT, "en"))
    pages.text("text message: news", sms_text(rep, "news", "en"))

    client.post("/track/leave")
    pages.html("track", client.get("/track"))
    pages.html("track (sent empty)", client.post("/track", data={}))
    pages.html("track (not found)", client.post("/track", data={"reference": reference,
                                                                 "code": "WRONG-CODE"}))
    assert client.post("/track", data={"reference": reference, "code": code}
                       ).status_code == 302
    pages.html("track-case: new", client.get("/track/case"))
    pages.html("track-case: message sent empty", client.post("/track/case/reply",
                                                             data={"message": ""}))
    pages.html("withdraw", client.get("/track/case/withdraw"))
    pages.html("withdraw (sent empty)", client.post("/track/case/withdraw", data={}))

    # An advocate, then the child asks for another.
    provider = make_provider(session, council)
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR,
                               provider_id=provider.id)
    advocate = make_advocate(session, council, provider)
    case = offered(session, rep)
    advocacy_services.refer(session, case, provider, on=rep.received_on, actor=coordinator)
    advocacy_services.assign(session, case, advocate.id, on=rep.received_on, actor=coordinator)
    session.commit()
    pages.html("track-case: with an advocate", client.get("/track/case"))
    pages.html("new-advocate", client.get("/track/case/new-advocate"))
    pages.html("new-advocate (sent empty)", client.post("/track/case/new-advocate", data={}))
    client.post("/track/case/new-advocate", data={"wants_new": "yes"})
    pages.html("new-advocate-why", client.get("/track/case/new-advocate/why"))
    client.post("/track/case/new-advocate/why", data={"reason": "They do not listen."})
    pages.html("new-advocate-done", client.get("/track/case/new-advocate/done"))

    # The council answers stage 1: the letter reaches the tracking page as a message.
    staff = client.application.test_client()
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(staff, manager)
    ok(act(staff, reference, "route", route="children_statutory", signpost="",
           team=str(council.teams[0].id), categories=str(council.categories[0].id),
           reason=""))
    ok(act(staff, reference, "acknowledge", on=rep.received_on, send="y"))
    ok(act(staff, reference, "outcome", outcome="not_upheld", responded_on=rep.received_on,
           summary="We looked at what happened. Your social worker did visit you."))
    sign_out(staff)
    pages.html("track-case: answered", client.get("/track/case"))
    pages.html("take-it-further", client.get("/track/case/take-it-further"))
    return rep


def read_letters(rep: Representation, pages: Pages) -> None:
    """Every letter to a complainant, with short plain words where staff write their own."""
    stage = rep.stage(1)
    staff_words = "We spoke to your social worker."
    context: dict[Letter, dict[str, Any]] = {
        Letter.ACKNOWLEDGEMENT: {"due_on": date(2026, 12, 1)},
        Letter.OUTCOME: {"stage": stage, "outcome": Outcome.NOT_UPHELD,
                         "summary": staff_words, "next_stage": 2,
                         "next_by": date(2027, 1, 6)},
        Letter.SIGNPOSTING: {"who": "The police", "note": staff_words},
        Letter.EXTENSION: {"stage": stage, "reason": staff_words,
                           "new_due_on": date(2026, 12, 8)},
        Letter.DEFERRAL: {"reason": staff_words},
        Letter.NOT_ACCEPTED: {"reason": staff_words},
        Letter.TRANSFER: {"to_council": "Anytown Council", "note": staff_words},
    }
    for kind in Letter:
        letter = render_letter(kind, rep, ombudsman=Ombudsman.LGSCO, today=date(2026, 11, 30),
                               **context[kind])
        pages.text(f"letter: {kind.value}", letter.subject + "\n" + letter.body)
    for label, outcome in (("upheld", Outcome.UPHELD), ("partly upheld", Outcome.PARTLY_UPHELD)):
        letter = render_letter(Letter.OUTCOME, rep, ombudsman=Ombudsman.LGSCO,
                               today=date(2026, 11, 30), **{**context[Letter.OUTCOME],
                                                            "outcome": outcome})
        pages.text(f"letter: outcome ({label})", letter.body)


def read_saving(app: Flask, session: Session, rep: Representation, pages: Pages) -> None:
    """Save it and come back later (issue 19, part 6): the code page, its email, the page
    that brings a form back, and the tracking code sent by email or text."""
    child = app.test_client()
    child.get("/complaint/start", query_string={"kind": "complaint"})
    child.post("/complaint/who-are-you", data={"submitter": "child"})
    assert child.post("/complaint/are-you-safe", data={"safe": "yes", "save_for_later": "1"}
                      ).status_code == 302
    pages.html("saved", child.get("/complaint/saved"))
    pages.html("saved (email sent empty)", child.post("/complaint/saved", data={}))
    child.post("/complaint/saved", data={"email": "sam@example.com"})
    pages.html("saved (email sent)", child.get("/complaint/saved"))
    mail = session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == saved.LINK_PURPOSE)).one()
    pages.text("email: saved form link", mail.body)
    other = app.test_client()
    pages.html("come-back", other.get("/complaint/come-back"))
    pages.html("come-back (sent empty)", other.post("/complaint/come-back", data={}))
    pages.html("come-back (wrong code)", other.post("/complaint/come-back",
                                                    data={"code": "ABCD-EFGH-JKMN-PQRS"}))
    with app.test_request_context("/"):
        _subject, body = codes._email(rep, "ABCDEFGHJKMNPQRS", "en")
        pages.text("email: tracking code", body)
        pages.text("text message: tracking code", codes._text(rep, "ABCDEFGHJKMNPQRS", "en"))


def read_error_pages(app: Flask, pages: Pages) -> None:
    """Error pages no journey reaches on purpose, rendered as their handlers render them."""
    with app.test_request_context("/"):
        for name in ("400", "403", "429", "500", "not-open", "session-expired"):
            pages.html(f"errors: {name}", render_template(f"errors/{name}.html"))


def read_messages(pages: Pages) -> None:
    """The journey's and the tracking page's error messages, each a sentence."""
    messages = [value for name, value in vars(validation).items() if name.startswith("E_")]
    messages += [value for name, value in vars(tracking).items() if name.startswith("E_")]
    messages += list(tracking.STATUS_WORDS.values()) + list(tracking.NOTICES.values())
    messages += [value for name, value in vars(saving).items() if name.startswith("E_")]
    messages += [value for name, value in vars(sending_code).items() if name.startswith("E_")]
    pages.text("error messages and notices", "\n".join(str(m) for m in messages))


@pytest.fixture
def every_page(app: Flask, client: FlaskClient, session: Session, council: Council,
               english: None) -> Pages:
    pages = Pages(names=(council.name, "Anytown Council"))
    rep = read_complaint(client, session, council, pages)
    read_letters(rep, pages)
    read_saving(app, session, rep, pages)
    read_error_pages(app, pages)
    read_messages(pages)
    compliment = app.test_client()
    walk_reading(compliment, pages, "compliment", COMPLIMENT)
    send_reading(compliment, pages, "compliment")
    return pages


def test_every_child_facing_page_reads_at_age_9_to_10(every_page: Pages) -> None:
    assert len(every_page.read) > 40, "pages went missing"
    found = every_page.report()
    assert found == [], "\n".join(found)


def test_the_child_never_meets_the_statutory_outcome_words(every_page: Pages) -> None:
    for name, lines in every_page.read.items():
        text = " ".join(lines)
        for words in ("upheld", "Upheld"):
            assert words not in text, f"{name}: {words!r} in {text!r}"

