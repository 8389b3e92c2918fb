"""What every back-office form shares: text without NUL, a GOV.UK date that is three boxes,
and record ids a database column can hold.

A malformed post (a field missing, a date in one box or four, a number past any
column, a NUL byte) is answered with the form again and a clear error, never a
server error: tests/integration/web/test_every_post_route.py posts every form so.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField

from portal.common.ids import MAX_ID
from portal.common.widgets import GovDateInput

__all__ = ["MAX_ID", "GovDateField", "PortalForm", "without_nul"]

E_REAL_DATE = _l("Enter a real date, for example 27 3 2026")


def without_nul(value: Any) -> Any:
    """Text less its NUL characters, as ``portal.security.sanitise.exact_text`` keeps the
    public journey's: no person types one, PostgreSQL's text cannot store one, and an HTML
    parser shows one as U+FFFD. Anything else (numbers, dates) unchanged."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [without_nul(v) for v in value]
    return value


class PortalForm(FlaskForm):
    """The base of the back office's forms: every field's text is kept without NUL."""

    class Meta:
        def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
            filters = [*unbound_field.kwargs.get("filters", ()), without_nul]
            return unbound_field.bind(form=form, **{**options, "filters": filters})


class GovDateField(DateField):
    """A GOV.UK date input: day, month and year boxes that share one name.

    Three values or none: a post with one, two or four (no browser sends that) and a
    date that does not exist (30 February, the day 99) are both refused with the same
    words, in the reader's language, not WTForms' own "Not a valid date value"."""

    data: Any

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("widget", GovDateInput())
        kwargs.setdefault("format", "%d %m %Y")
        super().__init__(label, validators, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist:
            return
        self.data = None
        if len(valuelist) != 3:
            raise ValueError(str(E_REAL_DATE))
        try:
            super().process_formdata([str(v).strip() for v in valuelist])
        except ValueError:
            raise ValueError(str(E_REAL_DATE)) from None
