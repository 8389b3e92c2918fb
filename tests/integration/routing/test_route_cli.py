"""``flask route``: JSON in, decisions out; a malformed submission gives exit 2 and no output."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import Babel

from portal.routing.cli import route_command
from portal.settings.routing import ENGLAND_DEFAULTS, WALES_PROFILE
from tests.conftest import ROOT

EXAMPLES = json.loads(
    (ROOT.parent / "shared" / "examples" / "routing.json").read_text(
        encoding="utf-8"
    )
)

CHILD = {
    "kind": "complaint",
    "received_on": "2026-03-02",
    "submitter": "child",
    "service": "children_in_care",
}


@pytest.fixture
def bare_app() -> Flask:
    app = Flask(__name__)
    Babel(app)
    app.cli.add_command(route_command)
    return app


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    path = tmp_path / "routing.json"
    path.write_text(json.dumps(ENGLAND_DEFAULTS.to_mapping()), encoding="utf-8")
    return path


@pytest.fixture
def council_settings(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """The council's stored settings, replaced by a stand-in that returns the Welsh profile."""
    fake = types.ModuleType("portal.councils.services")
    fake.current_routing_settings = lambda: WALES_PROFILE  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "portal.councils.services", fake)
    return fake


def run(app: Flask, stdin: str, *args: str):
    return app.test_cli_runner().invoke(args=["route", *args], input=stdin)


def test_a_list_gives_the_list_of_decisions_in_order(bare_app, settings_file):
    result = run(
        bare_app, json.dumps([c["submission"] for c in EXAMPLES]), "--settings", str(settings_file)
    )
    assert result.exit_code == 0, result.stderr
    decisions = json.loads(result.stdout)
    assert len(decisions) == len(EXAMPLES)
    for case, decision in zip(EXAMPLES, decisions, strict=True):
        decision.pop("reasons")
        assert decision == case["expected"], case["name"]


def test_one_object_gives_one_decision(bare_app, settings_file):
    result = run(bare_app, json.dumps(CHILD), "--settings", str(settings_file))
    assert result.exit_code == 0
    decision = json.loads(result.stdout)
    assert decision["route"] == "children_statutory"
    assert decision["acknowledge_by"] == "2026-03-05"
    assert decision["reasons"][0].startswith("It is a complaint about a children's social care")


def test_an_empty_list_gives_an_empty_list(bare_app, settings_file):
    result = run(bare_app, "[]", "--settings", str(settings_file))
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])


def test_without_settings_the_councils_stored_settings_are_used(bare_app, council_settings):
    result = run(bare_app, json.dumps(CHILD))
    assert result.exit_code == 0, result.stderr
    # The Welsh profile: acknowledge within 2 working days.
    assert json.loads(result.stdout)["acknowledge_by"] == "2026-03-04"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        # The third item is wrong: nothing at all is written for the first two.
        (
            json.dumps([CHILD, CHILD, {**CHILD, "submitter": "teacher"}]),
            "item 2: submitter: 'teacher': must be one of",
        ),
        (
            json.dumps([CHILD, {**CHILD, "received_on": "2026-02-30"}]),
            "item 1: received_on: '2026-02-30'",
        ),
        (
            json.dumps([CHILD, {k: v for k, v in CHILD.items() if k != "kind"}]),
            "item 1: kind: missing",
        ),
        (
            json.dumps([{**CHILD, "in_danger": True}]),
            "item 0: in_danger: True: is not a known field",
        ),
        (json.dumps([CHILD, "complaint"]), "item 1: submission: 'complaint'"),
        (json.dumps({**CHILD, "wants_advocate": "yes"}), "submission: wants_advocate: 'yes'"),
        ('{"kind": "complaint",', "standard input is not JSON"),
        ("", "standard input is not JSON"),
    ],
)
def test_malformed_input_exits_2_with_nothing_on_stdout(bare_app, settings_file, stdin, message):
    result = run(bare_app, stdin, "--settings", str(settings_file))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_a_deadline_beyond_the_calendar_is_an_error_not_a_crash(bare_app, settings_file):
    # 2060 is the calendar's last year: a response six months later cannot be dated.
    late = {**CHILD, "received_on": "2060-12-30", "service": "adult_social_care"}
    result = run(bare_app, json.dumps([CHILD, late]), "--settings", str(settings_file))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "item 1: received_on: 2060-12-30" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"timescale": {}}', "unknown setting 'timescale'"),
        ("not json", "settings"),
    ],
)
def test_bad_settings_file_exits_2(bare_app, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    result = run(bare_app, json.dumps(CHILD), "--settings", str(path))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr


def test_the_portal_app_routes_with_the_demo_councils_settings(app, council):
    # The real app and the council stored in the database, end to end.
    result = app.test_cli_runner().invoke(args=["route"], input=json.dumps(CHILD))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["route"] == "children_statutory"


def test_the_portal_app_reports_a_malformed_submission_with_exit_2(app, council):
    # Outside a request: the error is still a clear message, not a crash.
    bad = json.dumps([CHILD, {**CHILD, "service": "bins"}])
    result = app.test_cli_runner().invoke(args=["route"], input=bad)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "item 1: service: 'bins': must be one of" in result.stderr
