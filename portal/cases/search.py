"""Finding a case: the list of every case a person may see, filtered, sorted, page by page,
and found by its reference, a person's name or the words they used (issue 15, part 2).

Pure: ``parse`` reads the query string into ``CaseFilters`` (or says what is wrong with
it); ``terms``, ``reference_like``, ``fts5_query`` and ``tsquery`` turn the words searched
into each database's full-text query; ``week_end`` and ``wanted_deadline`` say what "due
this week" and "overdue" mean. One query function, ``search``, runs them on either
database.

Need to know (UK GDPR Article 5(1)(c); DOMAIN.md, "Data protection"): the list holds only
the cases the person may open (``portal.staff.access.can_see_case``): the complaints team
every case but as their council's team limit allows (``queries.visible_to``); a responding
manager, investigator, independent person, panel member or adjudicator only the cases
given to them. What was searched for may name a child: nothing here logs it.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    any_,
    bindparam,
    column,
    exists,
    false,
    func,
    literal_column,
    select,
    table,
    union,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, load_only, selectinload

from portal.cases import queries, rules
from portal.cases.models import Person, Representation, Stage
from portal.cases.vocab import CaseStatus, Kind, Method, Procedure
from portal.common.dates import WorkingCalendar
from portal.councils.models import Team
from portal.staff.access import ALL_CASES_ROLES, ASSIGNED_ROLES
from portal.staff.models import CaseAssignment, User

#: Cases per page.
PAGE_SIZE = 50
#: The longest search, in characters: a reference, a name, a few words.
MAX_QUERY = 200
#: A word searched of this many letters or more also finds the words it begins ("bruis"
#: finds "bruised", "Ale" finds "Aled"); shorter ones only themselves ("Jo" is not "John").
PREFIX_FROM = 3
#: The status filter's value for "any open status" (rules.OPEN_STATUSES).
OPEN = "open"
#: The team filter's value for "no team yet".
NO_TEAM = "none"
STAGES = (1, 2, 3)
#: Cases whose stages are read in one query (a list of ids every database takes).
STAGE_BATCH = 1000


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


# --- the words searched --------------------------------------------------------------------


def _fold_table() -> tuple[str, str]:
    """Every accented Latin letter that is a plain letter and accents (NFD), and that
    letter in lower case: the same pairs the migration 0020_case_search gives
    PostgreSQL's ``translate``."""
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        letter = chr(code)
        parts = unicodedata.normalize("NFD", letter)
        if (len(parts) > 1 and parts[0].isascii() and parts[0].isalpha()
                and all(unicodedata.combining(mark) for mark in parts[1:])):
            source.append(letter)
            target.append(parts[0].lower())
    return "".join(source), "".join(target)


FOLD_FROM, FOLD_TO = _fold_table()
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
#: A word: letters and digits (an apostrophe, a hyphen or an underscore parts words, as
#: in both databases' tokenizers).
_WORD = re.compile(r"[^\W_]+")
_REFERENCE = re.compile(r"[A-Z0-9][A-Z0-9-]{1,39}")


def fold(text: str) -> str:
    """Lower case without accents: "Siân" is "sian", "Tŷ" is "ty"."""
    return text.translate(_FOLD).lower()


def terms(q: str) -> tuple[str, ...]:
    """The words of a search, folded, each once, in order."""
    return tuple(dict.fromkeys(_WORD.findall(fold(q))))


def reference_like(q: str) -> str | None:
    """The search as part of a reference (upper case), if it could be one: one token of
    letters, digits and dashes with a digit in it ("CMP-2026-000123", "000123")."""
    token = q.strip().upper()
    if _REFERENCE.fullmatch(token) and any(ch.isdigit() for ch in token):
        return token
    return None


def fts5_query(words: tuple[str, ...]) -> str:
    """SQLite FTS5: every word, each a prefix when long enough (``PREFIX_FROM``)."""
    return " ".join(f'"{w}"*' if len(w) >= PREFIX_FROM else f'"{w}"' for w in words)


def tsquery(words: tuple[str, ...]) -> str:
    """PostgreSQL ``to_tsquery``: the same rule as ``fts5_query``."""
    return " & ".join(f"'{w}':*" if len(w) >= PREFIX_FROM else f"'{w}'" for w in words)


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


def _said(dialect: str, words: tuple[str, ...]) -> Any:
    """The ids of the cases whose people's names and words hold every one of ``words``."""
    if dialect == "postgresql":
        index = table("case_search", column("representation_id"), column("document"))
        query = func.to_tsquery(literal_column("'simple'::regconfig"), tsquery(words))
        return select(index.c.representation_id).where(
            index.c.document.op("@@", is_comparison=True)(query))
    fts = table("case_search", column("rowid"))
    return select(fts.c.rowid).where(
        literal_column("case_search").op("MATCH", is_comparison=True)(fts5_query(words)))


def _matching(dialect: str, q: str) -> ColumnElement[bool]:
    """A reference that holds the search, or every word of it said or a name.

    One list of ids, read once: as an OR of two conditions, SQLite walked every case
    in date order testing each against both (a quarter of a second for 100,000)."""
    found = []
    reference = reference_like(q)
    if reference is not None:
        found.append(select(Representation.id).where(
            func.upper(Representation.reference).contains(reference, autoescape=True)))
    words = terms(q)
    if words:
        found.append(_said(dialect, words))
    if not found:
        return false()
    return Representation.id.in_(found[0] if len(found) == 1 else union(*found))


def _furthest_stage(number: int) -> ColumnElement[bool]:
    def has(condition: Any) -> Any:
        return exists().where(Stage.representation_id == Representation.id, condition)
    return and_(has(Stage.number == number), ~has(Stage.number > number))


def conditions(dialect: str, council_id: int, filters: CaseFilters,
               viewer: User) -> list[ColumnElement[bool]]:
    """The SQL of ``filters``, within what ``viewer`` may see."""
    f = filters
    where = [Representation.council_id == council_id, *_allowed(viewer)]
    if f.q:
        where.append(_matching(dialect, f.q))
    if f.statuses:
        where.append(Representation.status.in_(sorted(f.statuses)))
    if f.due is not None:  # only an open case has a deadline
        where.append(Representation.status.in_(sorted(rules.OPEN_STATUSES)))
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


_ORDER = {
    Sort.NEWEST: (Representation.received_on.desc(), Representation.id.desc()),
    Sort.OLDEST: (Representation.received_on, Representation.id),
    Sort.REFERENCE: (Representation.reference,),
}


def search(session: Session, council_id: int, filters: CaseFilters, *, viewer: User,
           page: int, today: date, calendar: WorkingCalendar,
           stage2_acknowledge: Mapping[Procedure, int] | None = None) -> Found:
    """One page (from 1) of the council's cases that match ``filters`` and that ``viewer``
    may see, in the order asked for (newest first unless told), and how many in all.

    An overdue or due-this-week filter reads the next deadline as the case page and the
    due list do (queries.deadline_from), for the open cases that match the rest.
    """
    dialect = session.get_bind().dialect.name
    where = conditions(dialect, council_id, filters, viewer)
    start = (page - 1) * PAGE_SIZE
    if filters.due is None:
        total = session.scalar(select(func.count()).select_from(Representation)
                               .where(*where)) or 0
        ids = list(session.scalars(select(Representation.id).where(*where)
                                   .order_by(*_ORDER[filters.sort])
                                   .offset(start).limit(PAGE_SIZE)))
    else:
        matching = _with_deadline(session, where, filters, today=today, calendar=calendar,
                                  stage2_acknowledge=stage2_acknowledge or {})
        total, ids = len(matching), matching[start:start + PAGE_SIZE]
    return Found(_load(session, ids), total, page)


def _with_deadline(session: Session, where: list[ColumnElement[bool]], filters: CaseFilters,
                   *, today: date, calendar: WorkingCalendar,
                   stage2_acknowledge: Mapping[Procedure, int]) -> list[int]:
    """The ids of the matching cases whose next deadline is as wanted, in order. Reads only
    the columns the deadline needs: the cases, then their stages by the (case, number)
    index, a thousand cases at a time. (Joined to their latest stage in one query,
    PostgreSQL read every stage of the register first.)"""
    assert filters.due is not None
    cases = session.execute(
        select(Representation.id, Representation.reference, Representation.received_on,
               Representation.status, Representation.procedure,
               Representation.acknowledge_by, Representation.acknowledged_on)
        .where(*where)).all()
    latest: dict[int, Any] = {}
    ids = [case.id for case in cases]
    postgresql = session.get_bind().dialect.name == "postgresql"
    # PostgreSQL takes the ids as one array; SQLite a list of them, a thousand at a time.
    batch = max(len(ids), 1) if postgresql else STAGE_BATCH
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        among = (Stage.representation_id == any_(bindparam("ids", chunk, type_=ARRAY(Integer)))
                 if postgresql else Stage.representation_id.in_(chunk))
        for stage in session.execute(select(
                Stage.representation_id, Stage.number, Stage.closed_on, Stage.extended_to_on,
                Stage.due_on, Stage.requested_on, Stage.report_on, Stage.panel_on,
                Stage.started_on, Stage.acknowledge_by, Stage.acknowledged_on).where(among)):
            known = latest.get(stage.representation_id)
            if known is None or stage.number > known.number:
                latest[stage.representation_id] = stage
    kept = []
    for case in cases:
        found = queries.deadline_from(case.status, case.acknowledge_by, case.acknowledged_on,
                                      latest.get(case.id), calendar,
                                      stage2_acknowledge.get(case.procedure))
        if found is not None and wanted_deadline(found[1], filters.due, today=today):
            kept.append(case)
    if filters.sort is Sort.REFERENCE:
        kept.sort(key=lambda r: r.reference)
    else:
        kept.sort(key=lambda r: (r.received_on, r.id), reverse=filters.sort is Sort.NEWEST)
    return [case.id for case in kept]


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
