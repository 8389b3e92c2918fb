"""The portal's Jinja environment keeps Jinja's meaning of template globals."""

from __future__ import annotations

from collections import ChainMap

from flask import Flask
from jinja2 import DictLoader

from portal.common.templating import PortalEnvironment, TemplateGlobals


def test_keys_are_every_map_s_keys_as_a_chainmap_has_them() -> None:
    globals_ = TemplateGlobals({"own": 1}, {"shared": 2, "own": 3})
    assert globals_.keys() == set(ChainMap({"own": 1}, {"shared": 2, "own": 3}))
    assert globals_["own"] == 1
    assert globals_["shared"] == 2


def test_an_imported_macro_still_sees_its_caller_s_own_globals() -> None:
    # The path the fast keys() serves: the caller has a global the imported template
    # lacks, so Jinja must build the imported module with it rather than reuse its cache.
    env = PortalEnvironment(Flask(__name__), loader=DictLoader({
        "macros.html": "{% macro greet() %}{{ greeting }}{% endmacro %}",
        "page.html": "{% from 'macros.html' import greet %}{{ greet() }}",
    }))
    env.get_template("macros.html")  # cached without the caller's global
    page = env.get_template("page.html", globals={"greeting": "Helo"})
    assert page.render() == "Helo"


def test_the_app_renders_with_it(app: Flask) -> None:
    assert isinstance(app.jinja_env, PortalEnvironment)
    assert isinstance(app.jinja_env.get_template("base.html").globals, TemplateGlobals)
