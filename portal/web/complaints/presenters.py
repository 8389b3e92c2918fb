"""GOV.UK Frontend macro parameters for a question page, built from the Step.

We call the govuk-frontend-jinja macros directly rather than through
govuk-frontend-wtf widgets, because those hard-code English ("Day", "Month",
"Year", "Error:") and Welsh must be complete. Every word here is translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import get_template_attribute, request, url_for
from flask_babel import get_locale, gettext
from flask_babel.speaklater import LazyString
from markupsafe import Markup

from portal.complaints import journey
from portal.complaints.questions import Field, Step

Answers = Mapping[str, Any]


def field_id(field: Field) -> str:
    """The id an error summary links to: the first input of the field."""
    return f"{field.name}-day" if field.kind == "date" else field.name


def _error(errors: Mapping[str, LazyString], name: str) -> dict[str, str] | None:
    if name not in errors:
        return None
    return {"text": str(errors[name]), "visuallyHiddenText": gettext("Error")}


def _legend(text: str, *, as_title: bool) -> dict[str, Any]:
    if as_title:
        return {"text": text, "isPageHeading": True, "classes": "govuk-fieldset__legend--l"}
    return {"text": text, "classes": "govuk-fieldset__legend--m"}


def field_params(field: Field, step: Step, *, answers: Answers, values: Answers,
                 errors: Mapping[str, LazyString], as_title: bool) -> dict[str, Any]:
    """The macro name and parameters for one field (and its revealed fields)."""
    text = str(journey.label(field, answers))
    hint_text = journey.hint(field, answers)
    params: dict[str, Any] = {"name": field.name, "errorMessage": _error(errors, field.name)}
    if hint_text:
        params["hint"] = {"text": str(hint_text)}
    if field.kind in ("radios", "checkboxes"):
        params.update(idPrefix=field.name,
                      items=_items(field, step, answers=answers, values=values, errors=errors),
                      fieldset={"legend": _legend(text, as_title=as_title)})
        # Choices with pictures (the faces) are radios too, drawn by components/faces.html.
        faces = any(choice.face for choice in field.choices)
        return {"macro": "faces" if faces else field.kind, "params": params}
    if field.kind == "date":
        params.update(id=field.name, namePrefix=field.name,
                      fieldset={"legend": _legend(text, as_title=as_title)},
                      items=_date_items(field, values, errors))
        return {"macro": "date", "params": params}
    return _text_params(field, params, text, values.get(field.name), as_title=as_title)


def _items(field: Field, step: Step, *, answers: Answers, values: Answers,
           errors: Mapping[str, LazyString]) -> list[dict[str, Any]]:
    value = values.get(field.name)
    picked = value if isinstance(value, list) else [value] if value else []
    items: list[dict[str, Any]] = []
    for choice in field.choices:
        if choice.exclusive and field.kind == "checkboxes":
            items.append({"divider": gettext("or")})
        item: dict[str, Any] = {
            "value": choice.value, "text": str(journey.choice_label(choice, answers)),
            "checked": choice.value in picked,
        }
        if choice.hint:
            item["hint"] = {"text": str(choice.hint)}
        if choice.face:
            item["image"] = url_for("static", filename=f"build/faces/{choice.face}.svg")
        if choice.exclusive:
            item["behaviour"] = "exclusive"
        if choice.reveals:
            item["conditional"] = {"html": Markup("").join(
                render_field(step.field(name), step, answers=answers, values=values,
                             errors=errors, as_title=False) for name in choice.reveals)}
        items.append(item)
    return items


def _date_items(field: Field, values: Answers, errors: Mapping[str, LazyString]
                ) -> list[dict[str, Any]]:
    value = values.get(field.name)
    parts = value if isinstance(value, Mapping) else {}
    error_class = " govuk-input--error" if field.name in errors else ""
    widths = {"day": "2", "month": "2", "year": "4"}
    labels = {"day": gettext("Day"), "month": gettext("Month"), "year": gettext("Year")}
    return [{"name": part, "label": labels[part], "value": parts.get(part, ""),
             "classes": f"govuk-input--width-{widths[part]}{error_class}"}
            for part in ("day", "month", "year")]


def _text_params(field: Field, params: dict[str, Any], text: str, value: Any, *,
                 as_title: bool) -> dict[str, Any]:
    label: dict[str, Any] = {"text": text}
    if as_title:
        label.update(isPageHeading=True, classes="govuk-label--l")
    elif field.revealed_by is None:
        label["classes"] = "govuk-label--m"
    params.update(id=field.name, label=label, value=value or "")
    if field.autocomplete:
        params["autocomplete"] = field.autocomplete
    if field.kind == "textarea":
        if params["value"].startswith("\n"):
            # HTML drops one line break straight after <textarea>: give it one to drop, so
            # an answer that begins with a blank line comes back whole when changed.
            params["value"] = "\n" + params["value"]
        params["rows"] = 8 if field.max_length > 1000 else 4
        params["spellcheck"] = True
        return {"macro": "textarea", "params": params}
    if field.width:
        params["classes"] = f"govuk-input--width-{field.width}"
    if field.kind == "number":
        params.update(inputmode="numeric", spellcheck=False)
    elif field.kind == "email":
        params.update(type="email", spellcheck=False)
    elif field.kind == "tel":
        params["type"] = "tel"
    return {"macro": "input", "params": params}


#: Fields as first seen (nothing typed, no error), rendered once per process. The GOV.UK
#: macros are the question page's largest cost (about half of a first visit's time, by
#: cProfile), and a field no one has answered renders the same for everyone in one
#: language and wording: it holds only the translations' words, never anything a child
#: typed. Bounded: questions x languages x wordings.
_UNANSWERED: dict[tuple[Any, ...], Markup] = {}
_UNANSWERED_MAX = 512


def _render(spec: dict[str, Any]) -> Markup:
    render = get_template_attribute("components/question-field.html", "question_field")
    # The macro returns Markup: autoescaping has already escaped every answer.
    html: Markup = render(spec)
    return html


def render_field(field: Field, step: Step, *, answers: Answers, values: Answers,
                 errors: Mapping[str, LazyString], as_title: bool) -> Markup:
    if errors or any(values.get(f.name) not in (None, "", []) for f in step.fields):
        # What a child typed is never kept beyond their request.
        return _render(field_params(field, step, answers=answers, values=values,
                                    errors=errors, as_title=as_title))
    # An unanswered field's words depend only on these (journey.label, hint, choice_label):
    # the key is found without translating a word of it.
    key = (step.slug, field.name, as_title, str(get_locale()), journey.is_child(answers),
           answers.get("kind"), request.script_root)
    html = _UNANSWERED.get(key)
    if html is None:
        html = _render(field_params(field, step, answers=answers, values=values,
                                    errors=errors, as_title=as_title))
        if len(_UNANSWERED) < _UNANSWERED_MAX:
            _UNANSWERED[key] = html
    return html


def page_fields(step: Step, *, answers: Answers, values: Answers,
                errors: Mapping[str, LazyString]) -> list[Markup]:
    """The page's top-level fields, rendered; the first is the page's h1 when it is the
    only question on the page."""
    shown = [f for f in step.fields if f.revealed_by is None]
    return [render_field(f, step, answers=answers, values=values, errors=errors,
                         as_title=step.legend_is_title and i == 0)
            for i, f in enumerate(shown)]


def error_list(step: Step, errors: Mapping[str, LazyString]) -> list[dict[str, str]]:
    """The error summary's links, in the order the fields appear on the page."""
    order = []
    for top in (f for f in step.fields if f.revealed_by is None):
        # A revealed field sits inside its question, so its error follows that question's.
        order += [top.name] + [f.name for f in step.fields
                               if f.revealed_by is not None and f.revealed_by[0] == top.name]
    return [{"text": str(errors[name]), "href": "#" + field_id(step.field(name))}
            for name in order if name in errors]
