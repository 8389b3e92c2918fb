"""Check your answers: one summary row per answer, with a Change link to its question."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import url_for
from flask_babel import format_decimal, gettext
from markupsafe import Markup, escape

from portal.common.filters import long_date
from portal.complaints import attachments, journey
from portal.complaints.questions import Field, Step
from portal.complaints.validation import parse_date
from portal.files.services import MEGABYTE


def size_text(size: int) -> str:
    """A file's size in words a child knows: KB under a megabyte, else MB to one place."""
    if size < MEGABYTE:
        return gettext("%(size)s KB", size=format_decimal(max(1, round(size / 1024))))
    return gettext("%(size)s MB", size=format_decimal(round(size / MEGABYTE, 1)))


def file_line(item: Mapping[str, Any]) -> str:
    """One file as check your answers shows it: its name and its size."""
    return gettext("%(name)s (%(size)s)", name=item.get("name") or "",
                   size=size_text(int(item.get("size") or 0)))


def display_value(field: Field, value: Any, answers: Mapping[str, Any]) -> str:
    """The answer as the person would say it; blank answers say so."""
    if field.kind == "files":
        lines = [file_line(item) for item in attachments.listed(answers)]
        return "\n".join(lines) if lines else gettext("None added")
    if field.kind in ("radios", "checkboxes"):
        picked = value if isinstance(value, list) else [value] if value else []
        labels = [str(journey.choice_label(c, answers)) for c in field.choices
                  if c.value in picked]
        return "\n".join(labels) if labels else gettext("Not given")
    if field.kind == "date":
        parsed = parse_date(value) if isinstance(value, Mapping) and any(value.values()) else None
        return long_date(parsed) if parsed else gettext("Not given")
    return str(value) if value else gettext("Not given")


def _shown(field: Field, answers: Mapping[str, Any]) -> bool:
    if field.revealed_by is None:
        return True
    parent, choice = field.revealed_by
    picked = answers.get(parent) or []
    return choice in picked if isinstance(picked, list) else picked == choice


def summary_rows(answers: Mapping[str, Any]) -> list[dict[str, Any]]:
    """govukSummaryList rows for every question that applies."""
    rows = []
    for step in journey.applicable_steps(answers):
        for field in step.fields:
            if not _shown(field, answers):
                continue
            rows.append(_row(step, field, answers))
        note = attachments.voice_note(answers, step.voice) if step.voice else None
        if note is not None:
            rows.append(_voice_row(step, note))
    return rows


def _voice_row(step: Step, note: Mapping[str, Any]) -> dict[str, Any]:
    """A voice note that answers the question: by name and size, with its own Change link."""
    label = gettext("Voice note")
    return {
        "key": {"text": label},
        "value": {"html": ISOLATED.format(file_line(note))},
        "actions": {"items": [{
            "href": url_for("complaints.question", slug=step.slug, change=1) + "#voice",
            "text": gettext("Change"), "visuallyHiddenText": label,
        }]},
    }


#: Answers the person typed: each line is isolated (<bdi>), so an email address, a phone
#: number or English words keep their order in a right-to-left page, and Arabic in an
#: English one.
TYPED = frozenset({"text", "textarea", "email", "tel", "number", "files"})
ISOLATED = Markup("<bdi>{}</bdi>")


def _row(step: Step, field: Field, answers: Mapping[str, Any]) -> dict[str, Any]:
    label = str(journey.label(field, answers))
    typed = field.kind in TYPED and bool(answers.get(field.name))
    if field.kind == "files":
        typed = bool(attachments.listed(answers))
    lines = display_value(field, answers.get(field.name), answers).split("\n")
    return {
        "key": {"text": label},
        # Escaped line by line, so what the child typed keeps its lines and never its markup.
        "value": {"html": Markup("<br>").join(
            ISOLATED.format(line) if typed else escape(line) for line in lines)},
        "actions": {"items": [{
            "href": url_for("complaints.question", slug=step.slug, change=1) + "#"
            + (f"{field.name}-day" if field.kind == "date" else field.name),
            "text": gettext("Change"),
            "visuallyHiddenText": label,
        }]},
    }
