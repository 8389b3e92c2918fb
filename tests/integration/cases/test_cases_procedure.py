"""A complaint run through the whole children's procedure in the back office, with
every deadline checked against spec/WORKING-DAYS.md, and the moves the law refuses."""

from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases import services
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.staff import AuditLog, Role
from portal.vocab.cases import CaseStatus, CheckDecision, Method, OmbudsmanDecision
from tests.factories import make_case, make_user
from tests.support.case_actions import act, ok, refused
from tests.support.rows import events
from tests.support.staff import sign_in_as


def test_children_complaint_from_triage_to_the_ombudsman(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    responder, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    investigator, _ = make_user(session, council, Role.INVESTIGATING_OFFICER)
    independent, _ = make_user(session, council, Role.INDEPENDENT_PERSON, name="Iris Independent")
    adjudicator, _ = make_user(session, council, Role.ADJUDICATING_OFFICER)
    panel = [make_user(session, council, Role.PANEL_MEMBER)[0] for _ in range(3)]
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    rep = make_case(session, council, "CMP-T-000001")  # received Friday 6 March 2026
    team = council.teams[0]
    sign_in_as(client, manager)
    assert client.get("/staff/cases/CMP-T-000001").status_code == 200

    # Triage: accept the children's route, set team and category.
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="",
           team=str(team.id), categories=str(council.categories[0].id), reason=""))
    assert rep.status is CaseStatus.STAGE1
    stage1 = rep.stage(1)
    assert stage1 is not None
    # WORKING-DAYS.md: received Friday 6 March 2026, 10 working days: Friday 20 March.
    assert (stage1.due_on, stage1.due_latest_on) == (date(2026, 3, 20), date(2026, 4, 7))

    # Acknowledged Monday 9 March: the children's clock runs from receipt, unchanged.
    ok(act(client, rep.reference, "acknowledge", on=date(2026, 3, 9), send="y"))
    assert stage1.due_on == date(2026, 3, 20)

    ok(act(client, rep.reference, "assign-responder", user=str(responder.id)))

    # One extension, never beyond 20 working days (Tuesday 7 April, over Easter).
    refused(act(client, rep.reference, "extend", new_due_on=date(2026, 4, 8),
                reason="Worker on leave", message=""), "legal maximum")
    ok(act(client, rep.reference, "extend", new_due_on=date(2026, 4, 7),
           reason="Worker on leave", message="We need to speak to your worker."))
    assert stage1.extended_to_on == date(2026, 4, 7)
    assert any("speak to your worker" in m.body for m in rep.messages)
    refused(act(client, rep.reference, "extend", new_due_on=date(2026, 4, 6),
                reason="Again", message=""), "one extension")

    # The responding manager answers stage 1 (partly upheld) on Thursday 2 April.
    sign_in_as(client, responder)
    ok(act(client, rep.reference, "outcome", outcome="partly_upheld",
           responded_on=date(2026, 4, 2), summary="We are sorry your worker did not call."))
    assert rep.status is CaseStatus.AWAITING_NEXT_STAGE
    letter = rep.messages[-1].body
    assert "stage 2" in letter
    assert "Ombudsman" in letter
    # 20 working days to ask for stage 2: Good Friday, Easter Monday and 4 May skipped.
    page = client.get(f"/staff/cases/{rep.reference}").text
    assert 'id="escalation-by" data-date="2026-05-05"' in page

    sign_in_as(client, manager)
    ok(act(client, rep.reference, "remedy", kind="compensation", amount="150.00", note=""))
    refused(act(client, rep.reference, "remedy", kind="apology", amount="10", note=""),
            "Only compensation")
    ok(act(client, rep.reference, "remedy", kind="apology", amount="", note="By letter"))
    ok(act(client, rep.reference, "learning", description="Return calls within 2 days",
           owner="Head of service", due_on=date(2026, 6, 30)))
    assert str(rep.compensation_gbp) == "150.00"

    # Stage 2: asked for on 20 April; statement of complaint agreed Friday 24 April.
    ok(act(client, rep.reference, "next-stage", requested_on=date(2026, 4, 20), late_reason=""))
    assert rep.status is CaseStatus.STAGE2
    ok(act(client, rep.reference, "stage2-clock", started_on=date(2026, 4, 24)))
    stage2 = rep.stage(2)
    assert stage2 is not None
    # 25 working days (4 and 25 May are bank holidays): Tuesday 2 June; 65: Tuesday 28 July.
    assert (stage2.due_on, stage2.due_latest_on) == (date(2026, 6, 2), date(2026, 7, 28))

    # The independent person cannot be a council officer: the form offers only
    # independent people's accounts, and the service refuses any other.
    response = act(client, rep.reference, "stage2-people",
                   investigating_officer=str(investigator.id),
                   independent_person=str(officer.id), adjudicating_officer=str(adjudicator.id),
                   declaration="y", declaration_text="I am independent")
    assert response.status_code == 400
    with pytest.raises(services.CaseError, match="works for the council"):
        services.appoint_stage2(session, rep, manager, investigating_officer_id=investigator.id,
                                independent_person_id=officer.id,
                                adjudicating_officer_id=adjudicator.id, declaration=True,
                                declaration_text="I am independent")
    refused(act(client, rep.reference, "stage2-people", investigating_officer=str(investigator.id),
                independent_person=str(independent.id),
                adjudicating_officer=str(adjudicator.id), declaration_text="x"),
            "declaration")
    ok(act(client, rep.reference, "stage2-people", investigating_officer=str(investigator.id),
           independent_person=str(independent.id), adjudicating_officer=str(adjudicator.id),
           declaration="y", declaration_text="I am neither an officer nor a member."))

    # The adjudicating officer decides stage 2.
    sign_in_as(client, adjudicator)
    ok(act(client, rep.reference, "outcome", outcome="not_upheld",
           responded_on=date(2026, 5, 29), summary="The investigation found no fault."))
    assert rep.status is CaseStatus.AWAITING_NEXT_STAGE

    # Stage 3: asked for Wednesday 10 June; the panel meets within 30 working days.
    sign_in_as(client, manager)
    ok(act(client, rep.reference, "next-stage", requested_on=date(2026, 6, 10), late_reason=""))
    stage3 = rep.stage(3)
    assert stage3 is not None
    assert stage3.due_on == date(2026, 7, 22)
    refused(act(client, rep.reference, "panel", members=[str(p.id) for p in panel[:2]],
                panel_on=""), "three different")
    ok(act(client, rep.reference, "panel", members=[str(p.id) for p in panel],
           panel_on=date(2026, 7, 15)))
    assert stage3.due_on == date(2026, 7, 22)  # report within 5 of Wednesday 15 July
    ok(act(client, rep.reference, "panel-report", report_on=date(2026, 7, 20)))
    assert stage3.due_on == date(2026, 8, 10)  # council responds within 15 of the report
    ok(act(client, rep.reference, "outcome", outcome="upheld", responded_on=date(2026, 8, 7),
           summary="We accept the panel's recommendations."))
    assert rep.status is CaseStatus.CLOSED
    assert "look at it again" not in rep.messages[-1].body  # no further local stage
    assert "Ombudsman" in rep.messages[-1].body

    # A closed case has no next stage: refused in words, and the refusal is recorded.
    refused(act(client, rep.reference, "next-stage", requested_on=date(2026, 8, 10),
                late_reason=""), "after a stage")
    ok(act(client, rep.reference, "ombudsman", referred_on=date(2026, 9, 1), decision="pending"))
    assert rep.ombudsman_referred_on == date(2026, 9, 1)
    assert rep.ombudsman_decision is OmbudsmanDecision.PENDING

    kinds = events(session, rep)
    for kind in ("route_accepted", "acknowledged", "extended", "outcome_recorded",
                 "next_stage_requested", "independent_person_declared", "panel_appointed",
                 "panel_report_received", "ombudsman", "letter_sent"):
        assert kind in kinds, kind
    assert session.scalars(select(AuditLog).where(AuditLog.representation_id == rep.id,
                                                  AuditLog.action == "refused")).first()
    timeline = client.get(f"/staff/cases/{rep.reference}/timeline").text
    assert 'data-kind="view"' in timeline
    assert 'data-kind="extended"' in timeline


def test_panel_excludes_the_stage2_independent_person(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-T-000002")
    member = make_user(session, council, Role.PANEL_MEMBER, name="Pat Same")[0]
    others = [make_user(session, council, Role.PANEL_MEMBER)[0] for _ in range(2)]
    rep.status = CaseStatus.STAGE3
    stage2 = rep.stage(1)
    assert stage2 is not None
    stage2.closed_on = date(2026, 3, 20)
    from portal.models.cases import Stage

    rep.stages.append(Stage(number=2, started_on=date(2026, 3, 23), closed_on=date(2026, 4, 20),
                            independent_person="Pat Same"))
    rep.stages.append(Stage(number=3, requested_on=date(2026, 4, 22)))
    session.commit()
    sign_in_as(client, manager)
    refused(act(client, rep.reference, "panel", members=[str(member.id)]
                + [str(o.id) for o in others], panel_on=""), "independent person at stage 2")


def test_corporate_clock_restarts_from_the_acknowledgement(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-T-000003", submitter="parent",
                    on_behalf_of_child=True, service="early_help")
    assert rep.route is not None
    assert rep.route.value == "corporate"
    sign_in_as(client, manager)
    ok(act(client, rep.reference, "check", check="child_agreement", decision="met",
           reason="The child agrees."))
    ok(act(client, rep.reference, "route", route="corporate", signpost="", team="", reason=""))
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert stage1.due_on == date(2026, 3, 20)  # from receipt until acknowledged
    ok(act(client, rep.reference, "acknowledge", on=date(2026, 3, 11), send="y"))
    # LGSCO Code: 10 working days from Wednesday 11 March, 20 at most.
    assert (stage1.due_on, stage1.due_latest_on) == (date(2026, 3, 25), date(2026, 4, 10))


def test_checks_are_decided_before_stage1(client: FlaskClient, session: Session,
                                          council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-T-000004", submitter="grandparent",
                    on_behalf_of_child=True)
    assert [c.check.value for c in rep.checks] == ["sufficient_interest", "child_agreement"]
    sign_in_as(client, manager)
    refused(act(client, rep.reference, "route", route="children_statutory", signpost="",
                team="", reason=""), "Decide every check")
    response = act(client, rep.reference, "check", check="sufficient_interest", decision="met",
                   reason="")
    assert response.status_code == 400  # a decision needs its reason
    ok(act(client, rep.reference, "check", check="sufficient_interest", decision="met",
           reason="Grandmother is the main carer at weekends."))
    ok(act(client, rep.reference, "check", check="child_agreement", decision="met",
           reason="Spoke to the child, who agrees."))
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    assert rep.status is CaseStatus.STAGE1
    assert all(c.decision is CheckDecision.MET for c in rep.checks)


def test_refused_sufficient_interest_closes_with_a_letter(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-T-000005", submitter="relative",
                    on_behalf_of_child=True, language="cy")
    sign_in_as(client, manager)
    ok(act(client, rep.reference, "check", check="sufficient_interest", decision="not_met",
           reason="No contact with the child for five years."))
    assert rep.status is CaseStatus.CLOSED
    assert rep.procedure is not None
    assert rep.procedure.value == "not_accepted"
    mail = session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == "letter_not_accepted")).one()
    assert mail.locale == "cy"  # the letter goes in the complainant's language
    assert "five years" in mail.body


def test_deferral_pauses_and_resumes(client: FlaskClient, session: Session,
                                     council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-T-000006")
    sign_in_as(client, manager)
    ok(act(client, rep.reference, "check", check="deferral", decision="deferred",
           reason="Police investigation under way."))
    assert rep.status is CaseStatus.DEFERRED
    assert "paused" in rep.messages[-1].body
    ok(act(client, rep.reference, "resume", reason="The investigation has ended."))
    assert rep.status is CaseStatus.NEW


def test_signpost_sends_a_letter_in_their_language(client: FlaskClient, session: Session,
                                                   council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-T-000007", service="school", language="cy")
    sign_in_as(client, manager)
    ok(act(client, rep.reference, "signpost", to="school",
           note="The school's governors handle this."))
    assert rep.status is CaseStatus.SIGNPOSTED
    assert rep.not_accepted_reason is not None
    mail = session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == "letter_signposting")).one()
    assert mail.locale == "cy"
    # Written in Welsh, whoever sent it (make test compiles the Welsh catalogue).
    with force_locale("cy"):
        welsh = gettext("Who can help with %(reference)s", reference=rep.reference)
    assert welsh != f"Who can help with {rep.reference}"
    assert mail.subject == welsh


def test_override_needs_a_reason_and_is_recorded(client: FlaskClient, session: Session,
                                                 council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-T-000008")
    sign_in_as(client, manager)
    refused(act(client, rep.reference, "route", route="corporate", signpost="", team="",
                reason=""), "reason for overriding")
    ok(act(client, rep.reference, "route", route="corporate", signpost="", team="",
           reason="About early help, not social care."))
    assert rep.procedure is not None
    assert rep.procedure.value == "corporate"
    assert "routing_overridden" in events(session, rep)


def test_adr_keeps_the_stage_and_withdrawal_ends_it(client: FlaskClient, session: Session,
                                                    council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-T-000009")
    sign_in_as(client, manager)
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    ok(act(client, rep.reference, "adr", method="meeting", note="Met with the young person."))
    assert rep.adr
    assert rep.status is CaseStatus.STAGE1  # ADR never removes the right to the next stage
    ok(act(client, rep.reference, "withdraw", reason="The young person asked to stop."))
    assert rep.status is CaseStatus.WITHDRAWN
    refused(act(client, rep.reference, "adr", method="meeting", note="Too late"), "finished")


def test_log_a_phone_complaint_and_triage_shows_urgent_first(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    make_case(session, council, "CMP-T-000010")
    sign_in_as(client, manager)
    response = client.post("/staff/cases/new", data={
        "method": "telephone", "received_on": ["9", "3", "2026"], "kind": "complaint",
        "submitter": "parent", "name": "A parent", "email": "", "phone": "07700 900000",
        "language": "en", "for_whom": "child", "service": "social_work",
        "description": "Rang about a missed visit.", "urgent": "y"})
    assert response.status_code == 302
    logged = session.scalars(select(Representation).where(
        Representation.method == Method.TELEPHONE)).one()
    assert logged.status is CaseStatus.NEW
    page = client.get("/staff/cases/triage").text
    assert page.index(logged.reference) < page.index("CMP-T-000010")


def test_triage_lists_the_first_cases_and_counts_the_rest(
        client: FlaskClient, session: Session, council: Council,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A long queue (issue 17): the page reads its first cases, urgent then oldest, and
    says how many wait in all, whatever the size of the register."""
    from portal.cases import queries

    monkeypatch.setattr(queries, "TRIAGE_LIMIT", 2)
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    for n, received in enumerate(("2026-03-02", "2026-03-03", "2026-03-04"), start=20):
        make_case(session, council, f"CMP-T-0000{n}", received_on=received)
    sign_in_as(client, manager)
    page = client.get("/staff/cases/triage").text
    assert "CMP-T-000020" in page
    assert "CMP-T-000021" in page
    assert "CMP-T-000022" not in page
    assert "The first 2 of 3 are listed." in page
