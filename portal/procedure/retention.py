"""The retention schedule: when a closed case's personal data is due for destruction.

Pure functions: no Flask, no database, no clock (STYLE.md section 3). The
numbers come from the council's settings (portal/settings/retention.py); the
lines of the schedule and where they come from:

- **Default: 6 years after closure.** The common line for complaint files in
  local government retention schedules (the IRMS/LGA local government
  retention guidelines: "closure of the complaint + 6 years"), matching the
  Limitation Act 1980's six years for claims in contract and tort (ss. 2, 5),
  the longest most complaints can lead to. UK GDPR art. 5(1)(e) (storage
  limitation) is why the portal destroys at all.
- **Linked to a looked-after child's record: until the child's 75th
  birthday.** A looked-after child's case record must be kept "until the
  seventy-fifth anniversary of [the child's] birth" (or 15 years after the
  child's death before 18): Care Planning, Placement and Case Review (England)
  Regulations 2010, Part 9 (retention of records); Care Planning, Placement
  and Case Review (Wales) Regulations 2015, reg. 64; before them the
  Arrangements for Placement of Children (General) Regulations 1991 and the
  Placement of Children (Wales) Regulations 2007, reg. 10; children's homes
  keep their case records to the same birthday (Children's Homes Regulations
  2001 and 2015). A complaint file is not itself that case record, but where
  the complaint is about the child's care it is usually filed with or
  referred to from it, and council schedules commonly keep the two together.
  The portal therefore keeps such a complaint to the same birthday, and never
  less than the default.

What "linked to a looked-after child's record" means here (the portal holds
no link to the council's social care system, so it decides from what the
complaint says, and errs towards keeping):

- the child it is about is looked after by **this** council
  (``looked_after_by == "this_council"``); a child looked after by another
  council has their record there (the "responsible authority", who handles
  the complaint too);
- or the complainant is a care leaver (they were looked after, and their
  record is kept to the same birthday);
- or it is about a service only looked-after children and care leavers get:
  children in care, residential care, leaving care.

The child's age: the portal records the age on receipt, not a birth date
(data minimisation). A child who was ``age`` on ``received_on`` was born no
later than ``received_on`` minus ``age`` years, so their 75th birthday is no
later than ``received_on`` plus ``75 - age`` years: the portal keeps the case
to that bound, at most a year past the true birthday and never before it.
When a birth date is known it is used instead. With neither, the case is kept
``looked_after_years_age_unknown`` years after closure; the default 75 is the
honest bound (a child is at least 0 at closure, so their 75th birthday is at
most 75 years later); a council that always records ages may lower it.

The portal does not know of a child's death, so the 15-years-after-death line
never applies here: the record is kept to the birthday, which is later.

Dates: "N years after" is the anniversary; from 29 February it is 1 March in
a year with no 29 February (the later day, so never early). The date given is
the first day the case may be destroyed.

Nothing is due while the case is open, while a legal hold stands, or while the
Ombudsman's decision is awaited; an Ombudsman referral after closure starts
the clock again from the referral.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from portal.settings.retention import RetentionSettings
from portal.vocab.cases import CaseStatus, Submitter
from portal.vocab.retention import Kept, Rule
from portal.vocab.routing import LookedAfterBy, Service

#: Statuses that end a case (and set ``closed_at``): closed, withdrawn, signposted.
CLOSED_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.WITHDRAWN, CaseStatus.SIGNPOSTED})
#: Services only looked-after children and care leavers receive.
LOOKED_AFTER_SERVICES = frozenset({Service.CHILDREN_IN_CARE, Service.RESIDENTIAL_CARE,
                                   Service.LEAVING_CARE})


def add_years(day: date, years: int) -> date:
    """The anniversary ``years`` after ``day``; 29 February gives 1 March in a common year
    (the later day, so a record is never destroyed early)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return day.replace(year=year)


def linked_to_looked_after_child(*, looked_after_by: str | None, submitter: str | None,
                                 service: str | None) -> bool:
    """Whether a case is linked to a looked-after child's record (see the module's docstring):
    the child is looked after by this council, the complainant is a care leaver, or the
    complaint is about children in care, residential care or leaving care."""
    return (looked_after_by == LookedAfterBy.THIS_COUNCIL.value
            or submitter == Submitter.CARE_LEAVER.value
            or service in {s.value for s in LOOKED_AFTER_SERVICES})


def closed_on(status: CaseStatus, closed_day: date | None, known_dates: Iterable[date | None]
              ) -> date | None:
    """The day a case closed, or None while it is open.

    ``closed_day`` is the council's (London) day of ``closed_at``. Entries
    imported from an old register are closed without a ``closed_at``: their
    latest recorded date (a stage answered, an acknowledgement, receipt) is
    the best evidence of closure there is.
    """
    if status not in CLOSED_STATUSES:
        return None
    if closed_day is not None:
        return closed_day
    return max((d for d in known_dates if d is not None), default=None)


@dataclass(frozen=True)
class CaseFacts:
    """What the schedule needs to know of one case."""

    received_on: date
    closed_on: date | None  # None while open
    looked_after: bool = False
    age_on_receipt: int | None = None  # the child's age when the complaint arrived
    born_on: date | None = None
    ombudsman_referred_on: date | None = None
    ombudsman_pending: bool = False
    on_legal_hold: bool = False


@dataclass(frozen=True)
class Schedule:
    """A case's place in the schedule.

    ``keep_until`` is the first day the case may be destroyed by its rule
    (None while open); ``kept_because`` says why it is kept whatever that
    date; ``due_on`` is the date it becomes due for destruction, or None.
    """

    rule: Rule | None
    keep_until: date | None
    kept_because: Kept | None

    @property
    def due_on(self) -> date | None:
        return None if self.kept_because is not None else self.keep_until

    def is_due(self, today: date) -> bool:
        return self.due_on is not None and self.due_on <= today


def _looked_after_until(facts: CaseFacts, settings: RetentionSettings) -> tuple[Rule, date]:
    age = settings.looked_after_until_age
    if facts.born_on is not None:
        return Rule.LOOKED_AFTER_BIRTHDAY, add_years(facts.born_on, age)
    if facts.age_on_receipt is not None and facts.age_on_receipt >= 0:
        # Born no later than received_on - age years: this birthday is no later than this.
        return (Rule.LOOKED_AFTER_BIRTHDAY,
                add_years(facts.received_on, age - facts.age_on_receipt))
    assert facts.closed_on is not None
    return (Rule.LOOKED_AFTER_AGE_UNKNOWN,
            add_years(facts.closed_on, settings.looked_after_years_age_unknown))


def schedule(facts: CaseFacts, settings: RetentionSettings) -> Schedule:
    """Where a case stands in the retention schedule (the module's docstring gives the rules
    and their sources): open cases are never due; closed ones are due ``default_years``
    after closure, or, linked to a looked-after child's record, on the child's 75th
    birthday if that is later; a legal hold or an awaited Ombudsman decision keeps it."""
    if facts.closed_on is None:
        return Schedule(None, None, Kept.OPEN)
    start = max(facts.closed_on, facts.ombudsman_referred_on or facts.closed_on)
    rule, until = Rule.DEFAULT, add_years(start, settings.default_years)
    if facts.looked_after:
        looked_after_rule, looked_after_until = _looked_after_until(facts, settings)
        if looked_after_until > until:
            rule, until = looked_after_rule, looked_after_until
    kept = (Kept.LEGAL_HOLD if facts.on_legal_hold else
            Kept.OMBUDSMAN_PENDING if facts.ombudsman_pending else None)
    return Schedule(rule, until, kept)


def due_for_destruction(facts: CaseFacts, settings: RetentionSettings) -> date | None:
    """The date the case becomes due for destruction, or None while it is open, on a legal
    hold or awaiting the Ombudsman (see ``schedule``)."""
    return schedule(facts, settings).due_on


def latest_receipt_due_by(horizon: date, settings: RetentionSettings) -> date:
    """No case received after this day can be due by ``horizon``: closure is never before
    receipt and every other line of the schedule only keeps longer. Lets a query leave
    recent cases unread."""
    year = horizon.year - settings.default_years
    last = calendar.monthrange(year, horizon.month)[1]
    return date(year, horizon.month, min(horizon.day, last))


#: Sent mail is a transport copy (the case keeps its own messages and letters), so the
#: queue keeps it this many days after sending, or after giving up, for questions about
#: delivery, then forgets it: otherwise every address and letter would outlive its case.
MAIL_KEEP_DAYS = 30
