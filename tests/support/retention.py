"""Cases as the retention purge finds them, and the purge run on a chosen day."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy.orm import Session

from portal.models.advocacy import AdvocacyCase, AdvocacyProvider, ComplaintChainMember
from portal.models.cases import (
    CaseCheck,
    CaseEvent,
    EqualityMonitoring,
    LearningAction,
    Message,
    Person,
    Remedy,
    Representation,
    Stage,
)
from portal.models.councils import Council
from portal.procedure.advocacy import ChainRole
from portal.retention.purge import purge
from portal.vocab.advocacy import AdvocacyStatus
from portal.vocab.cases import CaseStatus, Check, MessageAuthor, Outcome, PersonRole, RemedyKind
from tests.factories import make_case

#: The day the purge runs unless a test says otherwise.
TODAY = date(2026, 6, 1)


def closed_case(session: Session, council: Council, reference: str, *, closed: date,
                looked_after: bool = False, age: int | None = None,
                received: date = date(2019, 3, 4)) -> Representation:
    """A closed complaint carrying personal data in every place the portal keeps it."""
    rep = make_case(session, council, reference, received_on=received.isoformat(),
                    looked_after_by="this_council" if looked_after else None,
                    service="children_in_care" if looked_after else "social_work")
    rep.looked_after_by = "this_council" if looked_after else None
    rep.service = "children_in_care" if looked_after else "social_work"
    rep.child_age = age
    rep.description = "Marker the child wrote about Quillfeather."
    rep.how_affected = "Marker the child wrote"
    rep.tracking_code_hash = "argon2-marker-hash"
    rep.status = CaseStatus.CLOSED
    rep.outcome = Outcome.PARTLY_UPHELD
    rep.compensation_gbp = Decimal("150.00")
    rep.closed_at = datetime(closed.year, closed.month, closed.day, 12, tzinfo=UTC)
    rep.people.append(Person(role=PersonRole.CHILD, name="Zebedee Quartermaine",
                             email="zebedee@example.test", phone="07700 900123",
                             address="1 Quillfeather Lane", age=age))
    stage = rep.stages[0] if rep.stages else Stage(number=1)
    if not rep.stages:
        rep.stages.append(stage)
    stage.started_on, stage.closed_on = received, closed
    stage.outcome = Outcome.PARTLY_UPHELD
    stage.independent_person = "Marker independent person"
    stage.panel_members = ["Marker panel member"]
    stage.extension_reason = "Marker extension reason"
    session.add_all([
        Message(representation_id=rep.id, author=MessageAuthor.COUNCIL,
                body="Marker message body"),
        CaseCheck(representation_id=rep.id, check=Check.CHILD_AGREEMENT,
                  reason="Marker check reason"),
        LearningAction(representation_id=rep.id, description="Marker learning",
                       owner="Head of service", due_on=closed),
        Remedy(representation_id=rep.id, kind=RemedyKind.APOLOGY, note="Marker remedy note"),
        EqualityMonitoring(representation_id=rep.id, gender="Girl", age_band="12-15",
                           ethnicity="Marker ethnicity", disability="No"),
        ComplaintChainMember(representation_id=rep.id, role=ChainRole.SUBJECT,
                             name="Marker chain person"),
    ])
    provider = AdvocacyProvider(council_id=council.id, name=f"Voices {reference}")
    session.add(provider)
    session.flush()
    session.add(AdvocacyCase(representation_id=rep.id, status=AdvocacyStatus.CLOSED,
                             provider_id=provider.id, requested_on=received,
                             assigned_on=received, child_agreement_how="Marker agreement",
                             notes={"said": "Marker agreement"}, objected_advocate_ids=[1]))
    session.add(CaseEvent(representation_id=rep.id, actor="staff", type="closed",
                          data={"reason": "Marker the child wrote"}))
    session.commit()
    return rep


def run_purge(session: Session, *, today: date = TODAY, dry_run: bool = False) -> object:
    """The purge as the nightly command runs it, at 2am on ``today``."""
    return purge(session, today=today, dry_run=dry_run, ran_by="test run",
                 now=datetime(today.year, today.month, today.day, 2, tzinfo=UTC))
