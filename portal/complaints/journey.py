"""Where the journey goes next: pure functions over the answers so far.

No Flask and no database here, so the order of questions is tested as a
table (tests/unit/complaints/test_intake_rules.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel.speaklater import LazyString

from portal.complaints.questions import (
    ABOUT_CHILD,
    ADVOCATE,
    KIND,
    NAME,
    SAFE,
    STEPS,
    WHAT_HAPPENED,
    WHAT_HAPPENED_BY_KIND,
    Choice,
    Field,
    Step,
)

Answers = Mapping[str, Any]

CHECK_ANSWERS = "check-answers"
GET_HELP_NOW = "get-help-now"
#: Who counts as the child themselves: the wording says "you", and advocacy must be offered.
CHILD_SUBMITTERS = frozenset({"child", "care_leaver"})
NOT_SAFE = frozenset({"no", "not_sure"})


def is_child(answers: Answers) -> bool:
    """True unless an adult said who they are (before that, speak to a child)."""
    submitter = answers.get("submitter")
    return submitter is None or submitter in CHILD_SUBMITTERS


def not_safe(answers: Answers) -> bool:
    return answers.get("safe") in NOT_SAFE


#: Each question's place in the journey, by its slug. ``STEPS.index`` compared the steps
#: field by field (dataclass equality) thirty times a page.
_ORDER = {step.slug: place for place, step in enumerate(STEPS)}


def _position(step: Step) -> int:
    return _ORDER[step.slug]


def applies(step: Step, answers: Answers) -> bool:
    """Whether this question is asked, given the answers so far."""
    kind = answers.get("kind", "complaint")
    if kind not in step.kinds:
        return False
    if step is NAME:
        # Never ask the name of someone who chose to stay anonymous; and ask a child once:
        # "About you" already asked a child's first name.
        if answers.get("contact_methods") == ["none"]:
            return False
        return not (is_child(answers) and applies(ABOUT_CHILD, answers))
    # An advocate already is one: the child has their advocate.
    return not (step is ADVOCATE and answers.get("submitter") == "advocate")


def applicable_steps(answers: Answers) -> list[Step]:
    return [step for step in STEPS if applies(step, answers)]


def numbered_steps(answers: Answers) -> list[Step]:
    """The questions counted in "Question 3 of 9": those this journey asks about the
    matter. The choice of complaint, thanks or idea is made on the home page, so it is
    not one of them."""
    return [step for step in applicable_steps(answers) if step is not KIND]


def first_unanswered(answers: Answers, answered: set[str]) -> Step | None:
    return next((s for s in applicable_steps(answers) if s.slug not in answered), None)


def next_slug(current: Step, answers: Answers, answered: set[str], *, changing: bool) -> str:
    """The page after ``current`` once it is answered.

    Saying "no" or "not sure" to "Are you safe?" shows help at once; from
    there the person carries on where they were. When changing an answer
    from the check page, go back there unless the change opened a question
    never answered (say, a comment became a complaint).
    """
    if current is SAFE and not_safe(answers):
        return GET_HELP_NOW
    return after_help(current, answers, answered, changing=changing)


def after_help(current: Step, answers: Answers, answered: set[str], *, changing: bool) -> str:
    steps = applicable_steps(answers)
    if changing:
        pending = first_unanswered(answers, answered)
        return pending.slug if pending else CHECK_ANSWERS
    later = [s for s in steps if _position(s) > _position(current)]
    return later[0].slug if later else CHECK_ANSWERS


def previous_slug(current: Step | None, answers: Answers) -> str | None:
    """The back link's target; None on the first question (back goes to the start)."""
    steps = applicable_steps(answers)
    if current is None:  # the check page and the help page
        return steps[-1].slug if steps else None
    earlier = [s for s in steps if _position(s) < _position(current)]
    return earlier[-1].slug if earlier else None


def may_visit(step: Step, answers: Answers, answered: set[str]) -> bool:
    """A question is open once every question before it is answered (no skipping ahead
    by URL, which would let a submission miss a required answer)."""
    if not applies(step, answers):
        return False
    pending = first_unanswered(answers, answered)
    return pending is None or _position(step) <= _position(pending)


def title(step: Step, answers: Answers) -> LazyString:
    if step is WHAT_HAPPENED and answers.get("kind") in WHAT_HAPPENED_BY_KIND:
        return WHAT_HAPPENED_BY_KIND[answers["kind"]]
    if step.adult_title is not None and not is_child(answers):
        return step.adult_title
    return step.title


def label(field: Field, answers: Answers) -> LazyString:
    if field.name == WHAT_HAPPENED.fields[0].name and answers.get("kind") in WHAT_HAPPENED_BY_KIND:
        return WHAT_HAPPENED_BY_KIND[answers["kind"]]
    if field.adult_label is not None and not is_child(answers):
        return field.adult_label
    return field.label


def hint(field: Field, answers: Answers) -> LazyString | None:
    if field.adult_hint is not None and not is_child(answers):
        return field.adult_hint
    return field.hint


def choice_label(choice: Choice, answers: Answers) -> LazyString:
    if choice.adult_label is not None and not is_child(answers):
        return choice.adult_label
    return choice.label
