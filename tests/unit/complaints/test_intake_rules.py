"""Intake's pure parts: the order of questions, answer checks, tracking codes, drafts,
and what a complainant may do from the tracking page."""

from __future__ import annotations

import math
import os
import time
from datetime import date
from pathlib import Path

import pytest
import time_machine
from flask import Flask

from portal.complaints import journey
from portal.complaints.drafts import FileDraftStore
from portal.complaints.questions import BY_SLUG, STEPS
from portal.complaints.validation import parse_date, validate_step
from portal.security import tokens

TODAY = date(2026, 3, 20)


@pytest.fixture(scope="module")
def app_ctx():  # type: ignore[no-untyped-def]
    """Lazy strings and the HMAC key need an app; no database is touched."""
    app = Flask("unit")
    app.config.update(SECRET_KEY="unit-test-secret-" + "x" * 32)
    from flask_babel import Babel

    Babel(app)
    with app.test_request_context():
        yield app


# --- the order of questions ------------------------------------------------------------------

ALL = {s.slug for s in STEPS}
CHILD = {"kind": "complaint", "submitter": "child"}


@pytest.mark.parametrize(("answers", "current", "expected"), [
    # Complaint: every question in order.
    (CHILD, "who-are-you", "are-you-safe"),
    ({**CHILD, "safe": "yes"}, "are-you-safe", "about-the-child"),
    # Not safe, or not sure: help at once, before anything else.
    ({**CHILD, "safe": "no"}, "are-you-safe", journey.GET_HELP_NOW),
    ({**CHILD, "safe": "not_sure"}, "are-you-safe", journey.GET_HELP_NOW),
    # A compliment skips the child's details, when, feelings, outcome and advocate.
    ({"kind": "compliment", "submitter": "child", "safe": "yes"}, "are-you-safe",
     "what-is-it-about"),
    ({"kind": "compliment", "submitter": "child"}, "what-happened", "add-files"),
    # Files may be added to any kind (issue 19), then the journey carries on.
    ({"kind": "compliment", "submitter": "child"}, "add-files", "contact"),
    (CHILD, "what-happened", "add-files"),
    (CHILD, "add-files", "when"),
    # An advocate is not asked whether they want an advocate.
    ({"kind": "complaint", "submitter": "advocate"}, "what-would-help", "contact"),
    ({**CHILD}, "what-would-help", "advocate"),
    # The name is asked once: a child complaining gave it on "About you"; anyone else is
    # asked after the ways to contact them, unless they chose to stay anonymous.
    ({**CHILD, "contact_methods": ["email"]}, "contact", "help-to-take-part"),
    ({"kind": "complaint", "submitter": "parent", "contact_methods": ["email"]}, "contact",
     "your-name"),
    ({"kind": "compliment", "submitter": "child", "contact_methods": ["text"]}, "contact",
     "your-name"),
    ({"kind": "compliment", "submitter": "child", "contact_methods": ["none"]}, "contact",
     "help-to-take-part"),
    ({"kind": "complaint", "submitter": "parent", "contact_methods": ["none"]}, "contact",
     "help-to-take-part"),
    # The last question leads to check your answers.
    (CHILD, "help-to-take-part", journey.CHECK_ANSWERS),
])
def test_next_question(answers: dict[str, str], current: str, expected: str) -> None:
    assert journey.next_slug(BY_SLUG[current], answers, set(), changing=False) == expected


def test_changing_goes_back_to_check_unless_a_new_question_opened() -> None:
    answered = {"what-do-you-want-to-do", "who-are-you", "are-you-safe", "what-is-it-about",
                "what-happened", "add-files", "contact", "your-name", "help-to-take-part"}
    comment = {"kind": "comment", "submitter": "child"}
    assert journey.next_slug(BY_SLUG["what-happened"], comment, answered,
                             changing=True) == journey.CHECK_ANSWERS
    # The comment became a complaint: the complaint's own questions are asked next.
    assert journey.next_slug(BY_SLUG["what-do-you-want-to-do"], {**comment, "kind": "complaint"},
                             answered, changing=True) == "about-the-child"


@pytest.mark.parametrize(("answers", "total"), [
    # The kind is chosen on the home page, so it is not counted: a child's compliment asks
    # who, safe, what about, who to thank, files, contact, name and needs.
    ({"kind": "compliment", "submitter": "child"}, 8),
    ({"kind": "compliment", "submitter": "child", "contact_methods": ["none"]}, 7),
    # A child's complaint: its 12 questions and their needs; the name is on "About you".
    ({"kind": "complaint", "submitter": "child"}, 13),
    ({"kind": "complaint", "submitter": "parent"}, 14),
    ({"kind": "complaint", "submitter": "advocate", "contact_methods": ["none"]}, 12),
])
def test_the_progress_count_counts_the_questions_this_journey_asks(
        answers: dict[str, object], total: int) -> None:
    steps = journey.numbered_steps(answers)
    assert len(steps) == total
    assert BY_SLUG["what-do-you-want-to-do"] not in steps


def test_no_skipping_ahead() -> None:
    answered = {"what-do-you-want-to-do", "who-are-you"}
    assert journey.may_visit(BY_SLUG["are-you-safe"], CHILD, answered)
    assert journey.may_visit(BY_SLUG["who-are-you"], CHILD, answered)  # going back is fine
    assert not journey.may_visit(BY_SLUG["what-happened"], CHILD, answered)
    # A question that does not apply is never open.
    assert not journey.may_visit(BY_SLUG["advocate"], {"kind": "comment"}, ALL)


def test_back_link_skips_questions_that_do_not_apply() -> None:
    compliment = {"kind": "compliment", "submitter": "parent"}
    assert journey.previous_slug(BY_SLUG["what-is-it-about"], compliment) == "are-you-safe"
    assert journey.previous_slug(BY_SLUG["what-do-you-want-to-do"], compliment) is None


def test_adults_are_asked_about_the_child(app_ctx) -> None:  # type: ignore[no-untyped-def]
    adult = {"kind": "complaint", "submitter": "parent"}
    assert str(journey.title(BY_SLUG["are-you-safe"], adult)) == (
        "Are you and the child safe right now?")
    assert str(journey.title(BY_SLUG["are-you-safe"], CHILD)) == "Are you safe right now?"
    # A care leaver is the young person themselves.
    assert journey.is_child({"submitter": "care_leaver"})


# --- answers ---------------------------------------------------------------------------------

WHEN = BY_SLUG["when"]


@pytest.mark.parametrize(("day", "month", "year", "error"), [
    ("", "", "", None),  # optional: all blank is no answer
    ("20", "3", "2026", None),  # today
    ("29", "2", "2024", None),  # a leap day
    ("29", "2", "2025", "real date"),  # not a leap year
    ("31", "4", "2026", "real date"),  # April has 30 days
    ("0", "1", "2026", "real date"),
    ("1", "13", "2026", "real date"),
    ("21", "3", "2026", "today or in the past"),  # tomorrow
    ("1", "1", "1999", "after 1 January 2000"),  # before the working-day calendar
    ("1", "1", "26", "real date"),  # two-digit year
    ("1", "", "2026", "a day, a month and a year"),
    ("١", "1", "2026", "real date"),  # Arabic-Indic digit
    ("1.5", "1", "2026", "real date"),
    ("-1", "1", "2026", "real date"),
])
def test_date_answers(app_ctx, day: str, month: str, year: str, error: str | None
                      ) -> None:  # type: ignore[no-untyped-def]
    form = {"event_on-day": [day], "event_on-month": [month], "event_on-year": [year]}
    values, errors = validate_step(WHEN, form, today=TODAY)
    assert values["event_on"] == {"day": day, "month": month, "year": year}
    if error is None:
        assert errors == {}
    else:
        assert error in str(errors["event_on"])


def test_parse_date_refuses_what_is_not_a_date() -> None:
    assert parse_date({"day": "3", "month": "2", "year": "2026"}) == date(2026, 2, 3)
    assert parse_date({"day": "", "month": "2", "year": "2026"}) is None
    assert parse_date({}) is None


@pytest.mark.parametrize(("form", "field", "error"), [
    ({"contact_methods": ["email"], "email": "a@b.co"}, None, None),
    # An address, not words: spaces around it go; a control character inside is refused.
    ({"contact_methods": ["email"], "email": " a@b.co\n"}, None, None),
    ({"contact_methods": ["email"], "email": "a\x07@b.co"}, "email", "email address like"),
    ({"contact_methods": ["email"], "email": ""}, "email", "Enter your email address"),
    ({"contact_methods": ["text"], "mobile": "12"}, "mobile", "phone number"),  # too short
    ({"contact_methods": ["text"], "mobile": "+44 (0)7700 900-982"}, None, None),
    ({"contact_methods": ["letter"]}, "address", "Enter your address"),
    # An email typed and then unticked is not kept.
    ({"contact_methods": ["none"], "email": "a@b.co"}, None, None),
    ({"contact_methods": ["none", "phone"], "phone": "07700900982"}, "contact_methods",
     "cannot pick"),
    ({"contact_methods": ["fax"]}, "contact_methods", "Choose how we can contact you"),
])
def test_contact_answers(app_ctx, form: dict[str, object], field: str | None, error: str | None
                         ) -> None:  # type: ignore[no-untyped-def]
    values, errors = validate_step(BY_SLUG["contact"], form, today=TODAY)  # type: ignore[arg-type]
    if field is None:
        assert errors == {}
    else:
        assert error in str(errors[field])
    if "none" in form["contact_methods"] and not errors:  # type: ignore[operator]
        assert values["email"] == ""


@pytest.mark.parametrize(("typed", "kept", "error"), [
    ("Hello", "Hello", None),
    # Kept exactly as typed: spaces, markup (escaped wherever it is shown), controls.
    ("  spaced  ", "  spaced  ", None),
    ("<b>bold</b> words", "<b>bold</b> words", None),
    ("<script>alert(1)</script>", "<script>alert(1)</script>", None),
    ("a\x00\x07b", "a\x07b", None),  # only NUL goes: no database or page can hold it
    ("\x00\x00", "", "Write your answer in words"),  # nothing left once NUL goes
    ("  \r\n ", "", "Tell us what happened"),  # white space alone is no answer
    ("", "", "Tell us what happened"),
    ("a\r\n" * 4999 + "b", "a\n" * 4999 + "b", None),  # \r\n counts once: 9,999 characters
    ("a\r" * 4999 + "b", "a\n" * 4999 + "b", None),  # and so does a lone \r
    ("x" * 10_001, "x" * 10_001, "10,000 characters or fewer"),
])
def test_free_text_answers(app_ctx, typed: str, kept: str, error: str | None
                           ) -> None:  # type: ignore[no-untyped-def]
    values, errors = validate_step(BY_SLUG["what-happened"], {"description": [typed]},
                                   today=TODAY)
    assert values["description"] == kept
    if error is None:
        assert errors == {}
    else:
        assert error in str(errors["description"])


# --- tracking codes --------------------------------------------------------------------------


def test_tracking_code_has_at_least_80_bits(app_ctx) -> None:  # type: ignore[no-untyped-def]
    assert tokens.CODE_LENGTH * math.log2(len(tokens.ALPHABET)) >= 80
    codes = {tokens.new_tracking_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(c) == tokens.CODE_LENGTH and set(c) <= set(tokens.ALPHABET) for c in codes)


def test_tracking_code_hash_is_keyed_and_verifies(app_ctx) -> None:  # type: ignore[no-untyped-def]
    code = tokens.new_tracking_code()
    stored = tokens.hash_tracking_code(code)
    assert stored.startswith("hmac-sha256$")
    assert code not in stored
    assert tokens.verify_tracking_code(stored, tokens.group_code(code).lower())
    assert not tokens.verify_tracking_code(stored, tokens.new_tracking_code())
    assert not tokens.verify_tracking_code(None, code)
    app_ctx.config["TRACKING_CODE_KEY"] = "another-key"
    try:
        assert not tokens.verify_tracking_code(stored, code)  # the key matters
    finally:
        del app_ctx.config["TRACKING_CODE_KEY"]


@pytest.mark.parametrize(("typed", "normal"), [
    ("abcd-efgh", "ABCDEFGH"),
    ("AB CD\tEF", "ABCDEF"),
    ("O0 Il", "0011"),  # letters Crockford leaves out read as the digits they look like
])
def test_normalise_code(typed: str, normal: str) -> None:
    assert tokens.normalise_code(typed) == normal


def test_group_code() -> None:
    assert tokens.group_code("ABCDEFGHJKMNPQRSTVWX") == "ABCD-EFGH-JKMN-PQRS-TVWX"


# --- drafts ----------------------------------------------------------------------------------


def test_draft_round_trip_and_idle_expiry(tmp_path: Path) -> None:
    store = FileDraftStore(tmp_path, idle_seconds=60)
    draft = store.new()
    draft.answers["description"] = "مرحبا 😢"
    store.save(draft)
    assert (tmp_path / f"{draft.id}.json").stat().st_mode & 0o777 == 0o600
    loaded = store.load(draft.id)
    assert loaded is not None
    assert loaded.answers == {"description": "مرحبا 😢"}
    assert loaded.submission_key == draft.submission_key
    old = time.time() - 61
    os.utime(tmp_path / f"{draft.id}.json", (old, old))
    assert store.load(draft.id) is None
    assert not (tmp_path / f"{draft.id}.json").exists()


def test_abandoned_drafts_are_swept_once_a_minute_and_never_read_in_between(
        tmp_path: Path, pinned_clock: time_machine.Traveller) -> None:
    store = FileDraftStore(tmp_path, idle_seconds=60)
    left = store.new()
    store.save(left)  # a child who walks away
    old = time.time() - 61
    os.utime(tmp_path / f"{left.id}.json", (old, old))
    store.save(store.new())  # another child's answer, within the minute: no sweep yet
    assert (tmp_path / f"{left.id}.json").exists()
    pinned_clock.shift(30)
    assert store.load(left.id) is None  # but it is refused, and forgotten, when asked for
    abandoned = store.new()
    store.save(abandoned)
    old = time.time() - 61
    os.utime(tmp_path / f"{abandoned.id}.json", (old, old))
    pinned_clock.shift(31)  # a minute since the last sweep
    store.save(store.new())
    assert not (tmp_path / f"{abandoned.id}.json").exists()


def test_error_summary_follows_the_page_order(app_ctx) -> None:  # type: ignore[no-untyped-def]
    from portal.web.complaints.presenters import error_list

    errors = {name: name for name in ("safe_times", "mobile", "email", "contact_methods")}
    hrefs = [e["href"] for e in error_list(BY_SLUG["contact"], errors)]  # type: ignore[arg-type]
    assert hrefs == ["#contact_methods", "#email", "#mobile", "#safe_times"]
    date_error = error_list(BY_SLUG["when"], {"event_on": "x"})  # type: ignore[dict-item]
    assert date_error[0]["href"] == "#event_on-day"  # the first box of the date
