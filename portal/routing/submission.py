"""The submission: what the intake questions produce and routing reads.

The fields and their values are fixed by ``spec/ROUTING.md``. ``parse_submission``
turns one JSON object into a :class:`Submission` or raises
:class:`SubmissionError` naming the field and the bad value.

Parsing decisions (documented here because the contract leaves them open):

- Optional fields (``on_behalf_of_child``, ``child_age``, ``looked_after_by``,
  ``about_decision_of``, ``event_on``, ``proceedings``, ``in_danger_now``,
  ``wants_advocate``) may be omitted and take null / false / an empty list.
  ``description`` may be omitted too (an empty text): routing does not need
  it, and a complaint logged from a phone call may have none yet.
- ``kind``, ``received_on``, ``submitter`` and ``service`` are required.
- Unknown keys are rejected: a misspelt ``in_danger`` silently read as
  "not in danger" would be a safety failure, so we refuse rather than guess.
- Booleans must be JSON ``true``/``false`` (not ``"yes"``, not ``1``); dates
  must be ``YYYY-MM-DD`` exactly; ``proceedings`` duplicates are merged.
- An ``event_on`` after ``received_on`` is accepted (a person reads the case);
  it simply cannot make the complaint out of time.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from flask_babel import gettext

from portal.common.dates import FIRST_YEAR, LAST_YEAR
from portal.vocab.routing import (
    DecisionMaker,
    Kind,
    LookedAfterBy,
    Proceeding,
    Service,
    Submitter,
)

__all__ = [
    "DecisionMaker",
    "Kind",
    "LookedAfterBy",
    "Proceeding",
    "Service",
    "Submission",
    "SubmissionError",
    "Submitter",
    "parse_submission",
]


#: Oldest child_age we accept: care leavers are supported up to 25.
MAX_CHILD_AGE = 25


class SubmissionError(ValueError):
    """A submission does not follow the contract; names the field and the value."""

    def __init__(self, field: str, value: object, problem: str) -> None:
        self.field = field
        self.value = value
        self.problem = problem
        super().__init__(
            gettext(
                "%(field)s: %(value)s: %(problem)s",
                field=field,
                value=_show(value),
                problem=problem,
            )
        )


@dataclass(frozen=True, slots=True)
class Submission:
    """One submission, exactly the fields of ``spec/ROUTING.md``."""

    kind: Kind
    received_on: date
    submitter: Submitter
    service: Service
    on_behalf_of_child: bool = False
    child_age: int | None = None
    looked_after_by: LookedAfterBy | None = None
    about_decision_of: DecisionMaker | None = None
    event_on: date | None = None
    proceedings: tuple[Proceeding, ...] = ()
    in_danger_now: bool = False
    wants_advocate: bool = False
    description: str = ""


_REQUIRED = ("kind", "received_on", "submitter", "service")
_FIELDS = frozenset(Submission.__dataclass_fields__)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MISSING = object()
_E = TypeVar("_E", bound=enum.StrEnum)


def parse_submission(obj: object) -> Submission:
    """Build a :class:`Submission` from a decoded JSON object, or raise SubmissionError."""
    if not isinstance(obj, Mapping):
        raise SubmissionError(
            "submission", obj, gettext("must be a JSON object with the fields of ROUTING.md")
        )
    for key in obj:
        if key not in _FIELDS:
            raise SubmissionError(str(key), obj[key], gettext("is not a known field"))
    for name in _REQUIRED:
        if name not in obj:
            raise SubmissionError(name, _MISSING, gettext("is required"))
    return Submission(
        kind=_choice(obj, "kind", Kind),
        received_on=_received_on(obj),
        submitter=_choice(obj, "submitter", Submitter),
        service=_choice(obj, "service", Service),
        on_behalf_of_child=_flag(obj, "on_behalf_of_child"),
        child_age=_child_age(obj),
        looked_after_by=_optional_choice(obj, "looked_after_by", LookedAfterBy),
        about_decision_of=_optional_choice(obj, "about_decision_of", DecisionMaker),
        event_on=_optional_date(obj, "event_on"),
        proceedings=_proceedings(obj),
        in_danger_now=_flag(obj, "in_danger_now"),
        wants_advocate=_flag(obj, "wants_advocate"),
        description=_description(obj),
    )


def _show(value: object) -> str:
    if value is _MISSING:
        return gettext("missing")
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    return repr(value) if not isinstance(value, Mapping | list) else type(value).__name__


def _choice(obj: Mapping[str, Any], name: str, enum_cls: type[_E]) -> _E:
    value = obj[name]
    if isinstance(value, str):
        try:
            return enum_cls(value)
        except ValueError:
            pass
    raise SubmissionError(
        name,
        value,
        gettext("must be one of %(values)s", values=", ".join(e.value for e in enum_cls)),
    )


def _optional_choice(obj: Mapping[str, Any], name: str, enum_cls: type[_E]) -> _E | None:
    if obj.get(name) is None:
        return None
    return _choice(obj, name, enum_cls)


def _flag(obj: Mapping[str, Any], name: str) -> bool:
    value = obj.get(name, False)
    if not isinstance(value, bool):
        raise SubmissionError(name, value, gettext("must be true or false"))
    return value


def _date(name: str, value: object) -> date:
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            pass
        else:
            # The working-day calendar covers these years only; outside them a
            # deadline cannot be computed, so the date is refused here.
            if FIRST_YEAR <= parsed.year <= LAST_YEAR:
                return parsed
            raise SubmissionError(
                name,
                value,
                gettext("must be between %(first)d and %(last)d", first=FIRST_YEAR, last=LAST_YEAR),
            )
    raise SubmissionError(name, value, gettext("must be a date written YYYY-MM-DD"))


def _received_on(obj: Mapping[str, Any]) -> date:
    return _date("received_on", obj["received_on"])


def _optional_date(obj: Mapping[str, Any], name: str) -> date | None:
    value = obj.get(name)
    return None if value is None else _date(name, value)


def _child_age(obj: Mapping[str, Any]) -> int | None:
    value = obj.get("child_age")
    if value is None:
        return None
    # bool is an int in Python; `true` is not an age.
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_CHILD_AGE:
        return value
    raise SubmissionError(
        "child_age",
        value,
        gettext("must be a whole number from 0 to %(max)d, or null", max=MAX_CHILD_AGE),
    )


def _proceedings(obj: Mapping[str, Any]) -> tuple[Proceeding, ...]:
    value = obj.get("proceedings")
    if value is None:
        return ()
    allowed = ", ".join(p.value for p in Proceeding)
    if not isinstance(value, list):
        raise SubmissionError(
            "proceedings", value, gettext("must be a list of %(values)s", values=allowed)
        )
    found: set[Proceeding] = set()
    for item in value:
        try:
            found.add(Proceeding(item))
        except (ValueError, TypeError):
            raise SubmissionError(
                "proceedings", item, gettext("must be one of %(values)s", values=allowed)
            ) from None
    # Canonical order, so equal submissions compare and hash equal.
    return tuple(p for p in Proceeding if p in found)


def _description(obj: Mapping[str, Any]) -> str:
    value = obj.get("description")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise SubmissionError("description", value, gettext("must be text"))
    return value
