"""In a real browser: a child asks for an advocate in the public journey (in Welsh); the
children's rights officer refers the child; the provider's coordinator assigns the advocate
who speaks Welsh; the advocate signs in with two-factor, sees the case and sends a
message, which the child reads on the tracking page. Each advocacy page passes axe-core."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, Page
from sqlalchemy import select

from portal.models.advocacy import AdvocacyProvider, AdvocateProfile
from portal.models.cases import Representation
from portal.models.staff import Role, User
from tests.browser.conftest import LiveServer
from tests.factories import PASSWORD, hashed
from tests.support.browser import Axe, sign_in, submit
from tests.support.browser_journey import CHILD_COMPLAINT, answer_until
from tests.support.live import on_live_server

pytestmark = pytest.mark.browser

#: The child's answers, in Welsh, asking for an advocate and to stay anonymous.
CHILD_ASKS_FOR_AN_ADVOCATE: dict[str, dict[str, Any]] = {
    **CHILD_COMPLAINT,
    "about-the-child": {"child_name": "Cerys", "child_age": "13", "in_care": "this_council"},
    "what-happened": {"description": "Dw i ddim wedi gweld fy ngweithiwr cymdeithasol."},
    "how-it-affected-you": {"how_affected": "Trist."},
    "what-would-help": {"desired_outcome": "Ymweliad bob mis."},
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
    with on_live_server(live_server) as (session, council):
        provider = AdvocacyProvider(council_id=council.id, name=f"Llais Plant {tag}")
        session.add(provider)
        session.flush()

        def account(key: str, role: Role, name: str, provider_id: int | None) -> User:
            email = f"{key}-{tag}@example.test"
            secret = pyotp.random_base32()
            user = User(council_id=council.id, email=email, name=name, role=role,
                        password_hash=hashed(PASSWORD), totp_secret=secret,
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
    return Accounts(keys, emails["officer"], emails["coordinator"], emails["advocate"],
                    f"Ffion Advocate {tag}", provider_name)


def walk_journey(page: Page, live_server: LiveServer) -> tuple[str, str]:
    page.goto(live_server.url("/language/cy"))  # the language cookie, as the switcher sets it
    page.goto(live_server.url("/complaint/start?kind=complaint"))
    answer_until(page, CHILD_ASKS_FOR_AN_ADVOCATE, "check-answers")
    submit(page)
    page.wait_for_url(re.compile(r"/complaint/sent"))
    reference = page.locator(".portal-reference").inner_text().strip()
    code = page.locator("#tracking-code").inner_text().strip()
    return reference, code


def sign_in_afresh(page: Page, live_server: LiveServer, email: str, secret: str) -> None:
    """Sign in on a page whose last person's session is forgotten first."""
    page.context.clear_cookies()
    sign_in(page, live_server, (email, secret))


def test_child_asks_officer_refers_coordinator_assigns_advocate_messages_child_reads(
        live_server: LiveServer, browser: Browser, accounts: Accounts,
        axe: Axe) -> None:
    def new_page() -> Page:
        context = browser.new_context(locale="en-GB")
        context.set_default_timeout(10_000)
        return context.new_page()

    child = new_page()
    reference, code = walk_journey(child, live_server)
    with on_live_server(live_server) as (session, _council):
        rep = session.scalars(select(Representation).where(
            Representation.reference == reference)).one()
        assert rep.language == "cy"
        assert rep.wants_advocate

    # The children's rights officer sees the child's request (offered automatically) and
    # refers the child to the provider.
    staff = new_page()
    sign_in_afresh(staff, live_server, accounts.officer, accounts.keys[accounts.officer])
    staff.goto(live_server.url("/advocacy/referrals"))
    axe(staff)
    staff.locator(f"a:text('{reference}')").click()
    axe(staff)
    staff.select_option("select[name='refer-provider']", label=accounts.provider)
    staff.locator("form[action$='/refer'] [type='submit']").click()
    assert accounts.provider in staff.locator("#advocacy-summary").inner_text()

    # The provider's coordinator assigns the advocate who speaks Welsh, suggested first.
    sign_in_afresh(staff, live_server, accounts.coordinator, accounts.keys[accounts.coordinator])
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
    sign_in_afresh(advocate, live_server, accounts.advocate, accounts.keys[accounts.advocate])
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
