"""The audit search form: a GET form (it changes nothing, so no CSRF token), validated all
the same, so bad input gets the error summary and keeps what was typed."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, Regexp
from wtforms.validators import ValidationError as FieldError

from portal.common.forms import GovDateField, PortalForm
from portal.common.widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextInput

#: The outcome filter's values.
ANY, ALLOWED, REFUSED = "any", "allowed", "refused"


def _one_of_the_list(message: Any) -> Any:
    """A select's value must be one of its choices, said in the reader's language."""
    def check(form: FlaskForm, field: SelectField) -> None:
        values = {str(getattr(choice, "value", choice)) for choice in field.choices or ()}
        if field.data and field.data not in values:
            raise FieldError(str(message))
    return check


def _not_before_from(form: FlaskForm, field: GovDateField) -> None:
    start = form["date_from"].data
    if start and field.data and field.data < start:
        raise FieldError(gettext("The last day must be the same as or after the first day"))


class AuditSearchForm(PortalForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    person = SelectField(_l("Person"), widget=GovSelect(), validate_choice=False, default="",
                         validators=[_one_of_the_list(_l("Choose a person from the list"))])
    reference = StringField(
        _l("Case reference (optional)"), widget=GovTextInput(),
        description=_l("For example, CMP-2026-000123"),
        filters=[lambda value: value.strip().upper() if isinstance(value, str) else value],
        validators=[Optional(), Length(max=40, message=_l("A reference is 40 characters or "
                                                          "fewer")),
                    Regexp(r"^[A-Z0-9-]+$", message=_l("A reference has only letters, "
                                                       "digits and dashes, like "
                                                       "CMP-2026-000123"))],
    )
    action = SelectField(_l("What they did"), widget=GovSelect(), validate_choice=False,
                         default="",
                         validators=[_one_of_the_list(_l("Choose an action from the list"))])
    outcome = RadioField(
        _l("Allowed or refused"), widget=GovRadioInput(), default=ANY, validate_choice=False,
        choices=[SelectChoice(ANY, _l("Both")), SelectChoice(ALLOWED, _l("Allowed")),
                 SelectChoice(REFUSED, _l("Refused"))],
        validators=[_one_of_the_list(_l("Choose allowed, refused or both"))],
    )
    date_from = GovDateField(_l("From (optional)"), validators=[Optional()],
                             description=_l("For example, 1 11 2026"))
    date_to = GovDateField(_l("To (optional)"), validators=[Optional(), _not_before_from],
                           description=_l("The whole day is included, London time"))
    submit = SubmitField(_l("Search"), widget=GovSubmitInput())

    def __init__(self, *args: Any, people: list[tuple[str, str]],
                 actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person.choices = [SelectChoice("", _l("Anyone")),
                               *(SelectChoice(v, t) for v, t in people)]
        self.action.choices = [SelectChoice("", _l("Anything")),
                               *(SelectChoice(v, t) for v, t in actions)]
