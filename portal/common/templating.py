"""The Jinja environment the portal renders with: Flask's, with template globals that
Jinja's import check can afford.

Every GOV.UK Frontend macro imports its helpers (``{% from ... import ... %}``) each time
it is called, and each import asks which of the caller's globals the imported template
lacks (``ctx.globals_keys - template.globals.keys()``). A template's globals are a
``ChainMap``, whose ``keys()`` answers membership one Python call per key per map: with
the portal's ~40 globals and ~35 imports per question page that was about 4 ms of a
20 ms page (cProfile, benchmarks/bench_http.py). Answering ``keys()`` with one set built in
C gives Jinja the same answer for a fraction of the cost; lookups still fall through to
the environment's globals, so the ChainMap's meaning is unchanged.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import MutableMapping
from typing import Any

from flask.templating import Environment


class TemplateGlobals(ChainMap[str, Any]):
    """A template's globals over the environment's, with a fast ``keys()``."""

    def keys(self) -> set[str]:  # type: ignore[override]
        return set().union(*self.maps)


class PortalEnvironment(Environment):
    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return TemplateGlobals({} if d is None else d, self.globals)
