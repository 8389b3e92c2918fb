"""In a real browser, in English and in Welsh: a child with an advocate says from the
tracking page that they do not want this advocate, leaves the question unanswered once
(the error state), says yes, says why, and sees the confirmation. Every page passes
axe-core (WCAG 2.2 AA)."""

from __future__ import annotations

import secrets

import pytest
from playwright.sync_api import Page

from portal.advocacy import services
from portal.complaints import services as complaints
from portal.db.types import utcnow
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider, AdvocateProfile
from portal.models.staff import Role, User
from portal.security.tokens import group_code, new_tracking_code
from portal.vocab.advocacy import AdvocacyStatus, OfferHow
from tests.browser.conftest import LiveServer
from tests.support.browser import Axe, submit
from tests.support.live import on_live_server

pytestmark = pytest.mark.browser

CHILD = {"kind": "complaint", "submitter": "child", "safe": "yes", "in_care": "this_council",
         "child_age": "12", "service": "children_in_care", "wants_advocate": "yes",
         "description": "My social worker never comes.", "contact_methods": ["none"]}


def child_with_an_advocate(live_server: LiveServer) -> tuple[str, str, int]:
    """A child's complaint with an advocate assigned: its reference, code and record id."""
    tag = secrets.token_hex(3)
    with on_live_server(live_server) as (session, council):
        code = new_tracking_code()
        rep = complaints.submit(session, council=council, answers=CHILD,
                                submission_key=f"objection-{tag}", tracking_code=code,
                                locale="en", now=utcnow())
        provider = AdvocacyProvider(council_id=council.id, name=f"Voices {tag}")
        session.add(provider)
        session.flush()
        staff = User(council_id=council.id, email=f"coord-{tag}@example.test", name="Coordinator",
                     role=Role.ADVOCACY_COORDINATOR, password_hash="x", provider_id=provider.id)
        advocate = User(council_id=council.id, email=f"adv-{tag}@example.test",
                        name=f"Robin {tag}", role=Role.ADVOCATE, password_hash="x",
                        provider_id=provider.id)
        session.add_all([staff, advocate])
        session.flush()
        session.add(AdvocateProfile(user_id=advocate.id, provider_id=provider.id,
                                    languages=["en", "cy"], capacity=3))
        case = services.ensure_offered(session, rep, OfferHow.AUTOMATIC)
        assert case is not None
        services.refer(session, case, provider, on=rep.received_on, actor=staff)
        services.assign(session, case, advocate.id, on=rep.received_on, actor=staff)
        session.commit()
        return rep.reference, group_code(code), case.id


@pytest.mark.parametrize(("lang", "link", "done"), [
    ("en", "I do not want this advocate", "We will find you a new advocate"),
    ("cy", "Dydw i ddim eisiau'r eiriolwr hwn", "Byddwn ni'n dod o hyd i eiriolwr newydd i chi"),
])
def test_a_child_turns_down_their_advocate(page: Page, live_server: LiveServer, axe: Axe,
                                           lang: str, link: str, done: str) -> None:
    reference, code, case_id = child_with_an_advocate(live_server)
    page.goto(live_server.url(f"/track?lang={lang}"))
    page.fill("#reference", reference)
    page.fill("#code", code)
    submit(page)
    axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name=link).click()
    axe(page)
    submit(page)  # no answer: the error state
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error:" if lang == "en" else "Gwall:")
    axe(page)
    page.check("input[name=wants_new][value=yes]")
    submit(page)
    axe(page)
    page.fill("#reason", "Mae hi'n siarad gormod." if lang == "cy" else "They talk too much.")
    submit(page)
    assert page.inner_text("h1") == done
    axe(page)
    with on_live_server(live_server) as (session, _council):
        case = session.get(AdvocacyCase, case_id)
        assert case is not None
        assert case.status is AdvocacyStatus.REFERRED
        assert case.advocate_user_id is None
    with page.expect_navigation():
        page.click("main a[href$='/track/case']")
    assert page.locator("#advocate").is_visible()
    axe(page)
