"""The CSS, JS and images under /assets/: fingerprinted names, served by WhiteNoise.

``make assets`` (static/build.mjs) writes a copy of each file named after its content
(``build/portal.css`` -> ``build/portal.09dbabdd4f64.css``), the manifest from name to
copy, and a .gz and .br of each. ``url_for('static', filename='build/portal.css')``
gives the copy's URL, so templates name assets as before. WhiteNoise answers /assets/
before Flask sees the request: a copy is kept by the browser for a year (a changed file
gets a new name, so a page never loads an old one), compressed as the browser accepts;
an original name still works, cached briefly, since it changes at each deploy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from wsgiref.headers import Headers

from flask import Flask
from whitenoise import WhiteNoise

from portal.security.headers import asset_headers

#: A fingerprinted copy never changes: a browser need not even ask again.
IMMUTABLE = "public, max-age=31536000, immutable"
#: An original name may change at the next deploy.
SHORT_MAX_AGE = 300


class Manifest:
    """Asset name -> fingerprinted copy (paths under static/), from build/manifest.json.

    Without a build, every name is its own copy. ``reload``: read again when the file
    changes (development, where ``npm run build`` runs beside the server)."""

    def __init__(self, path: Path, *, reload: bool = False) -> None:
        self.path = path
        self.reload = reload
        self._read_at: float | None = None
        self._names: dict[str, str] = {}
        self._copies: frozenset[str] = frozenset()
        self._read()

    def _read(self) -> None:
        try:
            changed = self.path.stat().st_mtime
        except FileNotFoundError:
            self._names, self._copies, self._read_at = {}, frozenset(), None
            return
        if changed != self._read_at:
            self._names = json.loads(self.path.read_text(encoding="utf-8"))
            self._copies = frozenset(self._names.values())
            self._read_at = changed

    def copy_of(self, name: str) -> str:
        if self.reload:
            self._read()
        return self._names.get(name, name)

    def is_copy(self, name: str) -> bool:
        if self.reload:
            self._read()
        return name in self._copies


def init_assets(app: Flask) -> None:
    """Link fingerprinted copies and serve /assets/ with WhiteNoise."""
    static = Path(str(app.static_folder))
    prefix = f"{app.static_url_path}/"
    development = app.config.get("PORTAL_ENV") == "development"
    manifest = Manifest(static / "build" / "manifest.json", reload=development)
    security = asset_headers(production=app.config.get("PORTAL_ENV") == "production")

    @app.url_defaults
    def _fingerprinted(endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and "filename" in values:
            values["filename"] = manifest.copy_of(values["filename"])

    def add_headers(headers: Headers, _path: str, url: str) -> None:
        for name, value in security.items():
            headers[name] = value
        immutable = manifest.is_copy(url.removeprefix(prefix))
        headers["Cache-Control"] = IMMUTABLE if immutable else f"public, max-age={SHORT_MAX_AGE}"

    app.wsgi_app = WhiteNoise(  # type: ignore[method-assign]
        app.wsgi_app, root=str(static), prefix=prefix, max_age=SHORT_MAX_AGE,
        # Same origin only, as Cross-Origin-Resource-Policy says: no CORS header.
        allow_all_origins=False,
        # Development: files appear and change while the server runs.
        autorefresh=development,
        add_headers_function=add_headers,
    )
