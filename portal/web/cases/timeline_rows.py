"""The case's timeline as an officer reads it: words, London times, repeated views grouped.

``queries.timeline`` merges the case's events with the audit log's views and
refusals, newest first, with codes and UTC moments. Each becomes a row here: the
kind of event in words (cases/event_labels.py), its details labelled with their
values in words, and the moment in Europe/London, the council's clock (BST in
summer, GMT in winter), as "23 November 2026, 10:40".

The same person opening the case again and again (every visit is recorded, as
DOMAIN.md's "Data protection" requires) would bury what happened under "view":
consecutive views by the same person become one row, "Viewed the case 5 times
between 10:02 and 10:40". The audit log keeps each one (portal/audit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from babel import dates

from portal.cases.queries import TimelineEntry
from portal.common.clock import LONDON
from portal.common.filters import reader_locale
from portal.web.cases import event_labels

#: Audit entries that repeat: consecutive ones by the same person are one row.
GROUPED = frozenset({"view", "timeline_view", "letter_viewed", "file_opened", "denied"})
#: Details the late line shows (the case page's "Late: reason for the delay").
LATE_DETAILS = frozenset({"in_time", "delay_reason", "delay_note"})


@dataclass
class TimelineRow:
    kind: str
    source: str
    at: datetime  # the latest moment, UTC
    first_at: datetime  # the earliest moment of a group, UTC
    who: str
    allowed: bool
    detail: dict[str, Any]
    count: int = 1
    what: str = ""
    when: str = ""
    details: list[tuple[str, str]] = field(default_factory=list)


def in_london(moment: datetime) -> datetime:
    """A stored moment on the council's clock (a naive one is UTC, as stored)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(LONDON)


def london_time(moment: datetime, *, with_date: bool = True) -> str:
    """"23 November 2026, 10:40" (or "10:40"), in London, in the reader's language."""
    pattern = "d MMMM y, HH:mm" if with_date else "HH:mm"
    return dates.format_datetime(in_london(moment), pattern, locale=reader_locale())


def _same_group(row: TimelineRow, entry: TimelineEntry) -> bool:
    return (row.kind in GROUPED and entry.kind == row.kind and _who(entry) == row.who
            and entry.allowed == row.allowed and entry.source == row.source
            and dict(entry.detail or {}) == row.detail)


def _words(row: TimelineRow) -> TimelineRow:
    row.when = london_time(row.at)
    if row.count > 1:
        same_day = in_london(row.first_at).date() == in_london(row.at).date()
        first = london_time(row.first_at, with_date=not same_day)
        last = london_time(row.at, with_date=not same_day)
        if first == last:  # all within one minute
            sentence = str(event_labels.GROUPED_AT_LABELS.get(row.kind, "%(count)d"))
            row.what = sentence % {"count": row.count, "time": last}
        else:
            sentence = str(event_labels.GROUPED_LABELS.get(row.kind, "%(count)d"))
            row.what = sentence % {"count": row.count, "first": first, "last": last}
    else:
        row.what = event_labels.event_label(row.kind)
    late = row.detail.get("in_time") is False
    row.details = event_labels.details(row.kind, row.detail,
                                       skip=LATE_DETAILS if late else frozenset())
    return row


def rows(entries: Sequence[TimelineEntry]) -> list[TimelineRow]:
    """The timeline's rows, newest first (as ``entries`` come), in the current locale."""
    out: list[TimelineRow] = []
    for entry in entries:
        last = out[-1] if out else None
        if last is not None and _same_group(last, entry):
            last.count += 1
            last.first_at = entry.at  # newest first: each one is earlier
            continue
        detail: Mapping[str, Any] = entry.detail or {}
        out.append(TimelineRow(kind=entry.kind, source=entry.source, at=entry.at,
                               first_at=entry.at, who=_who(entry), allowed=entry.allowed,
                               detail=dict(detail)))
    return [_words(row) for row in out]


def _who(entry: TimelineEntry) -> str:
    """A person's name as stored; the complainant, the portal or the advocate in words."""
    return event_labels.actor_label(entry.who) if entry.who in event_labels.ACTOR_LABELS \
        else entry.who
