"""Finding a case: the list of every case a person may see, filtered, sorted, page by page,
and found by its reference, a person's name or the words they used (issue 15, part 2).

Pure: ``parse`` reads the query string into ``CaseFilters`` (or says what is wrong with
it); ``week_end`` and ``wanted_deadline`` say what "due this week" and "overdue" mean;
``search_words`` turns the words searched into each database's full-text query. One query
function, ``search``, runs them on either database.

Need to know (UK GDPR Article 5(1)(c); DOMAIN.md, "Data protection"): the list holds only
the cases the person may open (``portal.staff.access.can_see_case``): the complaints team
every case but as their council's team limit allows (``queries.visible_to``); a responding
manager, investigator, independent person, panel member or adjudicator only the cases
given to them. What was searched for may name a child: nothing here logs it.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    exists,
    false,
    func,
    select,
    union,
)
from sqlalchemy.orm import Session, aliased, load_only, selectinload

from portal.cases import queries
from portal.cases.search_words import reference_like, said, terms
from portal.models.cases import Person, Representation, Stage
from portal.models.councils import Team
from portal.models.staff import CaseAssignment, User
from portal.procedure import rules
from portal.staff.permissions import ALL_CASES_ROLES, ASSIGNED_ROLES
from portal.vocab.cases import CaseStatus, Kind, Method, Procedure

#: Cases per page.
PAGE_SIZE = 50
#: The longest search, in characters: a reference, a name, a few words.
MAX_QUERY = 200
#: The status filter's value for "any open status" (rules.OPEN_STATUSES).
OPEN = "open"
#: The team filter's value for "no team yet".
NO_TEAM = "none"
STAGES = (1, 2, 3)


class Due(enum.StrEnum):
    OVERDUE = "overdue"
    THIS_WEEK = "this_week"


class Sort(enum.StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    REFERENCE = "reference"


class Problem(enum.StrEnum):
    """What can be wrong with a search; the page says each in words."""

    TOO_LONG = "too_long"
    NOT_A_CHOICE = "not_a_choice"  # a value no list offers (an edited address)
    NOT_A_DATE = "not_a_date"
    BACKWARDS = "backwards"  # the last day before the first


@dataclass(frozen=True)
class CaseFilters:
    """What the person asked for; empty or None is "any"."""

    q: str = ""
    statuses: frozenset[CaseStatus] = frozenset()
    stage: int | None = None  # the furthest stage the case has reached
    procedure: Procedure | None = None
    team_id: int | None = None
    no_team: bool = False
    officer_id: int | None = None  # given to this person (CaseAssignment, still running)
    kind: Kind | None = None
    channel: Method | None = None
    received_from: date | None = None
    received_to: date | None = None
    due: Due | None = None
    sort: Sort = Sort.NEWEST


@dataclass(frozen=True)
class Parsed:
    filters: CaseFilters
    problems: dict[str, Problem]  # by the form's field name: "q", "status", "from"...


def _choice(raw: str, allowed: Collection[str]) -> str | None | Problem:
    if raw == "":
        return None
    return raw if raw in allowed else Problem.NOT_A_CHOICE


def _day(args: Mapping[str, str], prefix: str) -> date | None | Problem:
    """A GOV.UK date's three boxes (``from-day``, ``from-month``, ``from-year``): none
    filled is no date; otherwise a real date with a four-figure year."""
    parts = [args.get(f"{prefix}-{part}", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None
    day, month, year = parts
    if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
        return Problem.NOT_A_DATE
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return Problem.NOT_A_DATE


def parse(args: Mapping[str, str], *, teams: Collection[int],
          officers: Collection[int]) -> Parsed:
    """The filters of a query string (one value per name), and what is wrong with it.

    ``teams`` and ``officers`` are the ids the page offers; any other is refused, as is
    a status, stage, procedure, kind, channel, deadline or sort no list offers.
    """
    problems: dict[str, Problem] = {}
    found: dict[str, Any] = {}

    q = " ".join(args.get("q", "").split())
    if len(q) > MAX_QUERY:
        problems["q"] = Problem.TOO_LONG
    found["q"] = q

    choices: dict[str, Collection[str]] = {
        "status": {OPEN, *(s.value for s in CaseStatus)},
        "stage": {str(n) for n in STAGES},
        "procedure": {p.value for p in Procedure},
        "team": {NO_TEAM, *(str(t) for t in teams)},
        "officer": {str(o) for o in officers},
        "kind": {k.value for k in Kind},
        "channel": {m.value for m in Method},
        "due": {d.value for d in Due},
        "sort": {s.value for s in Sort},
    }
    chosen: dict[str, str | None] = {}
    for name, allowed in choices.items():
        value = _choice(args.get(name, "").strip(), allowed)
        if isinstance(value, Problem):
            problems[name] = value
            value = None
        chosen[name] = value

    status = chosen["status"]
    found["statuses"] = (frozenset(rules.OPEN_STATUSES) if status == OPEN else
                         frozenset({CaseStatus(status)}) if status else frozenset())
    found["stage"] = int(chosen["stage"]) if chosen["stage"] else None
    found["procedure"] = Procedure(chosen["procedure"]) if chosen["procedure"] else None
    found["no_team"] = chosen["team"] == NO_TEAM
    found["team_id"] = int(chosen["team"]) if chosen["team"] not in (None, NO_TEAM) else None
    found["officer_id"] = int(chosen["officer"]) if chosen["officer"] else None
    found["kind"] = Kind(chosen["kind"]) if chosen["kind"] else None
    found["channel"] = Method(chosen["channel"]) if chosen["channel"] else None
    found["due"] = Due(chosen["due"]) if chosen["due"] else None
    found["sort"] = Sort(chosen["sort"]) if chosen["sort"] else Sort.NEWEST

    for name, key in (("from", "received_from"), ("to", "received_to")):
        day = _day(args, name)
        if isinstance(day, Problem):
            problems[name] = day
            day = None
        found[key] = day
    if found["received_from"] and found["received_to"] and (
            found["received_to"] < found["received_from"]):
        problems["to"] = Problem.BACKWARDS
    return Parsed(CaseFilters(**found), problems)


# --- deadlines -----------------------------------------------------------------------------


def week_end(today: date) -> date:
    """The Sunday that ends ``today``'s week."""
    return today + timedelta(days=6 - today.weekday())


def wanted_deadline(due_on: date, want: Due, *, today: date) -> bool:
    """Overdue: past its day (rules.is_overdue; a reply on the day is in time). Due this
    week: not overdue, and due by the end of this week."""
    if want is Due.OVERDUE:
        return rules.is_overdue(due_on, today=today)
    return today <= due_on <= week_end(today)


# --- the query -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    cases: list[Representation]  # this page's, with their stages, people and team
    total: int
    page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def _allowed(viewer: User) -> list[ColumnElement[bool]]:
    """The cases ``viewer`` may see (see the module's docstring); none for anyone else."""
    if viewer.role in ALL_CASES_ROLES:
        return queries.visible_to(viewer)
    if viewer.role in ASSIGNED_ROLES:
        return [Representation.id.in_(_given_to(viewer.id))]
    return [false()]


def _given_to(user_id: int) -> Any:
    return select(CaseAssignment.representation_id).where(
        CaseAssignment.user_id == user_id, CaseAssignment.ended_at.is_(None))


def _matching(session: Session, council_id: int, q: str) -> ColumnElement[bool]:
    """A reference that holds the search, or every word of it said or a name.

    One list of ids, read once: as an OR of two conditions, SQLite walked every case
    in date order testing each against both (a quarter of a second for 100,000). A
    whole reference is looked up by its index; only a part of one is looked for in
    every reference."""
    found: list[Any] = []
    reference = reference_like(q)
    if reference is not None:
        whole = session.scalar(select(Representation.id).where(
            Representation.council_id == council_id, Representation.reference == reference))
        found.append(select(Representation.id).where(
            Representation.id == whole if whole is not None else
            func.upper(Representation.reference).contains(reference, autoescape=True)))
    words = terms(q)
    if words:
        found.append(said(session.get_bind().dialect.name, words))
    if not found:
        return false()
    return Representation.id.in_(found[0] if len(found) == 1 else union(*found))


def _furthest_stage(number: int) -> ColumnElement[bool]:
    # An alias: the deadline filter also reads stages, and must not correlate to these.
    stage = aliased(Stage)

    def has(condition: Any) -> Any:
        return exists().where(stage.representation_id == Representation.id, condition)
    return and_(has(stage.number == number), ~has(stage.number > number))


def conditions(session: Session, council_id: int, filters: CaseFilters,
               viewer: User) -> list[ColumnElement[bool]]:
    """The SQL of ``filters``, within what ``viewer`` may see."""
    f = filters
    where = [Representation.council_id == council_id, *_allowed(viewer)]
    if f.q:
        where.append(_matching(session, council_id, f.q))
    if f.statuses:
        where.append(Representation.status.in_(sorted(f.statuses)))
    if f.stage is not None:
        where.append(_furthest_stage(f.stage))
    if f.no_team:
        where.append(Representation.team_id.is_(None))
    if f.officer_id is not None:
        where.append(Representation.id.in_(_given_to(f.officer_id)))
    equal: list[tuple[Any, Any]] = [
        (Representation.procedure, f.procedure), (Representation.team_id, f.team_id),
        (Representation.kind, f.kind), (Representation.method, f.channel)]
    where += [col == value for col, value in equal if value is not None]
    if f.received_from is not None:
        where.append(Representation.received_on >= f.received_from)
    if f.received_to is not None:
        where.append(Representation.received_on <= f.received_to)
    return where


#: Up to this many matches are sorted as a set; past it, a page is read in order from
#: the date (or reference) index. Left to itself, PostgreSQL read the index for the 50
#: newest of a few hundred matches and tested every case on the way (half a second
#: for a name among 100,000); sorting 10,000 rows takes milliseconds.
SORT_AS_SET = 10_000


def _order(columns: Any, sort: Sort) -> tuple[Any, ...]:
    if sort is Sort.NEWEST:
        return (columns.received_on.desc(), columns.id.desc())
    if sort is Sort.OLDEST:
        return (columns.received_on, columns.id)
    return (columns.reference,)


def search(session: Session, council_id: int, filters: CaseFilters, *, viewer: User,
           page: int, today: date) -> Found:
    """One page (from 1) of the council's cases that match ``filters`` and that ``viewer``
    may see, in the order asked for (newest first unless told), and how many in all.

    An overdue or due-this-week filter reads the next deadline as the case page and the
    due list do (deadline_from, stored on each case by cases/due_dates.py), for the cases
    that match the rest.
    """
    where = conditions(session, council_id, filters, viewer)
    start = (page - 1) * PAGE_SIZE
    if filters.due is None:
        total = session.scalar(select(func.count()).select_from(Representation)
                               .where(*where)) or 0
        ids = _page_of(session, where, filters.sort, total, start) if total > start else []
    else:
        total, ids = _with_deadline(session, where, filters, start=start, today=today)
    return Found(_load(session, ids), total, page)


def _page_of(session: Session, where: list[ColumnElement[bool]], sort: Sort, total: int,
             start: int) -> list[int]:
    """The ids of one page of the ``total`` matching cases, in order."""
    if total > SORT_AS_SET:
        query = select(Representation.id).where(*where)
        return list(session.scalars(query.order_by(*_order(Representation.__table__.c, sort))
                                    .offset(start).limit(PAGE_SIZE)))
    # OFFSET 0: the matches are found first (their own indexes), then sorted.
    matches = (select(Representation.id, Representation.received_on, Representation.reference)
               .where(*where).offset(0).subquery())
    return list(session.scalars(select(matches.c.id).order_by(*_order(matches.c, sort))
                                .offset(start).limit(PAGE_SIZE)))


def _with_deadline(session: Session, where: list[ColumnElement[bool]], filters: CaseFilters,
                   *, start: int, today: date) -> tuple[int, list[int]]:
    """How many of the matching cases have their next deadline as wanted, and the ids of
    one page of them from ``start``, in order: counted and paged by the database from
    each case's stored deadline (cases/due_dates.py) and ``ix_representations_due_on``.
    Reading every open case into Python to work its deadline out grew with the register
    (bench_staff_pages.py)."""
    assert filters.due is not None
    due_on = Representation.next_due_on
    # wanted_deadline in SQL; overdue is rules.is_overdue: a reply on the day is in time.
    if filters.due is Due.OVERDUE:
        wanted = due_on < today
    else:
        wanted = and_(due_on >= today, due_on <= week_end(today))
    kept = select(Representation.id).where(*where, wanted)
    # The total beside each row of the page: one statement when the page has rows. The
    # cases wanted are found and counted first (OFFSET 0 keeps the planner from merging
    # the two), then sorted: PostgreSQL 15 costs a window over every row as if a LIMIT
    # could stop it early, so it walked ix_representations_received_on backwards
    # through all 200,000 cases for the 6,000 overdue (0.37 s at 100,000 cases)
    # instead of reading them from ix_representations_due_on and sorting them.
    # Only the column the order needs beside the id: SQLite's index holds the date (and
    # the id, its rowid), so sorting by date reads no case's row.
    key = (Representation.reference if filters.sort is Sort.REFERENCE
           else Representation.received_on)
    matches = (kept.add_columns(key, func.count().over().label("total"))
               .offset(0).subquery())
    rows = session.execute(
        select(matches.c.id, matches.c.total).order_by(*_order(matches.c, filters.sort))
        .offset(start).limit(PAGE_SIZE)).all()
    if rows:
        return rows[0].total, [row.id for row in rows]
    total = session.scalar(select(func.count()).select_from(kept.subquery())) or 0
    return total, []


#: The columns of a case the list of results reads.
LISTED = ("id", "council_id", "reference", "kind", "status", "procedure", "received_on",
          "team_id", "acknowledge_by", "acknowledged_on")


def _load(session: Session, ids: list[int]) -> list[Representation]:
    """The cases ``ids``, in that order, with what a list of results shows."""
    if not ids:
        return []
    # Only the columns the list shows and the next deadline needs: a whole case (its
    # routing reasons, its words) is many times the size.
    cases = {rep.id: rep for rep in session.scalars(
        select(Representation).where(Representation.id.in_(ids))
        .options(load_only(*(getattr(Representation, name) for name in LISTED)),
                 selectinload(Representation.stages),
                 selectinload(Representation.people).load_only(Person.role, Person.name),
                 selectinload(Representation.team).load_only(Team.name)))}
    return [cases[i] for i in ids if i in cases]
