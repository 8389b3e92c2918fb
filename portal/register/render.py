"""The annual report in each format officers and other systems ask for.

JSON is the contract (REPORT.md); CSV, HTML, XLSX and PDF are built from the
same tables (``tables.build_sections``), so they show the same numbers.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from pathlib import Path
from typing import Any

import jinja2
from flask_babel import get_locale, gettext, ngettext
from markupsafe import Markup

from portal.register.charts import bar_chart
from portal.register.narrative import Narrative, narrative_sections
from portal.register.report import Report
from portal.register.summary import STAGE1_DAYS, key_figures
from portal.register.tables import build_sections, format_cell, period_label, report_title

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "register"

# A cell a spreadsheet would run as a formula (OWASP "CSV injection").
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def render_json(report: Report, previous: Report | None = None) -> bytes:
    """The contract: the report object itself, in its documented key order."""
    return (json.dumps(report, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _neutralise(text: str) -> str:
    """A report CSV is opened in spreadsheets: a leading ' keeps a team name
    such as ``=HYPERLINK(...)`` text. (The register CSV is interchange and
    keeps values exact; this file is for reading.)"""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def render_csv(report: Report, previous: Report | None = None) -> bytes:
    """Every table flattened one after another: caption, header, rows, a blank line."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_neutralise(report_title(report))])
    writer.writerow([])
    for section in build_sections(report, previous):
        for table in section.tables:
            writer.writerow([_neutralise(table.caption)])
            writer.writerow([_neutralise(h) for h in (table.row_heading, *table.columns)])
            for label, cells in table.rows:
                writer.writerow([_neutralise(label), *(format_cell(c) for c in cells)])
            writer.writerow([])
    # utf-8-sig: Excel reads a CSV without a byte-order mark as the local code page.
    return buffer.getvalue().encode("utf-8-sig")


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.policies["ext.i18n.trimmed"] = True
    # flask-babel's functions use the request's locale inside the app, English outside.
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def document_language() -> str:
    """The language the words are in: the locale chosen for this request or command."""
    locale = get_locale()
    return "en" if locale is None else str(locale.language)


def report_sections(report: Report, previous: Report | None = None) -> list[dict[str, Any]]:
    """Each section's tables with formatted cells and a chart, ready for a template
    (the standalone document here and the back office's report page)."""
    sections = []
    for s_index, section in enumerate(build_sections(report, previous)):
        tables = [{
            "id": f"table-{s_index}-{t_index}",
            "table": table,
            "rows": [(label, [format_cell(c) for c in cells]) for label, cells in table.rows],
            "chart": bar_chart(table, f"chart-{s_index}-{t_index}"),
        } for t_index, table in enumerate(section.tables)]
        sections.append({"id": f"section-{s_index}", "heading": section.heading,
                         "tables": tables})
    return sections


def _css_string(text: str) -> str:
    """Text as a CSS string that can end neither itself nor the ``<style>`` element."""
    return '"' + "".join(f"\\{ord(c):x} " if c in '"\\<\n' else c for c in text) + '"'


def page_counter() -> Markup:
    """The CSS ``content`` of the printed page number: "Page 3 of 12", translated."""
    # Placeholders no translation contains, to find where the counters go.
    words = gettext("Page %(page)s of %(pages)s", page="\0page\0", pages="\0pages\0")
    parts = re.split(r"\0(pages?)\0", words)  # text, counter name, text, ...
    return Markup(" ".join(  # noqa: S704 - the words are escaped by _css_string
        f"counter({part})" if index % 2 else _css_string(part)
        for index, part in enumerate(parts) if index % 2 or part
    ))


def render_html(report: Report, previous: Report | None = None, *,
                lang: str | None = None, narrative: Narrative | None = None,
                stage1_days: int = STAGE1_DAYS) -> bytes:
    """A standalone accessible document: the key figures in words, the council's
    ``narrative`` around the tables, every table captioned with header scopes, and
    beside it an SVG bar chart with a text alternative. Printed (or made a PDF by
    ``pdf.render_pdf``), it is laid out on A4 with page numbers."""
    html = _environment().get_template("report.html").render(
        lang=lang or document_language(),
        page_counter=page_counter(),
        title=report_title(report),
        previous_period=period_label(previous) if previous is not None else None,
        key_figures=key_figures(report, previous, stage1_days=stage1_days),
        narrative=narrative_sections(narrative),
        sections=report_sections(report, previous),
    )
    return html.encode("utf-8")
