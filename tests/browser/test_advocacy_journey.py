"""In a real browser: a child asks for an advocate in the public journey (in Welsh); the
coordinator assigns the advocate who speaks Welsh; the advocate signs in with two-factor,
sees the case and sends a message, which the child reads on the tracking page."""

from __future__ import annotations

import re
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

from portal.advocacy.models import AdvocacyProvider, AdvocateProfile
from portal.cases.models import Representation
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.extensions import db
from portal.security.passwords import hash_password
from portal.staff.models import Role, User
from tests.conftest import TEST_SECRET

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]

#: The child's answers, page by page: field name -> value (radios and checkboxes by value).
CHILD_ASKS_FOR_AN_ADVOCATE: dict[str, dict[str, Any]] = {
    "who-are-you": {"submitter": "child"},
    "are-you-safe": {"safe": "yes"},
    "about-the-child": {"child_name": "Cerys", "child_age": "13", "in_care": "this_council"},
    "what-is-it-about": {"service": "children_in_care"},
    "what-happened": {"description": "Dw i ddim wedi gweld fy ngweithiwr cymdeithasol."},
    "when": {"event_on-day": "3", "event_on-month": "2", "event_on-year": "2026"},
    "how-it-affected-you": {"how_affected": "Trist."},
    "what-would-help": {"desired_outcome": "Ymweliad bob mis."},
    "advocate": {"wants_advocate": "yes"},
    "contact": {"contact_methods": ["none"]},
    "help-to-take-part": {"needs": ["none"]},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The portal served over HTTP from its own migrated SQLite file, with a provider, a
    coordinator and two advocates (one speaks Welsh)."""
    from portal import create_app

    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'portal.db'}"
    migrate.upgrade(url)
    app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": TEST_SECRET, "DATABASE_URL": url,
                      "RATELIMIT_ENABLED": False})
    secrets: dict[str, str] = {}
    with app.app_context():
        session = db.session()
        council = load_demo_council(session)
        provider = AdvocacyProvider(council_id=council.id, name="Llais Plant")
        session.add(provider)
        session.flush()

        def account(role: Role, email: str, name: str) -> User:
            secret = pyotp.random_base32()
            user = User(council_id=council.id, email=email, name=name, role=role,
                        password_hash=hash_password(PASSWORD), totp_secret=secret,
                        provider_id=provider.id)
            session.add(user)
            session.flush()
            secrets[email] = secret
            return user

        account(Role.ADVOCACY_COORDINATOR, "coordinator@llais.example", "Cai Coordinator")
        officer = account(Role.CHILDRENS_RIGHTS_OFFICER, "rhian@council.example", "Rhian Rights")
        officer.provider_id = None
        for email, name, languages, capacity in (
                ("english@llais.example", "Alex English", ["en"], 9),
                ("ffion@llais.example", "Ffion Advocate", ["en", "cy"], 3)):
            advocate = account(Role.ADVOCATE, email, name)
            session.add(AdvocateProfile(user_id=advocate.id, provider_id=provider.id,
                                        languages=languages, capacity=capacity))
        session.commit()
        db.session.remove()
    port = _free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"base": f"http://127.0.0.1:{port}", "app": app, "secrets": secrets}
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path("/usr/bin/chromium").exists():
        pytest.fail("Debian's chromium is needed for browser tests: make system-deps",
                    pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


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
    form.locator("button[type='submit'], input[type='submit'], button:not([type])").first \
        .click()


def walk_journey(page: Page, base: str) -> tuple[str, str]:
    page.goto(f"{base}/language/cy")  # the language cookie, as the switcher sets it
    page.goto(f"{base}/complaint/start?kind=complaint")
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


def sign_in(page: Page, base: str, email: str, secret: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/staff/sign-in")
    page.fill("input[name='email']", email)
    page.fill("input[name='password']", PASSWORD)
    page.locator("main form [type='submit']").first.click()
    page.wait_for_url(re.compile(r"/staff/sign-in/code"))
    page.fill("input[name='code']", pyotp.TOTP(secret).now())
    page.locator("main form [type='submit']").first.click()
    page.wait_for_load_state()


def test_child_asks_coordinator_assigns_advocate_messages_child_reads(
        live: dict[str, Any], browser: Browser) -> None:
    base, secrets = live["base"], live["secrets"]
    child = browser.new_page()
    reference, code = walk_journey(child, base)

    with live["app"].app_context():
        rep = db.session.scalars(select(Representation).where(
            Representation.reference == reference)).one()
        assert rep.language == "cy"
        assert rep.wants_advocate
        db.session.remove()

    # The children's rights officer sees the child's request (offered automatically) and
    # refers the child to the provider.
    staff = browser.new_page()
    sign_in(staff, base, "rhian@council.example", secrets["rhian@council.example"])
    staff.goto(f"{base}/advocacy/referrals")
    staff.locator(f"a:text('{reference}')").click()
    staff.select_option("select[name='refer-provider']", label="Llais Plant")
    staff.locator("form[action$='/refer'] [type='submit']").click()
    assert "Llais Plant" in staff.locator("#advocacy-summary").inner_text()

    # The provider's coordinator assigns the advocate who speaks Welsh, suggested first.
    sign_in(staff, base, "coordinator@llais.example", secrets["coordinator@llais.example"])
    staff.goto(f"{base}/advocacy/referrals")
    staff.locator(f"a:text('{reference}')").click()
    first = staff.locator("#suggestions tbody tr").first
    assert "Ffion Advocate" in first.inner_text()
    staff.locator("input[name='assign-advocate']").first.check()
    staff.locator("form[action$='/assign'] [type='submit']").click()
    assert "Ffion Advocate" in staff.locator("#current-advocate").inner_text()

    advocate = browser.new_page()
    sign_in(advocate, base, "ffion@llais.example", secrets["ffion@llais.example"])
    advocate.goto(f"{base}/advocate/")
    advocate.locator(f"#children a:text('{reference}')").click()
    assert "gweithiwr cymdeithasol" in advocate.locator("#description").inner_text()
    advocate.fill("textarea[name='message-body']", "Helo Cerys, Ffion ydw i, dy eiriolwr.")
    advocate.locator("form[action$='/messages'] [type='submit']").click()
    assert "Ffion ydw i" in advocate.locator("#messages").inner_text()

    child.context.clear_cookies()
    child.goto(f"{base}/track?lang=cy")
    child.fill("input[name='reference']", reference)
    child.fill("input[name='code']", code)
    child.locator("main form [type='submit']").click()
    child.wait_for_load_state()
    assert "Helo Cerys, Ffion ydw i, dy eiriolwr." in child.content()
