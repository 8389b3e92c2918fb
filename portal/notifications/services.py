"""Telling staff what needs them, in the caller's transaction (issue 16, part 4).

Each event adds a ``Notice`` per person told and, for someone who wants an email
for each (the default), queues that email with ``portal.mail.services.enqueue``
in the same transaction: the email exists if and only if what it tells of was
saved. Nothing here commits; the view or the command does (STYLE.md section 4).

Who is told:

- a case or a stage role given: the person given it (not when they gave it to
  themselves, as an officer accepting a case at triage does);
- the complainant replies, or the child's advocate writes, and each deadline:
  the people given the case in a handling role (``queries.HANDLING_ROLES``);
  where nobody is yet, the complaints managers and officers of the case's team;
  where the case has no team, or its team nobody, the council's complaints
  managers. So a message or a deadline never goes to nobody while someone
  could act on it.

Emails say which case and what happened, in the person's language
(portal/staff/language.py: their own choice, else Welsh then English in a
Welsh council), with a link to the case page built from PUBLIC_BASE_URL. They
never hold the child's words or anyone's name: inboxes are not secure.
"""

from __future__ import annotations

import logging
from datetime import date, datetime
from functools import partial

from flask import render_template
from flask_babel import gettext
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.common.links import public_url
from portal.councils.services import council_calendar, stage2_acknowledgements
from portal.db.types import utcnow
from portal.mail.compose import compose
from portal.mail.services import enqueue
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.notifications import Notice, NoticePreference
from portal.models.staff import Role, User
from portal.notifications import queries
from portal.procedure import reminders as rules
from portal.procedure.deadlines import deadline_from
from portal.staff.language import email_languages
from portal.vocab.notifications import Delivery, NoticeKind

log = logging.getLogger(__name__)

DIGEST_PURPOSE = "notice_digest"


# --- the events ---------------------------------------------------------------------------


def role_given(session: Session, rep: Representation, *, user: User, role: Role, by: User,
               now: datetime | None = None) -> Notice | None:
    """A case, or a role on one (responding manager, investigating officer, independent
    person, panel member...), was given to ``user`` by ``by``."""
    if user.id == by.id or not user.active:
        return None  # they know: they did it themselves
    return _notify(session, rep, user, NoticeKind.ROLE_GIVEN, role=role, now=now)


def complainant_replied(session: Session, rep: Representation, *,
                        now: datetime | None = None) -> list[Notice]:
    """The complainant wrote on their tracking page: the people answering for the case."""
    return [_notify(session, rep, user, NoticeKind.COMPLAINANT_REPLIED, now=now)
            for user in responsible(session, rep)]


def advocate_wrote(session: Session, rep: Representation, *, advocate: User,
                   now: datetime | None = None) -> list[Notice]:
    """The child's advocate sent a message on the case: the people answering for it."""
    return [_notify(session, rep, user, NoticeKind.ADVOCATE_WROTE, now=now)
            for user in responsible(session, rep) if user.id != advocate.id]


def responsible(session: Session, rep: Representation) -> list[User]:
    """Who answers for the case now (see the module's docstring)."""
    people = queries.assigned_handlers(session, rep.id)
    if not people and rep.team_id is not None:
        people = queries.team_staff(session, rep.council_id, rep.team_id)
    if not people:
        people = queries.complaints_managers(session, rep.council_id)
    if not people:
        # The reference only: nothing else about the case goes to the log.
        log.error("notice on %s: nobody answers for it (no assignment, team or complaints "
                  "manager)", rep.reference)
    return people


# --- deadlines ------------------------------------------------------------------------------


def tell_deadlines(session: Session, *, today: date, now: datetime | None = None) -> int:
    """For each open case's next deadline (``portal.procedure.deadlines.deadline_from``, as the
    due dashboard reads it), tell the people answering for it when it is 3 working days
    away and the day after it is missed (``rules.deadline_notice``). Each person hears of
    each deadline and date once, however often this runs. Returns how many were told."""
    told = 0
    for council in session.scalars(select(Council).order_by(Council.id)).all():
        calendar = council_calendar(council)
        acknowledge = stage2_acknowledgements(council)
        for row in queries.open_deadline_rows(session, council.id):
            stage = row if row.number is not None else None
            found = deadline_from(row.status, row.case_acknowledge_by,
                                  row.case_acknowledged_on, stage, calendar,  # type: ignore[arg-type]
                                  acknowledge.get(row.procedure) if row.procedure else None)
            if found is None:
                continue
            what, due_on = found
            kind = rules.deadline_notice(due_on, today=today, calendar=calendar)
            if kind is None:
                continue
            rep = session.get(Representation, row.id)
            assert rep is not None
            for user in responsible(session, rep):
                if _tell_once(session, rep, user, kind, deadline=what, due_on=due_on, now=now):
                    told += 1
    return told


def _tell_once(session: Session, rep: Representation, user: User, kind: NoticeKind, *,
               deadline: str, due_on: date, now: datetime | None) -> bool:
    """Add a deadline notice unless this person was told of this deadline and date; the
    unique key settles two runs at the same moment. True when it was added."""
    notice = Notice(user_id=user.id, representation_id=rep.id, kind=kind, deadline=deadline,
                    due_on=due_on, created_at=now or utcnow())
    if queries.already_told(session, notice):
        return False
    try:
        with session.begin_nested():
            session.add(notice)
    except IntegrityError:  # another run told them a moment ago
        return False
    _deliver(session, rep, user, notice)
    return True


# --- recording and emailing ------------------------------------------------------------------


def _notify(session: Session, rep: Representation, user: User, kind: NoticeKind, *,
            role: Role | None = None, now: datetime | None = None) -> Notice:
    notice = Notice(user_id=user.id, representation_id=rep.id, kind=kind, role=role,
                    created_at=now or utcnow())
    session.add(notice)
    _deliver(session, rep, user, notice)
    return notice


def _deliver(session: Session, rep: Representation, user: User, notice: Notice) -> None:
    """Email it now, or leave it for the daily summary if that is what they chose."""
    if queries.delivery_of(session, user.id) is Delivery.DAILY:
        return
    link = public_url("cases.case", reference=rep.reference)
    mail = compose(email_languages(user, rep.council), lambda: (
        _subject(notice.kind, rep.reference),
        render_template("notifications/email/notice.txt", notice=notice,
                        reference=rep.reference, link=link)))
    enqueue(session, to=user.email, subject=mail.subject, body=mail.body, locale=mail.locale,
            purpose=f"notice_{notice.kind.value}")
    notice.sent_at = notice.created_at


def _subject(kind: NoticeKind, reference: str) -> str:
    if kind is NoticeKind.ROLE_GIVEN:
        return gettext("Case %(reference)s has been given to you", reference=reference)
    if kind is NoticeKind.COMPLAINANT_REPLIED:
        return gettext("The complainant replied on case %(reference)s", reference=reference)
    if kind is NoticeKind.ADVOCATE_WROTE:
        return gettext("The child's advocate wrote on case %(reference)s", reference=reference)
    if kind is NoticeKind.DEADLINE_SOON:
        return gettext("Due soon on case %(reference)s", reference=reference)
    return gettext("Deadline missed on case %(reference)s", reference=reference)


# --- the daily summary ------------------------------------------------------------------------


def send_digests(session: Session, *, now: datetime | None = None) -> int:
    """One email to each person with notices waiting (those who chose one email a day),
    listing them in the order they happened, in their language; the notices are then
    marked sent. Each notice is claimed by one update, so a second run, even at the same
    moment, finds nothing to send. Returns how many emails were queued."""
    now = now or utcnow()
    sent = 0
    for user_id in queries.pending_users(session):
        user = session.get(User, user_id)
        if user is None or not user.active:
            continue  # nobody to read it; kept, not claimed
        claimed = list(session.scalars(
            update(Notice).where(Notice.user_id == user_id, Notice.sent_at.is_(None))
            .values(sent_at=now).returning(Notice.id),
            execution_options={"synchronize_session": "fetch"}))
        if not claimed:
            continue
        items = [(notice, rep.reference, public_url("cases.case", reference=rep.reference))
                 for notice, rep in queries.notices_with_cases(session, claimed)]
        mail = compose(email_languages(user, session.get(Council, user.council_id)),
                       partial(_digest, items))
        enqueue(session, to=user.email, subject=mail.subject, body=mail.body,
                locale=mail.locale, purpose=DIGEST_PURPOSE)
        sent += 1
    return sent


def _digest(items: list[tuple[Notice, str, str]]) -> tuple[str, str]:
    return (gettext("Your daily summary from the complaints portal"),
            render_template("notifications/email/digest.txt", items=items))


# --- each person's choice -----------------------------------------------------------------------


def delivery(session: Session, user: User) -> Delivery:
    return queries.delivery_of(session, user.id)


def choose_delivery(session: Session, user: User, chosen: Delivery) -> None:
    """Save how ``user`` wants their notices. Notices already waiting still go in the
    next daily summary, whatever the new choice, so nothing is lost in the change."""
    row = session.get(NoticePreference, user.id)
    if row is None:
        session.add(NoticePreference(user_id=user.id, delivery=chosen))
    else:
        row.delivery = chosen
