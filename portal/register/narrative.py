"""The council's own words in its annual report: a few sections per reporting period.

A complaints manager writes them in the back office (backoffice.save_narrative);
they appear in the report page, the standalone HTML and the PDF, framing the
tables as the councils' published reports do. Stored as plain text, exactly as
typed (``exact_text``), escaped on output, one row per council and period.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.register import ReportNarrative
from portal.register.report import Period

#: (key, heading); the key is the column and the form field.
SECTIONS: tuple[tuple[str, Any], ...] = (
    ("introduction", _l("Introduction")),
    ("learning", _l("What we learned and changed")),
    ("priorities", _l("Priorities for next year")),
)
#: Enough for a few pages of a published report; a limit so the PDF stays a document.
MAX_CHARS = 6000


@dataclass(frozen=True)
class Narrative:
    """The words of one period, as plain text; empty when not written."""

    introduction: str = ""
    learning: str = ""
    priorities: str = ""

    def written(self) -> list[str]:
        return [key for key, _heading in SECTIONS if getattr(self, key)]


def load_narrative(session: Session, council_id: int, period: Period) -> Narrative:
    """What was saved for exactly this period (another period's words never show)."""
    row = session.scalar(select(ReportNarrative).where(
        ReportNarrative.council_id == council_id,
        ReportNarrative.period_from == period.start,
        ReportNarrative.period_to == period.end,
    ))
    if row is None:
        return Narrative()
    return Narrative(row.introduction, row.learning, row.priorities)


def save_narrative(session: Session, council_id: int, period: Period,
                   narrative: Narrative) -> None:
    row = session.scalar(select(ReportNarrative).where(
        ReportNarrative.council_id == council_id,
        ReportNarrative.period_from == period.start,
        ReportNarrative.period_to == period.end,
    ))
    if row is None:
        row = ReportNarrative(council_id=council_id, period_from=period.start,
                              period_to=period.end)
        session.add(row)
    row.introduction = narrative.introduction
    row.learning = narrative.learning
    row.priorities = narrative.priorities
    session.flush()


def paragraphs(text: str) -> list[str]:
    """Plain text as paragraphs: each line a paragraph, blank lines ignored."""
    return [line.strip() for line in re.split(r"\n+", text) if line.strip()]


def narrative_sections(narrative: Narrative | None) -> dict[str, dict[str, Any]]:
    """The written sections ready for a template, by key; a section not written is absent."""
    if narrative is None:
        return {}
    return {key: {"id": f"narrative-{key}", "heading": str(heading),
                  "paragraphs": paragraphs(getattr(narrative, key))}
            for key, heading in SECTIONS if getattr(narrative, key)}
