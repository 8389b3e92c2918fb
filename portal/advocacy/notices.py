"""Telling advocates: a child assigned to them, and news on their children's cases.

An advocate "is told of every deadline and outcome" (issue 6). E-mails say only
that there is news and on which reference: the details are children's special
category data and stay behind the sign-in, where the advocate's case page shows
every deadline and outcome. ``tell_advocates`` runs from the CLI
(``flask --app portal advocacy tell-advocates``, e.g. every 15 minutes) and
remembers, per child, the last event it told of, so nothing is told twice.

Each email is in the recipient's language: the one their account chose, or in
a Welsh council Welsh and English, Welsh first (portal/staff/language.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import render_template
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.advocacy import queries
from portal.mail.compose import compose
from portal.mail.services import enqueue
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import CaseEvent, Representation
from portal.models.staff import Role, User
from portal.staff.language import email_languages

#: Events that change a deadline or an outcome, or bring a message: what an advocate
#: must hear of (the back office's event types, portal/cases/services.py).
NEWS: dict[str, LazyString] = {
    "acknowledged": _l("The council acknowledged the complaint."),
    "status_changed": _l("The case moved to another step."),
    "extended": _l("A deadline was extended."),
    "outcome_recorded": _l("An outcome was recorded."),
    "next_stage_requested": _l("The next stage was asked for."),
    "stage2_clock_started": _l("The investigation's clock started."),
    "panel_date_set": _l("The review panel's date was set."),
    "panel_report_received": _l("The review panel's report arrived."),
    "ombudsman": _l("The Ombudsman is involved."),
    "closed": _l("The case was closed."),
    "withdrawn": _l("The complaint was withdrawn."),
    "message_sent": _l("The council sent a message."),
    "letter_sent": _l("The council sent a letter."),
    "deferred": _l("The complaint was put on hold."),
    "resumed": _l("The complaint was taken up again."),
}
TOLD_UP_TO = "told_up_to_event_id"


def last_event_id(session: Session, representation_id: int) -> int:
    return session.scalar(select(func.coalesce(func.max(CaseEvent.id), 0)).where(
        CaseEvent.representation_id == representation_id)) or 0


def tell_assigned(session: Session, case: AdvocacyCase, advocate: User,
                  representation: Representation) -> None:
    """A child has been assigned to this advocate. From now on they hear of news on the case,
    not of what happened before (their case page shows all of it)."""
    case.notes = {**(case.notes or {}), TOLD_UP_TO: last_event_id(session, representation.id)}
    mail = compose(email_languages(advocate, representation.council), lambda: (
        gettext("A child has been assigned to you: %(reference)s",
                reference=representation.reference),
        render_template("advocacy/email/assigned.txt", representation=representation)))
    enqueue(session, to=advocate.email, subject=mail.subject, body=mail.body,
            locale=mail.locale, purpose="advocacy_assigned")


def tell_new_advocate_needed(session: Session, case: AdvocacyCase,
                             representation: Representation) -> int:
    """The child objected to their advocate: each coordinator of the provider the child was
    referred to is asked to assign another. Returns how many were told."""
    if case.provider_id is None:
        return 0  # not referred to a provider: the council's own people assign
    coordinators = session.scalars(select(User).where(
        User.provider_id == case.provider_id, User.role == Role.ADVOCACY_COORDINATOR,
        User.active.is_(True)).order_by(User.id)).all()
    for coordinator in coordinators:
        _tell_coordinator(session, coordinator, representation)
    return len(coordinators)


def _tell_coordinator(session: Session, coordinator: User,
                      representation: Representation) -> None:
    mail = compose(email_languages(coordinator, representation.council), lambda: (
        gettext("A child needs a new advocate: %(reference)s",
                reference=representation.reference),
        render_template("advocacy/email/new-advocate-needed.txt",
                        representation=representation)))
    enqueue(session, to=coordinator.email, subject=mail.subject, body=mail.body,
            locale=mail.locale, purpose="advocacy_new_advocate_needed")


def _news(events: Iterable[CaseEvent]) -> list[str]:
    """What happened, in words, once each, in the order it happened."""
    seen: list[str] = []
    for event in events:
        words = str(NEWS[event.type])
        if words not in seen:
            seen.append(words)
    return seen


def _tell_news(session: Session, advocate: User, representation: Representation,
               news: list[CaseEvent]) -> None:
    mail = compose(email_languages(advocate, representation.council), lambda: (
        gettext("News on %(reference)s", reference=representation.reference),
        render_template("advocacy/email/news.txt", representation=representation,
                        news=_news(news))))
    enqueue(session, to=advocate.email, subject=mail.subject, body=mail.body,
            locale=mail.locale, purpose="advocacy_news")


def tell_advocates(session: Session) -> int:
    """One e-mail per advocate per child with news since they were last told. Returns how
    many were queued. Runs in the caller's transaction: a mail exists only if the new
    "told up to" mark is saved with it."""
    queued = 0
    active = session.execute(
        select(AdvocacyCase, Representation, User)
        .join(Representation, Representation.id == AdvocacyCase.representation_id)
        .join(User, User.id == AdvocacyCase.advocate_user_id)
        .where(AdvocacyCase.status.in_(queries.ACTIVE_STATUSES), User.active.is_(True))
        .order_by(AdvocacyCase.id)
    ).all()
    for case, representation, advocate in active:
        told = int((case.notes or {}).get(TOLD_UP_TO, 0))
        events = list(session.scalars(
            select(CaseEvent).where(CaseEvent.representation_id == representation.id,
                                    CaseEvent.id > told).order_by(CaseEvent.id)))
        if not events:
            continue
        news = [e for e in events if e.type in NEWS]
        case.notes = {**(case.notes or {}), TOLD_UP_TO: events[-1].id}
        if not news:
            continue
        _tell_news(session, advocate, representation, news)
        queued += 1
    session.flush()
    return queued
