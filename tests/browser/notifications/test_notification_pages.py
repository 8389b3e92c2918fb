"""``/staff/notifications`` in headless Chromium, in English and Welsh, with axe-core on the
page, on its error state and on the page after saving: each person who works on cases
chooses an email for each thing that needs them or one email a day (issue 16, part 4)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models.notifications import NoticePreference
from portal.models.staff import Role, User
from portal.vocab.notifications import Delivery
from tests.browser.conftest import LiveServer
from tests.support.browser import LANGS, Account, Axe, open_in, sign_in, submit
from tests.support.live import accounts_for, on_live_server

pytestmark = pytest.mark.browser

#: What the page must say, in each language (the Welsh as the catalogue has it, so an
#: untranslated string fails here rather than passing as English).
SAYS: dict[str, dict[str, str]] = {
    "en": {
        "h1": "How should we email you about your cases?",
        "each": "An email for each thing that needs you",
        "daily": "One email a day, listing them all",
        "choose": "Choose how we should email you",
        "error_prefix": "Error:",
        "saved": "Saved. We will email you one summary a day.",
        "menu": "Email notifications",
    },
    "cy": {
        "h1": "Sut ddylen ni anfon e-bost atoch chi am eich achosion?",
        "each": "Neges e-bost ar gyfer pob peth sydd eich angen chi",
        "daily": "Un neges e-bost y dydd, yn eu rhestru i gyd",
        "choose": "Dewiswch sut ddylen ni anfon e-bost atoch chi",
        "error_prefix": "Gwall:",
        "saved": "Wedi'i gadw. Byddwn ni'n anfon un crynodeb y dydd atoch chi drwy e-bost.",
        "menu": "Hysbysiadau e-bost",
    },
}


@pytest.fixture(scope="module")
def accounts(live_server: LiveServer) -> dict[str, Account]:
    """A responding manager per language: a second sign-in with the same code is refused."""
    with on_live_server(live_server) as (session, council):
        found = accounts_for(session, council, Role.RESPONDING_MANAGER, "rm-{}@notify.test")
        session.commit()
        return found


def delivery_of(live_server: LiveServer, email: str) -> Delivery | None:
    with on_live_server(live_server) as (session, _council):
        user = session.scalars(select(User).where(User.email == email)).one()
        row = session.get(NoticePreference, user.id)
        return row.delivery if row is not None else None


@pytest.mark.parametrize("lang", LANGS)
def test_choosing_one_email_a_day(live_server: LiveServer, page: Page, axe: Axe, lang: str,
                                  accounts: dict[str, Account]) -> None:
    says = SAYS[lang]
    sign_in(page, live_server, accounts[lang])
    open_in(page, live_server, "/staff/notifications", lang)
    expect(page.locator("h1")).to_have_text(says["h1"])
    assert page.title().startswith(says["h1"])
    # The back office's menu leads here.
    expect(page.locator("nav a[href='/staff/notifications']")).to_have_text(says["menu"])
    # An email for each is the default.
    expect(page.get_by_label(says["each"], exact=True)).to_be_checked()
    expect(page.get_by_label(says["daily"], exact=True)).not_to_be_checked()
    axe(page)

    # Nothing chosen (no browser sends that unaided): 400 and the error summary.
    page.evaluate("() => document.querySelectorAll(\"input[name='delivery']\")"
                  ".forEach(r => { r.checked = false; })")
    assert submit(page) == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text(says["choose"])
    assert page.title().startswith(says["error_prefix"])
    axe(page)
    assert delivery_of(live_server, accounts[lang][0]) is None

    # One email a day: saved, said, and shown chosen.
    page.get_by_label(says["daily"], exact=True).check()
    assert submit(page) == 200  # after the redirect
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(says["saved"])
    expect(page.get_by_label(says["daily"], exact=True)).to_be_checked()
    axe(page)
    assert delivery_of(live_server, accounts[lang][0]) is Delivery.DAILY
