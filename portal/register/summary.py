"""The report's key figures in words, for the top of a report a council publishes.

A pure function of the report JSON (REPORT.md) and, when the register holds
it, last year's: the same numbers as the tables, said plainly. It counts and
never names: nothing here comes from a case, only from the JSON's counts.
Every sentence with a number goes through ``ngettext``, because Welsh has
five plural forms (0, 1, 2, 3, 6 and others each read differently).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext, ngettext

from portal.register.report import Report
from portal.register.tables import period_label

#: The children's statutory procedure's stage 1 base timescale, unless the council sets another.
STAGE1_DAYS = 10
STATUTORY = "children_statutory"


def percent(part: int, whole: int) -> int:
    """A whole-number percentage rounded half up (12.5% reads 13%), as ``report.average``
    rounds: Decimal, because a float rounds its binary value half to even."""
    exact = Decimal(part) * 100 / Decimal(whole)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return gettext("%(first)s and %(last)s", first=", ".join(items[:-1]), last=items[-1])


def _kind(kind: str, num: int) -> str:
    if kind == "complaint":
        return ngettext("%(num)d complaint", "%(num)d complaints", num)
    if kind == "compliment":
        return ngettext("%(num)d compliment", "%(num)d compliments", num)
    if kind == "comment":
        return ngettext("%(num)d comment", "%(num)d comments", num)
    if kind == "enquiry":
        return ngettext("%(num)d enquiry from a councillor or MP",
                        "%(num)d enquiries from councillors and MPs", num)
    return f"{num} {kind}"  # not in REPORT.md today; shown rather than dropped


def received(report: Report) -> str:
    counts = {kind: num for kind, num in report.get("received", {}).items() if num}
    total = sum(counts.values())
    if not total:
        return gettext("No complaints, compliments, comments or enquiries were received.")
    return ngettext("%(num)d representation was received: %(kinds)s.",
                    "%(num)d representations were received: %(kinds)s.", total,
                    kinds=_join([_kind(kind, num) for kind, num in counts.items()]))


def made_by_children(report: Report) -> str:
    complaints = report.get("complaints", {})
    made = complaints.get("made_by_child") or 0
    helped = complaints.get("made_by_child_with_advocate") or 0
    if not made:
        return gettext("No complaints were made by children and young people themselves.")
    first = ngettext("%(num)d complaint was made by a child or young person themselves.",
                     "%(num)d complaints were made by children and young people themselves.",
                     made)
    if made == 1:
        second = (gettext("They had an advocate.") if helped
                  else gettext("They did not have an advocate."))
    elif not helped:
        second = gettext("None of them had an advocate.")
    else:
        second = ngettext("%(num)d of them had an advocate.",
                          "%(num)d of them had an advocate.", helped)
    return f"{first} {second}"


def stage1_in_time(report: Report, days: int = STAGE1_DAYS) -> str:
    entry = (report.get("procedures", {}).get(STATUTORY, {})
             .get("stage_responses", {}).get("1") or {})
    closed = entry.get("closed") or 0
    if not closed:
        return gettext("No stage 1 responses were sent in this period.")
    in_time = entry.get("base") or 0
    return ngettext(
        "%(percent)d%% of stage 1 responses were sent within %(num)d working day "
        "(%(in_time)d of %(closed)d).",
        "%(percent)d%% of stage 1 responses were sent within %(num)d working days "
        "(%(in_time)d of %(closed)d).",
        days, percent=percent(in_time, closed), in_time=in_time, closed=closed)


def ombudsman(report: Report) -> str:
    referred = report.get("ombudsman", {}).get("referred") or 0
    if not referred:
        return gettext("No complaints went to the Ombudsman.")
    return ngettext("%(num)d complaint went to the Ombudsman.",
                    "%(num)d complaints went to the Ombudsman.", referred)


def compensation(report: Report) -> str:
    paid = Decimal(report.get("compensation_gbp") or "0")
    if not paid:
        return gettext("No compensation was paid.")
    return gettext("£%(amount)s was paid in compensation.", amount=f"{paid:,.2f}")


def change_in_complaints(report: Report, previous: Report) -> str:
    now = report.get("received", {}).get("complaint") or 0
    before = previous.get("received", {}).get("complaint") or 0
    period = period_label(previous)
    if now > before:
        return ngettext("%(num)d more complaint was received than in %(period)s (%(before)d).",
                        "%(num)d more complaints were received than in %(period)s "
                        "(%(before)d).", now - before, period=period, before=before)
    if now < before:
        return ngettext("%(num)d fewer complaint was received than in %(period)s "
                        "(%(before)d).",
                        "%(num)d fewer complaints were received than in %(period)s "
                        "(%(before)d).", before - now, period=period, before=before)
    return ngettext("The same number of complaints was received as in %(period)s "
                    "(%(num)d).",
                    "The same number of complaints was received as in %(period)s "
                    "(%(num)d).", before, period=period)


def key_figures(report: Report, previous: Report | None = None, *,
                stage1_days: int = STAGE1_DAYS) -> list[str]:
    """The key figures as short sentences, in the order a reader asks about them."""
    figures = [received(report), made_by_children(report),
               stage1_in_time(report, stage1_days), ombudsman(report), compensation(report)]
    if previous is not None:
        figures.append(change_in_complaints(report, previous))
    return figures
