"""Raising safety alerts and telling people, in the caller's transaction.

DOMAIN.md, "Safety": a child who says they are in danger now "is flagged to a
person the same day", and "every promise a page makes to a child is kept by the
software, whatever the child does next". So an alert and its emails are written
in the same transaction as what raised it: the answer "I am not safe" (before
the form is sent, the "Get help now" page's promise), a sent form that says a
child may be at risk, or an urgent complaint logged by an officer. The children's
rights officers (or, where the council has none, its complaints managers) and
the council's safeguarding contact are emailed at once; the alert stays open,
and the case urgent, until a person records what they did. Software never
decides a safeguarding matter: it only makes sure a person is told.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from flask import render_template
from flask_babel import gettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.common.clock import LONDON
from portal.common.dates import Nation
from portal.common.links import public_url
from portal.councils.services import council_settings, routing_settings_for
from portal.history.events import record_event
from portal.mail.compose import compose
from portal.mail.services import enqueue
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.safety import SafetyAlert
from portal.models.staff import Role, User
from portal.routing.rules import harm_words_found
from portal.settings.routing import RoutingSettings
from portal.staff.language import BILINGUAL_WALES, email_languages
from portal.vocab.events import EventType
from portal.vocab.safety import AlertSource, SafeguardingAction

log = logging.getLogger(__name__)

#: What raised an alert besides words: the answer "No" or "Not sure" to "Are you safe?",
#: and an officer's "Urgent: a child may be at risk" on a complaint they logged.
NOT_SAFE = "not_safe"
MARKED_URGENT = "marked_urgent"
#: Actions that need the reason written down (Working Together 2023: record decisions).
REASON_NEEDED = frozenset({SafeguardingAction.NO_ACTION, SafeguardingAction.CANNOT_CONTACT})
PURPOSE = "safety_alert"


def signals(*, not_safe: bool, texts: Sequence[str | None], settings: RoutingSettings,
            marked_urgent: bool = False) -> list[str]:
    """What says a child may be at risk: the answer "not safe", an officer's mark, and the
    words that may signal harm in any of the free-text answers, each once."""
    found = [NOT_SAFE] if not_safe else []
    if marked_urgent:
        found.append(MARKED_URGENT)
    for text in texts:
        found.extend(w for w in harm_words_found(text, settings) if w not in found)
    return found


class SafetyError(Exception):
    """A decision that cannot be recorded; the message says why in plain words."""


def raise_not_safe_answer(session: Session, council: Council, *, draft_key: str,
                          submitter: str | None, locale: str, now: datetime) -> SafetyAlert:
    """The answer "I am not safe" on the public journey, before anything is sent.

    Once per journey (``draft_key``): going back and answering again, or reloading,
    tells nobody twice. Returns the alert."""
    existing = by_draft_key(session, council.id, draft_key)
    if existing is not None:
        return existing
    alert = SafetyAlert(council_id=council.id, raised_at=now, source=AlertSource.NOT_SAFE_ANSWER,
                        draft_key=draft_key, submitter=submitter, signals=[NOT_SAFE],
                        locale=locale)
    try:
        with session.begin_nested():
            session.add(alert)
            session.flush()
    except IntegrityError:  # the same journey, in another tab at the same moment
        found = by_draft_key(session, council.id, draft_key)
        if found is None:
            raise
        return found
    alert.told = _tell(session, council, alert, None)
    return alert


def raise_for_case(session: Session, representation: Representation, *, source: AlertSource,
                   signals: Sequence[str], now: datetime, draft_key: str | None = None
                   ) -> SafetyAlert | None:
    """A case that says a child may be at risk: ``signals`` is what said so (``NOT_SAFE``
    and the words that may signal harm). Nothing to say, no alert.

    When the same journey already raised an alert at "Are you safe?", that alert
    gains the case and its words, and people are told again with the reference, so
    whoever reads it can now act on the case."""
    if not signals:
        return None
    council = representation.council
    alert = by_draft_key(session, council.id, draft_key) if draft_key else None
    if alert is None:
        alert = SafetyAlert(council_id=council.id, raised_at=now, source=source,
                            draft_key=draft_key, signals=list(signals),
                            submitter=representation.submitter.value
                            if representation.submitter else None,
                            locale=representation.language or "en")
        session.add(alert)
    else:
        alert.signals = list(dict.fromkeys([*alert.signals, *signals]))
    alert.representation = representation
    session.flush()
    told = _tell(session, council, alert, representation)
    alert.told = (alert.told or 0) + told
    record_event(session, representation.id, EventType.SAFETY_ALERT_RAISED, actor="system",
                 at=now, data={"alert": alert.id, "told": told})
    return alert


def raise_if_at_risk(session: Session, representation: Representation, *,
                     source: AlertSource, now: datetime, marked_urgent: bool = False,
                     draft_key: str | None = None) -> SafetyAlert | None:
    """Raise an alert for a case whose own answers say a child may be at risk: the answer
    "not safe", an officer's urgent mark, or words of harm in its free text. The case is
    then urgent. One rule for every channel (the public form, an advocate, an officer's
    log), in the caller's transaction."""
    found = signals(not_safe=bool(representation.in_danger_now), marked_urgent=marked_urgent,
                    texts=(representation.description, representation.how_affected,
                           representation.desired_outcome),
                    settings=routing_settings_for(representation.council))
    if not found:
        return None
    representation.urgent = True
    return raise_for_case(session, representation, source=source, signals=found, now=now,
                          draft_key=draft_key)


def by_draft_key(session: Session, council_id: int, draft_key: str | None) -> SafetyAlert | None:
    if not draft_key:
        return None
    return session.scalars(select(SafetyAlert).where(
        SafetyAlert.council_id == council_id, SafetyAlert.draft_key == draft_key)).first()


def open_alerts(session: Session, council_id: int) -> list[SafetyAlert]:
    """Every alert no person has recorded a decision on, the oldest first."""
    return list(session.scalars(select(SafetyAlert).where(
        SafetyAlert.council_id == council_id, SafetyAlert.decided_at.is_(None))
        .order_by(SafetyAlert.raised_at, SafetyAlert.id)))


def recent_decisions(session: Session, council_id: int, limit: int = 50) -> list[SafetyAlert]:
    return list(session.scalars(select(SafetyAlert).where(
        SafetyAlert.council_id == council_id, SafetyAlert.decided_at.is_not(None))
        .order_by(SafetyAlert.decided_at.desc(), SafetyAlert.id.desc()).limit(limit)))


def count_open(session: Session, council_id: int) -> int:
    return session.scalar(select(func.count()).select_from(SafetyAlert).where(
        SafetyAlert.council_id == council_id, SafetyAlert.decided_at.is_(None))) or 0


def alerts_for_case(session: Session, representation_id: int) -> list[SafetyAlert]:
    return list(session.scalars(select(SafetyAlert).where(
        SafetyAlert.representation_id == representation_id).order_by(SafetyAlert.id)))


def decide(session: Session, alert: SafetyAlert, user: User, *, action: SafeguardingAction,
           note: str | None, now: datetime) -> None:
    """Record what a person did. Once: a decision is part of the record, never rewritten
    (a later step is a new note on the case)."""
    if alert.decided_at is not None:
        raise SafetyError(gettext("A decision is already recorded for this alert."))
    note = (note or "").strip() or None
    if action in REASON_NEEDED and note is None:
        raise SafetyError(gettext("Write why no safeguarding referral is needed or possible."))
    alert.action, alert.note = action, note
    alert.decided_at, alert.decided_by_id = now, user.id
    if alert.representation_id is not None:
        record_event(session, alert.representation_id, EventType.SAFEGUARDING_DECIDED,
                     actor="staff", actor_user_id=user.id, at=now,
                     data={"alert": alert.id, "action": action.value})


# --- telling people -----------------------------------------------------------------------


def recipients(session: Session, council: Council) -> list[User]:
    """The council's children's rights officers; where it has none, its complaints
    managers, so an alert never goes to nobody while someone could read it."""
    for role in (Role.CHILDRENS_RIGHTS_OFFICER, Role.COMPLAINTS_MANAGER):
        people = list(session.scalars(select(User).where(
            User.council_id == council.id, User.role == role, User.active.is_(True))
            .order_by(User.id)))
        if people:
            return people
    return []


def _tell(session: Session, council: Council, alert: SafetyAlert,
          representation: Representation | None) -> int:
    """Email each person who must read it today; returns how many were emailed."""
    told = 0
    for user in recipients(session, council):
        _send(session, alert, representation, to=user.email,
              languages=email_languages(user, council))
        told += 1
    contact = council_settings(council).contacts.safeguarding_email
    if contact:
        languages = BILINGUAL_WALES if council.nation is Nation.WALES else ("en",)
        _send(session, alert, representation, to=contact, languages=languages)
        told += 1
    if told == 0:
        # No personal data: the alert's number is enough to find it on the urgent list.
        log.error("safety alert %s: nobody to email (no children's rights officer, no "
                  "complaints manager, no contacts.safeguarding_email)", alert.id)
    return told


def _send(session: Session, alert: SafetyAlert, representation: Representation | None, *,
          to: str, languages: Sequence[str]) -> None:
    raised = alert.raised_at.astimezone(LONDON)
    # PUBLIC_BASE_URL, never the Host of the child's request that raised the alert.
    link = public_url("safety.alert", alert_id=alert.id)

    def write() -> tuple[str, str]:
        if representation is None:
            subject = gettext("Urgent: someone said a child is not safe (alert %(number)s)",
                              number=alert.id)
        else:
            subject = gettext("Urgent: a child may be at risk (%(reference)s)",
                              reference=representation.reference)
        body = render_template("safety/email/alert.txt", alert=alert,
                               representation=representation, raised=raised, link=link,
                               words=[s for s in alert.signals
                                      if s not in (NOT_SAFE, MARKED_URGENT)],
                               not_safe=NOT_SAFE in alert.signals,
                               marked_urgent=MARKED_URGENT in alert.signals)
        return subject, body

    mail = compose(list(languages), write)
    enqueue(session, to=to, subject=mail.subject, body=mail.body, locale=mail.locale,
            purpose=PURPOSE)
