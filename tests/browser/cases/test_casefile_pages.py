"""The case file, the timeline and a letter in headless Chromium, in English and in Welsh,
with axe-core on each (issue 15, parts 1 and 5): every answer labelled and as typed, the
safe-contact answers beside the message form, the people with their roles, the timeline
in words with repeated views as one row, and a letter as a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from playwright.sync_api import Page, expect

from portal.cases import services
from portal.complaints.services import submit
from portal.models.staff import Role
from portal.staff.services import audit
from portal.vocab.cases import CheckDecision, Route
from tests.browser.conftest import LiveServer
from tests.conftest import PINNED_NOW
from tests.factories import make_user
from tests.support.browser import LANGS, Account, Axe, open_in, sign_in
from tests.support.live import accounts_for, on_live_server

pytestmark = pytest.mark.browser

WORDS = "He said <script>alert(1)</script> was a joke.\nIt was not."
ANSWERS = {
    "kind": "complaint", "submitter": "parent", "safe": "yes", "child_name": "Ffion",
    "child_age": "9", "in_care": "this_council", "service": "fostering", "also": ["none"],
    "description": WORDS, "event_on": {"day": "2", "month": "11", "year": "2026"},
    "how_affected": "She cannot sleep.", "desired_outcome": "A new worker.",
    "wants_advocate": "yes", "contact_methods": ["phone", "text"],
    "phone": "01234 567890", "mobile": "07700 900123", "text_times": "weekends",
    "name": "Mrs Jones", "safe_times": "Never leave a voicemail.",
    "needs": ["large_print"],
}
#: What each page must say, in each language (the Welsh as the catalogue has it).
SAYS = {
    "en": {"safe": "How to contact them safely", "people": "People in the case",
           "caption": "Complaint", "views": "Viewed the case 3 times at",
           "letter": "Download the letter as a PDF", "dear": "Dear Mrs Jones,"},
    "cy": {"safe": "Sut i gysylltu â nhw'n ddiogel", "people": "Pobl yn yr achos",
           "caption": "Cwyn", "views": "Gwelodd yr achos 3 o weithiau am",
           "letter": "Lawrlwytho'r llythyr fel PDF", "dear": "Dear Mrs Jones,"},
}


@dataclass
class Setting:
    accounts: dict[str, Account]  # a complaints manager per language
    reference: str
    letter_id: int


@pytest.fixture(scope="module")
def setting(live_server: LiveServer) -> Setting:
    """A parent's complaint with every answer given, accepted and acknowledged with a
    letter, and viewed three times in a row by one officer."""
    with on_live_server(live_server, request=True) as (session, council):
        accounts = accounts_for(session, council, Role.COMPLAINTS_MANAGER,
                                "casefile-{}@casefile.test")
        officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olu Officer")
        rep = submit(session, council=council, answers=ANSWERS, submission_key="casefile-b1",
                     tracking_code="B" * 20, locale="en", now=PINNED_NOW - timedelta(days=3))
        session.commit()
        for check in rep.checks:
            services.decide_check(session, rep, officer, check=check.check,
                                  decision=CheckDecision.MET, reason="Agreed.",
                                  today=date(2026, 11, 23))
        services.accept_route(session, rep, officer, route=rep.route or Route.CORPORATE,
                              signpost=None, team_id=None, category_ids=[], reason="")
        services.acknowledge(session, rep, officer, on=rep.received_on, send=True,
                             today=date(2026, 11, 23))
        for _ in range(3):
            audit(officer, "view", representation_id=rep.id)
        session.commit()
        return Setting(accounts, rep.reference, rep.messages[-1].id)


@pytest.mark.parametrize("lang", LANGS)
def test_the_case_file_timeline_and_letter(live_server: LiveServer, page: Page, axe: Axe,
                                           lang: str, setting: Setting) -> None:
    says = SAYS[lang]
    sign_in(page, live_server, setting.accounts[lang])

    # The case page: the case file, the safe-contact answers, the people.
    open_in(page, live_server, f"/staff/cases/{setting.reference}", lang)
    expect(page.locator(".govuk-caption-l")).to_have_text(says["caption"])
    description = page.locator("#case-file [data-answer='description'] dd")
    expect(description).to_have_text(WORDS)  # as typed: the markup is text
    expect(page.locator("#safe-contact-heading")).to_have_text(says["safe"])
    expect(page.locator("#safe-contact [data-answer='safe_times'] dd")).to_have_text(
        "Never leave a voicemail.")
    expect(page.locator("#case-people-heading")).to_have_text(says["people"])
    expect(page.locator("#case-people [data-role]")).to_have_count(3)  # +the advocate
    axe(page)

    # Opening the message form shows the safe-contact answers before the box to write in.
    page.locator("#action-message summary").click()
    beside = page.locator("#safe-contact-message")
    expect(beside).to_be_visible()
    expect(beside.locator("[data-answer='safe_times'] dd")).to_have_text(
        "Never leave a voicemail.")
    axe(page)

    # The letter, as a page in its own language (English here, whoever reads it).
    page.locator(f"#letter-{setting.letter_id} a[data-format='html']").click()
    page.wait_for_load_state()
    expect(page.locator("#letter")).to_have_attribute("lang", "en")
    expect(page.locator("#letter-text")).to_contain_text(says["dear"])
    expect(page.locator("#letter-pdf")).to_have_text(says["letter"])
    axe(page)

    # The timeline: words, London times, the officer's three views as one row.
    page.goto(live_server.url(f"/staff/cases/{setting.reference}/timeline?lang={lang}"))
    grouped = page.locator("tr[data-kind='view'][data-count='3']")
    expect(grouped).to_have_count(1)
    expect(grouped).to_contain_text(says["views"])
    expect(grouped).to_contain_text("Olu Officer")
    expect(page.locator("tr[data-kind='letter_sent']")).to_have_count(1)
    axe(page)
