"""Putting a route right in the back office (issue #15, part 3): a complaints manager
changes the procedure of a complaint at stage 1 and its clocks are counted again from
the day it was received; a case moves to another team; a complaint about a child
another council is responsible for is passed to that council, the complainant told
in their language and the case closed here. Every change is in the timeline and the
audit log, and the register shows the procedure that stands."""

from __future__ import annotations

import io
from datetime import date

import pytest
from flask.testing import FlaskClient
from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.cases import guard, queries, reroute, services
from portal.cases.context import CaseError
from portal.common.clock import london_today
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.staff import AuditLog, Role, User
from portal.procedure.machine import Step
from portal.register.csvio import RegisterRow, read_register, write_register
from portal.register.queries import register_rows
from portal.vocab.cases import (
    CaseStatus,
    DelayReason,
    NotAcceptedReason,
    Procedure,
    Route,
    Signpost,
)
from tests.factories import give, make_case, make_user
from tests.support.case_actions import act, ok, refused, rejected
from tests.support.rows import events
from tests.support.staff import sign_in_as, signed_in

RECEIVED = date(2026, 3, 6)  # make_case's Friday 6 March 2026
ACKNOWLEDGED = date(2026, 3, 11)  # Wednesday


@pytest.fixture
def manager(session: Session, council: Council, client: FlaskClient) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def _at_stage1(client: FlaskClient, session: Session, council: Council, reference: str, *,
               language: str = "en", acknowledged: bool = True) -> Representation:
    """A child's complaint received Friday 6 March 2026, accepted under the children's
    procedure (stage 1 due Friday 20 March, Tuesday 7 April at the latest, over Easter)
    and acknowledged on Wednesday 11 March."""
    rep = make_case(session, council, reference, language=language)
    ok(act(client, reference, "route", route="children_statutory", signpost="",
           team=str(council.teams[0].id), reason=""))
    if acknowledged:
        ok(act(client, reference, "acknowledge", on=ACKNOWLEDGED, send=""))
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert (stage1.due_on, stage1.due_latest_on) == (date(2026, 3, 20), date(2026, 4, 7))
    return rep


def _row(session: Session, rep: Representation) -> RegisterRow:
    """The case's register row; REGISTER.md accepts it (written and read back as it is)."""
    session.flush()
    (row,) = register_rows(session, ids=[rep.id])
    out = io.StringIO()
    write_register([row], out)
    assert read_register(out.getvalue()) == [row]
    return row


def _audited(session: Session, rep: Representation, action: str) -> list[AuditLog]:
    return list(session.scalars(select(AuditLog).where(
        AuditLog.representation_id == rep.id, AuditLog.action == action)))


def _event(session: Session, rep: Representation, kind: str) -> CaseEvent:
    found = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type == kind)
        .order_by(CaseEvent.id.desc())).first()
    assert found is not None, kind
    return found


# --- changing the procedure --------------------------------------------------------------


def test_children_to_corporate_counts_the_clocks_again_from_receipt(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _at_stage1(client, session, council, "CMP-R-000001")
    # The page offers the manager the new steps.
    page = client.get(f"/staff/cases/{rep.reference}").text
    for slug in ("reroute", "change-team", "transfer"):
        assert f'id="action-{slug}"' in page
    ok(act(client, rep.reference, "reroute", procedure="corporate", signpost="",
           reason="About the youth club, not a social care service.", message=""))
    assert rep.procedure is Procedure.CORPORATE
    assert rep.route is Route.CORPORATE
    assert rep.status is CaseStatus.STAGE1
    stage1 = rep.stage(1)
    assert stage1 is not None
    # LGSCO Code: stage 1 runs from the acknowledgement (11 March), 10 working days to
    # Wednesday 25 March, 20 at most to Friday 10 April (Good Friday and Easter Monday
    # skipped), never from the day it was re-routed (Monday 23 November 2026).
    assert (stage1.due_on, stage1.due_latest_on) == (date(2026, 3, 25), date(2026, 4, 10))
    assert stage1.started_on == RECEIVED
    # The corporate acknowledgement deadline is counted from receipt: 5 working days.
    assert rep.acknowledge_by == date(2026, 3, 13)
    assert london_today() > date(2026, 4, 10)

    # The timeline: the routing service's override and the re-route, with the reason.
    kinds = events(session, rep)
    assert kinds[-2:] == ["routing_overridden", "rerouted"]
    override = _event(session, rep, "routing_overridden")
    assert override.data["before"]["route"] == "children_statutory"
    assert override.data["after"]["route"] == "corporate"
    assert override.data["reason"] == "About the youth club, not a social care service."
    rerouted = _event(session, rep, "rerouted")
    assert rerouted.data["procedure_before"] == "children_statutory"
    assert rerouted.data["procedure_after"] == "corporate"
    assert (rerouted.data["due_on_before"], rerouted.data["due_on_after"]) == (
        "2026-03-20", "2026-03-25")
    timeline = client.get(f"/staff/cases/{rep.reference}/timeline").text
    assert 'data-kind="rerouted"' in timeline
    assert "About the youth club" in timeline
    # The audit log has both, by the manager.
    assert [a.user_id for a in _audited(session, rep, "rerouted")] == [manager.id]
    assert _audited(session, rep, "routing_overridden")
    # The register shows the procedure that stands.
    row = _row(session, rep)
    assert row.procedure is Procedure.CORPORATE
    assert row.stage1_started_on == RECEIVED

    # To adult social care: six months from receipt (2009 Regulations reg. 14(2)) end on
    # Saturday 5 September 2026, so the response is due on Friday 4 September.
    ok(act(client, rep.reference, "reroute", procedure="adult_statutory", signpost="",
           reason="It is about his father's care package.", message=""))
    assert rep.procedure is Procedure.ADULT_STATUTORY
    assert (stage1.due_on, stage1.due_latest_on) == (date(2026, 9, 4), None)
    assert 'data-fallback="2026-09-04"' in client.get(f"/staff/cases/{rep.reference}").text

    # And back to the children's procedure: its own clocks from receipt again.
    ok(act(client, rep.reference, "reroute", procedure="children_statutory", signpost="",
           reason="It is about the child after all.", message=""))
    assert (stage1.due_on, stage1.due_latest_on) == (date(2026, 3, 20), date(2026, 4, 7))
    assert rep.acknowledge_by == date(2026, 3, 11)
    assert _row(session, rep).procedure is Procedure.CHILDREN_STATUTORY
    assert len(_audited(session, rep, "rerouted")) == 3


def test_an_extension_stands_only_where_the_new_procedure_allows_it(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _at_stage1(client, session, council, "CMP-R-000002")
    ok(act(client, rep.reference, "extend", new_due_on=date(2026, 4, 7),
           reason="Worker on leave", message=""))
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert stage1.extended
    # Corporate, from the acknowledgement: 25 March, at most 10 April: 7 April stands.
    ok(act(client, rep.reference, "reroute", procedure="corporate", signpost="",
           reason="Corporate after all.", message=""))
    assert (stage1.extended, stage1.extended_to_on) == (True, date(2026, 4, 7))
    assert _event(session, rep, "rerouted").data["extension_dropped"] is None
    # Adult social care has no extension: the date is agreed in a response plan.
    ok(act(client, rep.reference, "reroute", procedure="adult_statutory", signpost="",
           reason="Adult care.", message=""))
    assert (stage1.extended, stage1.extended_to_on) == (False, None)
    assert rep.delay_reason is not DelayReason.EXTENSION_AGREED
    assert _event(session, rep, "rerouted").data["extension_dropped"] == "2026-04-07"


def test_re_routing_needs_a_reason(client: FlaskClient, session: Session, council: Council,
                                   manager: User) -> None:
    rep = _at_stage1(client, session, council, "CMP-R-000003")
    rejected(act(client, rep.reference, "reroute", procedure="corporate", signpost="",
                 reason="", message=""), "Enter the reason")
    with pytest.raises(CaseError, match="Give the reason"):
        reroute.reroute(session, rep, manager, route=Route.CORPORATE, signpost=None,
                        reason="   ", message=None, today=london_today())
    # The same procedure is no change: the form does not offer it, the service refuses it.
    rejected(act(client, rep.reference, "reroute", procedure="children_statutory",
                 signpost="", reason="Again", message=""), "Not a valid choice")
    with pytest.raises(CaseError, match="already under that procedure"):
        reroute.reroute(session, rep, manager, route=Route.CHILDREN_STATUTORY, signpost=None,
                        reason="Again", message=None, today=london_today())
    session.rollback()
    assert rep.procedure is Procedure.CHILDREN_STATUTORY
    assert "rerouted" not in events(session, rep)


def test_re_routed_to_a_school_it_leaves_the_procedures(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _at_stage1(client, session, council, "CMP-R-000004", acknowledged=False)
    refused(act(client, rep.reference, "reroute", procedure="signpost", signpost="",
                reason="The school's own procedure.", message=""), "Choose who can help")
    ok(act(client, rep.reference, "reroute", procedure="signpost", signpost="school",
           reason="It is about a teacher.", message="The school's governors can help."))
    assert rep.status is CaseStatus.CLOSED
    assert (rep.procedure, rep.not_accepted_reason) == (Procedure.NOT_ACCEPTED,
                                                        NotAcceptedReason.SCHOOL)
    assert (rep.route, rep.signpost) == (Route.SIGNPOST, Signpost.SCHOOL)
    _no_clock_left(rep)
    assert "The school's governors can help." in rep.messages[-1].body
    row = _row(session, rep)
    assert (row.procedure, row.not_accepted_reason) == (
        Procedure.NOT_ACCEPTED, NotAcceptedReason.SCHOOL)


@pytest.mark.parametrize("where", ["awaiting", "stage2"])
def test_after_a_response_the_procedure_stands(client: FlaskClient, session: Session,
                                               council: Council, manager: User,
                                               where: str) -> None:
    rep = _at_stage1(client, session, council, {"awaiting": "CMP-R-000010",
                                                 "stage2": "CMP-R-000011"}[where])
    ok(act(client, rep.reference, "outcome", outcome="not_upheld",
           responded_on=date(2026, 3, 19), summary="We found no fault."))
    if where == "stage2":
        ok(act(client, rep.reference, "next-stage", requested_on=date(2026, 3, 30),
               late_reason=""))
        assert rep.status is CaseStatus.STAGE2
    page = client.get(f"/staff/cases/{rep.reference}").text
    assert 'id="action-reroute"' not in page
    assert 'id="action-transfer"' not in page
    refused(act(client, rep.reference, "reroute", procedure="corporate", signpost="",
                reason="Corporate after all.", message=""),
            "the complainant keeps the rights it gave them")
    refused(act(client, rep.reference, "transfer", to_council="Northshire County Council",
                reason="Lives there.", message="", passed_on="y"),
            "already answered this complaint")
    assert rep.procedure is Procedure.CHILDREN_STATUTORY
    # The refusal is recorded too: who tried what, and why not.
    assert _audited(session, rep, "refused")


def test_only_a_complaints_manager_re_routes_or_transfers(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = _at_stage1(client, session, council, "CMP-R-000020")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    responder, _ = make_user(session, council, Role.RESPONDING_MANAGER)
    give(session, rep, responder)
    for user in (officer, responder):
        sign_in_as(client, user)
        page = client.get(f"/staff/cases/{rep.reference}").text
        assert 'id="action-reroute"' not in page
        assert 'id="action-transfer"' not in page
        assert act(client, rep.reference, "reroute", procedure="corporate", signpost="",
                   reason="Mine.", message="").status_code == 403
        assert act(client, rep.reference, "transfer", to_council="Northshire", reason="x",
                   message="", passed_on="y").status_code == 403
    # A responding manager does not move cases between teams either.
    assert act(client, rep.reference, "change-team", to_team=str(council.teams[1].id),
               reason="Mine.").status_code == 403
    assert rep.procedure is Procedure.CHILDREN_STATUTORY
    assert rep.team_id == council.teams[0].id
    assert _audited(session, rep, "denied")


# --- moving team ----------------------------------------------------------------------------


def test_an_officer_moves_a_case_to_another_team(client: FlaskClient, session: Session,
                                                 council: Council, manager: User) -> None:
    rep = _at_stage1(client, session, council, "CMP-R-000030")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    sign_in_as(client, officer)
    first, second = council.teams[0], council.teams[1]
    rejected(act(client, rep.reference, "change-team", to_team=str(second.id), reason=""),
             "Enter the reason")
    # The team it is with now is not offered.
    rejected(act(client, rep.reference, "change-team", to_team=str(first.id),
                 reason="Same"), "Not a valid choice")
    ok(act(client, rep.reference, "change-team", to_team=str(second.id),
           reason="The child moved into care."))
    assert rep.team_id == second.id
    moved = _event(session, rep, "moved_team")
    assert (moved.data["team_before"], moved.data["team_after"]) == (first.name, second.name)
    assert moved.data["reason"] == "The child moved into care."
    assert [a.user_id for a in _audited(session, rep, "moved_team")] == [officer.id]
    assert _row(session, rep).team == second.name
    with pytest.raises(CaseError, match="already with"):
        reroute.change_team(session, rep, officer, team_id=second.id, reason="Again")


def test_a_finished_case_stays_with_its_team(client: FlaskClient, session: Session,
                                             council: Council, manager: User) -> None:
    rep = _at_stage1(client, session, council, "CMP-R-000031")
    ok(act(client, rep.reference, "withdraw", reason="They withdrew by phone."))
    refused(act(client, rep.reference, "change-team", to_team=str(council.teams[1].id),
                reason="Tidy up"), "This case is finished.")


# --- passing to the council responsible -------------------------------------------------


def _no_clock_left(rep: Representation) -> None:
    assert rep.acknowledge_by is None or rep.acknowledged_on is not None
    for stage in rep.stages:
        assert (stage.due_on, stage.due_latest_on, stage.extended_to_on,
                stage.acknowledge_by) == (None, None, None, None)
        assert stage.closed_on is None  # no response was given here
    assert queries.next_deadline(rep) is None


@pytest.mark.parametrize("language", ["en", "cy"])
def test_a_complaint_is_passed_to_the_council_responsible(
        client: FlaskClient, session: Session, council: Council, manager: User,
        language: str) -> None:
    rep = _at_stage1(client, session, council, f"CMP-R-0000{40 + len(language)}",
                     language=language, acknowledged=False)
    fields = {"to_council": "Northshire County Council",
              "reason": "The child lives in Northshire and is looked after by them.",
              "message": ""}
    # Not before the complaint has been sent to that council: the letter says it was.
    refused(act(client, rep.reference, "transfer", **fields, passed_on=""),
            "Send the complaint to Northshire County Council first")
    rejected(act(client, rep.reference, "transfer", **{**fields, "to_council": ""},
                 passed_on="y"), "Enter the name of the council responsible")
    assert rep.status is CaseStatus.STAGE1

    ok(act(client, rep.reference, "transfer", **fields, passed_on="y"))
    # Closed here as transferred: the register's not_accepted, for another council.
    assert rep.status is CaseStatus.CLOSED
    assert (rep.procedure, rep.not_accepted_reason) == (Procedure.NOT_ACCEPTED,
                                                        NotAcceptedReason.ANOTHER_COUNCIL)
    assert rep.outcome is None
    _no_clock_left(rep)
    assert not guard.offered(Step.REOPEN, rep, Role.COMPLAINTS_MANAGER)

    # Recorded: the timeline, the audit log and the case page name the council.
    transferred = _event(session, rep, "transferred")
    assert transferred.data["to_council"] == "Northshire County Council"
    assert transferred.data["reason"] == fields["reason"]
    assert transferred.data["procedure_before"] == "children_statutory"
    assert transferred.data["passed_on"] is True
    assert [a.user_id for a in _audited(session, rep, "transferred")] == [manager.id]
    page = client.get(f"/staff/cases/{rep.reference}").text
    assert 'id="transferred"' in page
    assert "Northshire County Council" in page
    assert reroute.transfer_of(session, rep) == ("Northshire County Council", london_today())

    # The complainant is told, in their language.
    mail = session.scalars(select(OutgoingMail).where(
        OutgoingMail.purpose == "letter_transfer")).one()
    assert mail.locale == language
    letter = rep.messages[-1].body
    with force_locale(language):
        subject = gettext("We have passed %(reference)s to another council",
                          reference=rep.reference)
        opening = gettext(
            "We have passed your complaint %(reference)s to %(council)s. This is because "
            "they are the council for the child or young person it is about. They can look "
            "into it and put things right.", reference=rep.reference,
            council="Northshire County Council")
        ombudsman = gettext("If you disagree, you can ask %(name)s to look at it.",
                            name=gettext("the Local Government and Social Care Ombudsman")
                            ) + " " + gettext("Call %(phone)s or go to %(web)s.",
                                              phone="0300 061 0614", web="www.lgo.org.uk")
    assert mail.subject == subject
    assert opening in letter
    assert fields["reason"] in letter
    # The Ombudsman line is in the catalogue already: Welsh proves the letter's language.
    assert ombudsman in letter
    if language == "cy":
        assert "If you disagree" not in letter

    # The register row: the procedure that stands, the day stage 1 started here, no
    # response and no outcome from this council.
    row = _row(session, rep)
    assert (row.procedure, row.not_accepted_reason) == (
        Procedure.NOT_ACCEPTED, NotAcceptedReason.ANOTHER_COUNCIL)
    assert row.stage1_started_on == RECEIVED
    assert row.stage1_closed_on is None
    assert row.outcome is None
    # Nothing more happens to it here.
    refused(act(client, rep.reference, "transfer", **fields, passed_on="y"),
            "This case is finished.")


def test_a_case_awaiting_triage_is_transferred_and_off_the_due_list(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-R-000050")
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert stage1.due_on is not None  # routing's clock
    reroute.transfer(session, rep, manager, to_council="Westshire Council",
                     reason="Looked after by Westshire.", message="We have sent it on.",
                     passed_on=True, today=london_today())
    session.commit()
    assert rep.status is CaseStatus.CLOSED
    _no_clock_left(rep)
    assert rep.acknowledge_by is None
    assert "We have sent it on." in rep.messages[-1].body
    due = client.get("/staff/cases/due").text
    assert rep.reference not in due


def test_an_enquiry_is_not_transferred(client: FlaskClient, session: Session,
                                       council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-R-000060", kind="enquiry", submitter="councillor")
    assert not guard.offered(Step.TRANSFER, rep, Role.COMPLAINTS_MANAGER)
    with pytest.raises(CaseError, match="Only a complaint is passed to another council"):
        reroute.transfer(session, rep, manager, to_council="Westshire Council", reason="x",
                         message=None, passed_on=True, today=london_today())


def test_only_a_transferred_case_names_a_council(session: Session, council: Council,
                                                 manager: User) -> None:
    """A case never transferred, or signposted elsewhere, names no council."""
    rep = make_case(session, council, "CMP-R-000070")
    assert reroute.transfer_of(session, rep) is None
    services.signpost(session, rep, manager, to=Signpost.SCHOOL, note="The school.",
                      today=london_today())
    assert reroute.transfer_of(session, rep) is None


def test_an_officer_limited_to_their_team_moves_a_case_out_of_sight(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    """Under need to know (portal.staff.access.case_scope) an officer who moves a case to
    another team no longer sees it: they are told so on their own list, not refused."""
    rep = _at_stage1(client, session, council, "CMP-R-000080")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    officer.team_id = council.teams[0].id
    council.settings = {**council.settings, "officers_see_own_teams": True}
    session.commit()
    sign_in_as(client, officer)
    response = act(client, rep.reference, "change-team", to_team=str(council.teams[1].id),
                   reason="It belongs to the other team.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/staff/cases/")
    assert rep.team_id == council.teams[1].id
    page = client.get("/staff/cases/").text
    assert "is now with a team whose cases you do not see" in page
    assert not _audited(session, rep, "denied")
