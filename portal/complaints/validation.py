"""Checking one page's answers: what was typed in, clean values and clear errors out.

Pure functions over the posted form (a mapping of name to list of strings),
so every error state is tested without a browser. Free text is kept exactly as
typed (``exact_text``: only NUL and lone surrogates go, line breaks become ``\\n``)
and escaped wherever it is shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from portal.common.dates import FIRST_YEAR
from portal.complaints.questions import Field, Step
from portal.security.sanitise import exact_text

Form = Mapping[str, Sequence[str]]

MAX_AGE = 25  # care leavers are supported up to 25 (ROUTING.md child_age)
# No white space or control characters in an address: it becomes a mail header.
_ADDRESS_PART = r"[^@\s\x00-\x1f\x7f-\x9f]+"
_EMAIL = re.compile(rf"{_ADDRESS_PART}@{_ADDRESS_PART}\.{_ADDRESS_PART}")
_PHONE = re.compile(r"\+?[0-9 ()-]+")

E_CHOOSE = _l("Choose one of the answers")
E_NOT_WORDS = _l("Write your answer in words")
E_AGE = _l("Enter an age from 0 to 25 as a number, or leave it blank")
E_EMAIL = _l("Enter an email address like name@example.com")
E_EMAIL_MISSING = _l("Enter your email address, or untick Email")
E_PHONE = _l("Enter a phone number using only numbers, like 07700 900 982")
E_PHONE_MISSING = _l("Enter a phone number, or untick this way to contact you")
E_ADDRESS_MISSING = _l("Enter your address, or untick Letter")
E_LANGUAGE_MISSING = _l("Tell us which language you speak")
E_OTHER_NEED_MISSING = _l("Tell us what would help you")
E_EXCLUSIVE = _l("You cannot pick this together with other answers")
E_DATE_PART = _l("The date must include a day, a month and a year")
E_DATE_REAL = _l("The date must be a real date, like 27 3 2026")
E_DATE_FUTURE = _l("The date must be today or in the past")

_MISSING_REVEALED = {
    "email": E_EMAIL_MISSING,
    "phone": E_PHONE_MISSING,
    "mobile": E_PHONE_MISSING,
    "address": E_ADDRESS_MISSING,
    "interpreter_language": E_LANGUAGE_MISSING,
    "other_needs": E_OTHER_NEED_MISSING,
}


def _one(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[0] if isinstance(values, list | tuple) else str(values)


def _many(form: Form, name: str) -> list[str]:
    values = form.get(name) or []
    return [values] if isinstance(values, str) else list(values)


def validate_step(step: Step, form: Form, *, today: date,
                  spoken: frozenset[str] = frozenset()
                  ) -> tuple[dict[str, Any], dict[str, LazyString]]:
    """The page's clean answers and its errors (field name to message).

    Answers are returned even when there are errors: they are what the page
    shows again, so nothing typed is ever lost. ``spoken``: the fields a voice note
    answers (attachments.answered_by_voice): a voice note alone is enough, so they
    are not required (issue 19, part 3).
    """
    values: dict[str, Any] = {}
    errors: dict[str, LazyString] = {}
    for field in step.fields:
        if field.revealed_by is not None or field.kind == "files":
            # A file is not a form value: the upload page keeps its own list
            # (portal/web/complaints/uploads.py), which a posted form must never replace.
            continue
        value, error = _check(field, form, today=today)
        values[field.name] = value
        if error is not None and not (field.name in spoken and not value):
            errors[field.name] = error
    # Fields revealed by a choice: kept and checked only when that choice is picked,
    # so an email typed and then unticked is not kept.
    for field in step.fields:
        if field.revealed_by is None:
            continue
        parent, choice = field.revealed_by
        picked = values.get(parent)
        chosen = choice in picked if isinstance(picked, list) else picked == choice
        if not chosen:
            values[field.name] = ""
            continue
        value, error = _check(field, form, today=today)
        values[field.name] = value
        if error is None and not value and not field.optional:
            error = _MISSING_REVEALED.get(field.name, E_CHOOSE)
        if error is not None:
            errors[field.name] = error
    return values, errors


def _check(field: Field, form: Form, *, today: date) -> tuple[Any, LazyString | None]:
    if field.kind == "radios":
        return _radio(field, _one(form, field.name))
    if field.kind == "checkboxes":
        return _checkboxes(field, _many(form, field.name))
    if field.kind == "date":
        return _date(field, form, today=today)
    raw = _one(form, field.name)
    if field.kind == "number":
        return _age(field, raw)
    return _text(field, raw)


def _radio(field: Field, raw: str) -> tuple[str, LazyString | None]:
    allowed = {c.value for c in field.choices}
    if raw in allowed:
        return raw, None
    if raw or field.required:
        return "", field.required_error or E_CHOOSE
    return "", None


def _checkboxes(field: Field, raw: list[str]) -> tuple[list[str], LazyString | None]:
    allowed = [c.value for c in field.choices]
    picked = [v for v in allowed if v in raw]  # in the page's order, no duplicates
    exclusive = {c.value for c in field.choices if c.exclusive}
    if len(picked) > 1 and exclusive & set(picked):
        return picked, E_EXCLUSIVE
    if not picked and field.required:
        return picked, field.required_error or E_CHOOSE
    return picked, None


def _text(field: Field, raw: str) -> tuple[str, LazyString | None]:
    # Kept as typed; the length counted is the length kept (a browser's \r\n is one break).
    clean = exact_text(raw)
    if len(clean) > field.max_length:
        return clean, _too_long(field.max_length)
    if not clean:
        if raw.strip():  # only NUL characters: nothing left to read
            return "", E_NOT_WORDS
        return "", field.required_error if field.required else None
    if field.kind in ("email", "tel"):
        clean = clean.strip()  # an address, not words: a space autofill left is not part of it
    if field.kind == "email" and not _EMAIL.fullmatch(clean):
        return clean, E_EMAIL
    if field.kind == "tel" and not (_PHONE.fullmatch(clean) and 7 <= _digits(clean) <= 15):
        return clean, E_PHONE
    return clean, None


def _too_long(limit: int) -> LazyString:
    return _l("Use %(n)s characters or fewer. You can tell us more later.", n=f"{limit:,}")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _age(field: Field, raw: str) -> tuple[str, LazyString | None]:
    typed = raw.strip()
    if not typed:
        return "", None
    # Length first: int() refuses a string of thousands of digits with an error.
    digits = typed.lstrip("0") or "0"
    if typed.isascii() and typed.isdigit() and len(digits) <= 3 and int(digits) <= MAX_AGE:
        return str(int(digits)), None
    return exact_text(typed)[:10], E_AGE


def _date(field: Field, form: Form, *, today: date) -> tuple[dict[str, str], LazyString | None]:
    """GOV.UK date input: all blank is no answer; otherwise a whole, real, past date."""
    parts = {p: _one(form, f"{field.name}-{p}").strip()[:10] for p in ("day", "month", "year")}
    if not any(parts.values()):
        return parts, None
    if not all(parts.values()):
        return parts, E_DATE_PART
    parsed = parse_date(parts)
    if parsed is None:
        return parts, E_DATE_REAL
    if parsed > today:
        return parts, E_DATE_FUTURE
    if parsed.year < FIRST_YEAR:
        return parts, _l("The date must be after 1 January %(year)s", year=FIRST_YEAR)
    return parts, None


def parse_date(parts: Mapping[str, str]) -> date | None:
    """The date the three boxes name, or None if they do not name a real one."""
    texts = [str(parts.get(p, "")).strip() for p in ("day", "month", "year")]
    # ASCII digits only: int() would also read Arabic-Indic or full-width digits.
    if not all(t.isascii() and t.isdigit() for t in texts) or len(texts[2]) != 4:
        return None
    day, month, year = (int(t) for t in texts)
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):  # day 99999999999 overflows rather than misses
        return None
