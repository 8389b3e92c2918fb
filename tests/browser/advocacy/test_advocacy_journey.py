"""In a real browser: a child asks for an advocate in the public journey (in Welsh); the
children's rights officer refers the child; the provider's coordinator assigns the advocate
who speaks Welsh; the advocate signs in with two-factor, sees the case and sends a
message, which the child reads on the tracking page. Each advocacy page passes axe-core."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from portal.extensions import db
from portal.models.advocacy import AdvocacyProvider, AdvocateProfile
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.security.passwords import hash_password
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"

#: The child's answers, page by page: field name -> value (radios and checkboxes by value).
CHILD_ASKS_FOR_AN_ADVOCATE: dict[str, dict[str, Any]] = {
    "who-are-you": {"submitter": "child"},
    "are-you-safe": {"safe": "yes"},
    "about-the-child": {"child_name": "Cerys", "child_age": "13", "in_care": "this_council"},
    "what-is-it-about": {"service": "children_in_care"},
    "anything-else": {"also": ["none"]},
    "what-happened": {"description": "Dw i ddim wedi gweld fy ngweithiwr cymdeithasol."},
    "when": {"event_on-day": "3", "event_on-month": "2", "event_on-year": "2026"},
    "how-it-affected-you": {"how_affected": "Trist."},
    "what-would-help": {"desired_outcome": "Ymweliad bob mis."},
    "advocate": {"wants_advocate": "yes"},
    "contact": {"contact_methods": ["none"]},
    "help-to-take-part": {"needs": ["none"]},
}


@dataclass
class Accounts:
    keys: dict[str, str]  # e-mail -> two-factor secret
    officer: str
    coordinator: str
    advocate: str
    advocate_name: str
    provider: str


@pytest.fixture
def accounts(live_server: LiveServer) -> Accounts:
    """A provider with a coordinator and two advocates (one speaks Welsh), and the council's
    children's rights officer, each with a password and a two-factor key. Names are unique
    per test: the live server's database is shared by the whole run."""
    tag = secrets.token_hex(3)
    emails: dict[str, str] = {}
    keys: dict[str, str] = {}
    with live_server.app.app_context():
        session = db.session()
        council = session.scalars(select(Council).order_by(Council.id)).first()
        assert council is not None
        provider = AdvocacyProvider(council_id=council.id, name=f"Llais Plant {tag}")
        session.add(provider)
        session.flush()

        def account(key: str, role: Role, name: str, provider_id: int | None) -> User:
            email = f"{key}-{tag}@example.test"
            secret = pyotp.random_base32()
            user = User(council_id=council.id, email=email, name=name, role=role,
                        password_hash=hash_password(PASSWORD), totp_secret=secret,
                        provider_id=provider_id)
            session.add(user)
            session.flush()
            emails[key], keys[email] = email, secret
            return user

        account("officer", Role.CHILDRENS_RIGHTS_OFFICER, "Rhian Rights", None)
        account("coordinator", Role.ADVOCACY_COORDINATOR, "Cai Coordinator", provider.id)
        for key, name, languages, capacity in (
                ("english", f"Alex English {tag}", ["en"], 9),
                ("advocate", f"Ffion Advocate {tag}", ["en", "cy"], 3)):
            advocate = account(key, Role.ADVOCATE, name, provider.id)
            session.add(AdvocateProfile(user_id=advocate.id, provider_id=provider.id,
                                        languages=languages, capacity=capacity))
        session.commit()
        provider_name = provider.name
        db.session.remove()
    return Accounts(keys, emails["officer"], emails["coordinator"], emails["advocate"],
                    f"Ffion Advocate {tag}", provider_name)


def answer(page: Page, fields: dict[str, Any]) -> None:
    """Fill one journey page by field names and send it."""
    form = page.locator("main form[method='post']").first
    for name, value in fields.items():
        if isinstance(value, list):
            for v in value:
                form.locator(f"input[name='{name}'][value='{v}']").check()
            continue
        field = form.locator(f"[name='{name}']").first
        kind = field.get_attribute("type")
        tag = field.evaluate("el => el.tagName.toLowerCase()")
        if kind == "radio":
            form.locator(f"input[name='{name}'][value='{value}']").check()
        elif tag == "select":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("[type='submit']").first.click()


def walk_journey(page: Page, live_server: LiveServer) -> tuple[str, str]:
    page.goto(live_server.url("/language/cy"))  # the language cookie, as the switcher sets it
    page.goto(live_server.url("/complaint/start?kind=complaint"))
    for _ in range(20):
        match = re.search(r"/complaint/([a-z-]+)", page.url)
        assert match, page.url
        slug = match.group(1)
        if slug == "check-answers":
            answer(page, {})
            break
        assert slug in CHILD_ASKS_FOR_AN_ADVOCATE, f"unexpected question {slug}"
        answer(page, CHILD_ASKS_FOR_AN_ADVOCATE[slug])
    page.wait_for_url(re.compile(r"/complaint/sent"))
    reference = page.locator(".portal-reference").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    return reference, code


def sign_in(page: Page, live_server: LiveServer, email: str, secret: str) -> None:
    page.context.clear_cookies()
    page.goto(live_server.url("/staff/sign-in"))
    page.fill("input[name='email']", email)
    page.fill("input[name='password']", PASSWORD)
    page.locator("main form [type='submit']").first.click()
    page.wait_for_url(re.compile(r"/staff/sign-in/code"))
    page.fill("input[name='code']", pyotp.TOTP(secret).now())
    page.locator("main form [type='submit']").first.click()
    page.wait_for_load_state()


def test_child_asks_officer_refers_coordinator_assigns_advocate_messages_child_reads(
        live_server: LiveServer, browser: Browser, accounts: Accounts,
        axe: Callable[[Page], None]) -> None:
    def new_page() -> Page:
        context = browser.new_context(locale="en-GB")
        context.set_default_timeout(10_000)
        return context.new_page()

    child = new_page()
    reference, code = walk_journey(child, live_server)
    with live_server.app.app_context():
        rep = db.session.scalars(select(Representation).where(
            Representation.reference == reference)).one()
        assert rep.language == "cy"
        assert rep.wants_advocate
        db.session.remove()

    # The children's rights officer sees the child's request (offered automatically) and
    # refers the child to the provider.
    staff = new_page()
    sign_in(staff, live_server, accounts.officer, accounts.keys[accounts.officer])
    staff.goto(live_server.url("/advocacy/referrals"))
    axe(staff)
    staff.locator(f"a:text('{reference}')").click()
    axe(staff)
    staff.select_option("select[name='refer-provider']", label=accounts.provider)
    staff.locator("form[action$='/refer'] [type='submit']").click()
    assert accounts.provider in staff.locator("#advocacy-summary").inner_text()

    # The provider's coordinator assigns the advocate who speaks Welsh, suggested first.
    sign_in(staff, live_server, accounts.coordinator, accounts.keys[accounts.coordinator])
    staff.goto(live_server.url("/advocacy/referrals"))
    staff.locator(f"a:text('{reference}')").click()
    axe(staff)
    first = staff.locator("#suggestions tbody tr").first
    assert accounts.advocate_name in first.inner_text()
    staff.locator("input[name='assign-advocate']").first.check()
    staff.locator("form[action$='/assign'] [type='submit']").click()
    assert accounts.advocate_name in staff.locator("#current-advocate").inner_text()

    # The advocate signs in with two factors, finds the child and writes to them.
    advocate = new_page()
    sign_in(advocate, live_server, accounts.advocate, accounts.keys[accounts.advocate])
    advocate.goto(live_server.url("/advocate/"))
    axe(advocate)
    advocate.locator(f"#children a:text('{reference}')").click()
    axe(advocate)
    assert "gweithiwr cymdeithasol" in advocate.locator("#description").inner_text()
    advocate.fill("textarea[name='message-body']", "Helo Cerys, Ffion ydw i, dy eiriolwr.")
    advocate.locator("form[action$='/messages'] [type='submit']").click()
    assert "Ffion ydw i" in advocate.locator("#messages").inner_text()

    # The child reads it when tracking, in Welsh.
    child.context.clear_cookies()
    child.goto(live_server.url("/track?lang=cy"))
    child.fill("input[name='reference']", reference)
    child.fill("input[name='code']", code)
    child.locator("main form [type='submit']").click()
    child.wait_for_load_state()
    assert "Helo Cerys, Ffion ydw i, dy eiriolwr." in child.content()
