"""The annual report's formats by name: which function renders each, and which carry words."""

from __future__ import annotations

from collections.abc import Callable

from portal.register.pdf import render_pdf
from portal.register.render import render_csv, render_html, render_json
from portal.register.xlsx import render_xlsx

FORMATS = ("json", "csv", "html", "pdf", "xlsx")

#: The formats that carry words beyond the tables (key figures and the council's narrative).
WORDED = ("html", "pdf")


def renderer(fmt: str) -> Callable[..., bytes]:
    """The render function for a format name (json, csv, html, pdf, xlsx)."""
    found: dict[str, Callable[..., bytes]] = {
        "json": render_json,
        "csv": render_csv,
        "html": render_html,
        "pdf": render_pdf,
        "xlsx": render_xlsx,
    }
    try:
        return found[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}") from None
