"""Advocacy's pages: the coordinator's referrals and assignment, and the advocate's area,
where an advocate reaches only the children assigned to them, by every route."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy import services
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider
from portal.models.cases import CaseEvent, Message, Representation
from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.vocab.advocacy import AdvocacyStatus
from portal.vocab.cases import Advocacy, CaseStatus, MessageAuthor
from tests.support.advocacy import (
    make_account,
    make_advocate,
    make_provider,
    make_representation,
    offered,
)
from tests.support.pages import check_staff_page, parse
from tests.support.staff import sign_in_as


@dataclass
class World:
    council: Council
    provider: AdvocacyProvider
    coordinator: User
    cro: User
    mine: User  # the advocate signed in
    other: User  # another advocate
    my_rep: Representation
    other_rep: Representation


@pytest.fixture
def world(session: Session, council: Council) -> World:
    provider = make_provider(session, council)
    coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR, "Cai Coordinator",
                            provider_id=provider.id)
    cro = make_account(session, council, Role.CHILDRENS_RIGHTS_OFFICER, "Rhian Rights")
    mine = make_advocate(session, council, provider, "Ffion Advocate", ("en", "cy"))
    other = make_advocate(session, council, provider, "Owen Other")
    today = datetime.now(UTC).date()
    my_rep = make_representation(session, council, received_on=today)
    other_rep = make_representation(session, council, received_on=today,
                                    child_name="Robin Other")
    for rep, advocate in ((my_rep, mine), (other_rep, other)):
        case = offered(session, rep)
        services.refer(session, case, provider, on=today, actor=cro)
        services.assign(session, case, advocate.id, on=today, actor=coordinator)
    session.add(Message(representation_id=other_rep.id, author=MessageAuthor.COUNCIL,
                        body="Private to the other child"))
    session.flush()
    return World(council, provider, coordinator, cro, mine, other, my_rep, other_rep)


#: Every advocate route that names a child, with a valid form for the POSTs.
CHILD_ROUTES = [
    ("GET", "/advocate/children/{ref}", {}),
    ("POST", "/advocate/children/{ref}/messages", {"message-body": "Hello"}),
    ("POST", "/advocate/children/{ref}/first-contact",
     {"contact-on": ["1", "1", str(date.today().year)]}),
    ("POST", "/advocate/children/{ref}/next-stage", {"next-reason": "Not happy"}),
    ("POST", "/advocate/children/{ref}/new-tracking-code", {"confirm": "yes"}),
]


def _call(client: FlaskClient, method: str, path: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(path)
    return client.post(path, data=data)


@pytest.mark.parametrize(("method", "path", "data"), CHILD_ROUTES)
def test_an_advocate_cannot_reach_another_childs_case_by_any_route(
        client: FlaskClient, session: Session, world: World, method: str, path: str,
        data: dict[str, object]) -> None:
    sign_in_as(client, world.mine, fresh=True)
    messages_before = session.scalar(select(Message.id).order_by(Message.id.desc()).limit(1))
    response = _call(client, method, path.format(ref=world.other_rep.reference), data)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Private to the other child" not in body
    assert world.other_rep.description not in body or world.my_rep.description in body
    # Nothing was written to the other child's case, and the refusal is in the audit log.
    assert session.scalar(select(Message.id).order_by(Message.id.desc()).limit(1)) \
        == messages_before
    denied = session.scalars(select(AuditLog).where(
        AuditLog.user_id == world.mine.id, AuditLog.allowed.is_(False))).all()
    assert [d.representation_id for d in denied] == [world.other_rep.id]


@pytest.mark.parametrize(("method", "path", "data"), CHILD_ROUTES)
def test_a_changed_or_made_up_reference_is_not_found(
        client: FlaskClient, world: World, method: str, path: str, data: dict[str, object]
) -> None:
    sign_in_as(client, world.mine, fresh=True)
    for ref in ("CMP-2026-999999", world.my_rep.reference.lower(), "%", "' OR 1=1 --"):
        assert _call(client, method, path.format(ref=ref), data).status_code == 404


def test_the_advocate_sees_their_own_child_with_deadlines_and_messages(
        client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.mine, fresh=True)
    response = client.get(f"/advocate/children/{world.my_rep.reference}")
    assert response.status_code == 200
    soup = check_staff_page(response)
    assert world.my_rep.description in soup.select_one("#description").get_text()
    assert soup.select_one("#deadlines") is not None
    assert "Jamie" in soup.select_one("#child").get_text()
    assert soup.select_one("#contact") is not None


def test_the_coordinator_sees_the_child_for_matching_but_not_how_to_contact_them(
        client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.coordinator, fresh=True)
    soup = check_staff_page(client.get(f"/advocacy/referrals/{world.my_rep.reference}"))
    assert "Jamie" in soup.select_one("#child").get_text()
    assert soup.select_one("#contact") is None


def test_the_list_search_and_export_hold_only_the_advocates_children(
        client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.mine, fresh=True)
    listing = client.get("/advocate/")
    assert listing.status_code == 200
    soup = check_staff_page(listing)
    refs = [a.get_text() for a in soup.select("#children a")]
    assert refs == [world.my_rep.reference]

    # Searching for the other child, by reference or name, finds nothing however it is typed.
    for q in (world.other_rep.reference, world.other_rep.reference[-4:], "%", "_", "CMP",
              "Robin", "robin other"):
        found = parse(client.get("/advocate/", query_string={"q": q}))
        assert world.other_rep.reference not in found.get_text()
    # The advocate's own child is found by name.
    found = parse(client.get("/advocate/", query_string={"q": "jamie"}))
    assert [a.get_text() for a in found.select("#children a")] == [world.my_rep.reference]

    export = client.get("/advocate/children.csv")
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True))))
    assert [r[0] for r in rows[1:]] == [world.my_rep.reference]
    assert world.other_rep.reference not in export.get_data(as_text=True)


def test_an_advocate_sends_a_message_the_child_sees(
        client: FlaskClient, session: Session, world: World) -> None:
    sign_in_as(client, world.mine, fresh=True)
    response = client.post(f"/advocate/children/{world.my_rep.reference}/messages",
                           data={"message-body": "Hi, I am Ffion, your advocate."})
    assert response.status_code == 302
    message = session.scalars(select(Message).where(
        Message.representation_id == world.my_rep.id)).one()
    assert message.author is MessageAuthor.ADVOCATE
    assert message.author_user_id == world.mine.id
    shown = parse(client.get(response.headers["Location"]))
    assert "Hi, I am Ffion, your advocate." in shown.select_one("#messages").get_text()


def test_an_empty_message_is_refused_with_an_error(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.mine, fresh=True)
    response = client.post(f"/advocate/children/{world.my_rep.reference}/messages",
                           data={"message-body": "   "})
    assert response.status_code == 400
    soup = parse(response)
    assert soup.select_one(".govuk-error-summary") is not None
    assert soup.title.get_text().startswith("Error:")


def test_first_contact_from_the_advocates_page(client: FlaskClient, session: Session,
                                               world: World) -> None:
    sign_in_as(client, world.mine, fresh=True)
    today = datetime.now(UTC).date()
    response = client.post(f"/advocate/children/{world.my_rep.reference}/first-contact",
                           data={"contact-on": [str(today.day), str(today.month),
                                                str(today.year)]})
    assert response.status_code == 302
    case = session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == world.my_rep.id)).one()
    assert case.status is AdvocacyStatus.IN_CONTACT


def test_asking_for_the_next_stage_uses_the_childs_own_route(
        client: FlaskClient, session: Session, world: World) -> None:
    rep = world.my_rep
    rep.status = CaseStatus.AWAITING_NEXT_STAGE
    rep.procedure = __import__("portal.vocab.cases", fromlist=["Procedure"]).Procedure(
        "children_statutory")
    from portal.models.cases import Stage

    rep.stages.append(Stage(number=1, started_on=rep.received_on,
                            closed_on=rep.received_on))
    session.flush()
    sign_in_as(client, world.mine, fresh=True)
    response = client.post(f"/advocate/children/{rep.reference}/next-stage",
                           data={"next-reason": "The child disagrees with the answer"})
    assert response.status_code == 302, response.get_data(as_text=True)
    session.refresh(rep)
    assert rep.status is CaseStatus.STAGE2
    types = session.scalars(select(CaseEvent.type).where(
        CaseEvent.representation_id == rep.id)).all()
    assert "next_stage_requested" in types
    assert services.EVENT_NEXT_STAGE_REQUESTED_BY_ADVOCATE in types


@pytest.mark.parametrize("how", ["objection", "closed", "reassigned"])
def test_an_advocate_loses_access_after_objection_closure_or_reassignment(
        client: FlaskClient, session: Session, world: World, how: str) -> None:
    case = session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == world.my_rep.id)).one()
    today = datetime.now(UTC).date()
    if how == "objection":
        services.record_objection(session, case, on=today, actor=world.cro)
    elif how == "closed":
        services.close(session, case, on=today, actor=world.cro)
    else:
        successor = make_advocate(session, world.council, world.provider, "Next Advocate")
        services.assign(session, case, successor.id, on=today, actor=world.coordinator)
    sign_in_as(client, world.mine, fresh=True)
    assert client.get(f"/advocate/children/{world.my_rep.reference}").status_code == 404
    assert world.my_rep.reference not in client.get("/advocate/").get_data(as_text=True)
    assert world.my_rep.reference not in client.get("/advocate/children.csv").get_data(
        as_text=True)
    assert client.post(f"/advocate/children/{world.my_rep.reference}/messages",
                       data={"message-body": "Still here?"}).status_code == 404


@pytest.mark.parametrize("path", ["/advocate/", "/advocate/children.csv", "/advocate/file",
                                  "/advocate/children/{ref}"])
def test_staff_and_coordinators_are_not_advocates(
        client: FlaskClient, world: World, path: str) -> None:
    for user in (world.coordinator, world.cro):
        sign_in_as(client, user, fresh=True)
        assert client.get(path.format(ref=world.my_rep.reference)).status_code == 403


@pytest.mark.parametrize("path", ["/advocate/", "/advocate/children/{ref}",
                                  "/advocacy/referrals", "/advocacy/referrals/{ref}"])
def test_signed_out_visitors_go_to_sign_in(client: FlaskClient, world: World, path: str
                                           ) -> None:
    response = client.get(path.format(ref=world.my_rep.reference))
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/advocacy/referrals", "/advocacy/referrals/{ref}",
                                  "/advocacy/figures"])
def test_advocates_cannot_use_the_coordinators_pages(client: FlaskClient, world: World,
                                                     path: str) -> None:
    sign_in_as(client, world.mine, fresh=True)
    assert client.get(path.format(ref=world.my_rep.reference)).status_code == 403


# --- the coordinator and the children's rights officer ---------------------------------


def test_referrals_show_overdue_ones_red(client: FlaskClient, session: Session,
                                         world: World) -> None:
    late = make_representation(session, world.council,
                               received_on=datetime.now(UTC).date() - timedelta(days=30))
    fresh = make_representation(session, world.council, received_on=datetime.now(UTC).date())
    sign_in_as(client, world.cro, fresh=True)
    response = client.get("/advocacy/referrals")
    assert response.status_code == 200
    soup = check_staff_page(response)
    late_row = soup.select_one(f'tr[data-reference="{late.reference}"]')
    fresh_row = soup.select_one(f'tr[data-reference="{fresh.reference}"]')
    # Offered automatically by the list itself (intake or staff logged them without an offer).
    assert late_row is not None
    assert fresh_row is not None
    assert late_row["data-timeliness"] == "overdue"
    assert late_row.select_one(".govuk-tag--red") is not None
    assert fresh_row["data-timeliness"] in ("waiting", "due_today")
    assert fresh_row.select_one(".govuk-tag--red") is None


def test_the_list_pages_with_the_longest_waiting_first(
        client: FlaskClient, session: Session, world: World) -> None:
    today = datetime.now(UTC).date()
    oldest = make_representation(session, world.council, received_on=today - timedelta(days=90))
    for n in range(55):
        make_representation(session, world.council, received_on=today - timedelta(days=n % 20))
    sign_in_as(client, world.cro, fresh=True)
    first = parse(client.get("/advocacy/referrals"))
    assert first.select("#referrals tbody tr")[0]["data-reference"] == oldest.reference
    assert len(first.select("#referrals tbody tr")) == 50
    assert first.select_one("a[rel=next]") is not None
    second = client.get("/advocacy/referrals", query_string={"page": 2})
    assert second.status_code == 200
    assert parse(second).select_one("a[rel=prev]") is not None
    # A page past the end shows the last page, not an error.
    assert client.get("/advocacy/referrals", query_string={"page": 999}).status_code == 200


def test_a_coordinator_sees_only_their_providers_referrals(
        client: FlaskClient, session: Session, world: World) -> None:
    elsewhere = make_provider(session, world.council, "Another provider")
    rep = make_representation(session, world.council)
    case = offered(session, rep)
    services.refer(session, case, elsewhere, on=date(2026, 3, 2), actor=world.cro)
    sign_in_as(client, world.coordinator, fresh=True)
    listing = client.get("/advocacy/referrals").get_data(as_text=True)
    assert world.my_rep.reference in listing
    assert rep.reference not in listing
    assert client.get(f"/advocacy/referrals/{rep.reference}").status_code == 404


def test_a_childs_page_lists_the_best_twenty_then_everyone_on_request(
        client: FlaskClient, session: Session, world: World) -> None:
    # Twenty-five colleagues with more places left than the child's own advocate.
    for n in range(25):
        make_advocate(session, world.council, world.provider, f"Crowd Advocate {n:02d}",
                      capacity=9)
    sign_in_as(client, world.cro, fresh=True)
    soup = parse(client.get(f"/advocacy/referrals/{world.my_rep.reference}"))
    rows = soup.select("#suggestions tbody tr")
    # The best twenty, and the child's current advocate wherever they rank.
    assert len(rows) == 21
    assert rows[-1]["data-advocate"] == str(world.mine.id)
    link = soup.select_one("#show-all-advocates")
    assert link is not None
    everyone = parse(client.get(link["href"]))
    assert len(everyone.select("#suggestions tbody tr")) >= 27
    assert everyone.select_one("#show-all-advocates") is None


def test_a_coordinator_is_shown_only_their_own_advocates(
        client: FlaskClient, session: Session, world: World) -> None:
    elsewhere = make_provider(session, world.council, "Another provider")
    stranger = make_advocate(session, world.council, elsewhere, "Someone Elsewhere")
    sign_in_as(client, world.coordinator, fresh=True)
    soup = parse(client.get(f"/advocacy/referrals/{world.my_rep.reference}"))
    shown = {int(tr["data-advocate"]) for tr in soup.select("#suggestions tbody tr")}
    assert world.mine.id in shown
    assert stranger.id not in shown
    # The council's officer sees every provider's advocates.
    sign_in_as(client, world.cro, fresh=True)
    soup = parse(client.get(f"/advocacy/referrals/{world.my_rep.reference}"))
    assert stranger.id in {int(tr["data-advocate"]) for tr in soup.select(
        "#suggestions tbody tr")}


def test_assign_suggests_the_advocate_who_speaks_the_childs_language(
        client: FlaskClient, session: Session, world: World) -> None:
    # Urdu: a language no other advocate in these tests speaks.
    urdu = make_advocate(session, world.council, world.provider, "Zara Urdu", ("en", "ur"),
                         capacity=1)
    # Asked today, assigned today: no working day has passed.
    rep = make_representation(session, world.council, language="ur",
                              received_on=datetime.now(UTC).date())
    sign_in_as(client, world.cro, fresh=True)
    response = client.get(f"/advocacy/referrals/{rep.reference}")
    assert response.status_code == 200
    soup = check_staff_page(response)
    first = soup.select("#suggestions tbody tr")[0]
    # First though she has the fewest places left: language comes before capacity.
    assert int(first["data-advocate"]) == urdu.id

    response = client.post(f"/advocacy/referrals/{rep.reference}/assign",
                           data={"assign-advocate": str(urdu.id)})
    assert response.status_code == 302
    case = session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == rep.id)).one()
    assert case.advocate_user_id == urdu.id
    assert case.notes["languages_matched"] == ["ur"]
    soup = parse(client.get(f"/advocacy/referrals/{rep.reference}"))
    assert soup.select_one("#time-to-assign").get_text(strip=True) == "0 working days"
    assert soup.select_one("#timeliness").get_text(strip=True) == "Assigned in time"


def test_assigning_someone_in_the_chain_is_refused_with_the_reason(
        client: FlaskClient, session: Session, world: World) -> None:
    rep = make_representation(session, world.council)
    sign_in_as(client, world.cro, fresh=True)
    client.get(f"/advocacy/referrals/{rep.reference}")  # offers advocacy
    response = client.post(f"/advocacy/referrals/{rep.reference}/people",
                           data={"chain-role": "subject", "chain-name": "Ffion Advocate"})
    assert response.status_code == 302
    response = client.post(f"/advocacy/referrals/{rep.reference}/assign",
                           data={"assign-advocate": str(world.mine.id)})
    assert response.status_code == 400
    summary = parse(response).select_one(".govuk-error-summary").get_text()
    assert "the person the complaint is about" in summary
    assert session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == rep.id)).one().advocate_user_id is None


def test_the_full_lifecycle_through_the_pages(client: FlaskClient, session: Session,
                                              world: World) -> None:
    rep = make_representation(session, world.council, advocacy=Advocacy.OFFER)
    sign_in_as(client, world.cro, fresh=True)
    ref = rep.reference
    assert client.get(f"/advocacy/referrals/{ref}").status_code == 200
    today = datetime.now(UTC).date()
    on = [str(today.day), str(today.month), str(today.year)]
    assert client.post(f"/advocacy/referrals/{ref}/answer",
                       data={"answer-answer": "accepted", "answer-on": on}).status_code == 302
    assert client.post(f"/advocacy/referrals/{ref}/refer",
                       data={"refer-provider": str(world.provider.id)}).status_code == 302
    sign_in_as(client, world.coordinator, fresh=True)
    assert client.post(f"/advocacy/referrals/{ref}/assign",
                       data={"assign-advocate": str(world.other.id)}).status_code == 302
    assert client.post(f"/advocacy/referrals/{ref}/objection",
                       data={"objection-reason": "Wants someone else"}).status_code == 302
    assert client.post(f"/advocacy/referrals/{ref}/assign",
                       data={"assign-advocate": str(world.mine.id)}).status_code == 302
    assert client.post(f"/advocacy/referrals/{ref}/close", data={}).status_code == 302
    soup = check_staff_page(client.get(f"/advocacy/referrals/{ref}"))
    timeline = [li["data-event"] for li in soup.select("#advocacy-timeline li")]
    assert timeline == list(reversed([
        "advocacy_offered", "advocacy_answered", "advocacy_referred", "advocacy_assigned",
        "advocacy_objection", "advocacy_reassigned", "advocacy_closed"]))


def test_figures_as_json_for_the_complaints_manager(client: FlaskClient, session: Session,
                                                    world: World) -> None:
    manager = make_account(session, world.council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager, fresh=True)
    response = client.get("/advocacy/figures")
    assert response.status_code == 200
    data = response.get_json()
    assert data["accepted"] >= 2
    assert client.get("/advocacy/figures", query_string={"year": 1900}).status_code == 404


# --- filing for a child ------------------------------------------------------------------

FILE_FORM = {
    "kind": "complaint", "service": "children_in_care", "child_name": "Jamie",
    "child_age": "12", "in_care": "this_council",
    "description": "Jamie has not seen their social worker for months.",
    "desired_outcome": "Regular visits", "child_agreed": "y", "agreement_how": "in_person",
}


def test_an_advocate_files_for_a_child_with_the_childs_agreement(
        client: FlaskClient, session: Session, world: World) -> None:
    sign_in_as(client, world.mine, fresh=True)
    check_staff_page(client.get("/advocate/file"))
    words = f"{FILE_FORM['description']} {uuid.uuid4()}"
    response = client.post("/advocate/file", data={**FILE_FORM, "description": words})
    assert response.status_code == 200
    soup = check_staff_page(response)
    rep = session.scalars(select(Representation).where(
        Representation.description == words)).one()
    assert rep.reference in soup.get_text()
    assert rep.submitter.value == "advocate"
    assert rep.advocate_supported is True
    case = session.scalars(select(AdvocacyCase).where(
        AdvocacyCase.representation_id == rep.id)).one()
    assert case.advocate_user_id == world.mine.id
    assert case.child_agreement_how == "in_person"
    assert client.get(f"/advocate/children/{rep.reference}").status_code == 200
    # The other advocate cannot see it.
    sign_in_as(client, world.other, fresh=True)
    assert client.get(f"/advocate/children/{rep.reference}").status_code == 404


def test_filing_needs_the_childs_agreement(client: FlaskClient, session: Session,
                                           world: World) -> None:
    sign_in_as(client, world.mine, fresh=True)
    words = f"{FILE_FORM['description']} {uuid.uuid4()}"
    data = {k: v for k, v in FILE_FORM.items() if k != "child_agreed"}
    response = client.post("/advocate/file", data={**data, "description": words})
    assert response.status_code == 400
    assert parse(response).select_one(".govuk-error-summary") is not None
    assert session.scalars(select(Representation).where(
        Representation.description == words)).first() is None


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_advocacy_page_renders_in_each_language(
        client: FlaskClient, session: Session, world: World, lang: str) -> None:
    admin = make_account(session, world.council, Role.ADMINISTRATOR)
    pages = [
        (world.cro, "/advocacy/referrals"),
        (world.cro, f"/advocacy/referrals/{world.my_rep.reference}"),
        (world.coordinator, f"/advocacy/referrals/{world.my_rep.reference}"),
        (world.coordinator, f"/advocacy/providers/{world.provider.id}"),
        (admin, "/advocacy/providers"),
        (admin, f"/advocacy/advocates/{world.mine.id}"),
        (world.mine, "/advocate/"),
        (world.mine, f"/advocate/children/{world.my_rep.reference}"),
        (world.mine, "/advocate/file"),
    ]
    for user, path in pages:
        sign_in_as(client, user, fresh=True)
        response = client.get(path, query_string={"lang": lang})
        assert response.status_code == 200, path
        check_staff_page(response, lang=lang)


def test_the_advocate_sends_the_child_a_new_tracking_code(
        client: FlaskClient, session: Session, world: World) -> None:
    """Only hashes of codes are kept, so a lost code cannot be looked up: the assigned
    advocate gets the child a new one, sent the way the child chose (issue 19, part 6)."""
    from portal.complaints.codes import PURPOSE
    from portal.models.mail import OutgoingMail
    from portal.security.tokens import verify_tracking_code
    from portal.vocab.cases import PersonRole

    rep = world.my_rep
    old_hash = rep.tracking_code_hash
    person = rep.person(PersonRole.COMPLAINANT)
    person.email, person.contact_methods = "jamie@example.com", ["email"]
    session.flush()
    sign_in_as(client, world.mine, fresh=True)
    page = check_staff_page(client.get(f"/advocate/children/{rep.reference}"))
    assert page.select_one("#new-tracking-code") is not None
    unticked = client.post(f"/advocate/children/{rep.reference}/new-tracking-code", data={})
    assert unticked.status_code == 400
    response = client.post(f"/advocate/children/{rep.reference}/new-tracking-code",
                           data={"confirm": "yes"})
    assert response.status_code == 302
    session.refresh(rep)
    assert rep.tracking_code_hash != old_hash
    mail = session.scalars(select(OutgoingMail).where(OutgoingMail.purpose == PURPOSE)).one()
    assert mail.to_address == "jamie@example.com"
    code = next(word.rstrip(".") for word in mail.body.split() if word.count("-") == 3)
    assert verify_tracking_code(rep.tracking_code_hash, code)
    event = session.scalars(select(CaseEvent).where(
        CaseEvent.representation_id == rep.id,
        CaseEvent.type == "tracking_code_replaced")).one()
    assert event.actor_user_id == world.mine.id
    assert code not in str(event.data)
    assert session.scalars(select(AuditLog).where(
        AuditLog.user_id == world.mine.id, AuditLog.action == "tracking_code_replaced",
        AuditLog.representation_id == rep.id)).one()


def test_with_no_way_to_reach_the_child_the_advocate_is_shown_the_code_once(
        client: FlaskClient, session: Session, world: World) -> None:
    from portal.security.tokens import verify_tracking_code

    rep = world.my_rep
    sign_in_as(client, world.mine, fresh=True)
    response = client.post(f"/advocate/children/{rep.reference}/new-tracking-code",
                           data={"confirm": "yes"})
    assert response.status_code == 200
    code = parse(response).select_one("#tracking-code").get_text(strip=True)
    session.refresh(rep)
    assert verify_tracking_code(rep.tracking_code_hash, code)
