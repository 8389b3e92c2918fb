"""Template filters: dates in the reader's language."""

from __future__ import annotations

from datetime import date, datetime

from flask import Flask
from flask_babel import format_date, format_datetime


def long_date(value: date | datetime | None) -> str:
    """20 March 2026 (Welsh: 20 Mawrth 2026)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "d MMMM y, HH:mm")
    return format_date(value, "d MMMM y")


def weekday_date(value: date | None) -> str:
    """Friday 20 March 2026: the form children and parents find easiest to read."""
    if value is None:
        return ""
    return format_date(value, "EEEE d MMMM y")


def init_filters(app: Flask) -> None:
    app.jinja_env.filters["long_date"] = long_date
    app.jinja_env.filters["weekday_date"] = weekday_date
