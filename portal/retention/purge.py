"""The purge: destroy the personal data of every case past its date, one transaction per case.

What destruction means here. Everything that identifies or describes a person
goes: the people (names, contact details, ages, needs), the complaint in the
person's own words (description, how they were affected, what they want),
messages and letters, checks and their reasons, remedies and learning actions
(free text), assignments and the complaint's chain (who it was about),
equality monitoring, the tracking code's hash, intake's details (the child's
age, care status, dates of events, proceedings, safety answers, routing
reasons), the advocacy record's personal details (the child's agreement,
objections, notes, the advocate), stage details naming people (independent
person, panel members, extension reasons), the notes of released legal holds,
and the case history's events (replaced by one event saying the data was
destroyed). The access log keeps who looked at what kind of thing and when,
but no longer which case, nor any detail. Any other table that points at a
case (one added later included) is deleted with it: new data is destroyed
unless someone decides otherwise here.

What stays: the bare statistical register entry, i.e. REGISTER.md's row
without its equality monitoring: reference, kind, procedure, dates, method,
team, categories, the kind of submitter, whether a child or an advocate was
involved, stage dates, outcome, delay reason, Ombudsman and compensation.
Why keep it rather than delete the entry too: the annual report compares
years and councils answer the Ombudsman, Ofsted and councillors about past
volumes and timeliness from the register (DOMAIN.md, "The central register and
reporting"); the row is already what the register shares with every other
council system (the API says "no names, addresses or free text"), and without
a name, contact, words, age, care status or equality data it does not identify
a person, so keeping it is not keeping personal data (UK GDPR recital 26).
Equality monitoring goes because, even as codes, ethnicity, disability, gender
and age band against a team and a date can single out a child in a small
council. The reference stays as the key that the destruction log, the register
and the other systems share.

Other systems: each destruction writes a register change with ``change =
personal_data_destroyed`` (the API's change feed and the push outbox carry
it), and the feed's own copies of past entries lose their equality monitoring
too, so no system reading the history later finds what the register forgot.

Each case is destroyed in its own transaction, after locking its row and
checking again that it is still due and not held (a hold placed a moment ago
wins). A destroyed case has a DestructionRecord, so a second run skips it: the
purge is idempotent and safe to run daily. It logs and prints counts, never
personal data.

Drafts and mail, outside any case: unsent public drafts are forgotten after
``SESSION_IDLE_MINUTES`` without use (portal/complaints/drafts.py), but a file
store only sweeps when someone saves a draft, so the purge sweeps too (a Redis
store expires them itself). Sent mail is kept ``MAIL_KEEP_DAYS`` (rules.py). The files an unsent
draft added (photos, voice notes) go once their draft has gone. Forms a
child saved to come back to (portal/complaints/saved.py) are deleted once past the
days the council keeps them (``saved_draft_days``).
"""

from __future__ import annotations

import getpass
import json
import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.orm import Session

from portal.db.base import Base
from portal.db.types import utcnow
from portal.files.services import delete_for_case, delete_unsent_of_gone_drafts
from portal.history.events import record_event
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import CaseEvent, Representation, Stage
from portal.models.councils import Council
from portal.models.mail import OutgoingMail
from portal.models.register import OutboxEntry, RegisterChange
from portal.models.retention import DestructionRecord, LegalHold
from portal.models.saved import SavedDraft
from portal.models.staff import AuditLog
from portal.procedure.retention import MAIL_KEEP_DAYS, schedule
from portal.register.feed import PERSONAL_DATA_DESTROYED, outbox_body, record_changes
from portal.register.queries import register_rows
from portal.retention import queries
from portal.settings.retention import RetentionSettings
from portal.vocab.events import EventType

log = logging.getLogger(__name__)

#: The register's equality monitoring columns (REGISTER.md): emptied in the feed's history.
EQUALITY_COLUMNS = ("gender", "age_band", "ethnicity", "disability")

#: Columns of the register entry that are emptied, and what they become. Every other
#: column of ``representations`` is the statistical entry and stays (a unit test keeps
#: this list in step with the model, so a new column needs a decision).
SCRUBBED_CASE_COLUMNS: dict[str, Any] = {
    "description": "", "how_affected": "", "feeling": None, "desired_outcome": "",
    "child_age": None, "looked_after_by": None, "event_on": None, "proceedings": [],
    "in_danger_now": False, "routing_reasons": [], "tracking_code_hash": None,
    "submission_key": None,
    # Nothing is left to schedule (councils.retention_dates keeps it so after, too).
    "retention_on": None,
    # A closed case has no deadline (cases.due_dates); emptied, so none can come back.
    "next_due_on": None, "next_due_what": None,
}
#: Stage columns that name people or hold free text.
SCRUBBED_STAGE_COLUMNS: dict[str, Any] = {
    "independent_person": None, "panel_members": [], "extension_reason": None,
}
#: The advocacy record keeps its dates and status (advocacy figures), not the child's
#: agreement, objections, notes or who the advocate was.
SCRUBBED_ADVOCACY_COLUMNS: dict[str, Any] = {
    "child_agreement_how": None, "objected_advocate_ids": [], "notes": {},
    "advocate_user_id": None,
}
#: Tables pointing at a case that are kept (and scrubbed above or below); rows of every
#: other table that points at a case are deleted.
KEPT_TABLES = frozenset({"representations", "stages", "representation_categories",
                         "advocacy_cases", "register_changes", "case_events", "audit_log",
                         "legal_holds", "destruction_records"})


class NotDue(Exception):
    """The case is no longer due (a hold was placed, or it was destroyed by another run)."""


def ran_by_command() -> str:
    """Who ran the purge: the command and the operating-system account, for the log."""
    try:
        account = getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers
        return "flask retention purge"
    return f"flask retention purge ({account})"[:120]


# --- one case ---------------------------------------------------------------------------


def _referencing(table: Table) -> Iterator[tuple[Table, Any, Any]]:
    """(child table, its column, the referenced column) for every foreign key to ``table``."""
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table and child is not table:
                yield child, fk.parent, fk.column


def _delete_rows(session: Session, table: Table, where: Any) -> None:
    """Delete rows of ``table`` and, first, every row that points at them."""
    if table.name in KEPT_TABLES:
        raise RuntimeError(f"the purge would delete rows of {table.name}, which it keeps")
    for child, column, referenced in _referencing(table):
        _delete_rows(session, child, column.in_(select(referenced).where(where)))
    session.execute(table.delete().where(where))


def _delete_case_tables(session: Session, rep_id: int) -> None:
    cases = Base.metadata.tables["representations"]
    for child, column, _ in _referencing(cases):
        if child.name not in KEPT_TABLES:
            _delete_rows(session, child, column == rep_id)


def _scrub_feed(session: Session, rep_id: int) -> None:
    """Empty the equality monitoring of every change the feed recorded for the entry, and of
    the deliveries carrying them."""
    history = session.execute(select(RegisterChange.id, RegisterChange.entry).where(
        RegisterChange.representation_id == rep_id)).all()
    for change_id, entry in history:
        if any(entry.get(column) for column in EQUALITY_COLUMNS):
            session.execute(update(RegisterChange).where(RegisterChange.id == change_id)
                            .values(entry={**entry, **dict.fromkeys(EQUALITY_COLUMNS, "")}))
    change_ids = [change_id for change_id, _ in history]
    if not change_ids:
        return
    for outbox_id, body in session.execute(select(OutboxEntry.id, OutboxEntry.body).where(
            OutboxEntry.change_id.in_(change_ids))).all():
        item = json.loads(body)
        entry = item.get("entry") or {}
        if any(entry.get(column) for column in EQUALITY_COLUMNS):
            scrubbed = outbox_body(item["sequence"], item["reference"],
                                   datetime.fromisoformat(item["changed_at"]),
                                   {**entry, **dict.fromkeys(EQUALITY_COLUMNS, "")},
                                   item.get("change", "changed"))
            session.execute(update(OutboxEntry).where(OutboxEntry.id == outbox_id)
                            .values(body=scrubbed))


def destroy_case(session: Session, rep_id: int, settings: RetentionSettings, *, today: date,
                 ran_by: str) -> DestructionRecord:
    """Destroy one case's personal data (the module's docstring says what goes and what
    stays), in the caller's transaction; raise NotDue if it is no longer due.

    The case's row is locked first (FOR UPDATE on PostgreSQL; SQLite has one
    writer at a time), so a legal hold placed concurrently either lands before
    this check, and stops it, or waits for this transaction and finds the case
    destroyed.
    """
    rep = session.scalars(select(Representation).where(Representation.id == rep_id)
                          .with_for_update()).one()
    if queries.destroyed_ids(session, [rep_id]):
        raise NotDue("already destroyed")
    found = queries.case_facts(session, rep_id)
    assert found is not None
    _, facts = found
    planned = schedule(facts, settings)
    if not planned.is_due(today) or facts.closed_on is None or planned.rule is None:
        raise NotDue("not due")
    assert planned.due_on is not None
    council_id, reference = rep.council_id, rep.reference

    delete_for_case(session, rep_id)
    _delete_case_tables(session, rep_id)
    # The history is append-only for everyone else (CaseEvent's guard is an ORM event);
    # destruction is the one sanctioned exception, done with a bulk statement.
    session.execute(delete(CaseEvent).where(CaseEvent.representation_id == rep_id))
    session.execute(update(Representation).where(Representation.id == rep_id)
                    .values(**SCRUBBED_CASE_COLUMNS))
    session.execute(update(Stage).where(Stage.representation_id == rep_id)
                    .values(**SCRUBBED_STAGE_COLUMNS))
    session.execute(update(AdvocacyCase).where(AdvocacyCase.representation_id == rep_id)
                    .values(**SCRUBBED_ADVOCACY_COLUMNS))
    session.execute(update(LegalHold).where(LegalHold.representation_id == rep_id)
                    .values(note=None, release_note=None))
    session.execute(update(AuditLog).where(AuditLog.representation_id == rep_id)
                    .values(representation_id=None, detail={}))
    _scrub_feed(session, rep_id)
    session.expire_all()  # the bulk statements above bypassed the identity map

    record = DestructionRecord(council_id=council_id, representation_id=rep_id,
                               reference=reference, rule=planned.rule,
                               closed_on=facts.closed_on, due_on=planned.due_on,
                               destroyed_at=utcnow(), ran_by=ran_by)
    session.add(record)
    record_event(session, rep_id, EventType.PERSONAL_DATA_DESTROYED, actor="system",
                 data={"rule": planned.rule.value, "due_on": planned.due_on.isoformat()})
    session.flush()
    # Tell the register's other systems, in this transaction (the transactional outbox).
    rows = register_rows(session, ids=[rep_id])
    record_changes(session, council_id, rows, {reference: rep_id},
                   change=PERSONAL_DATA_DESTROYED)
    return record


# --- a run ------------------------------------------------------------------------------


@dataclass
class PurgeReport:
    due: int = 0  # past their date and not kept
    destroyed: int = 0
    failed: int = 0
    kept_on_hold: int = 0  # past their date, kept by a legal hold
    kept_for_ombudsman: int = 0  # past their date, kept while the Ombudsman decides
    drafts_expired: int = 0
    mail_removed: int = 0
    saved_drafts_removed: int = 0
    unsent_files_removed: int = 0
    #: (reference, due date, rule) of each case due: what a dry run lists.
    listed: list[tuple[str, date, str]] = field(default_factory=list)


def council_retention(council: Council) -> RetentionSettings:
    return RetentionSettings.from_mapping((council.settings or {}).get("retention"))


def purge(session: Session, *, today: date, dry_run: bool, ran_by: str,
          now: datetime | None = None, draft_dir: Path | None = None,
          draft_idle_seconds: int = 30 * 60) -> PurgeReport:
    """Destroy (or, in a dry run, list) every case past its date, in every council; then
    sweep expired drafts and old mail. One transaction per case; a failure is counted,
    rolled back and left for the next run."""
    now = now or utcnow()
    report = PurgeReport()
    councils = list(session.scalars(select(Council).order_by(Council.id)))
    plans = [(council.id, council_retention(council)) for council in councils]
    session.commit()  # end the read: each case below is its own transaction
    for council_id, settings in plans:
        due = []
        for candidate in queries.candidates(session, council_id, settings, horizon=today):
            kept = candidate.schedule.kept_because
            if kept is None:
                due.append(candidate)
            elif kept.value == "legal_hold":
                report.kept_on_hold += 1
            else:
                report.kept_for_ombudsman += 1
        session.commit()
        report.due += len(due)
        for candidate in due:
            assert candidate.schedule.due_on is not None
            assert candidate.schedule.rule is not None
            report.listed.append((candidate.reference, candidate.schedule.due_on,
                                  candidate.schedule.rule.value))
            if dry_run:
                continue
            try:
                destroy_case(session, candidate.id, settings, today=today, ran_by=ran_by)
                session.commit()
            except NotDue:
                session.rollback()
            except Exception:
                session.rollback()
                report.failed += 1
                # The row's id only: never a word of the case.
                log.exception("retention: destroying case id %s failed", candidate.id)
            else:
                report.destroyed += 1
    if draft_dir is not None:
        report.drafts_expired = expire_drafts(draft_dir, draft_idle_seconds,
                                              now=now.timestamp(), dry_run=dry_run)
        report.unsent_files_removed = expire_unsent_files(
            session, live_draft_tokens(draft_dir, draft_idle_seconds, now=now.timestamp()),
            before=now - timedelta(seconds=draft_idle_seconds), dry_run=dry_run)
    report.mail_removed = expire_mail(session, now=now, dry_run=dry_run)
    report.saved_drafts_removed = expire_saved_drafts(session, now=now, dry_run=dry_run)
    return report


def expire_drafts(directory: Path, idle_seconds: int, *, now: float | None = None,
                  dry_run: bool = False) -> int:
    """Delete unsent drafts (and half-written temporary files) left longer than the idle
    time; returns how many. The file store's own sweep runs only when someone saves."""
    if not directory.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - idle_seconds
    expired = 0
    for path in [*directory.glob("*.json"), *directory.glob(".draft-*")]:
        try:
            if path.stat().st_mtime >= cutoff:
                continue
            if not dry_run:
                path.unlink(missing_ok=True)
        except OSError:
            continue
        expired += 1
    return expired


def live_draft_tokens(directory: Path, idle_seconds: int, *, now: float | None = None
                      ) -> set[str]:
    """The ``draft_token`` of every draft in the file store still within its idle time
    (portal/complaints/drafts.py keeps one JSON file per draft): their files are kept."""
    if not directory.is_dir():
        return set()
    cutoff = (time.time() if now is None else now) - idle_seconds
    tokens = set()
    for path in directory.glob("*.json"):
        try:
            if path.stat().st_mtime < cutoff:
                continue
            token = json.loads(path.read_text(encoding="utf-8")).get("draft_token")
        except (OSError, ValueError, AttributeError):
            continue
        if token:
            tokens.add(str(token))
    return tokens


def expire_unsent_files(session: Session, live_tokens: set[str], *, before: datetime,
                        dry_run: bool = False) -> int:
    """Delete the files (photos, voice notes) of unsent drafts that are gone: added before
    ``before`` (the idle time ago) and held by none of ``live_tokens``; returns how many.
    A draft is forgotten after its idle time, and what the child added goes with it."""
    count = delete_unsent_of_gone_drafts(session, before=before, live_tokens=live_tokens,
                                         dry_run=dry_run)
    session.commit()
    return count


def expire_mail(session: Session, *, now: datetime, dry_run: bool = False) -> int:
    """Forget queued mail ``MAIL_KEEP_DAYS`` after it was sent or given up; returns how many."""
    from portal.mail.services import MAX_ATTEMPTS

    cutoff = now - timedelta(days=MAIL_KEEP_DAYS)
    old = or_(OutgoingMail.sent_at <= cutoff,
              (OutgoingMail.sent_at.is_(None) & (OutgoingMail.attempts >= MAX_ATTEMPTS)
               & (OutgoingMail.created_at <= cutoff)))
    ids = list(session.scalars(select(OutgoingMail.id).where(old)))
    if ids and not dry_run:
        session.execute(delete(OutgoingMail).where(OutgoingMail.id.in_(ids)))
    session.commit()
    return len(ids)


def expire_saved_drafts(session: Session, *, now: datetime, dry_run: bool = False) -> int:
    """Delete every saved form past its ``expires_at``; returns how many. (Reading one
    already treats it as gone: portal/complaints/saved.py.)"""
    expired = SavedDraft.expires_at <= now
    ids = list(session.scalars(select(SavedDraft.id).where(expired)))
    if ids and not dry_run:
        session.execute(delete(SavedDraft).where(SavedDraft.id.in_(ids)))
    session.commit()
    return len(ids)
