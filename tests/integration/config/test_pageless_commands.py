"""``flask --app portal report ...`` starts without the pages (README "Speed"): the flask
command builds the whole application before it looks for its command, and importing every
page, form and rate limit was half of a ``report annual``. Any other command, a web server
or a test builds everything, as before."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from flask.cli import FlaskGroup
from sqlalchemy.orm import Session

from portal import create_app
from portal.cli import pageless_command
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.db.session import make_engine
from portal.register.csvio import read_register
from portal.register.services import import_register
from portal.register.shared import example
from tests.support.startup import run_portal


@pytest.mark.parametrize(("argv", "pageless"), [
    (["flask", "--app", "portal", "report", "annual", "--from", "2018-04-01"], True),
    (["flask", "-A", "portal", "report", "timeliness"], True),
    (["flask", "--app=portal", "--debug", "report", "--help"], True),
    (["flask", "-e", "report", "--app", "portal", "db", "upgrade"], False),  # a file named report
    (["flask", "--app", "portal", "register", "export", "report"], False),
    (["flask", "--app", "portal", "run"], False),
    (["flask", "--app", "portal"], False),
])
def test_only_the_report_commands_of_the_flask_command_are_pageless(
    argv: list[str], pageless: bool
) -> None:
    with click.Context(FlaskGroup()):
        assert pageless_command(argv) is pageless


def test_nothing_else_is_pageless_whatever_its_arguments() -> None:
    # gunicorn, a test, a script: no flask command is choosing a command.
    assert pageless_command(["gunicorn", "report"]) is False
    with click.Context(click.Command("report")):
        assert pageless_command(["flask", "report", "annual"]) is False


def test_an_application_made_otherwise_has_every_page() -> None:
    app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": "s" * 40,
                      "DATABASE_URL": "sqlite://"})
    assert "register_office.annual_report" in app.view_functions
    assert {"report", "register", "db", "mail"} <= set(app.cli.commands)


def test_report_annual_loads_no_page_and_gives_the_published_report(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/portal.db"
    migrate.upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            council = load_demo_council(session)
            import_register(session, council,
                            read_register(example("register-barking-2018-19.csv")))
            session.commit()
    finally:
        engine.dispose()
    result = run_portal({"PORTAL_ENV": "test", "SECRET_KEY": "s" * 40, "DATABASE_URL": url},
                        "report", "annual", "--from", "2018-04-01", "--to", "2019-03-31")
    assert result.returncode == 0, result.stderr
    published = json.loads(example("report-barking-2018-19.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == published


def test_report_annual_imports_no_page_form_or_rate_limit(tmp_path: Path) -> None:
    # -X importtime lists every module the command imported, on standard error.
    result = run_portal({"PORTAL_ENV": "test", "SECRET_KEY": "s" * 40,
                         "DATABASE_URL": f"sqlite:///{tmp_path}/portal.db",
                         "PYTHONPROFILEIMPORTTIME": "1"}, "report", "annual", "--help")
    assert result.returncode == 0, result.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "portal.register.cli" in imported
    assert not {name for name in imported
                if name.startswith(("portal.web", "flask_wtf", "wtforms", "govuk_frontend_wtf",
                                    "portal.cases", "portal.complaints"))}
