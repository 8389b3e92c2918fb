"""Browser fixtures: the portal on a live server, headless Chromium, and axe-core.

For any browser test (public journey, back office):

- ``live_server``: the portal served over HTTP on 127.0.0.1 by werkzeug in a
  thread, from a fresh migrated SQLite file with the demo council loaded.
  Requests commit for real (no rollback), CSRF is on, rate limits are off.
  ``live_server.url("/path")`` builds addresses; ``live_server.app`` is the
  Flask app (use ``with live_server.app.app_context():`` and
  ``portal.extensions.db.session()`` to arrange data, then commit).
- ``browser``: Debian's ``/usr/bin/chromium`` driven by Playwright
  (``executable_path``; never ``playwright install``), with networking
  locked to localhost.
- ``page``: a new context and page per test (English; no cookies carried
  over); ``page_no_js``: the same with JavaScript off.
- ``axe(page)``: injects ``node_modules/axe-core/axe.min.js`` with
  ``page.evaluate`` (the CSP blocks ``add_script_tag``) and fails the test
  on any WCAG 2.0/2.1/2.2 A or AA violation, naming the rule and the nodes.

Mark tests with ``@pytest.mark.browser``. What the tests do with these (sign in, answer
the journey, arrange data on the live server) is in tests/support/browser*.py and
tests/support/live.py.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from werkzeug.serving import BaseWSGIServer, make_server

from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.extensions import db
from tests.conftest import TEST_SECRET

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    # Without this Chromium still looks up Google's hosts.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
#: SQLAlchemy's own default (its name changed in 2.1), restored after integration fixtures.
DEFAULT_JOIN_MODE = inspect.signature(Session.__init__).parameters["join_transaction_mode"].default
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass
class LiveServer:
    app: Flask
    host: str
    port: int
    database_url: str
    engine: Engine

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}:{self.port}{path}"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from portal import create_app

    folder = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{folder / 'portal.db'}"
    migrate.upgrade(url)
    app = create_app({
        "PORTAL_ENV": "test",
        "SECRET_KEY": TEST_SECRET,
        "DATABASE_URL": url,
        "RATELIMIT_ENABLED": False,
        "WTF_CSRF_ENABLED": True,
        "DRAFT_DIR": str(folder / "drafts"),
    })
    engine = db.engine
    assert engine is not None
    db.session.remove()
    db.session.configure(bind=engine, join_transaction_mode=DEFAULT_JOIN_MODE)
    with app.app_context():
        load_demo_council(db.session())
        db.session.commit()
        db.session.remove()
    server: BaseWSGIServer = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield LiveServer(app=app, host="127.0.0.1", port=server.server_port, database_url=url,
                     engine=engine)
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _live_database(request: pytest.FixtureRequest) -> None:
    """Bind the app-wide session to the live server's database before each test using it.

    ``portal.extensions.db`` is one object for every app in the process: an
    integration test's fixtures (tests/conftest.py) rebind it to their own
    database, so a browser test that runs after them binds it back first.
    """
    if "live_server" not in request.fixturenames:
        return
    live: LiveServer = request.getfixturevalue("live_server")
    db.session.remove()
    db.session.configure(bind=live.engine, join_transaction_mode=DEFAULT_JOIN_MODE)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run make system-deps (bash .ci/system-deps)",
                    pytrace=False)
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _new_page(browser: Browser, **options: Any) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", **options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _new_page(browser)


@pytest.fixture
def page_no_js(browser: Browser) -> Iterator[Page]:
    yield from _new_page(browser, java_script_enabled=False)


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations for the page as it is now (WCAG 2.2 AA and below)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS)
    return list(result["violations"])


def assert_no_axe_violations(page: Page) -> None:
    violations = run_axe(page)
    if violations:
        lines = [f"{page.url}:"]
        for v in violations:
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:5])
            lines.append(f"  {v['id']} ({v['impact']}): {v['help']} -> {targets}")
        pytest.fail("\n".join(lines), pytrace=False)


@pytest.fixture
def axe() -> Any:
    """``axe(page)``: fail on any WCAG 2.2 AA violation of the page as it is now."""
    return assert_no_axe_violations
