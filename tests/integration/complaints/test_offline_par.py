"""A complaint logged from a phone call, letter or visit is a case like any other (issue 15,
part 4): the same answers get the same route, reasons, checks, clocks and urgency as on the
public form; every kind of person who gets in touch, a councillor or MP on someone's behalf
among them; dates in day, month and year boxes; choices in words; a refused form keeps what
was typed. On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.complaints.services import submit
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.safety import SafetyAlert
from portal.models.staff import Role, User
from portal.routing.reasons import ReasonCode
from portal.vocab.cases import (
    Advocacy,
    CaseStatus,
    Check,
    Method,
    PersonRole,
    Route,
    Submitter,
)
from portal.vocab.safety import AlertSource
from tests.conftest import PINNED_NOW, PINNED_TODAY
from tests.support.pages import parse
from tests.support.staff import signed_in

TODAY = [str(PINNED_TODAY.day), str(PINNED_TODAY.month), str(PINNED_TODAY.year)]


@pytest.fixture
def manager(client: FlaskClient, session: Session, council: Council) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def log(client: FlaskClient, **fields: Any) -> Any:
    """Post the offline form: a phone call received today, for themselves, in English,
    with ``fields`` on top."""
    data = {"method": "telephone", "received_on": TODAY, "kind": "complaint",
            "language": "en", "for_whom": "themselves", **fields}
    return client.post("/staff/cases/new", data=data)


def logged(session: Session, response: Any) -> Representation:
    assert response.status_code == 302, parse(response).select_one(".govuk-error-summary")
    reference = response.headers["Location"].rsplit("/", 1)[-1]
    rep = session.scalars(select(Representation).where(
        Representation.reference == reference)).one()
    session.refresh(rep)
    return rep


def online(session: Session, council: Council, answers: dict[str, Any], key: str
           ) -> Representation:
    return submit(session, council=council, answers={"contact_methods": ["none"], **answers},
                  submission_key=key, tracking_code="P" * 20, locale="en", now=PINNED_NOW)


def routed(rep: Representation) -> dict[str, Any]:
    """Everything routing decided for a case, as triage and the case page read it."""
    stage1 = rep.stage(1)
    return {
        "route": rep.route, "signpost": rep.signpost, "procedure": rep.procedure,
        "reasons": [(r["code"], r["params"]) for r in rep.routing_reasons],
        "checks": sorted(c.check.value for c in rep.checks),
        "acknowledge_by": rep.acknowledge_by,
        "due": (stage1.due_on, stage1.due_latest_on) if stage1 else None,
        "advocacy": rep.advocacy, "urgent": rep.urgent,
        "on_behalf_of_child": rep.on_behalf_of_child, "routed": rep.routed_at is not None,
    }


#: The same answers, as the public journey stores them and as an officer types them.
SAME_ANSWERS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    # A grandparent, for a looked-after child, late, with a police inquiry under way,
    # asking for an advocate: every check fires.
    "grandparent_for_a_child": (
        {"kind": "complaint", "submitter": "grandparent", "safe": "yes", "child_name": "Ava",
         "child_age": "10", "in_care": "this_council", "service": "children_in_care",
         "also": ["police"], "event_on": {"day": "2", "month": "9", "year": "2025"},
         "wants_advocate": "yes", "description": "Nobody tells us when Ava can visit."},
        {"submitter": "grandparent", "for_whom": "child", "acting_for_name": "Ava",
         "child_age": "10", "looked_after_by": "this_council", "service": "children_in_care",
         "also": ["police"], "event_on": ["2", "9", "2025"], "wants_advocate": "y",
         "description": "Nobody tells us when Ava can visit."}),
    # A child for themselves: the advocate is offered.
    "child_themselves": (
        {"kind": "complaint", "submitter": "child", "safe": "yes", "child_age": "14",
         "in_care": "no", "service": "social_work", "also": ["none"],
         "wants_advocate": "no", "description": "My worker keeps changing."},
        {"submitter": "child", "child_age": "14", "looked_after_by": "no",
         "service": "social_work", "description": "My worker keeps changing."}),
    # A care leaver about their care as an adult: the adult procedure and its clock.
    "adult_care": (
        {"kind": "complaint", "submitter": "care_leaver", "safe": "yes", "child_age": "19",
         "in_care": "no", "service": "adult_social_care", "also": ["none"],
         "wants_advocate": "no", "description": "My carers come late."},
        {"submitter": "care_leaver", "child_age": "19", "service": "adult_social_care",
         "description": "My carers come late."}),
    # A housing complaint: the corporate procedure.
    "housing": (
        {"kind": "complaint", "submitter": "parent", "safe": "yes", "child_age": "",
         "service": "housing", "also": ["none"], "wants_advocate": "no",
         "description": "The repair has waited a year."},
        {"submitter": "parent", "for_whom": "child", "service": "housing",
         "description": "The repair has waited a year."}),
}


@pytest.mark.parametrize("case", list(SAME_ANSWERS))
def test_an_offline_complaint_is_routed_exactly_as_the_same_answers_online(
        client: FlaskClient, session: Session, council: Council, manager: User,
        case: str) -> None:
    journey, typed = SAME_ANSWERS[case]
    on_the_form = routed(online(session, council, journey, f"par-{case}"))
    by_phone = logged(session, log(client, name="Caller", phone="07700 900123", **typed))
    assert by_phone.method is Method.TELEPHONE
    assert routed(by_phone) == on_the_form
    assert by_phone.status is CaseStatus.NEW  # triage still decides: the route is suggested


def test_the_grandparent_gets_every_check_and_the_stage_1_clock(
        client: FlaskClient, session: Session, manager: User) -> None:
    rep = logged(session, log(client, name="Grandad", **SAME_ANSWERS[
        "grandparent_for_a_child"][1]))
    assert rep.route is Route.CHILDREN_STATUTORY
    assert {c.check for c in rep.checks} == {Check.SUFFICIENT_INTEREST, Check.CHILD_AGREEMENT,
                                            Check.OUT_OF_TIME, Check.DEFERRAL}
    # Monday 23 November 2026: acknowledge in 3 working days, respond in 10, at most 20.
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert (rep.acknowledge_by, stage1.due_on, stage1.due_latest_on) == (
        date(2026, 11, 26), date(2026, 12, 7), date(2026, 12, 21))
    assert rep.advocacy is Advocacy.REQUESTED
    # They asked for an advocate on the phone: the request starts the advocacy clock.
    advocacy = session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == rep.id)).one()
    assert advocacy.requested_on == PINNED_TODAY
    child = rep.person(PersonRole.CHILD)
    assert child is not None
    assert (child.name, child.age) == ("Ava", 10)
    # Triage shows the suggestion; the case page the reasons, in words.
    triage = parse(client.get("/staff/cases/triage")).select_one("main").get_text(" ")
    assert rep.reference in triage
    assert "Children's statutory procedure" in triage
    page = client.get(f"/staff/cases/{rep.reference}").text
    assert "sufficient interest" in page.lower()


def test_he_hit_her_is_urgent_and_a_person_is_told(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = logged(session, log(client, submitter="grandparent", for_whom="child",
                              service="social_work",
                              description="She rang to say he hit her last night."))
    assert rep.urgent
    assert ReasonCode.URGENT_HARM_WORDS.value in {r["code"] for r in rep.routing_reasons}
    alert = session.scalars(select(SafetyAlert).where(
        SafetyAlert.representation_id == rep.id)).one()
    assert alert.source is AlertSource.OFFLINE
    assert "hit" in alert.signals
    # Urgent first on triage.
    older = logged(session, log(client, submitter="parent", service="social_work",
                                received_on=["20", "11", "2026"],
                                description="A missed visit."))
    triage = client.get("/staff/cases/triage").text
    assert triage.index(rep.reference) < triage.index(older.reference)
    # The same words online are urgent for the same reason.
    same = online(session, council, {
        "kind": "complaint", "submitter": "grandparent", "safe": "yes", "child_age": "",
        "service": "social_work", "also": ["none"], "wants_advocate": "no",
        "description": "She rang to say he hit her last night."}, "par-hit")
    assert routed(same)["reasons"] == routed(rep)["reasons"]


def test_not_safe_now_is_urgent_as_online(client: FlaskClient, session: Session,
                                          manager: User) -> None:
    rep = logged(session, log(client, submitter="child", service="children_in_care",
                              description="I want to move.", in_danger_now="y"))
    assert rep.urgent
    assert rep.in_danger_now
    assert ReasonCode.URGENT_DANGER_NOW.value in {r["code"] for r in rep.routing_reasons}
    alert = session.scalars(select(SafetyAlert).where(
        SafetyAlert.representation_id == rep.id)).one()
    assert "not_safe" in alert.signals


def test_a_councillor_on_behalf_of_a_constituent(client: FlaskClient, session: Session,
                                                 manager: User) -> None:
    rep = logged(session, log(
        client, method="letter", submitter="councillor", for_whom="another_adult",
        acting_for_name="Mrs Jones", name="Cllr Ahmed", email="cllr.ahmed@example.com",
        address="Town Hall", service="housing",
        description="Mrs Jones has waited a year for a repair."))
    assert rep.submitter is Submitter.COUNCILLOR
    assert rep.route is Route.CORPORATE
    complainant = rep.person(PersonRole.COMPLAINANT)
    representative = rep.person(PersonRole.REPRESENTATIVE)
    assert complainant is not None
    assert complainant.name == "Mrs Jones"
    assert representative is not None
    assert (representative.name, representative.email, representative.address,
            representative.relationship_to_child) == (
        "Cllr Ahmed", "cllr.ahmed@example.com", "Town Hall", Submitter.COUNCILLOR)
    assert not rep.anonymous


def test_a_councillor_for_a_child_raises_the_checks_a_person_decides(
        client: FlaskClient, session: Session, manager: User) -> None:
    rep = logged(session, log(client, submitter="councillor", for_whom="child",
                              acting_for_name="Leo", child_age="8",
                              service="disabled_children",
                              description="Leo's short breaks stopped."))
    assert rep.route is Route.CHILDREN_STATUTORY
    assert rep.on_behalf_of_child
    assert {c.check for c in rep.checks} >= {Check.SUFFICIENT_INTEREST,
                                             Check.CHILD_AGREEMENT}


def test_an_mp_s_enquiry_gets_the_enquiry_clock(client: FlaskClient, session: Session,
                                                manager: User) -> None:
    rep = logged(session, log(client, method="email", kind="enquiry", submitter="councillor",
                              for_whom="another_adult", acting_for_name="Mr Patel",
                              name="Office of the MP", service="other_council",
                              description="Please update us on Mr Patel's case."))
    assert rep.route is Route.ENQUIRY
    stage1 = rep.stage(1)
    assert stage1 is not None
    assert stage1.due_on == date(2026, 12, 7)  # 10 working days from Monday 23 November


def test_choices_are_words_and_dates_are_three_boxes(client: FlaskClient,
                                                     manager: User) -> None:
    page = parse(client.get("/staff/cases/new"))
    texts = {o.get_text(strip=True) for o in page.select("select[name=submitter] option")}
    assert "A councillor or MP" in texts
    assert not {"councillor", "foster_carer", "care_leaver"} & texts
    services = {o.get_text(strip=True) for o in page.select("select[name=service] option")}
    assert "Care for adults" in services
    assert "adult_social_care" not in services
    methods = {page.select_one(f"label[for={r['id']}]").get_text(strip=True)
               for r in page.select("input[name=method]")}
    assert methods == {"Paper form", "Email", "Letter", "Telephone", "In person"}
    kinds = {page.select_one(f"label[for={r['id']}]").get_text(strip=True)
             for r in page.select("input[name=kind]")}
    assert kinds == {"Complaint", "Compliment", "Comment", "Enquiry"}
    # Received on: day, month and year, today's date to start with.
    boxes = page.select("input[name=received_on]")
    assert [b["id"] for b in boxes] == ["received_on-day", "received_on-month",
                                        "received_on-year"]
    assert [int(b["value"]) for b in boxes] == [int(v) for v in TODAY]
    assert len(page.select("input[name=event_on]")) == 3


@pytest.mark.parametrize(("received_on", "message"), [
    (["31", "2", "2026"], "Enter a real date, for example 27 3 2026"),
    (["", "", ""], "Enter the date it was received"),
    (["24", "11", "2026"], "The date cannot be in the future"),
    (["1", "1", "1999"], "The date must be after 1 January 2000"),
])
def test_a_wrong_date_is_refused_beside_its_boxes(client: FlaskClient, manager: User,
                                                  received_on: list[str], message: str) -> None:
    response = log(client, submitter="parent", service="social_work",
                   description="A missed visit.", received_on=received_on)
    assert response.status_code == 400
    page = parse(response)
    link = page.select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == message
    assert link["href"] == "#received_on-day"
    assert [b.get("value", "") for b in page.select("input[name=received_on]")] == received_on


def test_a_refused_form_keeps_everything_typed(client: FlaskClient, session: Session,
                                               manager: User) -> None:
    before = session.scalar(select(Representation.id).order_by(Representation.id.desc()))
    response = log(client, submitter="councillor", for_whom="child", acting_for_name="Leo",
                   child_age="eight", name="Cllr Ahmed", email="cllr@example.com",
                   also=["court_case"], event_on=["3", "2", "2026"], wants_advocate="y",
                   description="Leo's short breaks stopped.\nTwice.")
    assert response.status_code == 400
    page = parse(response)
    errors = [a.get_text(strip=True) for a in page.select(".govuk-error-summary a")]
    # In the order of the page.
    assert errors == ["Enter the child's age as a whole number from 0 to 25",
                      "Choose what it is about"]
    assert page.title.get_text().startswith("Error:")
    assert page.select_one("select[name=submitter] option[selected]")["value"] == "councillor"
    assert page.select_one("input[name=for_whom][checked]")["value"] == "child"
    assert page.select_one("input[name=acting_for_name]")["value"] == "Leo"
    assert page.select_one("input[name=child_age]")["value"] == "eight"
    assert page.select_one("input[name=email]")["value"] == "cllr@example.com"
    assert page.select_one("input[name=also][checked]")["value"] == "court_case"
    assert [b["value"] for b in page.select("input[name=event_on]")] == ["3", "2", "2026"]
    assert page.select_one("input[name=wants_advocate]").has_attr("checked")
    assert page.select_one("textarea[name=description]").get_text() in (
        "Leo's short breaks stopped.\nTwice.", "\nLeo's short breaks stopped.\nTwice.")
    # Nothing was logged.
    assert session.scalar(select(Representation.id).order_by(
        Representation.id.desc())) == before


def test_junk_choices_are_refused_in_words(client: FlaskClient, manager: User) -> None:
    response = log(client, method="online_form", submitter="mp", service="nowhere",
                   for_whom="everyone", looked_after_by="maybe", also=["aliens"],
                   description="Junk.")
    assert response.status_code == 400
    errors = {a.get_text(strip=True) for a in parse(response).select(
        ".govuk-error-summary a")}
    assert errors == {"Choose how it came to us", "Choose who got in touch",
                      "Choose what it is about", "Choose who it is for",
                      "Choose whether the child is in care", "Tick only the choices shown"}
