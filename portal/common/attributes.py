"""GOV.UK Frontend's ``govukAttributes`` macro, in Python.

Every GOV.UK component writes its HTML attributes with that macro
(``govuk_frontend_jinja/macros/attributes.html``): a Jinja loop with a namespace, a
``format`` and two tests per attribute, called several times for each field, button and
the page itself. Rendered in Jinja it was a twelfth of a question page's time
(py-spy over benchmarks/bench_http.py's page). ``templates/govuk_frontend_jinja/macros/
attributes.html`` shadows the package's file with a macro that calls this function;
tests/unit/common/test_attributes.py renders both over the same cases and requires the
same HTML, so an upgrade of govuk-frontend-jinja that changes the macro fails there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Undefined
from markupsafe import Markup, escape


def _empty(value: Any) -> bool:
    """Jinja's ``value in [undefined, null, None]``: an undefined name or None."""
    return value is None or isinstance(value, Undefined)


def govuk_attributes(attributes: Any) -> Markup:
    """`` name="value"`` for each attribute, as the macro writes them: a string passes
    through as it is; a mapping's values may be plain (booleans written ``true`` and
    ``false``) or ``{"value": ..., "optional": True}``, where an optional attribute is left
    out when empty or false and written bare when true."""
    if isinstance(attributes, str):
        return Markup(attributes)  # noqa: S704 - the macro passes a string through unescaped
    if not isinstance(attributes, Mapping):
        return Markup("")
    html = ""
    for name, given in attributes.items():
        value = given
        if isinstance(value, Mapping) and not _empty(value.get("val")) and len(value):
            value = value["val"]
        if isinstance(value, Mapping):
            shown, optional = value.get("value"), value.get("optional")
        else:
            shown, optional = (str(value).lower() if isinstance(value, bool) else value), False
        if optional is True and shown is True:
            html = f"{html} {escape(name)}"
        elif optional is not True or (not _empty(shown) and shown is not False):
            written = "" if isinstance(shown, Undefined) else shown
            html = f'{html} {escape(name)}="{escape(written)}"'
    return Markup(html)  # noqa: S704 - every name and value above is escaped
