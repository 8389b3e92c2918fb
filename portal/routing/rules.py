"""Routing rules: which procedure a submission follows, what a person must check,
and its first deadlines (``spec/ROUTING.md``, from ``spec/DOMAIN.md``).

Pure functions over the submission, the council's :class:`RoutingSettings`
and a :class:`WorkingCalendar`: no Flask, no database, no clock. Each rule is
a small function with its legal source; :func:`route` composes them and keeps
one :class:`Reason` per rule that fired.
"""

from __future__ import annotations

import calendar as gregorian
from datetime import date
from typing import TYPE_CHECKING

from portal.common.dates import WorkingCalendar
from portal.routing.decision import Decision
from portal.routing.reason_codes import Reason, ReasonCode
from portal.settings.routing import RoutingSettings, normalise_text
from portal.vocab.routing import (
    PROCEDURE_ROUTES,
    Advocacy,
    Check,
    DecisionMaker,
    Kind,
    LookedAfterBy,
    Profile,
    Route,
    Signpost,
    Submitter,
)

if TYPE_CHECKING:
    # Only its type: a parsed submission arrives; parsing it (with its words) is
    # submission.py's.
    from portal.routing.submission import Submission

__all__ = [
    "Decision",
    "advocacy_for",
    "deadlines_for",
    "harm_signal",
    "kind_route",
    "months_after",
    "needs_child_agreement",
    "needs_deferral",
    "needs_sufficient_interest",
    "is_out_of_time",
    "procedure_for",
    "route",
    "signpost_for",
]

#: Whose decisions the council's procedures cannot reopen, and who handles them.
_DECISION_SIGNPOSTS = {
    # The Ombudsman's decision is final on the matter (Local Government Act
    # 1974 Part 3; Public Services Ombudsman (Wales) Act 2019).
    DecisionMaker.OMBUDSMAN: Signpost.OMBUDSMAN,
    # Court decisions and court reports: the court, by appeal ("Getting the
    # Best from Complaints" 2006, para 2.7 matters excluded).
    DecisionMaker.COURT: Signpost.COURT,
    # Tribunal matters such as the content of an EHC plan: the First-tier
    # Tribunal (Children and Families Act 2014 s.51).
    DecisionMaker.TRIBUNAL: Signpost.TRIBUNAL,
    # Child protection conference decisions: the local safeguarding
    # partnership's procedure (Working Together to Safeguard Children).
    DecisionMaker.CHILD_PROTECTION_CONFERENCE: Signpost.SAFEGUARDING_PARTNERSHIP,
}

#: Complainants who are the child, or were: the ones the council must offer an
#: advocate (Children Act 1989 s.26A).
_CHILD_COMPLAINANTS = frozenset({Submitter.CHILD, Submitter.CARE_LEAVER})


def route(
    submission: Submission, *, settings: RoutingSettings, calendar: WorkingCalendar
) -> Decision:
    """The decision for one submission: route, checks, advocacy, urgency, deadlines, reasons."""
    reasons: list[Reason] = []

    chosen, signpost, reason = choose_route(submission, settings)
    reasons.append(reason)

    checks: list[Check] = []
    if chosen in PROCEDURE_ROUTES:
        for check, fired in _checks(submission, settings, chosen):
            checks.append(check)
            reasons.append(fired)

    advocacy = advocacy_for(submission, chosen)
    if advocacy is not Advocacy.NOT_APPLICABLE:
        reasons.append(Reason.of(_ADVOCACY_REASONS[advocacy]))

    # Urgency never feeds back into route or checks: it only asks a person to look.
    urgent = False
    if submission.in_danger_now:
        urgent = True
        reasons.append(Reason.of(ReasonCode.URGENT_DANGER_NOW))
    if harm_signal(submission.description, settings):
        urgent = True
        reasons.append(Reason.of(ReasonCode.URGENT_HARM_WORDS))

    acknowledge_by, respond_by, respond_by_latest = deadlines_for(
        submission.received_on, chosen, settings=settings, calendar=calendar
    )
    if respond_by is not None or acknowledge_by is not None:
        if not calendar.is_working_day(submission.received_on):
            reasons.append(Reason.of(ReasonCode.RECEIVED_ON_NON_WORKING_DAY))
        reasons.append(Reason.of(ReasonCode.DEADLINES))

    return Decision(
        route=chosen,
        stage=1 if chosen in PROCEDURE_ROUTES else None,
        signpost=signpost,
        checks=tuple(checks),
        advocacy=advocacy,
        urgent=urgent,
        acknowledge_by=acknowledge_by,
        respond_by=respond_by,
        respond_by_latest=respond_by_latest,
        reasons=tuple(reasons),
    )


# --- route ---------------------------------------------------------------------


def choose_route(
    submission: Submission, settings: RoutingSettings
) -> tuple[Route, Signpost | None, Reason]:
    """Kind first, then signposting, then the procedure for the service (DOMAIN.md)."""
    by_kind = kind_route(submission)
    if by_kind is not None:
        return by_kind, None, Reason.of(ReasonCode(by_kind.value))
    signpost = signpost_for(submission, settings)
    if signpost is not None:
        params = {}
        if signpost is Signpost.OMBUDSMAN:
            params["ombudsman"] = settings.ombudsman.value
        elif signpost is Signpost.ANOTHER_COUNCIL:
            params["service"] = submission.service.value
        return Route.SIGNPOST, signpost, Reason.of(ReasonCode.signposted(signpost), **params)
    procedure = procedure_for(submission, settings)
    return procedure, None, _procedure_reason(procedure, submission, settings)


def kind_route(submission: Submission) -> Route | None:
    """Compliments, comments and enquiries are not complaints, so no complaints
    procedure applies: compliments go to the worker and manager, comments want
    no formal response, enquiries (councillor or MP casework) get a reply in 10
    working days (DOMAIN.md, "Representations")."""
    if submission.kind is Kind.COMPLAINT:
        return None
    return Route(submission.kind.value)


def signpost_for(submission: Submission, settings: RoutingSettings) -> Signpost | None:
    """Matters the council's procedures do not handle, and who does.

    Excluded by the Children Act 1989 Representations Procedure (England)
    Regulations 2006 and "Getting the Best from Complaints" (2006), ch. 2: a
    court's or tribunal's decision, a child protection conference's decision
    (the safeguarding partnership), a matter the Ombudsman has decided, other
    bodies' services (school, NHS, police: the council's settings), and a
    child looked after by another council, whose complaints about their care
    belong to that council as the responsible authority (reg. 2 and s.26(3)).
    """
    if submission.about_decision_of is not None:
        return _DECISION_SIGNPOSTS[submission.about_decision_of]
    by_service = settings.signposted_services.get(submission.service)
    if by_service is not None:
        return by_service
    # Only the care the other council is responsible for goes to them; this
    # council's own housing or youth offending service stays here.
    if (
        submission.looked_after_by is LookedAfterBy.ANOTHER_COUNCIL
        and submission.service in settings.childrens_services
    ):
        return Signpost.ANOTHER_COUNCIL
    return None


def procedure_for(submission: Submission, settings: RoutingSettings) -> Route:
    """Children's social care functions follow the children's statutory procedure
    (Children Act 1989 s.26(3); 2006 Regulations; in Wales the Social Services
    Complaints Procedure (Wales) Regulations 2014), adult social care the adult
    one (2009 Regulations; in Wales the same 2014 Regulations), and every other
    council service the corporate procedure (LGSCO Complaint Handling Code)."""
    if submission.service in settings.childrens_services:
        return Route.CHILDREN_STATUTORY
    if submission.service in settings.adult_services:
        return Route.ADULT_STATUTORY
    return Route.CORPORATE


def _procedure_reason(
    procedure: Route, submission: Submission, settings: RoutingSettings
) -> Reason:
    service = submission.service.value
    if procedure is Route.CORPORATE:
        return Reason.of(ReasonCode.CORPORATE, service=service)
    if settings.profile is Profile.WALES:
        return Reason.of(ReasonCode.SOCIAL_SERVICES_WALES, service=service)
    if procedure is Route.CHILDREN_STATUTORY:
        return Reason.of(ReasonCode.CHILDREN_STATUTORY, service=service)
    return Reason.of(ReasonCode.ADULT_STATUTORY, service=service)


# --- checks --------------------------------------------------------------------


def _checks(
    submission: Submission, settings: RoutingSettings, procedure: Route
) -> list[tuple[Check, Reason]]:
    """The checks in the contract's order, each with the reason it fired."""
    found: list[tuple[Check, Reason]] = []
    submitter = submission.submitter.value
    if needs_sufficient_interest(submission, settings, procedure):
        found.append(
            (
                Check.SUFFICIENT_INTEREST,
                Reason.of(ReasonCode.SUFFICIENT_INTEREST, submitter=submitter),
            )
        )
    if needs_child_agreement(submission):
        found.append(
            (Check.CHILD_AGREEMENT, Reason.of(ReasonCode.CHILD_AGREEMENT, submitter=submitter))
        )
    if is_out_of_time(submission, settings):
        found.append(
            (
                Check.OUT_OF_TIME,
                Reason.of(ReasonCode.OUT_OF_TIME, months=settings.out_of_time_months),
            )
        )
    if needs_deferral(submission):
        proceedings = ",".join(p.value for p in submission.proceedings)
        found.append((Check.DEFERRAL, Reason.of(ReasonCode.DEFERRAL, proceedings=proceedings)))
    return found


def needs_sufficient_interest(
    submission: Submission, settings: RoutingSettings, procedure: Route
) -> bool:
    """Someone outside the qualifying list (a grandparent, another relative, a
    professional, a neighbour) may use the children's statutory procedure only
    if the council decides they have sufficient interest in the child's welfare
    (Children Act 1989 s.26(3)(e); 2006 Regulations reg. 4)."""
    return (
        procedure is Route.CHILDREN_STATUTORY
        and submission.submitter not in settings.qualifying_submitters
    )


def needs_child_agreement(submission: Submission) -> bool:
    """When an adult or advocate complains on a child's behalf, check where
    possible that the child agrees and that it reflects the child's view
    ("Getting the Best from Complaints" 2006, para 3.3; 2006 Regulations reg. 4)."""
    return submission.on_behalf_of_child and submission.submitter is not Submitter.CHILD


def months_after(d: date, months: int) -> date:
    """The corresponding date ``months`` later; the month's last day when there is
    none (29 February 2024 + 12 months = 28 February 2025), as the courts count
    calendar months (Dodds v Walker [1981] 1 WLR 1441)."""
    total = d.month - 1 + months
    year, month = d.year + total // 12, total % 12 + 1
    return date(year, month, min(d.day, gregorian.monthrange(year, month)[1]))


def is_out_of_time(submission: Submission, settings: RoutingSettings) -> bool:
    """Complaints are normally made within 12 months of the matter; a later one
    is a check for a person, never a refusal (2006 Regulations reg. 9; 2009
    Regulations reg. 12; Wales 2014 Regulations reg. 14)."""
    if submission.event_on is None:
        return False
    limit = months_after(submission.event_on, settings.out_of_time_months)
    return submission.received_on > limit


def needs_deferral(submission: Submission) -> bool:
    """If considering the complaint could prejudice court, police or disciplinary
    proceedings under way, it may be deferred ("Getting the Best from
    Complaints" 2006, para 2.9; 2006 Regulations reg. 8)."""
    return bool(submission.proceedings)


# --- advocacy ------------------------------------------------------------------

_ADVOCACY_REASONS = {
    Advocacy.REQUESTED: ReasonCode.ADVOCACY_REQUESTED,
    Advocacy.OFFER: ReasonCode.ADVOCACY_OFFER,
    Advocacy.HAS_ADVOCATE: ReasonCode.ADVOCACY_HAS_ADVOCATE,
}


def advocacy_for(submission: Submission, procedure: Route) -> Advocacy:
    """Advocacy: an advocate's submission already has one; a request is met
    whatever the route; and a child or care leaver complaining under the
    children's procedure must be offered one (Children Act 1989 s.26A;
    Advocacy Services and Representations Procedure (Children) (Amendment)
    Regulations 2004)."""
    if submission.submitter is Submitter.ADVOCATE:
        return Advocacy.HAS_ADVOCATE
    if submission.wants_advocate:
        return Advocacy.REQUESTED
    if procedure is Route.CHILDREN_STATUTORY and submission.submitter in _CHILD_COMPLAINANTS:
        return Advocacy.OFFER
    return Advocacy.NOT_APPLICABLE


# --- urgency -------------------------------------------------------------------


def harm_signal(text: str, settings: RoutingSettings) -> bool:
    """Words that may signal harm, in any configured language, raise a flag for a
    person to read; software never decides a safeguarding matter (DOMAIN.md,
    "Safety"; Working Together to Safeguard Children 2023)."""
    pattern = settings.harm_pattern
    return bool(text) and pattern is not None and pattern.search(normalise_text(text)) is not None


def harm_words_found(text: str | None, settings: RoutingSettings) -> list[str]:
    """The words that raised :func:`harm_signal`, each once, in the order written (folded
    for matching), so the person told can see at once what was said."""
    pattern = settings.harm_pattern
    if not text or pattern is None:
        return []
    found: list[str] = []
    for match in pattern.finditer(normalise_text(text)):
        if match.group(0) not in found:
            found.append(match.group(0))
    return found


# --- deadlines -----------------------------------------------------------------


def deadlines_for(
    received_on: date, procedure: Route, *, settings: RoutingSettings, calendar: WorkingCalendar
) -> tuple[date | None, date | None, date | None]:
    """Acknowledge-by, respond-by and latest dates: the route's working-day
    timescales counted from receipt (spec/WORKING-DAYS.md; the timescales of
    the 2006, 2009 and Wales 2014 Regulations and the LGSCO Code, as the
    council's settings hold them)."""
    t = settings.timescale(procedure)

    def due(n: int | None) -> date | None:
        return None if n is None else calendar.add_working_days(received_on, n)

    return due(t.acknowledge), due(t.respond), due(t.respond_latest)
