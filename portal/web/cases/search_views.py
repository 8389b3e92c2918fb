"""``GET /staff/cases/search``: find a case, and the list of every case one may see.

A GET form (it changes nothing, so no CSRF token) read by ``search.parse``; what is
wrong with it comes back as the page with the error summary (400) and what was typed,
never a partial list. What was searched for is never logged: it may name a child.
"""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from portal.cases import queries
from portal.cases import search as finder
from portal.common.clock import london_today
from portal.councils.services import council_calendar, current_council, stage2_acknowledgements
from portal.extensions import db
from portal.models.cases import Representation
from portal.procedure import rules
from portal.staff.access import requires, signed_in_user
from portal.staff.labels import label
from portal.staff.permissions import NOT_OFFICERS, Permission
from portal.vocab.cases import CaseStatus, Kind, Method, PersonRole, Procedure
from portal.web.cases import bp

#: Every name the form sends: any of them in the address keeps its place in page links.
FIELDS = ("q", "status", "stage", "procedure", "team", "officer", "kind", "channel",
          "from-day", "from-month", "from-year", "to-day", "to-month", "to-year", "due",
          "sort")
#: A complaint, compliment, comment or enquiry, where portal.staff.labels has no words.
KIND_WORDS = {Kind.COMPLAINT: _l("Complaint"), Kind.COMPLIMENT: _l("Compliment"),
              Kind.COMMENT: _l("Comment"), Kind.ENQUIRY: _l("Enquiry")}


def kind_label(kind: Kind) -> str:
    """portal.staff.labels' words for a kind when it has them, else these."""
    words = label(kind)
    return words if words != kind.value else str(KIND_WORDS[kind])


def _messages() -> dict[finder.Problem, dict[str, str]]:
    """Each problem's words, by field (read per request: they are in the reader's
    language)."""
    choose = gettext("Choose one of the options in the list")
    real = {"from": gettext("Enter a real first day, for example 1 11 2026"),
            "to": gettext("Enter a real last day, for example 30 11 2026")}
    return {
        finder.Problem.TOO_LONG: {"q": gettext("Search for %(count)d characters or fewer",
                                               count=finder.MAX_QUERY)},
        finder.Problem.NOT_A_CHOICE: dict.fromkeys(FIELDS, choose),
        finder.Problem.NOT_A_DATE: real,
        finder.Problem.BACKWARDS: {"to": gettext(
            "The last day must be the same as or after the first day")},
    }


def _page() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 10**6:
        abort(404)
    return int(raw)


def _choices(council: Any, officers: list[Any]) -> dict[str, list[tuple[str, str]]]:
    """The options of each list, as (value, words); the first is "any"."""
    teams = sorted(council.teams, key=lambda t: t.name.casefold())
    return {
        "status": [("", gettext("Any status")), (finder.OPEN, gettext("Open (any stage)")),
                   *((s.value, label(s)) for s in CaseStatus)],
        "stage": [("", gettext("Any stage")), ("1", gettext("Stage 1")),
                  ("2", gettext("Stage 2")), ("3", gettext("Stage 3"))],
        "procedure": [("", gettext("Any procedure")),
                      *((p.value, label(p)) for p in Procedure)],
        "team": [("", gettext("Any team")), (finder.NO_TEAM, gettext("No team yet")),
                 *((str(t.id), t.name) for t in teams)],
        "officer": [("", gettext("Anyone")),
                    *((str(u.id), gettext("%(name)s (%(role)s)", name=u.name,
                                          role=label(u.role))) for u in officers)],
        "kind": [("", gettext("Any kind")), *((k.value, kind_label(k)) for k in Kind)],
        "channel": [("", gettext("Any way")), *((m.value, label(m)) for m in Method)],
        "due": [("", gettext("Any, or none")), (finder.Due.OVERDUE.value, gettext("Overdue")),
                (finder.Due.THIS_WEEK.value, gettext("Due by the end of this week"))],
        "sort": [(finder.Sort.NEWEST.value, gettext("Newest first")),
                 (finder.Sort.OLDEST.value, gettext("Oldest first")),
                 (finder.Sort.REFERENCE.value, gettext("Reference"))],
    }


def _people(rep: Representation) -> list[tuple[str, str]]:
    """The child's and the complainant's names, as the list shows them."""
    said = {PersonRole.CHILD: gettext("Child"), PersonRole.COMPLAINANT: gettext("Complainant"),
            PersonRole.REPRESENTATIVE: gettext("Representative")}
    return [(said[p.role], p.name) for p in rep.people if p.name and p.role in said]


@bp.get("/search")
@requires(Permission.SEE_CASES)
def search() -> tuple[str, int]:
    """Every case this person may see, newest first, 50 to a page; filtered, sorted and
    searched as the query string asks."""
    council, user, session = current_council(), signed_in_user(), db.session()
    officers = queries.council_staff(session, council.id, leave_out=NOT_OFFICERS)
    parsed = finder.parse({name: request.args.get(name, "") for name in FIELDS},
                          teams={t.id for t in council.teams},
                          officers={u.id for u in officers})
    page = _page()
    typed = {name: request.args.get(name, "") for name in FIELDS}
    messages = _messages()
    errors = {name: messages[problem][name] for name, problem in parsed.problems.items()}
    shared = {"typed": typed, "errors": errors, "choices": _choices(council, officers),
              "max_query": finder.MAX_QUERY}
    if errors:
        return render_template("cases/search.html", found=None, **shared), 400
    today, calendar = london_today(), council_calendar(council)
    acknowledge = stage2_acknowledgements(council)
    found = finder.search(session, council.id, parsed.filters, viewer=user, page=page,
                          today=today)
    if page > found.pages:
        abort(404)
    rows = []
    for rep in found.cases:
        deadline = queries.next_deadline(rep, calendar, acknowledge.get(rep.procedure)
                                         if rep.procedure else None)
        rows.append((rep, deadline, rules.rag(deadline[1], today=today, calendar=calendar)
                     if deadline else None, _people(rep)))
    args = {name: value for name, value in typed.items() if value}
    return render_template("cases/search.html", found=found, rows=rows, args=args,
                           kind_label=kind_label, **shared), 200
