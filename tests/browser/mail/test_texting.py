"""Texts in headless Chromium, in English and Welsh, with axe-core: the contact page with
"Text message" ticked (its number and "When can we text you?" revealed, then its error
state), check your answers showing the choice, the text queued for after school, and the
administrator's texting hours with a night-time error."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.common.clock import LONDON
from portal.models.cases import Representation
from portal.models.mail import Channel, OutgoingMail
from portal.models.staff import Role
from tests.browser.conftest import LiveServer
from tests.support.browser import Axe, sign_in, submit
from tests.support.browser_journey import (
    CHILD_COMPLAINT,
    answer_until,
    fill,
    slug_of,
    start_journey,
)
from tests.support.live import account, on_live_server

pytestmark = pytest.mark.browser

MOBILE = "07700 900982"


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a_child_chooses_texts_after_school(page: Page, live_server: LiveServer, axe: Axe,
                                            lang: str) -> None:
    start_journey(page, live_server, lang=lang)
    answer_until(page, CHILD_COMPLAINT, "contact")
    page.check("input[name='contact_methods'][value='text']")
    expect(page.locator("input[name='mobile']")).to_be_visible()
    expect(page.locator("input[name='text_times']")).to_have_count(3)
    axe(page)  # the reveal open, with its own question inside
    submit(page)  # no number: an error, inside the reveal
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#mobile-error")).to_be_visible()
    axe(page)
    page.fill("input[name='mobile']", MOBILE)
    page.check("input[name='text_times'][value='after_school']")
    submit(page)
    fill(page, CHILD_COMPLAINT["help-to-take-part"])
    submit(page)
    assert slug_of(page) == "check-answers"
    axe(page)
    expect(page.locator("main .govuk-summary-list")).to_contain_text(MOBILE)
    submit(page)
    assert slug_of(page) == "sent"
    reference = page.inner_text(".govuk-panel")
    with on_live_server(live_server) as (session, _council):
        entry = next(r for r in session.scalars(select(Representation).order_by(
            Representation.id.desc()).limit(5)) if r.reference in reference)
        mail = session.scalars(select(OutgoingMail).where(
            OutgoingMail.to_address == MOBILE).order_by(OutgoingMail.id.desc())).first()
        assert mail is not None
        assert mail.channel is Channel.SMS
        assert entry.reference in mail.body
        assert mail.locale == lang
        # Sent on Monday morning (the suite's pinned clock): it waits for 16:00 in London.
        assert mail.not_before is not None
        assert mail.not_before.astimezone(LONDON).hour == 16


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_the_administrator_sets_texting_hours(page: Page, live_server: LiveServer, axe: Axe,
                                              lang: str) -> None:
    with on_live_server(live_server) as (session, council):
        admin = account(session, council, Role.ADMINISTRATOR, email=f"texting-{lang}@admin.test")
    sign_in(page, live_server, admin)
    page.goto(live_server.url(f"/staff/admin/settings?lang={lang}"))
    expect(page.locator("input[name='sms_from']")).to_have_value("08:00")
    axe(page)
    page.fill("input[name='sms_from']", "06:00")
    page.locator("main form [type='submit']").first.click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("input[name='sms_from']")).to_have_value("06:00")
    axe(page)
