"""The case's timeline in words (issue 15, part 5): each kind of event as a label, each
detail labelled with its value in words (dates as "10 July 2026", codes as labels), times
on the council's clock (Europe/London), and one person's repeated views as one row."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from bs4 import BeautifulSoup, Tag
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.vocab.events import EventType
from portal.web.cases import event_labels
from tests.conftest import ROOT
from tests.factories import make_case, make_user
from tests.support.staff import signed_in

PORTAL = ROOT / "portal"
RECORDED = re.compile(r'record\(\s*session,\s*\w+,\s*\w+,\s*"([a-z0-9_]+)"')
TYPED = re.compile(r'\btype="([a-z0-9_]+)"')
CONSTANT = re.compile(r'^(?:EVENT\w*|ROUTED|OVERRIDDEN)\s*=\s*"([a-z0-9_]+)"', re.M)
#: A kind named by its member (vocab/events.py), as the history's writer takes it.
MEMBER = re.compile(r"\bEventType\.([A-Z0-9_]+)\b")
#: Kinds named another way (a conditional, a variable).
ALSO_RECORDED = {"response_plan_agreed", "transferred"}
#: The audit log's entries the timeline shows (queries.timeline).
AUDITED = {"view", "timeline_view", "letter_viewed", "file_opened", "denied"}


def recorded_kinds() -> set[str]:
    """Every kind of case event the portal's code records."""
    found = set(ALSO_RECORDED)
    for path in PORTAL.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found |= set(RECORDED.findall(text)) | set(CONSTANT.findall(text))
        found |= {EventType[name].value for name in MEMBER.findall(text)}
        if "CaseEvent(" in text:
            found |= set(TYPED.findall(text))
    return found


def test_every_kind_of_event_has_words() -> None:
    kinds = recorded_kinds() | AUDITED
    assert {"submitted", "acknowledged", "letter_sent", "advocacy_assigned",
            "safety_alert_raised"} <= kinds  # the scan finds them
    missing = sorted(k for k in kinds if k not in event_labels.EVENT_LABELS
                     and k not in event_labels.AUDIT_LABELS)
    assert missing == [], f"give these events words in portal/web/cases/event_labels.py: {missing}"
    assert set(event_labels.GROUPED_LABELS) == set(event_labels.GROUPED_AT_LABELS) == AUDITED


@pytest.fixture
def manager(session: Session, council: Council, client: FlaskClient) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER, name="Mo Manager")


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def _event(session: Session, rep: Representation, at: str, kind: str, **data: object) -> None:
    session.add(CaseEvent(representation_id=rep.id, at=_at(at), actor="staff", type=kind,
                          data=data))


def _view(session: Session, rep: Representation, user: User, at: str,
          action: str = "view") -> None:
    session.add(AuditLog(at=_at(at), user_id=user.id, action=action, allowed=True,
                         representation_id=rep.id, detail={}))


def _rows(client: FlaskClient, reference: str, lang: str = "en") -> list[Tag]:
    response = client.get(f"/staff/cases/{reference}/timeline?lang={lang}")
    assert response.status_code == 200
    page = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return page.select("tbody tr")


def _cells(row: Tag) -> list[str]:
    return [cell.get_text(" ", strip=True) for cell in row.select("td")]


def test_the_timeline_speaks_in_words_and_london_time(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-TW-000001")
    # Summer: British Summer Time, an hour ahead of UTC.
    _event(session, rep, "2026-07-01T11:30:00", "acknowledged", on="2026-07-01",
           due_before="2026-07-10", due_after="2026-07-15", in_time=True)
    _event(session, rep, "2026-07-02T08:00:00", "route_accepted", route="corporate",
           due_on="2026-07-16")
    _event(session, rep, "2026-07-02T08:00:01", "status_changed", before="new",
           after="stage1")
    _event(session, rep, "2026-07-03T09:00:00", "remedy_edited", remedy=7,
           kind_before="apology", kind_after="compensation", amount_after="50.00")
    session.commit()

    rows = {row["data-kind"]: _cells(row) for row in _rows(client, rep.reference)}
    assert rows["acknowledged"] == [
        "1 July 2026, 12:30", "A member of staff", "Acknowledged",
        "On: 1 July 2026 Due before: 10 July 2026 Due after: 15 July 2026 In time: Yes"]
    assert rows["route_accepted"][0] == "2 July 2026, 09:00"
    assert rows["route_accepted"][2:] == ["Route accepted",
                                          "Route: Corporate procedure Due: 16 July 2026"]
    assert rows["status_changed"][2:] == ["Status changed",
                                          "Before: Awaiting triage After: Stage 1"]
    # An id means nothing to a reader; a before-and-after says which is which.
    assert rows["remedy_edited"][3] == ("Kind (before): Apology Kind (after): Compensation "
                                        "Amount (£) (after): 50.00")
    # The portal's own routing, by "the portal"; its decision in words, not JSON.
    assert rows["routed"][1:3] == ["The portal", "Routing suggested a route"]
    assert "Children's statutory procedure" in rows["routed"][3]
    assert "{" not in rows["routed"][3]


def test_winter_times_are_greenwich_mean_time(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-TW-000002")
    _event(session, rep, "2026-01-15T23:30:00", "closed", reason="Done.")
    # The night the clocks go forward: 00:30 UTC is 00:30 GMT, 01:30 UTC is 02:30 BST.
    _event(session, rep, "2026-03-29T00:30:00", "reopened", reason="Asked again.")
    _event(session, rep, "2026-03-29T01:30:00", "withdrawn", reason="Changed their mind.")
    session.commit()
    rows = {row["data-kind"]: _cells(row) for row in _rows(client, rep.reference)}
    assert rows["closed"][0] == "15 January 2026, 23:30"
    assert rows["reopened"][0] == "29 March 2026, 00:30"
    assert rows["withdrawn"][0] == "29 March 2026, 02:30"
    assert rows["closed"][3] == "Reason: Done."


def test_repeated_views_by_one_person_are_one_row(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-TW-000003")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olu Officer")
    for minute in ("02", "10", "21", "33", "40"):
        _view(session, rep, officer, f"2026-11-20T10:{minute}:00")
    _view(session, rep, manager, "2026-11-20T10:45:00")  # someone else: a new row
    _view(session, rep, officer, "2026-11-20T10:50:00")
    _view(session, rep, manager, "2026-11-20T05:00:00")
    _view(session, rep, officer, "2026-11-20T04:30:10")  # twice in one minute
    _view(session, rep, officer, "2026-11-20T04:30:50")
    _view(session, rep, manager, "2026-11-20T04:00:00")
    _view(session, rep, officer, "2026-11-19T23:50:00")
    _view(session, rep, officer, "2026-11-20T00:05:00")
    session.commit()

    views = [(row.get("data-count"), _cells(row)) for row in _rows(client, rep.reference)
             if row["data-kind"] == "view"]
    assert views == [
        (None, ["20 November 2026, 10:50", "Olu Officer", "Viewed the case", ""]),
        (None, ["20 November 2026, 10:45", "Mo Manager", "Viewed the case", ""]),
        ("5", ["20 November 2026, 10:40", "Olu Officer",
               "Viewed the case 5 times between 10:02 and 10:40", ""]),
        (None, ["20 November 2026, 05:00", "Mo Manager", "Viewed the case", ""]),
        ("2", ["20 November 2026, 04:30", "Olu Officer", "Viewed the case 2 times at 04:30",
               ""]),
        (None, ["20 November 2026, 04:00", "Mo Manager", "Viewed the case", ""]),
        # Over midnight, the group says the days too.
        ("2", ["20 November 2026, 00:05", "Olu Officer",
               "Viewed the case 2 times between 19 November 2026, 23:50 and 20 November "
               "2026, 00:05", ""]),
    ]
    # The audit log keeps every one.
    assert session.query(AuditLog).filter_by(representation_id=rep.id, action="view",
                                             user_id=officer.id).count() == 10


def test_the_timeline_in_welsh(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    rep = make_case(session, council, "CMP-TW-000004")
    _event(session, rep, "2026-07-01T11:30:00", "acknowledged", on="2026-07-01",
           in_time=True)
    session.commit()
    rows = {row["data-kind"]: _cells(row) for row in _rows(client, rep.reference, "cy")}
    assert rows["acknowledged"][0] == "1 Gorffennaf 2026, 12:30"
    assert rows["acknowledged"][2] == "Wedi'i gydnabod"
    assert rows["acknowledged"][3] == "Ar: 1 Gorffennaf 2026 Mewn pryd: Ydy"


def test_values_in_words(app: Flask) -> None:
    with app.test_request_context("/"):
        words = event_labels.value_words
        assert words("outcome_recorded", "outcome", "partly_upheld") == "Partly upheld"
        assert words("ombudsman", "decision", "pending") == "Awaiting the decision"
        assert words("check_decided", "decision", "pending") == "To decide"
        assert words("logged_offline", "channel", "telephone") == "Telephone"
        assert words("logged_offline", "kind", "complaint") == "Complaint"
        assert words("remedy_added", "kind", "apology") == "Apology"
        assert words("letter_sent", "letter", "outcome") == "Our answer"
        assert words("letter_sent", "locale", "cy") == "Cymraeg"
        assert words("rerouted", "procedure_before", "corporate") == "Corporate procedure"
        assert words("extended", "to_on", "2026-04-07") == "7 April 2026"
        assert words("closed", "reason", "2026-04-07 was the day") == "2026-04-07 was the day"
        assert words("closed", "reason", "corporate") == "corporate"  # free text stays
        assert words("panel_appointed", "members", ["A", "B", "C"]) == "A, B, C"
        assert words("submitted", "urgent", False) == "No"
        assert event_labels.detail_label("due_on_before") == "Due (before)"
        assert event_labels.detail_label("something_new") == "Something new"
        assert event_labels.event_label("something_new") == "Something new"


def test_two_vocabularies_sharing_a_code_keep_their_own_words(app: Flask) -> None:
    """A StrEnum member equals its value: "pending" of a check and of the Ombudsman were
    one key, and one label showed for both."""
    from portal.advocacy.labels import label as advocacy_label
    from portal.staff.labels import label
    from portal.vocab.advocacy import AdvocacyStatus, Answer
    from portal.vocab.cases import (
        CheckDecision,
        MessageAuthor,
        OmbudsmanDecision,
        RemedyKind,
        Signpost,
        Submitter,
    )
    from portal.vocab.retention import HoldReason
    from portal.vocab.safety import SafeguardingAction

    with app.test_request_context("/"):
        assert label(CheckDecision.PENDING) == "To decide"
        assert label(OmbudsmanDecision.PENDING) == "Awaiting the decision"
        assert label(RemedyKind.OTHER) == "Other"
        assert label(Submitter.OTHER) == "Someone else"
        assert label(Signpost.OMBUDSMAN) == "The Ombudsman"
        assert label(HoldReason.OMBUDSMAN) == "An Ombudsman investigation"
        assert label(Signpost.POLICE) == "The police"
        assert label(SafeguardingAction.POLICE) == "Referred to the police"
        assert label(Role.ADVOCATE) == "Advocate"
        assert label(MessageAuthor.ADVOCATE) == "The advocate"
        assert label(Submitter.ADVOCATE) == "An advocate"
        assert advocacy_label(AdvocacyStatus.ACCEPTED) == "Accepted, waiting for a referral"
        assert advocacy_label(Answer.ACCEPTED) == "Yes, the child wants an advocate"
        assert event_labels.value_words("advocacy_answered", "answer", "declined") == (
            "No, the child does not want an advocate")
