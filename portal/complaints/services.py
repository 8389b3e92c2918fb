"""Intake and tracking: each public function is one transaction's worth of work.

Views call one of these and then commit (one commit point per request).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from flask_babel import gettext
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.cases import guard
from portal.cases import services as cases
from portal.cases.complainant import tell_complainant
from portal.common.clock import london_day
from portal.common.languages import in_language
from portal.common.links import public_url
from portal.complaints import attachments, queries
from portal.complaints.journey import CHILD_SUBMITTERS, is_child, not_safe
from portal.complaints.questions import DECISION_ANSWERS, FEELINGS, PROCEEDING_ANSWERS
from portal.complaints.validation import parse_date
from portal.councils.services import council_calendar, council_settings, routing_settings_for
from portal.files.services import attach_to_case, delete_draft_file, files_of_draft
from portal.history.events import event_values, record_event, record_events
from portal.models.cases import (
    Message,
    Person,
    ReferenceCounter,
    Representation,
    Stage,
)
from portal.models.councils import Council
from portal.notifications import services as notifications
from portal.procedure.machine import Actor, Step
from portal.register.bulk import table_of
from portal.register.capture import record_new_entry
from portal.routing.decision import Decision
from portal.routing.rules import route
from portal.routing.services import apply_decision, routed_event
from portal.routing.submission import (
    Kind as SubmissionKind,
)
from portal.routing.submission import (
    LookedAfterBy,
    Service,
    Submission,
)
from portal.routing.submission import (
    Submitter as SubmissionSubmitter,
)
from portal.safety import services as safety
from portal.security.sanitise import exact_text
from portal.security.tokens import hash_tracking_code, verify_tracking_code
from portal.staff.services import record_audits
from portal.vocab.cases import (
    CaseStatus,
    Kind,
    MessageAuthor,
    Method,
    PersonRole,
    Submitter,
)
from portal.vocab.events import EventType
from portal.vocab.routing import DecisionMaker, Proceeding
from portal.vocab.safety import AlertSource

ACTOR = "complainant"
#: The acknowledgement's body, written by the mail worker.
ACKNOWLEDGEMENT_TEMPLATE = "complaints/email/acknowledgement.txt"


class NotAllowed(Exception):
    """The complainant asked for something the case's state does not allow."""


def build_submission(answers: Mapping[str, Any], *, received_on: date) -> Submission:
    """ROUTING.md's submission from the journey's answers."""
    in_care = answers.get("in_care")
    age = answers.get("child_age")
    also = list(answers.get("also") or [])
    event_on = parse_date(answers["event_on"]) if answers.get("event_on") else None
    return Submission(
        kind=SubmissionKind(answers["kind"]),
        received_on=received_on,
        submitter=SubmissionSubmitter(answers["submitter"]),
        service=Service(answers["service"]),
        on_behalf_of_child=not is_child(answers),
        child_age=int(age) if age else None,
        looked_after_by=LookedAfterBy(in_care) if in_care in ("this_council",
                                                              "another_council") else None,
        event_on=event_on,
        in_danger_now=not_safe(answers),
        wants_advocate=answers.get("wants_advocate") == "yes",
        description=exact_text(answers.get("description")),
        about_decision_of=next((DecisionMaker(a) for a in also if a in DECISION_ANSWERS), None),
        proceedings=tuple(Proceeding(PROCEEDING_ANSWERS[a]) for a in also
                          if a in PROCEEDING_ANSWERS),
    )



def _upsert_for(dialect: str) -> Any:
    """The database's INSERT ... ON CONFLICT, imported on first use: a worker loads only
    its own database's dialect (tests/integration/config/test_lean_start.py)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert

def next_reference(session: Session, council: Council, year: int) -> str:
    """CMP-2026-000123: the council's prefix, the year, and a per-council-per-year counter.

    One INSERT ... ON CONFLICT DO UPDATE ... RETURNING, atomic on PostgreSQL and SQLite:
    the year's first number creates its counter, every other bumps it, and two people
    sending at the same moment never share a number.
    """
    prefix = council_settings(council).reference_prefix
    counters = table_of(ReferenceCounter)
    dialect = session.connection().dialect.name
    upsert = _upsert_for(dialect)(counters)
    bump = (upsert.values(council_id=council.id, year=year, last=1)
            .on_conflict_do_update(index_elements=[counters.c.council_id, counters.c.year],
                                   set_={"last": counters.c.last + 1})
            .returning(counters.c.last))
    number = session.execute(bump).scalar_one()
    return f"{prefix}-{year}-{number:06d}"


def submit(session: Session, *, council: Council, answers: Mapping[str, Any],
           submission_key: str, tracking_code: str, locale: str, now: datetime,
           draft_token: str | None = None) -> Representation:
    """Route the answers and record them as one register entry, in the caller's transaction.

    Idempotent on ``submission_key``: a double-clicked or re-sent submit
    returns the entry the first one made (the key is unique, so the second
    insert fails and its savepoint takes back all it wrote). The acknowledgement
    email is queued in the same transaction, so it exists exactly when the entry does.
    The files the answers hold (photos, documents, voice notes: ``attachments``) join the
    case in the same savepoint; ``draft_token`` is the draft that holds them, and a form
    without files touches no file table.
    """
    received_on = london_day(now)
    submission = build_submission(answers, received_on=received_on)
    decision = route(submission, settings=routing_settings_for(council),
                     calendar=council_calendar(council))
    try:
        with session.begin_nested():
            representation = _record(session, council=council, answers=answers,
                                     submission=submission, decision=decision,
                                     submission_key=submission_key,
                                     tracking_code=tracking_code, locale=locale, now=now)
            keep = attachments.file_ids(answers)
            if draft_token and keep:
                _attach_files(session, draft_token, representation.id, keep=set(keep))
    except IntegrityError:
        # Sent before (a second press, or two at once, and the other request won).
        existing = queries.by_submission_key(session, submission_key)
        if existing is None:
            raise
        return existing
    return representation


def _attach_files(session: Session, draft_token: str, case_id: int, *, keep: set[int]) -> None:
    """The draft's files join the case; any the answers no longer hold (a voice note for a
    question this kind of form does not ask) are destroyed rather than sent."""
    for stored in files_of_draft(session, draft_token):
        if stored.id not in keep:
            delete_draft_file(session, draft_token, stored.id)
    attach_to_case(session, draft_token, case_id)


def _record(session: Session, *, council: Council, answers: Mapping[str, Any],
            submission: Submission, decision: Decision, submission_key: str,
            tracking_code: str, locale: str, now: datetime) -> Representation:
    """Everything a sent form makes, in as few statements as it can: the entry with its
    people, stage 1 and checks in one flush; its events, and its audit entries, one
    INSERT each; the mail rendered later by the worker; the register's change from the
    objects in hand (tests/integration/complaints/test_submit_statements.py counts)."""
    contact = list(answers.get("contact_methods") or [])
    anonymous = contact == ["none"]
    representation = _new_representation(
        session, council=council, answers=answers, submission=submission,
        submission_key=submission_key, tracking_code=tracking_code, locale=locale,
        anonymous=anonymous)
    representation.people.append(_complainant(answers, locale=locale, anonymous=anonymous))
    if submission.on_behalf_of_child and (answers.get("child_name") or submission.child_age):
        representation.people.append(Person(
            role=PersonRole.CHILD, name=exact_text(answers.get("child_name")) or None,
            age=submission.child_age))
    # Routing's decision on the entry before it is written: stage 1 deadlines, pending
    # checks, coded reasons. Its "routed" event is written with the others below.
    apply_decision(representation, decision)
    session.add(representation)
    session.flush()
    events = [routed_event(representation.id, decision, at=now)]
    audits: list[dict[str, Any]] = []
    # Children Act 1989 s.26A: the offer of an advocate is made as the complaint
    # arrives, and a child who asked for one starts the advocacy clock today.
    from portal.advocacy.services import offer_on_arrival  # advocacy files through submit()

    offer_on_arrival(session, representation, at=now, events=events, audits=audits)
    events.append(event_values(
        representation.id, EventType.SUBMITTED, actor=ACTOR, at=now,
        data={"channel": Method.ONLINE_FORM.value, "language": locale,
              "urgent": decision.urgent, "anonymous": anonymous}))
    record_events(session, events)
    record_audits(session, audits)
    _queue_acknowledgement(session, representation, decision, locale=locale)
    # DOMAIN.md, "Safety": a form that says a child may be at risk reaches a person the
    # same day, in the same transaction as the case.
    safety.raise_if_at_risk(session, representation, source=AlertSource.SUBMISSION, now=now,
                            draft_key=submission_key)
    # Last, so the feed's entry is the case as this transaction leaves it.
    record_new_entry(session, representation)
    return representation


def _new_representation(session: Session, *, council: Council, answers: Mapping[str, Any],
                        submission: Submission, submission_key: str, tracking_code: str,
                        locale: str, anonymous: bool) -> Representation:
    """The register entry for a routed submission, numbered but not yet added."""
    submitter = Submitter(submission.submitter.value)
    return Representation(
        council_id=council.id,
        council=council,  # in hand: no load when safety and the texting hours ask for it
        reference=next_reference(session, council, submission.received_on.year),
        kind=Kind(submission.kind.value),
        status=CaseStatus.NEW,
        received_on=submission.received_on,
        method=Method.ONLINE_FORM,
        submitter=submitter,
        made_by_child=submitter.value in CHILD_SUBMITTERS,
        advocate_supported=submitter is Submitter.ADVOCATE,
        on_behalf_of_child=submission.on_behalf_of_child,
        child_age=submission.child_age,
        looked_after_by=submission.looked_after_by.value if submission.looked_after_by else None,
        service=submission.service.value,
        event_on=submission.event_on,
        # "Is it about any of these?": kept, so the case file shows what they ticked.
        about_decision_of=(submission.about_decision_of.value
                           if submission.about_decision_of else None),
        proceedings=[p.value for p in submission.proceedings],
        in_danger_now=submission.in_danger_now,
        wants_advocate=submission.wants_advocate,
        description=submission.description,
        how_affected=exact_text(answers.get("how_affected")),
        feeling=answers.get("feeling") if answers.get("feeling") in FEELINGS else None,
        desired_outcome=exact_text(answers.get("desired_outcome")),
        language=locale,
        anonymous=anonymous,
        tracking_code_hash=hash_tracking_code(tracking_code),
        submission_key=submission_key,
    )


def _complainant(answers: Mapping[str, Any], *, locale: str, anonymous: bool) -> Person:
    contact = list(answers.get("contact_methods") or [])
    needs = [n for n in answers.get("needs") or [] if n != "none"]
    # Details ride with their need, so a caseworker reads "interpreter:Polish" in one place.
    needs = [f"interpreter:{exact_text(answers.get('interpreter_language'))}"
             if n == "interpreter" else
             f"other:{exact_text(answers.get('other_needs'))}" if n == "other" else n
             for n in needs]
    child = is_child(answers)
    person = Person(
        role=PersonRole.COMPLAINANT,
        relationship_to_child=None if child else Submitter(answers["submitter"]),
        contact_methods=contact,
        language=locale,
        needs=needs,
        age=int(answers["child_age"]) if child and answers.get("child_age") else None,
    )
    if anonymous:
        return person  # nothing that could identify them
    name = exact_text(answers.get("name")) or (
        exact_text(answers.get("child_name")) if child else "")
    person.name = name or None
    person.email = exact_text(answers.get("email")) or None
    person.phone = exact_text(answers.get("phone") or answers.get("mobile")) or None
    # Texts go only to the number given for texts, kept apart from a number for calls.
    person.mobile = (exact_text(answers.get("mobile")) or None) if "text" in contact else None
    person.text_times = (str(answers.get("text_times") or "") or None
                         if "text" in contact else None)
    person.address = exact_text(answers.get("address")) or None
    person.safe_to_contact_notes = exact_text(answers.get("safe_times")) or None
    return person


def _queue_acknowledgement(session: Session, representation: Representation,
                           decision: Decision, *, locale: str) -> None:
    """The acknowledgement, in the language they used, by email and/or text as they chose
    (portal/cases/complainant.py). It names no one and holds no tracking code: an inbox
    may be shared too. Its link to the tracking page starts with PUBLIC_BASE_URL, never
    the Host the submission came with. The mail worker writes the email's body from
    ACKNOWLEDGEMENT_TEMPLATE and what is stored here (mail.services.render_queued)."""
    with in_language(locale):
        subject = gettext("Your reference is %(reference)s", reference=representation.reference)
    context = {
        "reference": representation.reference,
        "track_url": public_url("complaints.track", lang=locale),
        "dates": {"acknowledge_by": _iso(decision.acknowledge_by),
                  "respond_by": _iso(decision.respond_by)},
    }
    tell_complainant(session, representation, subject=subject, body="",
                     purpose="acknowledgement", locale=locale,
                     template=ACKNOWLEDGEMENT_TEMPLATE, context=context)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- tracking -------------------------------------------------------------------------------


def normalise_reference(typed: str) -> str:
    return "".join(typed.upper().split())


def lookup(session: Session, council: Council, reference: str, code: str
           ) -> Representation | None:
    """The entry for this reference and code, or None: the same None whether the
    reference or the code is wrong, after the same work, so neither can be probed."""
    found = queries.by_reference(session, council.id, normalise_reference(reference)[:40])
    ok = verify_tracking_code(found.tracking_code_hash if found else None, code[:100])
    return found if ok else None


def reply(session: Session, representation: Representation, body: str, *, now: datetime
          ) -> Message:
    message = Message(representation_id=representation.id, at=now,
                      author=MessageAuthor.COMPLAINANT, body=exact_text(body))
    session.add(message)
    record_event(session, representation.id, EventType.MESSAGE_FROM_COMPLAINANT, actor=ACTOR,
                 at=now)
    notifications.complainant_replied(session, representation, now=now)
    return message


def take_further(session: Session, council: Council, representation: Representation, *,
                 now: datetime, reason: str = "", actor: Actor = Actor.COMPLAINANT) -> Stage:
    """Ask for the next stage from the tracking page (or an advocate's, for the child):
    the same stage, clocks and status change as an officer logging the request
    (cases.services.begin_next_stage), allowed by the same procedure.

    Children's statutory: the complainant has 20 working days from the stage 1
    response to ask for stage 2 (2006 Regulations reg. 18), and from stage 2
    to ask for a review panel (reg. 20). A late request is flagged for a
    person to decide, never refused.
    """
    today = london_day(now)
    if guard.refusal(Step.TAKE_FURTHER, representation, actor, today=today) is not None:
        raise NotAllowed("no next stage")
    window_end = cases.escalation_window(representation)
    late = window_end is not None and today > window_end
    stage = cases.begin_next_stage(session, representation, None, requested_on=today)
    record_event(session, representation.id, EventType.NEXT_STAGE_REQUESTED, actor=ACTOR,
                 at=now, data={"stage": stage.number, "late": late,
                               "reason": exact_text(reason)[:5000]})
    return stage


def may_stop(representation: Representation) -> bool:
    """Whether the complainant may stop their complaint from the tracking page now."""
    return guard.refusal(Step.STOP, representation, Actor.COMPLAINANT) is None


def withdraw(session: Session, representation: Representation, *, now: datetime) -> None:
    """The complainant stops their complaint: it ends as withdrawn, with every clock
    (cases.services.end_withdrawn), as when an officer records a withdrawal."""
    if not may_stop(representation):
        raise NotAllowed("already finished")
    previous = representation.status
    cases.end_withdrawn(session, representation, None, today=london_day(now))
    representation.closed_at = now
    record_event(session, representation.id, EventType.WITHDRAWN, actor=ACTOR, at=now,
                 data={"from_status": previous.value})
