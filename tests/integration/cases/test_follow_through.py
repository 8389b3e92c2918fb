"""Follow-through (issue 16, part 5): learning actions with an owner, a due date and a done
date, on the due dashboard until done; remedies edited until the case closes; a closed case
refusing remedies unless a complaints manager reopens it with a reason."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases import follow_through
from portal.cases.services import CaseError
from portal.models.cases import CaseEvent, LearningAction, Representation
from portal.models.councils import Council
from portal.models.register import RegisterChange
from portal.models.staff import AuditLog, Role, User
from portal.vocab.cases import CaseStatus, Outcome, RemedyKind
from tests.conftest import PINNED_TODAY
from tests.factories import give, make_case, make_user
from tests.support.case_actions import act, ok, refused
from tests.support.forms import forms_on, variants
from tests.support.staff import sign_in_as, signed_in

#: Pinned today is Monday 23 November 2026: Friday 20th is overdue, Wednesday 25th is two
#: working days away (amber), Thursday 10 December is eight (green).
OVERDUE, SOON, LATER = date(2026, 11, 20), date(2026, 11, 25), date(2026, 12, 10)


@pytest.fixture
def manager(session: Session, council: Council, client: FlaskClient) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER, name="Morgan Manager")


def soup(client: FlaskClient, path: str) -> BeautifulSoup:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def cells(row: Tag) -> list[str]:
    return [c.get_text(" ", strip=True) for c in row.find_all(["th", "td"])]


def event_data(session: Session, rep: Representation, kind: str) -> list[dict[str, object]]:
    return [dict(e.data) for e in session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == kind).order_by(CaseEvent.id))]


def answered(client: FlaskClient, session: Session, council: Council,
             reference: str) -> Representation:
    """A child's complaint (received Friday 6 March 2026) answered at stage 1 on 2 April,
    waiting for the child to ask for stage 2."""
    rep = make_case(session, council, reference)
    ok(act(client, reference, "route", route="children_statutory", signpost="",
           team=str(council.teams[0].id), reason=""))
    # After stage 1's deadline (20 March), so the reason for the delay goes with it.
    ok(act(client, reference, "outcome", outcome="partly_upheld",
           responded_on=date(2026, 4, 2), summary="We are sorry.",
           delay_reason="key_personnel_unavailable"))
    assert rep.status is CaseStatus.AWAITING_NEXT_STAGE
    return rep


def closed_adult(client: FlaskClient, session: Session, council: Council,
                 reference: str) -> Representation:
    """An adult social care complaint: one local stage, so its response closes it."""
    rep = make_case(session, council, reference, submitter="relative",
                    on_behalf_of_child=False, service="adult_social_care")
    for check in rep.checks:
        ok(act(client, reference, "check", check=check.check.value, decision="met",
               reason="Checked."))
    ok(act(client, reference, "route", route="adult_statutory", signpost="", team="",
           reason=""))
    ok(act(client, reference, "outcome", outcome="upheld", responded_on=date(2026, 4, 2),
           summary="We will put it right."))
    assert rep.status is CaseStatus.CLOSED
    return rep


WITHDRAW_LINK = 'href="/track/case/withdraw"'


def follow(client: FlaskClient, rep: Representation) -> None:
    """Follow the case on the tracking page, as its complainant does with the code."""
    with client.session_transaction() as s:
        s["tracking"] = {"id": rep.id, "until": int(time.time()) + 3600}


def learning(client: FlaskClient, reference: str, description: str, due_on: date, *,
             owner_user: User | None = None, owner: str = "") -> None:
    ok(act(client, reference, "learning", description=description, due_on=due_on,
           owner_user=str(owner_user.id) if owner_user else "", owner=owner))


# --- learning actions ----------------------------------------------------------------


def test_learning_actions_show_their_owner_and_go_red_amber_green_on_the_due_list(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    owner, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olive Owner")
    rep = answered(client, session, council, "CMP-L-000001")
    learning(client, rep.reference, "Return calls within two days.", OVERDUE, owner_user=owner)
    learning(client, rep.reference, "Train the duty team.", SOON, owner="Head of fostering")
    learning(client, rep.reference, "Review the leaflet.", LATER, owner="Head of fostering")
    first = rep.learning_actions[0]
    assert (first.owner_user_id, first.owner) == (owner.id, "Olive Owner")
    assert rep.learning_actions[1].owner_user_id is None

    page = soup(client, f"/staff/cases/{rep.reference}")
    rows = page.select("#learning-actions tbody tr")
    assert [r["data-rag"] for r in rows] == ["red", "amber", "green"]
    assert cells(rows[0])[:3] == ["Return calls within two days.", "Olive Owner",
                                  "20 November 2026 Overdue"]
    assert cells(rows[1])[3] == "Not yet"

    due = soup(client, "/staff/cases/due")
    listed = due.select("#learning-due tbody tr")
    assert [(r["data-reference"], r["data-rag"]) for r in listed] == [
        (rep.reference, "red"), (rep.reference, "amber"), (rep.reference, "green")]
    assert cells(listed[0])[1:5] == ["Return calls within two days.", "Olive Owner",
                                     council.teams[0].name, "Friday 20 November 2026"]
    assert cells(listed[1])[2] == "Head of fostering"
    counts = due.select_one("[data-learning-counts]").get_text(" ", strip=True)
    assert counts == "1 overdue, 1 due soon, 1 on track."


def test_an_owner_is_one_of_the_councils_staff_or_a_name(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = answered(client, session, council, "CMP-L-000002")
    independent, _ = make_user(session, council, Role.INDEPENDENT_PERSON, name="Iris Outside")
    advocate, _ = make_user(session, council, Role.ADVOCATE, name="Ada Advocate")
    form = soup(client, f"/staff/cases/{rep.reference}").select_one("#learning-owner_user")
    offered = [o.get_text(strip=True) for o in form.find_all("option")]
    assert "Morgan Manager" in offered
    assert "Iris Outside" not in offered  # independent of the council by law
    assert "Ada Advocate" not in offered  # works for the child, not the council
    fields = {"description": "Return calls.", "due_on": LATER}
    response = act(client, rep.reference, "learning", owner_user="", owner="", **fields)
    assert response.status_code == 400
    assert "Choose the owner or enter their name" in response.text
    response = act(client, rep.reference, "learning", owner_user=str(manager.id),
                   owner="Someone else", **fields)
    assert response.status_code == 400
    assert "not both" in response.text
    response = act(client, rep.reference, "learning", owner_user=str(independent.id),
                   owner="", **fields)
    assert response.status_code == 400
    with pytest.raises(CaseError, match="Choose someone from the list"):
        follow_through.add_learning(session, rep, manager, description="Return calls.",
                                    owner_user_id=advocate.id, owner=None, due_on=LATER)
    assert rep.learning_actions == []


def test_edited_while_not_done_the_history_says_what_changed(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    owner, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olive Owner")
    rep = answered(client, session, council, "CMP-L-000003")
    learning(client, rep.reference, "Return calls within two days.", SOON,
             owner="Head of fostering")
    action = rep.learning_actions[0]
    which = str(action.id)
    # A new owner (an account) and due date; the empty description box keeps its words.
    ok(act(client, rep.reference, "learning-edit", learning_action=which, description="",
           owner_user=str(owner.id), owner="", due_on=LATER))
    assert (action.owner, action.owner_user_id, action.due_on) == ("Olive Owner", owner.id,
                                                                   LATER)
    assert action.description == "Return calls within two days."
    assert event_data(session, rep, "learning_action_edited") == [{
        "learning_action": action.id, "owner_before": "Head of fostering",
        "owner_after": "Olive Owner", "owner_user_before": None, "owner_user_after": owner.id,
        "due_before": SOON.isoformat(), "due_after": LATER.isoformat()}]
    refused(act(client, rep.reference, "learning-edit", learning_action=which, description="",
                owner_user="", owner="", due_on=""), "Nothing was changed")
    ok(act(client, rep.reference, "learning-edit", learning_action=which,
           description="Return every call within two working days.", owner_user="",
           owner="", due_on=""))
    assert action.description == "Return every call within two working days."
    assert (action.owner, action.owner_user_id) == ("Olive Owner", owner.id)  # kept
    assert event_data(session, rep, "learning_action_edited")[1] == {
        "learning_action": action.id, "description_changed": True}


def test_marked_done_it_leaves_the_due_list_and_is_no_longer_edited(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = answered(client, session, council, "CMP-L-000006")
    learning(client, rep.reference, "Return calls within two days.", LATER,
             owner="Head of fostering")
    action = rep.learning_actions[0]
    which = str(action.id)
    # Done today by default; not in the future; with what was done.
    page = soup(client, f"/staff/cases/{rep.reference}")
    assert page.select_one("#learning-done-done_on")["value"] == PINNED_TODAY.isoformat()
    refused(act(client, rep.reference, "learning-done", learning_action=which,
                done_on=date(2026, 11, 24), note="Done."), "cannot be in the future")
    response = act(client, rep.reference, "learning-done", learning_action=which,
                   done_on=PINNED_TODAY, note="")
    assert response.status_code == 400
    assert "Enter what was done" in response.text
    assert action.completed_on is None
    assert soup(client, "/staff/cases/due").select("#learning-due tbody tr")

    ok(act(client, rep.reference, "learning-done", learning_action=which,
           done_on=date(2026, 11, 20), note="Calls are now returned within two days."))
    assert (action.completed_on, action.done_note) == (
        date(2026, 11, 20), "Calls are now returned within two days.")
    assert event_data(session, rep, "learning_action_done") == [{
        "learning_action": action.id, "done_on": "2026-11-20", "due_on": LATER.isoformat()}]
    due = soup(client, "/staff/cases/due")
    assert due.select("#learning-due") == []
    assert "Every learning action is done." in due.get_text()
    row = soup(client, f"/staff/cases/{rep.reference}").select_one(f"#learning-{action.id}")
    assert row["data-done"] == "yes"
    assert not row.has_attr("data-rag")
    assert cells(row)[3] == "20 November 2026: Calls are now returned within two days."

    # Done, it stays as recorded: the page offers no edit, and a post is refused.
    page = soup(client, f"/staff/cases/{rep.reference}")
    assert page.select_one("#action-learning-edit") is None
    assert page.select_one("#action-learning-done") is None
    response = act(client, rep.reference, "learning-edit", learning_action=which,
                   description="Something else", owner_user="", owner="", due_on="")
    assert response.status_code == 400
    assert action.description == "Return calls within two days."
    for attempt in (
        lambda: follow_through.edit_learning(session, rep, manager, action_id=action.id,
                                             description="Else", owner_user_id=None,
                                             owner=None, due_on=None),
        lambda: follow_through.complete_learning(session, rep, manager, action_id=action.id,
                                                 done_on=PINNED_TODAY, note="Again",
                                                 today=PINNED_TODAY)):
        with pytest.raises(CaseError, match="That learning action is done"):
            attempt()


def test_learning_outlives_the_case(client: FlaskClient, session: Session, council: Council,
                                    manager: User) -> None:
    """What the council changes often comes after the answer: a closed case's learning is
    still added, edited and marked done, and stays on the due list until it is."""
    rep = closed_adult(client, session, council, "CMP-L-000004")
    learning(client, rep.reference, "Review the care plan checklist.", OVERDUE,
             owner="Adult services manager")
    assert [r["data-rag"] for r in soup(client, "/staff/cases/due").select(
        "#learning-due tbody tr")] == ["red"]
    which = str(rep.learning_actions[0].id)
    ok(act(client, rep.reference, "learning-edit", learning_action=which, description="",
           owner_user="", owner="", due_on=SOON))
    ok(act(client, rep.reference, "learning-done", learning_action=which,
           done_on=PINNED_TODAY, note="Checklist reviewed."))
    assert rep.status is CaseStatus.CLOSED
    assert soup(client, "/staff/cases/due").select("#learning-due") == []


def test_learning_actions_go_on_page_by_page(
        client: FlaskClient, session: Session, council: Council, manager: User,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rep = answered(client, session, council, "CMP-L-000005")
    learning(client, rep.reference, "First, soonest due.", SOON, owner="A manager")
    learning(client, rep.reference, "Second, due later.", LATER, owner="A manager")
    # The overview lists one of each; the list's own pages hold one each.
    monkeypatch.setattr("portal.cases.queries.DUE_OVERVIEW_LIMIT", 1)
    monkeypatch.setattr("portal.cases.queries.DUE_LIST_LIMIT", 1)
    overview = soup(client, "/staff/cases/due")
    assert [cells(r)[1] for r in overview.select("#learning-due tbody tr")] == [
        "First, soonest due."]
    assert "See all 2 learning actions not yet done" in overview.get_text()
    second = soup(client, "/staff/cases/due?show=learning&page=2")
    assert [cells(r)[1] for r in second.select("#learning-due tbody tr")] == [
        "Second, due later."]
    assert "Page 2 of 2" in second.get_text()
    assert second.select("#compliments-to-share, [data-team-counts]") == []
    for bad in ("/staff/cases/due?show=learning&page=3",
                f"/staff/cases/due?show=learning&team={council.teams[0].id}"):
        assert client.get(bad).status_code == 404, bad


# --- remedies ------------------------------------------------------------------------


def latest_entry(session: Session, rep: Representation) -> dict[str, str]:
    change = session.scalars(select(RegisterChange).where(
        RegisterChange.representation_id == rep.id).order_by(RegisterChange.id.desc())).first()
    assert change is not None
    return dict(change.entry)


def test_a_remedy_is_edited_before_the_case_closes_and_the_history_says_what_changed(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = answered(client, session, council, "CMP-M-000001")
    ok(act(client, rep.reference, "remedy", kind="compensation", amount="150.00", note=""))
    remedy = rep.remedies[0]
    which = str(remedy.id)
    assert latest_entry(session, rep)["compensation_gbp"] == "150.00"

    ok(act(client, rep.reference, "remedy-edit", remedy=which, kind="", amount="120.00",
           note=""))
    assert (remedy.kind, remedy.amount_gbp) == (RemedyKind.COMPENSATION, Decimal("120.00"))
    assert rep.compensation_gbp == Decimal("120.00")
    assert latest_entry(session, rep)["compensation_gbp"] == "120.00"  # the register agrees

    ok(act(client, rep.reference, "remedy-edit", remedy=which, kind="apology", amount="",
           note="By letter from the head of service."))
    assert (remedy.kind, remedy.amount_gbp) == (RemedyKind.APOLOGY, None)
    assert remedy.note == "By letter from the head of service."
    assert rep.compensation_gbp is None
    assert latest_entry(session, rep)["compensation_gbp"] == ""
    assert event_data(session, rep, "remedy_edited") == [
        {"remedy": remedy.id, "amount_before": "150.00", "amount_after": "120.00"},
        {"remedy": remedy.id, "kind_before": "compensation", "kind_after": "apology",
         "amount_before": "120.00", "amount_after": None, "note_changed": True}]
    row = soup(client, f"/staff/cases/{rep.reference}").select_one(f"#remedy-{remedy.id}")
    assert cells(row) == ["Apology", "", "By letter from the head of service."]

    refused(act(client, rep.reference, "remedy-edit", remedy=which, kind="", amount="10",
                note=""), "Only compensation has an amount")
    refused(act(client, rep.reference, "remedy-edit", remedy=which, kind="compensation",
                amount="", note=""), "Give the amount of compensation")
    refused(act(client, rep.reference, "remedy-edit", remedy=which, kind="apology",
                amount="", note=""), "Nothing was changed")
    timeline = soup(client, f"/staff/cases/{rep.reference}/timeline")
    assert len(timeline.select("[data-kind=remedy_edited]")) == 2


def test_a_closed_case_refuses_remedies_until_reopened_with_a_reason(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = closed_adult(client, session, council, "CMP-M-000002")
    stage1 = rep.stage(1)
    assert stage1 is not None
    closed_on, due_on = stage1.closed_on, stage1.due_on
    words = "This case is closed, so its remedies stand as recorded."
    refused(act(client, rep.reference, "remedy", kind="apology", amount="", note=""), words)
    said = {}
    for locale in ("en", "cy"):
        with force_locale(locale), pytest.raises(CaseError) as refusal:
            follow_through.add_remedy(session, rep, manager, kind=RemedyKind.APOLOGY,
                                      amount_gbp=None, note=None)
        said[locale] = str(refusal.value)
    assert said["en"].startswith(words)
    assert said["cy"].startswith("Mae'r achos hwn wedi'i gau")  # in Welsh to a Welsh reader
    assert rep.remedies == []
    page = soup(client, f"/staff/cases/{rep.reference}")
    assert page.select_one("#action-remedy") is None
    assert page.select_one("#action-reopen") is not None

    # Reopening needs the reason.
    response = act(client, rep.reference, "reopen", reason="")
    assert response.status_code == 400
    assert rep.status is CaseStatus.CLOSED
    ok(act(client, rep.reference, "reopen",
           reason="The Ombudsman asked us to pay for the missed visits."))

    # Back to the status it had before closing; no clock starts again.
    assert rep.status is CaseStatus.STAGE1
    assert rep.closed_at is None
    assert (stage1.closed_on, stage1.due_on) == (closed_on, due_on)
    assert event_data(session, rep, "reopened") == [{
        "reason": "The Ombudsman asked us to pay for the missed visits.", "status": "stage1"}]
    assert {"before": "closed", "after": "stage1"} in event_data(session, rep,
                                                                 "status_changed")
    page = soup(client, f"/staff/cases/{rep.reference}")
    assert page.select_one("#next-deadline") is None
    assert "The Ombudsman asked us to pay" in page.select_one("#reopened").get_text()
    assert rep.reference not in soup(client, "/staff/cases/due").get_text()
    timeline = soup(client, f"/staff/cases/{rep.reference}/timeline")
    assert timeline.select("[data-kind=reopened]")


def test_reopened_it_takes_only_its_follow_through_then_closes_again(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = closed_adult(client, session, council, "CMP-M-000007")
    ok(act(client, rep.reference, "reopen", reason="The remedy was never paid."))
    page = soup(client, f"/staff/cases/{rep.reference}")
    offered = {d["id"].removeprefix("action-") for d in page.select("details[id^=action-]")}
    assert offered == {"remedy", "learning", "message", "ombudsman", "close"}
    refused(act(client, rep.reference, "withdraw", reason="They asked."),
            "reopened to follow through")
    assert rep.outcome is Outcome.UPHELD  # withdrawing would have overwritten it
    # Nor may the complainant stop it from the tracking page: the procedure is over.
    follow(client, rep)
    assert WITHDRAW_LINK not in client.get("/track/case").text
    client.post("/track/case/withdraw", data={"confirm": "yes"})
    assert rep.status is CaseStatus.STAGE1
    assert rep.outcome is Outcome.UPHELD

    ok(act(client, rep.reference, "remedy", kind="compensation", amount="250.00", note=""))
    ok(act(client, rep.reference, "remedy-edit", remedy=str(rep.remedies[0].id), kind="",
           amount="300.00", note="For the missed visits."))
    assert rep.compensation_gbp == Decimal("300.00")
    assert latest_entry(session, rep)["compensation_gbp"] == "300.00"

    # Closed again, its remedies stand once more.
    ok(act(client, rep.reference, "close", reason="Compensation paid."))
    assert rep.status is CaseStatus.CLOSED
    assert rep.closed_at is not None
    refused(act(client, rep.reference, "remedy-edit", remedy=str(rep.remedies[0].id),
                kind="", amount="10.00", note=""), "This case is closed")
    assert rep.compensation_gbp == Decimal("300.00")


def test_closed_while_waiting_it_reopens_waiting(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = answered(client, session, council, "CMP-M-000003")
    ok(act(client, rep.reference, "close", reason="The child did not ask for stage 2."))
    escalation_by = "2026-05-05"  # 20 working days from 2 April, as before closing
    ok(act(client, rep.reference, "reopen", reason="The apology was never sent."))
    assert rep.status is CaseStatus.AWAITING_NEXT_STAGE
    page = client.get(f"/staff/cases/{rep.reference}").text
    assert f'id="escalation-by" data-date="{escalation_by}"' in page
    ok(act(client, rep.reference, "remedy", kind="apology", amount="", note="Sent today."))
    # Waiting, the complainant may still stop it, as before it closed.
    follow(client, rep)
    assert WITHDRAW_LINK in client.get("/track/case").text


def test_a_running_stage_is_not_closed_but_answered(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    """"Close the case" is offered at a stage only once reopened: a stage still running
    (here adult social care's one stage, which the procedure could close) is answered."""
    rep = make_case(session, council, "CMP-M-000006", submitter="relative",
                    on_behalf_of_child=False, service="adult_social_care")
    for check in rep.checks:
        ok(act(client, rep.reference, "check", check=check.check.value, decision="met",
               reason="Checked."))
    ok(act(client, rep.reference, "route", route="adult_statutory", signpost="", team="",
           reason=""))
    assert soup(client, f"/staff/cases/{rep.reference}").select_one("#action-close") is None
    refused(act(client, rep.reference, "close", reason="Done."),
            "This stage ends with its response")
    assert rep.status is CaseStatus.STAGE1


@pytest.mark.parametrize("closing", ["compliment", "not_accepted"])
def test_a_case_closed_without_a_response_is_not_reopened(
        client: FlaskClient, session: Session, council: Council, manager: User,
        closing: str) -> None:
    if closing == "compliment":
        rep = make_case(session, council, "CMP-M-000004", kind="compliment")
        ok(act(client, rep.reference, "route", route="compliment", signpost="", team="",
               reason=""))
    else:  # refused at triage on sufficient interest, before any response
        rep = make_case(session, council, "CMP-M-000005", submitter="relative",
                        on_behalf_of_child=True)
        ok(act(client, rep.reference, "check", check="sufficient_interest",
               decision="not_met", reason="Not close to the child."))
    assert rep.status is CaseStatus.CLOSED
    assert soup(client, f"/staff/cases/{rep.reference}").select_one("#action-reopen") is None
    refused(act(client, rep.reference, "reopen", reason="To add a remedy."),
            "Only a complaint closed after its response can be reopened")
    assert rep.status is CaseStatus.CLOSED


# --- who may -------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "slug", "allowed"), [
    (Role.COMPLAINTS_OFFICER, "reopen", False),  # a complaints manager's decision
    (Role.RESPONDING_MANAGER, "reopen", False),
    (Role.COMPLAINTS_OFFICER, "learning-done", True),
    (Role.RESPONDING_MANAGER, "learning-done", True),  # on a case given to them
    (Role.CHILDRENS_RIGHTS_OFFICER, "learning-done", False),
    (Role.CHILDRENS_RIGHTS_OFFICER, "remedy-edit", False),
    (Role.INVESTIGATING_OFFICER, "learning-edit", False),
    (Role.ADMINISTRATOR, "learning-done", False),
])
def test_who_may_follow_through(client: FlaskClient, session: Session, council: Council,
                                manager: User, role: Role, slug: str, allowed: bool) -> None:
    rep = closed_adult(client, session, council, f"CMP-W-{list(Role).index(role):02d}"
                       f"{slug[:4].upper()}")
    learning(client, rep.reference, "Review the checklist.", LATER, owner="A manager")
    user, _ = make_user(session, council, role)
    give(session, rep, user)
    sign_in_as(client, user)
    data = {"reopen": {"reason": "Remedy."},
            "learning-done": {"learning_action": str(rep.learning_actions[0].id),
                              "done_on": PINNED_TODAY, "note": "Done."},
            "learning-edit": {"learning_action": str(rep.learning_actions[0].id),
                              "description": "Else", "owner_user": "", "owner": "",
                              "due_on": ""},
            "remedy-edit": {"remedy": "1", "kind": "", "amount": "", "note": "x"}}[slug]
    response = act(client, rep.reference, slug, **data)
    if allowed:
        ok(response)
        return
    # A case the administrator may not see is not found (the refusal rule, access.deny).
    assert response.status_code == (404 if role is Role.ADMINISTRATOR else 403)
    assert session.scalars(select(AuditLog).where(
        AuditLog.user_id == user.id, AuditLog.allowed.is_(False))).first() is not None
    assert rep.status is CaseStatus.CLOSED
    assert session.scalars(select(LearningAction.completed_on).where(
        LearningAction.representation_id == rep.id)).one() is None


# --- junk in the new forms -----------------------------------------------------------


def test_the_new_forms_answer_junk_with_the_form_and_its_errors(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    """test_every_post_route.py posts every form on the demo's cases, which have no remedy
    or learning action to choose: here each new form is posted as its page shows it, with
    each field missing and junk, on cases that offer it."""

    rep = answered(client, session, council, "CMP-J-000001")
    ok(act(client, rep.reference, "remedy", kind="compensation", amount="150.00", note=""))
    learning(client, rep.reference, "Return calls.", LATER, owner="A manager")
    closed = closed_adult(client, session, council, "CMP-J-000002")
    slugs = {rep.reference: ("remedy", "remedy-edit", "learning", "learning-edit",
                             "learning-done"), closed.reference: ("reopen",)}
    posts, failures = 0, []
    for reference, wanted in slugs.items():
        page = f"/staff/cases/{reference}"
        found = forms_on(client.get(page).get_data(as_text=True), page)
        for turn, slug in enumerate(wanted):
            url = f"{page}/{slug}"
            assert url in found, slug
            for what, data in variants(found[url], turn):
                response = client.post(url, data=data)
                posts += 1
                if response.status_code >= 500 or (
                        response.status_code == 400
                        and b"govuk-error-summary" not in response.data):
                    failures.append(f"{slug} [{what}]: {response.status_code}")
    assert failures == []
    assert posts > 40
