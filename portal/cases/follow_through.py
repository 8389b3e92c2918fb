"""Following a complaint through: its remedies, its learning actions, and reopening it.

Remedies (apology, explanation, change of worker, compensation) and learning actions
are part of the register entry (DOMAIN.md, "The central register"). A remedy may be
added or edited until the case closes; then it stands as the register reports it,
unless a complaints manager reopens the case with a reason. A learning action has an
owner and a due date, is listed on the due dashboard until it is done, and may be
edited until then; it outlives the case, since what the council changes often comes
after the answer.

Every change is a CaseEvent saying what changed: kinds, amounts, dates, owners, and
whether a note or description changed, never their words, for the audit log gets the
same detail. A reopening's reason is kept, as every decision's reason is. Like
services.py, nothing here commits.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from sqlalchemy.orm import Session

from portal.cases.context import CaseError, nation_of, require_reason
from portal.cases.guard import require
from portal.cases.services import record
from portal.common.filters import long_date
from portal.models.cases import LearningAction, Remedy, Representation
from portal.models.staff import User
from portal.procedure import rules
from portal.procedure.machine import Step
from portal.staff.labels import label
from portal.staff.permissions import NOT_OWNERS
from portal.vocab.cases import CaseStatus, Kind, RemedyKind
from portal.vocab.events import EventType

_REMEDY_REFUSALS = {
    rules.RemedyRefusal.NO_AMOUNT: lambda: gettext(
        "Give the amount of compensation in pounds."),
    rules.RemedyRefusal.AMOUNT_NOT_COMPENSATION: lambda: gettext(
        "Only compensation has an amount."),
}

_LEARNING_REFUSALS = {
    rules.LearningRefusal.DUE_BEFORE_RECEIPT: lambda: gettext(
        "The due date cannot be before the complaint was received."),
    rules.LearningRefusal.DONE_BEFORE_RECEIPT: lambda: gettext(
        "The day it was done cannot be before the complaint was received."),
    rules.LearningRefusal.DONE_IN_FUTURE: lambda: gettext(
        "The day it was done cannot be in the future."),
}

_REOPEN_REFUSALS = {
    rules.ReopenRefusal.NOT_CLOSED: lambda: gettext("Only a closed case can be reopened."),
    rules.ReopenRefusal.NOT_ANSWERED: lambda: gettext(
        "Only a complaint closed after its response can be reopened: this one had no "
        "response to follow through."),
}


# --- reopening ---------------------------------------------------------------------


def _last_answered(rep: Representation) -> int:
    return max((s.number for s in rep.stages if s.closed_on is not None), default=0)


def follow_through_only(rep: Representation) -> bool:
    """Reopened after its last response (rules.follow_through_only)."""
    stage = rep.current_stage
    return rules.follow_through_only(rep.status, stage_answered=stage is not None
                                     and stage.closed_on is not None)


def reopen_refusal(rep: Representation) -> rules.ReopenRefusal | None:
    stage = rep.current_stage
    return rules.reopen_refusal(rep.status, last_answered=_last_answered(rep),
                                stage_open=stage is not None and stage.closed_on is None)


def may_reopen(rep: Representation) -> bool:
    return reopen_refusal(rep) is None


def reopen(session: Session, rep: Representation, user: User, *, reason: str | None) -> None:
    """A complaints manager reopens a case closed after its response, with the reason,
    to put a remedy right; it returns to the status it had before closing
    (rules.status_before_closing) and no statutory clock starts again."""
    reason = require_reason(reason)
    refusal = reopen_refusal(rep)
    if refusal is not None:
        raise CaseError(_REOPEN_REFUSALS[refusal]())
    require(Step.REOPEN, rep, user.role)
    last = _last_answered(rep)
    target = rules.status_before_closing(last, stages=rules.stages_of(
        rep.procedure, nation_of(rep), enquiry=rep.kind is Kind.ENQUIRY))
    # Not rules.transition: a closed case has no moves in the procedure. Reopening is
    # outside it, checked above. Open again, the case waits for no retention date.
    rep.status, rep.closed_at = target, None
    record(session, rep, user, EventType.STATUS_CHANGED, before=CaseStatus.CLOSED.value,
           after=target.value)
    record(session, rep, user, EventType.REOPENED, reason=reason, status=target.value)


# --- remedies ------------------------------------------------------------------------


def _require_remedies_open(rep: Representation) -> None:
    if rules.remedies_may_change(rep.status):
        return
    if rep.status is CaseStatus.CLOSED:
        raise CaseError(gettext("This case is closed, so its remedies stand as recorded. A "
                                "complaints manager can reopen it, with the reason, to add "
                                "or change a remedy."))
    raise CaseError(gettext("Remedies are recorded while a stage runs or its response is "
                            "with the complainant."))


def _check_amount(kind: RemedyKind, amount_gbp: Decimal | None) -> None:
    refusal = rules.remedy_refusal(compensation=kind is RemedyKind.COMPENSATION,
                                   amount_gbp=amount_gbp)
    if refusal is not None:
        raise CaseError(_REMEDY_REFUSALS[refusal]())


def add_remedy(session: Session, rep: Representation, user: User, *, kind: RemedyKind,
               amount_gbp: Decimal | None, note: str | None) -> None:
    """Apology, explanation, change of worker, compensation (with its amount)... while
    the case is open (rules.remedies_may_change)."""
    _require_remedies_open(rep)
    require(Step.REMEDY, rep, user.role)
    _check_amount(kind, amount_gbp)
    amount = amount_gbp if kind is RemedyKind.COMPENSATION else None
    rep.remedies.append(Remedy(kind=kind, amount_gbp=amount, note=(note or "").strip()
                               or None))
    if amount is not None:
        rep.compensation_gbp = rules.compensation_after(rep.compensation_gbp, before=None,
                                                        after=amount)
    record(session, rep, user, EventType.REMEDY_ADDED, kind=kind.value, amount_gbp=amount)


def edit_remedy(session: Session, rep: Representation, user: User, *, remedy_id: int,
                kind: RemedyKind | None, amount_gbp: Decimal | None,
                note: str | None) -> None:
    """Change a remedy's kind, amount or note until the case closes; a box left empty
    keeps what it says. The case's compensation moves with the amount, so the register
    entry keeps agreeing with the case."""
    _require_remedies_open(rep)
    require(Step.REMEDY_EDIT, rep, user.role)
    remedy = next((r for r in rep.remedies if r.id == remedy_id), None)
    if remedy is None:
        raise CaseError(gettext("Choose a remedy from the list."))
    new_kind = kind or remedy.kind
    compensation = new_kind is RemedyKind.COMPENSATION
    if amount_gbp is None and compensation and remedy.kind is RemedyKind.COMPENSATION:
        amount_gbp = remedy.amount_gbp
    _check_amount(new_kind, amount_gbp)
    amount = amount_gbp if compensation else None
    new_note = (note or "").strip() or remedy.note
    changes = _remedy_changes(remedy, new_kind, amount, new_note)
    if not changes:
        raise CaseError(gettext("Nothing was changed: change the remedy's kind, amount or "
                                "note."))
    if "amount_after" in changes:
        rep.compensation_gbp = rules.compensation_after(rep.compensation_gbp,
                                                        before=remedy.amount_gbp, after=amount)
    remedy.kind, remedy.amount_gbp, remedy.note = new_kind, amount, new_note
    record(session, rep, user, EventType.REMEDY_EDITED, remedy=remedy.id, **changes)


def _remedy_changes(remedy: Remedy, kind: RemedyKind, amount: Decimal | None,
                    note: str | None) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if kind is not remedy.kind:
        changes.update(kind_before=remedy.kind.value, kind_after=kind.value)
    if amount != remedy.amount_gbp:
        changes.update(amount_before=remedy.amount_gbp, amount_after=amount)
    if note != remedy.note:
        changes["note_changed"] = True
    return changes


def remedy_text(remedy: Remedy) -> str:
    """A remedy in a few words, for choosing which to edit."""
    text = (gettext("%(kind)s, £%(amount)s", kind=label(remedy.kind), amount=remedy.amount_gbp)
            if remedy.amount_gbp else str(label(remedy.kind)))
    if remedy.note:
        text = gettext("%(remedy)s: %(note)s", remedy=text, note=_short(remedy.note))
    return text


def _short(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


# --- learning actions ----------------------------------------------------------------


def open_learning(rep: Representation) -> list[LearningAction]:
    """The case's learning actions not yet done."""
    return [a for a in rep.learning_actions if a.completed_on is None]


def learning_text(action: LearningAction) -> str:
    """A learning action in a few words, for choosing which to edit or mark done."""
    return gettext("%(description)s (owner %(owner)s, due %(due)s)",
                   description=_short(action.description), owner=action.owner,
                   due=long_date(action.due_on))


def _owner(session: Session, rep: Representation, owner_user_id: int | None,
           name: str | None) -> tuple[int | None, str] | None:
    """The owner as (account id, name shown): an account of the council's staff, or the
    name of someone without one; None when neither was given."""
    name = (name or "").strip()
    if owner_user_id is not None and name:
        raise CaseError(gettext("Choose the owner from the list or type the name of someone "
                                "without an account, not both."))
    if owner_user_id is None:
        return (None, name) if name else None
    owner = session.get(User, owner_user_id)
    if (owner is None or owner.council_id != rep.council_id or not owner.active
            or owner.role in NOT_OWNERS):
        raise CaseError(gettext("Choose someone from the list."))
    return owner.id, owner.name


def _check_due(rep: Representation, due_on: date) -> None:
    refusal = rules.learning_due_refusal(due_on, received_on=rep.received_on)
    if refusal is not None:
        raise CaseError(_LEARNING_REFUSALS[refusal]())


def add_learning(session: Session, rep: Representation, user: User, *, description: str,
                 owner_user_id: int | None, owner: str | None, due_on: date) -> None:
    """What the council will change because of this complaint, who owns it, by when."""
    require(Step.LEARNING, rep, user.role)
    found = _owner(session, rep, owner_user_id, owner)
    if not description.strip() or found is None:
        raise CaseError(gettext("Say what will change and who owns it."))
    _check_due(rep, due_on)
    rep.learning_actions.append(LearningAction(
        description=description.strip(), owner_user_id=found[0], owner=found[1],
        due_on=due_on))
    record(session, rep, user, EventType.LEARNING_ACTION_ADDED, owner=found[1], due_on=due_on)


def _open_learning(rep: Representation, action_id: int) -> LearningAction:
    action = next((a for a in rep.learning_actions if a.id == action_id), None)
    if action is None:
        raise CaseError(gettext("Choose a learning action from the list."))
    if action.completed_on is not None:
        raise CaseError(gettext("That learning action is done, so it stays as it was "
                                "recorded."))
    return action


def edit_learning(session: Session, rep: Representation, user: User, *, action_id: int,
                  description: str | None, owner_user_id: int | None, owner: str | None,
                  due_on: date | None) -> None:
    """Change what will change, its owner or its due date while it is not done; a box
    left empty keeps what it says."""
    action = _open_learning(rep, action_id)
    require(Step.LEARNING_EDIT, rep, user.role)
    found = _owner(session, rep, owner_user_id, owner)
    if due_on is not None:
        _check_due(rep, due_on)
    changes: dict[str, Any] = {}
    text = (description or "").strip()
    if text and text != action.description:
        changes["description_changed"] = True
        action.description = text
    if found is not None and found != (action.owner_user_id, action.owner):
        changes.update(owner_before=action.owner, owner_after=found[1])
        if found[0] != action.owner_user_id:  # the same name, with or without an account
            changes.update(owner_user_before=action.owner_user_id, owner_user_after=found[0])
        action.owner_user_id, action.owner = found
    if due_on is not None and due_on != action.due_on:
        changes.update(due_before=action.due_on, due_after=due_on)
        action.due_on = due_on
    if not changes:
        raise CaseError(gettext("Nothing was changed: change what will change, its owner or "
                                "its due date."))
    record(session, rep, user, EventType.LEARNING_ACTION_EDITED, learning_action=action.id,
           **changes)


def complete_learning(session: Session, rep: Representation, user: User, *, action_id: int,
                      done_on: date, note: str | None, today: date) -> None:
    """Mark a learning action done, on the day it was done, with what was done; it
    leaves the due dashboard."""
    action = _open_learning(rep, action_id)
    require(Step.LEARNING_DONE, rep, user.role)
    text = (note or "").strip()
    if not text:
        raise CaseError(gettext("Say what was done."))
    refusal = rules.learning_done_refusal(done_on, received_on=rep.received_on, today=today)
    if refusal is not None:
        raise CaseError(_LEARNING_REFUSALS[refusal]())
    action.completed_on, action.done_note = done_on, text
    record(session, rep, user, EventType.LEARNING_ACTION_DONE, learning_action=action.id,
           done_on=done_on, due_on=action.due_on)
