"""The central register: one Representation per complaint, compliment, comment or enquiry.

The columns are shaped so that REGISTER.md (the CSV), REPORT.md (the annual
report) and ROUTING.md (the decision) read straight off them. Everything that
happens to a case is also an append-only CaseEvent.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db.base import Base, TimestampMixin
from portal.db.types import enum_column, utcnow
from portal.models.councils import Category, Council, Team
from portal.vocab.cases import (
    Advocacy,
    CaseStatus,
    Check,
    CheckDecision,
    DelayReason,
    Kind,
    MessageAuthor,
    Method,
    NotAcceptedReason,
    OmbudsmanDecision,
    Outcome,
    PersonRole,
    Procedure,
    RemedyKind,
    Route,
    Signpost,
    Submitter,
)

representation_categories = Table(
    "representation_categories",
    Base.metadata,
    Column("representation_id", ForeignKey("representations.id", ondelete="CASCADE"),
           primary_key=True),
    Column("category_id", ForeignKey("categories.id"), primary_key=True),
)


#: The columns of the annual report's three indexes on representations, in order
#: (migration 0028; register/report_sql.py groups by their leading columns).
REPORT_COUNTS = ("council_id", "kind", "procedure", "not_accepted_reason", "method",
                 "submitter", "made_by_child", "advocate_supported", "adr",
                 "ombudsman_decision", "received_on", "ombudsman_referred_on",
                 "compensation_gbp")
REPORT_TEAMS = ("council_id", "kind", "procedure", "team_id", "outcome", "delay_reason",
                "received_on")
REPORT_DATES = ("council_id", "kind", "received_on", "procedure", "acknowledged_on")


class Representation(TimestampMixin, Base):
    """One entry of the central register."""

    __tablename__ = "representations"
    __table_args__ = (
        Index("ix_representations_received_on", "received_on"),
        Index("ix_representations_status_urgent", "status", "urgent"),
        # The retention page: a council's closed cases by the day each may be destroyed.
        Index("ix_representations_retention_on", "council_id", "retention_on", "status"),
        # ... and those an awaited Ombudsman decision keeps whatever that day.
        Index("ix_representations_ombudsman_decision", "ombudsman_decision"),
        # The annual report's counts (register/report_sql.py): each query groups by the
        # leading columns of one of these and reads nothing else, so SQLite adds up
        # each group in index order instead of reading and sorting every wide row.
        Index("ix_representations_report_counts", *REPORT_COUNTS),
        Index("ix_representations_report_teams", *REPORT_TEAMS),
        Index("ix_representations_report_dates", *REPORT_DATES),
        # The due page (each team's deadlines, most urgent first) and the overdue search
        # (by date, then by receipt). Migration 0029 makes both partial, WHERE next_due_on
        # IS NOT NULL on either database, so they are the size of the caseload, not of the
        # register. The condition is not repeated here: a dialect's keyword (postgresql_
        # where) would import that dialect into every worker at start-up
        # (tests/integration/config/test_lean_start.py), and the tables are made by the
        # migrations, never from these declarations.
        Index("ix_representations_due_team", "council_id", "team_id", "next_due_on",
              "reference"),
        Index("ix_representations_due_on", "council_id", "next_due_on", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[Kind] = mapped_column(enum_column(Kind))
    status: Mapped[CaseStatus] = mapped_column(enum_column(CaseStatus), default=CaseStatus.NEW)
    procedure: Mapped[Procedure | None] = mapped_column(enum_column(Procedure))
    not_accepted_reason: Mapped[NotAcceptedReason | None] = mapped_column(
        enum_column(NotAcceptedReason)
    )
    received_on: Mapped[date]
    method: Mapped[Method] = mapped_column(enum_column(Method), default=Method.UNKNOWN)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    submitter: Mapped[Submitter] = mapped_column(enum_column(Submitter), default=Submitter.UNKNOWN)
    made_by_child: Mapped[bool] = mapped_column(default=False)
    advocate_supported: Mapped[bool] = mapped_column(default=False)

    # What the person told us (ROUTING.md's submission). Free text is plain text.
    on_behalf_of_child: Mapped[bool] = mapped_column(default=False)
    child_age: Mapped[int | None]
    looked_after_by: Mapped[str | None] = mapped_column(String(40))
    service: Mapped[str | None] = mapped_column(String(40))
    about_decision_of: Mapped[str | None] = mapped_column(String(40))
    event_on: Mapped[date | None]
    proceedings: Mapped[list[str]] = mapped_column(JSON, default=list)
    in_danger_now: Mapped[bool] = mapped_column(default=False)
    wants_advocate: Mapped[bool] = mapped_column(default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    how_affected: Mapped[str] = mapped_column(Text, default="")
    #: The face picked beside those words (questions.FEELING_CHOICES: happy, okay, sad,
    #: angry, scared), if any.
    feeling: Mapped[str | None] = mapped_column(String(20))
    desired_outcome: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(10), default="en")
    anonymous: Mapped[bool] = mapped_column(default=False)

    # The routing decision (ROUTING.md), as made and as overridden by an officer.
    route: Mapped[Route | None] = mapped_column(enum_column(Route))
    signpost: Mapped[Signpost | None] = mapped_column(enum_column(Signpost))
    advocacy: Mapped[Advocacy] = mapped_column(
        enum_column(Advocacy), default=Advocacy.NOT_APPLICABLE
    )
    urgent: Mapped[bool] = mapped_column(default=False)
    routing_reasons: Mapped[list[Any]] = mapped_column(JSON, default=list)
    acknowledge_by: Mapped[date | None]
    routed_at: Mapped[datetime | None]

    acknowledged_on: Mapped[date | None]
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    delay_reason: Mapped[DelayReason | None] = mapped_column(enum_column(DelayReason))
    adr: Mapped[bool] = mapped_column(default=False)
    ombudsman_referred_on: Mapped[date | None]
    ombudsman_decision: Mapped[OmbudsmanDecision | None] = mapped_column(
        enum_column(OmbudsmanDecision)
    )
    compensation_gbp: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    #: The first day a closed case's personal data may be destroyed by its rule
    #: (``procedure.retention.schedule(...).keep_until``, holds aside); None while open.
    #: Kept current by ``councils.retention_dates``: never set it by hand.
    retention_on: Mapped[date | None]
    #: The case's next legal deadline and what it is for ("acknowledge", "stage1", ...:
    #: ``procedure.deadlines.deadline_from``); None when no clock runs, as for every
    #: closed case. Kept current by ``cases.due_dates``: never set it by hand.
    next_due_on: Mapped[date | None]
    next_due_what: Mapped[str | None] = mapped_column(String(40))
    closed_at: Mapped[datetime | None]

    # Tracking: the code is shown once and only its hash is kept.
    tracking_code_hash: Mapped[str | None] = mapped_column(String(200))
    # The journey's idempotency key: a double-clicked or re-sent submit finds this row.
    submission_key: Mapped[str | None] = mapped_column(String(64), unique=True)

    council: Mapped[Council] = relationship()
    team: Mapped[Team | None] = relationship()
    categories: Mapped[list[Category]] = relationship(
        secondary=representation_categories, order_by="Category.name"
    )
    people: Mapped[list[Person]] = relationship(
        back_populates="representation", cascade="all, delete-orphan", order_by="Person.id"
    )
    stages: Mapped[list[Stage]] = relationship(
        back_populates="representation", cascade="all, delete-orphan", order_by="Stage.number"
    )
    checks: Mapped[list[CaseCheck]] = relationship(
        back_populates="representation", cascade="all, delete-orphan", order_by="CaseCheck.id"
    )
    remedies: Mapped[list[Remedy]] = relationship(
        back_populates="representation", cascade="all, delete-orphan", order_by="Remedy.id"
    )
    learning_actions: Mapped[list[LearningAction]] = relationship(
        back_populates="representation", cascade="all, delete-orphan",
        order_by="LearningAction.id",
    )
    messages: Mapped[list[Message]] = relationship(
        back_populates="representation", cascade="all, delete-orphan", order_by="Message.id"
    )
    events: Mapped[list[CaseEvent]] = relationship(
        back_populates="representation", order_by="CaseEvent.id"
    )

    def stage(self, number: int) -> Stage | None:
        return next((s for s in self.stages if s.number == number), None)

    @property
    def current_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def person(self, role: PersonRole) -> Person | None:
        return next((p for p in self.people if p.role == role), None)


class Stage(Base):
    """One stage of a procedure: its clock, extension, close and outcome.

    For the children's procedure, stage 2 starts when the statement of
    complaint is agreed; stage 3 starts at the request and holds the panel date.
    """

    __tablename__ = "stages"
    __table_args__ = (
        UniqueConstraint("representation_id", "number"),
        # The due page's request dates (cases.due_list._requested): the open stages only,
        # not every stage the register ever closed.
        Index("ix_stages_closed_on_requested_on", "closed_on", "requested_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE")
    )
    number: Mapped[int]
    requested_on: Mapped[date | None]
    # Where the procedure acknowledges a stage 2 request separately (LGSCO Code).
    acknowledge_by: Mapped[date | None]
    acknowledged_on: Mapped[date | None]
    started_on: Mapped[date | None]
    due_on: Mapped[date | None]
    due_latest_on: Mapped[date | None]
    extended: Mapped[bool] = mapped_column(default=False)
    extended_to_on: Mapped[date | None]
    extension_reason: Mapped[str | None] = mapped_column(Text)
    panel_on: Mapped[date | None]
    report_on: Mapped[date | None]
    closed_on: Mapped[date | None]
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    assigned_to_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    independent_person: Mapped[str | None] = mapped_column(String(200))
    panel_members: Mapped[list[str]] = mapped_column(JSON, default=list)

    representation: Mapped[Representation] = relationship(back_populates="stages")


class Person(Base):
    """Someone in a case: the complainant, the child concerned, a representative."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[PersonRole] = mapped_column(enum_column(PersonRole))
    relationship_to_child: Mapped[Submitter | None] = mapped_column(enum_column(Submitter))
    name: Mapped[str | None] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(40))
    #: The number for text messages, when they chose texts (portal/cases/complainant.py).
    mobile: Mapped[str | None] = mapped_column(String(40))
    #: When texts may come, as they chose: any, after_school or weekends (settings/texting.py).
    text_times: Mapped[str | None] = mapped_column(String(20))
    address: Mapped[str | None] = mapped_column(Text)
    age: Mapped[int | None]
    # How and when it is safe to get in touch, as the person chose.
    contact_methods: Mapped[list[str]] = mapped_column(JSON, default=list)
    safe_to_contact_notes: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(10))
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)

    representation: Mapped[Representation] = relationship(back_populates="people")


class CaseCheck(Base):
    """A check a complaints manager must decide, with the decision and its reason."""

    __tablename__ = "case_checks"
    __table_args__ = (UniqueConstraint("representation_id", "check"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE")
    )
    check: Mapped[Check] = mapped_column(enum_column(Check))
    decision: Mapped[CheckDecision] = mapped_column(
        enum_column(CheckDecision), default=CheckDecision.PENDING
    )
    reason: Mapped[str | None] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]

    representation: Mapped[Representation] = relationship(back_populates="checks")


class Remedy(Base):
    __tablename__ = "remedies"

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RemedyKind] = mapped_column(enum_column(RemedyKind))
    amount_gbp: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    note: Mapped[str | None] = mapped_column(Text)

    representation: Mapped[Representation] = relationship(back_populates="remedies")


class LearningAction(Base):
    """What the council will change because of a complaint, with an owner and a due date.

    The owner is a council account (``owner_user_id``) or, for someone without one, a
    name; ``owner`` always holds the name shown. Done when ``completed_on`` is set,
    with a note of what was done (``done_note``).
    """

    __tablename__ = "learning_actions"
    # The due page's learning list (cases.queries.open_learning): the actions not done.
    __table_args__ = (Index("ix_learning_actions_completed_on", "completed_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    owner_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date]
    completed_on: Mapped[date | None]
    done_note: Mapped[str | None] = mapped_column(Text)

    representation: Mapped[Representation] = relationship(back_populates="learning_actions")


class Message(Base):
    """A message between the council (or an advocate) and the complainant, shown when tracking."""

    __tablename__ = "messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)
    author: Mapped[MessageAuthor] = mapped_column(enum_column(MessageAuthor))
    author_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)

    representation: Mapped[Representation] = relationship(back_populates="messages")


class CaseEvent(Base):
    """Append-only history of a case: one row per thing that happened, never changed."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(ForeignKey("representations.id"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(40))  # "complainant", "staff", "system", ...
    type: Mapped[str] = mapped_column(String(60))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    representation: Mapped[Representation] = relationship(back_populates="events")


@event.listens_for(CaseEvent, "before_update")
@event.listens_for(CaseEvent, "before_delete")
def _case_events_are_append_only(_mapper: Any, _connection: Any, target: CaseEvent) -> None:
    raise PermissionError("case events are append-only")


class EqualityMonitoring(Base):
    """Optional equality monitoring, kept apart from the case and never asked of a child's
    sexual orientation. Only reports (as counts) and administrators read it."""

    __tablename__ = "equality_monitoring"

    id: Mapped[int] = mapped_column(primary_key=True)
    representation_id: Mapped[int] = mapped_column(
        ForeignKey("representations.id", ondelete="CASCADE"), unique=True
    )
    gender: Mapped[str | None] = mapped_column(String(60))
    age_band: Mapped[str | None] = mapped_column(String(60))
    ethnicity: Mapped[str | None] = mapped_column(String(120))
    disability: Mapped[str | None] = mapped_column(String(60))


class ReferenceCounter(Base):
    """The last sequence number issued per council and year, for human references."""

    __tablename__ = "reference_counters"
    __table_args__ = (UniqueConstraint("council_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"))
    year: Mapped[int]
    last: Mapped[int] = mapped_column(default=0)
