"""The portal's govukAttributes gives the HTML govuk-frontend-jinja's macro gives.

``templates/govuk_frontend_jinja/macros/attributes.html`` shadows the package's macro with
one that calls ``portal.common.attributes.govuk_attributes`` (issue 17: the Jinja loop was
a twelfth of a question page's time). Each case is rendered by the package's own macro and
by the shadow, in environments set up as the app's is, and must give the same HTML; so
must whole components that use it. An upgrade that changes the macro fails here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

from portal.common.attributes import govuk_attributes

TEMPLATES = Path(__file__).resolve().parents[3] / "templates"


def environment(shadowed: bool) -> Environment:
    package = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    loader = ChoiceLoader([FileSystemLoader(str(TEMPLATES)), package]) if shadowed else package
    env = Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True)
    env.globals["govuk_attributes"] = govuk_attributes
    return env


PACKAGE, PORTAL = environment(shadowed=False), environment(shadowed=True)
MACRO = ('{% from "govuk_frontend_jinja/macros/attributes.html" import govukAttributes %}'
         "[{{ govukAttributes(attributes) }}]")

CASES: list[Any] = [
    None,
    {},
    "",
    ' data-module="x" lang="cy"',
    {"dir": "rtl"},
    {"lang": "cy", "data-count": 3, "aria-describedby": "a b"},
    {"autocomplete": "off", "spellcheck": False, "hidden": True},
    {"title": 'say "hi" & <bye>', "<odd>": "x"},
    {"value": ""},
    {"value": None},
    {"hidden": {"value": True, "optional": True}},
    {"hidden": {"value": False, "optional": True}},
    {"hidden": {"value": None, "optional": True}},
    {"hidden": {"value": "", "optional": True}},
    {"hidden": {"value": "until-found", "optional": True}},
    {"hidden": {"value": "x", "optional": False}},
    {"data-x": {"value": 0, "optional": True}},
    {"data-x": {"optional": True}},
    {"data-x": {"value": "v"}},
    {"data-safe": {"val": Markup("<b>"), "length": 1}},
    {"data-safe": {"val": None, "other": 1}},
    {"a": 1, "b": 2.5, "c": "ç", "d": "ا"},
]


@pytest.mark.parametrize("attributes", CASES, ids=[repr(c)[:40] for c in CASES])
def test_the_same_html_as_the_package_macro(attributes: Any) -> None:
    original = PACKAGE.from_string(MACRO).render(attributes=attributes)
    assert PORTAL.from_string(MACRO).render(attributes=attributes) == original


COMPONENTS = [
    ("button", {"text": "Send", "attributes": {"data-prevent-double-click": "true",
                                               "formnovalidate": {"value": True,
                                                                  "optional": True}}}),
    ("input", {"name": "email", "id": "email", "label": {"text": "Email"},
               "attributes": {"autocomplete": "email", "spellcheck": False}}),
    ("radios", {"name": "safe", "items": [{"value": "yes", "text": "Yes",
                                            "attributes": {"data-x": "1"}},
                                           {"value": "no", "text": "No"}],
                "fieldset": {"legend": {"text": "Are you safe?"}}}),
    ("textarea", {"name": "what", "id": "what", "label": {"text": "What happened?"},
                  "formGroup": {"attributes": {"lang": "cy"}}}),
]


@pytest.mark.parametrize(("component", "params"), COMPONENTS, ids=[c for c, _ in COMPONENTS])
def test_components_render_the_same(component: str, params: dict[str, Any]) -> None:
    name = "govuk" + "".join(part.title() for part in component.split("-"))
    source = (f'{{% from "govuk_frontend_jinja/components/{component}/macro.html" '
              f"import {name} %}}{{{{ {name}(params) }}}}")
    original = PACKAGE.from_string(source).render(params=params)
    assert "data-" in original or "lang=" in original or "spellcheck" in original
    assert PORTAL.from_string(source).render(params=params) == original
