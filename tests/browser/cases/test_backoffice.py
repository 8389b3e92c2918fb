"""In a real browser: a complaints manager signs in with two factors and walks a child's
complaint from triage through stage 1, an extension, stage 2, stage 3 and an Ombudsman
referral, checking each deadline the page shows against spec/WORKING-DAYS.md."""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
import pytest
from playwright.sync_api import Page, expect

from portal.models.staff import Role, User
from tests.browser.conftest import LiveServer
from tests.factories import PASSWORD, make_case, make_user
from tests.support.browser import Axe, sign_in
from tests.support.live import account, on_live_server

pytestmark = pytest.mark.browser


@dataclass
class Cast:
    manager: User
    secret: str
    responder: User
    investigator: User
    independent: User
    adjudicator: User
    panel: list[User]
    reference: str


@pytest.fixture(scope="module")
def cast(live_server: LiveServer) -> Cast:
    with on_live_server(live_server) as (session, council):
        manager, secret = make_user(session, council, Role.COMPLAINTS_MANAGER,
                                    name="Morgan Manager", email="morgan@backoffice.test")
        people = {role: make_user(session, council, role)[0] for role in (
            Role.RESPONDING_MANAGER, Role.INVESTIGATING_OFFICER, Role.INDEPENDENT_PERSON,
            Role.ADJUDICATING_OFFICER)}
        panel = [make_user(session, council, Role.PANEL_MEMBER, name=f"Panel {n}")[0]
                 for n in (1, 2, 3)]
        # A child's complaint received on Friday 6 March 2026, routed by intake.
        rep = make_case(session, council, "CMP-B-000001")
        session.commit()
        return Cast(manager, secret, people[Role.RESPONDING_MANAGER],
                    people[Role.INVESTIGATING_OFFICER], people[Role.INDEPENDENT_PERSON],
                    people[Role.ADJUDICATING_OFFICER], panel, rep.reference)


def do(page: Page, slug: str, fields: dict[str, str] | None = None, *,
       selects: dict[str, str] | None = None, checks: list[str] | None = None) -> None:
    """Open an action on the case page, fill it in, save it."""
    box = page.locator(f"#action-{slug}")
    box.locator("summary").click()
    for name, value in (selects or {}).items():
        box.locator(f"#{slug}-{name}").select_option(value)
    for name, value in (fields or {}).items():
        box.locator(f"#{slug}-{name}").fill(value)
    for selector in checks or []:
        box.locator(selector).check()
    box.get_by_role("button", name="Save").click()


def stage_cell(page: Page, number: int, field: str) -> str:
    return page.locator(f"#stage-{number} [data-field={field}]").inner_text().strip()


def test_a_complaint_through_every_stage(live_server: LiveServer, page: Page, cast: Cast,
                                         axe: Axe) -> None:
    # Every back-office page needs an account: the case sends us to sign in.
    page.goto(live_server.url(f"/staff/cases/{cast.reference}"))
    expect(page.locator("h1")).to_have_text("Sign in to the back office")
    axe(page)
    page.fill("#email", cast.manager.email)
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("h1")).to_have_text("Enter the code from your authenticator app")
    page.fill("#code", pyotp.TOTP(cast.secret).now())
    page.get_by_role("button", name="Sign in").click()

    # Back on the case it asked for; triage lists it.
    expect(page.locator("h1")).to_have_text(f"Case {cast.reference}")
    page.get_by_role("link", name="Awaiting triage").click()
    page.get_by_role("link", name=cast.reference).click()
    expect(page.locator("#routing-reasons")).to_be_visible()
    axe(page)

    # Triage: accept the children's statutory route. Stage 1 is 10 working days from
    # Friday 6 March 2026 (Friday 20 March), 20 at most (Tuesday 7 April, over Easter).
    do(page, "route")
    expect(page.locator("#case-status")).to_have_text("Stage 1")
    assert stage_cell(page, 1, "due") == "20 March 2026"
    assert stage_cell(page, 1, "latest") == "7 April 2026"

    do(page, "acknowledge", {"on": "2026-03-09"})
    expect(page.locator("#acknowledged-on")).to_have_text("Monday 9 March 2026")
    do(page, "assign-responder", selects={"user": str(cast.responder.id)})
    expect(page.locator("#assignments")).to_contain_text(cast.responder.name)

    # An extension beyond the legal maximum is refused in words...
    do(page, "extend", {"new_due_on": "2026-04-08", "reason": "The worker is on leave."})
    expect(page.locator(".govuk-error-summary")).to_contain_text("legal maximum")
    # ...and one within it is recorded, and the complainant told.
    page.locator("#extend-new_due_on").fill("2026-04-07")
    page.locator("#action-extend").get_by_role("button", name="Save").click()
    assert stage_cell(page, 1, "extended").startswith("7 April 2026")
    expect(page.locator("#next-deadline")).to_contain_text("Tuesday 7 April 2026")

    # Stage 1's response on Thursday 2 April: 20 working days to ask for stage 2, skipping
    # Good Friday, Easter Monday and the early May bank holiday: Tuesday 5 May.
    do(page, "outcome", {"responded_on": "2026-04-02",
                         "summary": "We are sorry your worker did not call back."},
       selects={"outcome": "partly_upheld"})
    expect(page.locator("#escalation-by")).to_have_text("Tuesday 5 May 2026")
    do(page, "remedy", {"amount": "150.00"}, selects={"kind": "compensation"})
    do(page, "learning", {"description": "Return calls within two working days.",
                          "owner": "Head of service", "due_on": "2026-06-30"})
    expect(page.locator("#remedies")).to_contain_text("£150.00")

    # Stage 2: asked for on 20 April, statement of complaint agreed Friday 24 April:
    # 25 working days is Tuesday 2 June, 65 is Tuesday 28 July.
    do(page, "next-stage", {"requested_on": "2026-04-20"})
    expect(page.locator("#case-status")).to_have_text("Stage 2")
    do(page, "stage2-clock", {"started_on": "2026-04-24"})
    assert stage_cell(page, 2, "due") == "2 June 2026"
    assert stage_cell(page, 2, "latest") == "28 July 2026"
    do(page, "stage2-people", {"declaration_text": "I am neither an officer nor a member."},
       selects={"investigating_officer": str(cast.investigator.id),
                "independent_person": str(cast.independent.id),
                "adjudicating_officer": str(cast.adjudicator.id)},
       checks=["#stage2-people-declaration"])
    expect(page.locator("#assignments")).to_contain_text(cast.independent.name)
    do(page, "outcome", {"responded_on": "2026-05-29",
                         "summary": "The investigation found no fault."},
       selects={"outcome": "not_upheld"})
    expect(page.locator("#escalation-by")).to_have_text("Friday 26 June 2026")

    # Stage 3: asked for Wednesday 10 June; the panel within 30 working days (22 July),
    # its report within 5 of meeting, the council's response within 15 of the report.
    do(page, "next-stage", {"requested_on": "2026-06-10"})
    expect(page.locator("#case-status")).to_have_text("Stage 3")
    expect(page.locator("#next-deadline")).to_contain_text("Wednesday 22 July 2026")
    box = page.locator("#action-panel")
    box.locator("summary").click()
    for member in cast.panel:
        box.get_by_label(member.name).check()
    box.locator("#panel-panel_on").fill("2026-07-15")
    box.get_by_role("button", name="Save").click()
    expect(page.locator("#panel")).to_contain_text("Panel 1")
    expect(page.locator("#next-deadline")).to_contain_text("Wednesday 22 July 2026")
    do(page, "panel-report", {"report_on": "2026-07-20"})
    expect(page.locator("#next-deadline")).to_contain_text("Monday 10 August 2026")
    do(page, "outcome", {"responded_on": "2026-08-07",
                         "summary": "We accept the panel's recommendations."},
       selects={"outcome": "upheld"})
    expect(page.locator("#case-status")).to_have_text("Closed")

    # Then the Ombudsman.
    do(page, "ombudsman", {"referred_on": "2026-09-01"}, selects={"decision": "pending"})
    expect(page.locator("#ombudsman")).to_contain_text("Tuesday 1 September 2026")
    axe(page)

    # The whole history, views included, for the complaints manager.
    page.get_by_role("link", name="See the case's timeline and audit log").click()
    expect(page.locator("[data-kind=ombudsman]")).to_have_count(1)
    expect(page.locator("[data-kind=extended]")).to_have_count(1)

    # Signing out ends the session: the case page asks to sign in again.
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("h1")).to_have_text("You are signed out")
    page.goto(live_server.url(f"/staff/cases/{cast.reference}"))
    expect(page.locator("h1")).to_have_text("Sign in to the back office")


def test_idle_warning_then_sign_out(live_server: LiveServer, page: Page) -> None:
    with on_live_server(live_server) as (session, council):
        officer = account(session, council, Role.COMPLAINTS_OFFICER, email="idle@backoffice.test")
    page.clock.install()
    sign_in(page, live_server, officer)
    expect(page.locator("h1")).to_have_text("My cases")
    warning = page.locator("#idle-warning")
    expect(warning).to_be_hidden()

    # Two minutes before the 30-minute idle limit the warning shows...
    page.clock.fast_forward("28:30")
    expect(warning).to_be_visible()
    # ..."Stay signed in" tells the server and starts the count again.
    page.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    page.clock.fast_forward("27:00")
    expect(warning).to_be_hidden()

    # Left alone past the limit, the page signs out and says why.
    page.clock.fast_forward("04:00")
    expect(page.locator("h1")).to_have_text("You are signed out")
    expect(page.locator("main")).to_contain_text("nothing happened for a while")
    page.goto(live_server.url("/staff/cases/"))
    expect(page.locator("h1")).to_have_text("Sign in to the back office")
