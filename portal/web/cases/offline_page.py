"""The page "Log a complaint that came by phone, letter, email or in person": its form,
and the request that logs it (cases.offline does the work).

The form asks what routing needs (spec/ROUTING.md's submission) in labelled choices,
dates as GOV.UK day, month and year boxes, and every kind of person who gets in touch,
a councillor or MP among them, for themselves, a child or another adult. A refused form
comes back with 400, the error summary and everything typed still in place.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from portal.cases.context import CaseError
from portal.common.clock import london_today
from portal.common.dates import FIRST_YEAR
from portal.common.forms import GovDateField, PortalForm
from portal.common.widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from portal.complaints.offline import (
    OFFLINE_METHODS,
    Contact,
    ForWhom,
    OfflineAnswers,
    log_offline,
)
from portal.complaints.questions import DECISION_ANSWERS, MAX_TEXT, PROCEEDING_ANSWERS
from portal.councils.services import current_council
from portal.extensions import db
from portal.routing.submission import (
    MAX_CHILD_AGE,
    DecisionMaker,
    LookedAfterBy,
    Proceeding,
    Service,
    Submitter,
)
from portal.staff.access import signed_in_user
from portal.staff.labels import choices
from portal.vocab.cases import Kind, Method
from portal.vocab.cases import Submitter as RegisterSubmitter
from portal.web.cases import answer_labels as words

LANGUAGES = (("en", "English"), ("cy", "Cymraeg"))
E_FUTURE = _l("The date cannot be in the future")
E_TOO_OLD = _l("The date must be after 1 January %(year)s", year=FIRST_YEAR)
E_AGE = _l("Enter the child's age as a whole number from 0 to %(max)d", max=MAX_CHILD_AGE)
E_EMAIL = _l("Enter an email address in the correct format, like name@example.com")


class _DateField(GovDateField):
    """Day, month and year; all three blank is no answer (so "Enter the date" is said,
    not "Enter a real date"); a date that cannot be right for a complaint is refused."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and not any(str(v).strip() for v in valuelist):
            self.data = None
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form: Any) -> None:
        if self.data is None:
            return
        if self.data > london_today():
            raise ValidationError(str(E_FUTURE))
        if self.data.year < FIRST_YEAR:
            raise ValidationError(str(E_TOO_OLD))


class _OptionalRadio(RadioField):
    """Radios that may be left unanswered, but only with one of their own values."""

    def pre_validate(self, form: Any) -> None:
        if self.data in (None, ""):
            return
        super().pre_validate(form)


def _radios(label: Any, error: Any, *, hint: Any = None) -> RadioField:
    return RadioField(label, widget=GovRadioInput(), description=hint, validate_choice=True,
                      invalid_choice_message=error)


def _select(label: Any, error: Any, *, hint: Any = None) -> SelectField:
    return SelectField(label, widget=GovSelect(), description=hint, validate_choice=True,
                       invalid_choice_message=error, validators=[InputRequired(error)])


def _words(label: Any, *, hint: Any = None, required: Any = None) -> TextAreaField:
    first = InputRequired(required) if required else Optional()
    return TextAreaField(label, widget=GovTextArea(), description=hint,
                         validators=[first, Length(max=MAX_TEXT, message=_l(
                             "Use %(n)s characters or fewer", n=f"{MAX_TEXT:,}"))])


def _short(label: Any, limit: int) -> StringField:
    return StringField(label, widget=GovTextInput(), validators=[
        Optional(), Length(max=limit, message=_l("Use %(n)s characters or fewer", n=limit))])


def _age(form: Any, field: StringField) -> None:
    typed = (field.data or "").strip()
    if typed and not (typed.isascii() and typed.isdigit() and len(typed) <= 3
                      and int(typed) <= MAX_CHILD_AGE):
        raise ValidationError(str(E_AGE))


class LogOfflineForm(PortalForm):
    # How it reached us
    method = _radios(_l("How it came to us"), _l("Choose how it came to us"))
    received_on = _DateField(_l("Received on"), description=_l("For example, 27 3 2026"),
                             validators=[InputRequired(_l("Enter the date it was received"))])
    kind = _radios(_l("What it is"), _l("Choose what it is"), hint=_l(
        "A councillor's or MP's casework for a constituent is an enquiry; a complaint they "
        "make for someone is a complaint."))
    # Who got in touch
    submitter = _select(_l("Who got in touch"), _l("Choose who got in touch"),
                        hint=_l("For an MP, choose “A councillor or MP”."))
    name = _short(_l("Their name (optional)"), 200)
    email = EmailField(_l("Their email address (optional)"), widget=GovTextInput(),
                       validators=[Optional(), Length(max=320), Email(E_EMAIL)])
    phone = _short(_l("Their phone number (optional)"), 40)
    address = _words(_l("Their postal address (optional)"),
                     hint=_l("For replies by letter."))
    language = _radios(_l("Language for letters"), _l("Choose the language for letters"))
    # Who it is for
    for_whom = _radios(_l("Who it is for"), _l("Choose who it is for"))
    acting_for_name = _short(_l("The name of the child, or of the person they act for "
                                "(optional)"), 200)
    child_age = StringField(_l("The child's age (optional)"), widget=GovTextInput(),
                            validators=[_age])
    looked_after_by = _OptionalRadio(_l("Is the child in care? (optional)"),
                                     widget=GovRadioInput(), validate_choice=True,
                                     invalid_choice_message=_l("Choose whether the child is "
                                                               "in care"))
    # What it is about
    service = _select(_l("What it is about"), _l("Choose what it is about"))
    also = SelectMultipleField(_l("Is it about any of these? (optional)"),
                               widget=GovCheckboxesInput(), validate_choice=True,
                               invalid_choice_message=_l("Tick only the choices shown"),
                               description=_l("Some are for others to look at: routing "
                                              "says who."))
    event_on = _DateField(_l("When it happened (optional)"), description=_l(
        "If it happened more than once, the last time. For example, 27 3 2026"),
        validators=[Optional()])
    description = _words(_l("What they told us"), required=_l("Enter what they told us"),
                         hint=_l("In their words, as far as you can."))
    how_affected = _words(_l("How it has affected them or the child (optional)"))
    desired_outcome = _words(_l("What they would like to happen (optional)"))
    # Safety and support
    in_danger_now = BooleanField(_l("They said they, or the child, are not safe now"),
                                 widget=GovCheckboxInput())
    urgent = BooleanField(_l("Urgent: a child may be at risk"), widget=GovCheckboxInput())
    wants_advocate = BooleanField(_l("They would like an advocate"),
                                  widget=GovCheckboxInput())
    submit = SubmitField(_l("Log it"), widget=GovSubmitInput())


#: The form's sections, in order, for the page's headings (fields by name).
SECTIONS = (
    (_l("How it reached us"), ("method", "received_on", "kind")),
    (_l("Who got in touch"), ("submitter", "name", "email", "phone", "address", "language")),
    (_l("Who it is for"), ("for_whom", "acting_for_name", "child_age", "looked_after_by")),
    (_l("What it is about"), ("service", "also", "event_on", "description", "how_affected",
                              "desired_outcome")),
    (_l("Safety and support"), ("in_danger_now", "urgent", "wants_advocate")),
)

_FOR_WHOM = {
    ForWhom.THEMSELVES: _l("Themselves"),
    ForWhom.CHILD: _l("A child or young person"),
    ForWhom.ANOTHER_ADULT: _l("Another adult, for example a constituent"),
}
_LOOKED_AFTER = (
    (LookedAfterBy.THIS_COUNCIL.value, _l("Yes, this council looks after the child")),
    (LookedAfterBy.ANOTHER_COUNCIL.value, _l("Yes, another council looks after the child")),
    ("no", _l("No, or not known")),
)


def fill_choices(form: LogOfflineForm) -> None:
    """Every choice by its label in the reader's language, never a code: the back office's
    labels (staff.labels) and the words the case file shows the answers in
    (cases.answer_labels)."""
    form.method.choices = choices(Method, leave_out=tuple(
        m for m in Method if m not in OFFLINE_METHODS))
    form.kind.choices = [(k.value, words.kind_label(k)) for k in Kind]
    form.submitter.choices = [("", gettext("Choose who got in touch")), *choices(
        RegisterSubmitter, leave_out=(RegisterSubmitter.UNKNOWN,))]
    form.language.choices = list(LANGUAGES)
    form.for_whom.choices = [(k.value, str(v)) for k, v in _FOR_WHOM.items()]
    form.looked_after_by.choices = [(k, str(v)) for k, v in _LOOKED_AFTER]
    form.service.choices = [("", gettext("Choose what it is about")),
                            *((s.value, words.service_label(s.value)) for s in Service)]
    form.also.choices = [
        *((d, words.decision_label(d)) for d in DECISION_ANSWERS),
        *((a, words.proceeding_label(p)) for a, p in PROCEEDING_ANSWERS.items())]


def answers_of(form: LogOfflineForm) -> OfflineAnswers:
    also = list(form.also.data or [])
    age = (form.child_age.data or "").strip()
    looked_after = form.looked_after_by.data
    return OfflineAnswers(
        method=Method(form.method.data), received_on=form.received_on.data,
        kind=Kind(form.kind.data), submitter=Submitter(form.submitter.data),
        service=Service(form.service.data), description=form.description.data or "",
        contact=Contact(name=form.name.data or "", email=form.email.data or "",
                        phone=form.phone.data or "", address=form.address.data or ""),
        language=form.language.data, for_whom=ForWhom(form.for_whom.data),
        acting_for_name=form.acting_for_name.data or "",
        child_age=int(age) if age else None,
        looked_after_by=LookedAfterBy(looked_after) if looked_after in (
            LookedAfterBy.THIS_COUNCIL, LookedAfterBy.ANOTHER_COUNCIL) else None,
        about_decision_of=next((DecisionMaker(a) for a in also if a in DECISION_ANSWERS),
                               None),
        proceedings=tuple(Proceeding(PROCEEDING_ANSWERS[a]) for a in also
                          if a in PROCEEDING_ANSWERS),
        event_on=form.event_on.data, how_affected=form.how_affected.data or "",
        desired_outcome=form.desired_outcome.data or "",
        in_danger_now=bool(form.in_danger_now.data), wants_advocate=bool(
            form.wants_advocate.data), urgent=bool(form.urgent.data),
    )


def page() -> Response | tuple[str, int]:
    """GET: the empty form (received today, in English, for themselves). POST: log it and
    go to the case, or the form again with what was typed and what to put right."""
    form = LogOfflineForm()
    fill_choices(form)
    if not form.is_submitted():
        form.received_on.data = london_today()
        form.language.data = "en"
        form.for_whom.data = ForWhom.THEMSELVES.value
    problem = None
    if form.validate_on_submit():
        try:
            rep = log_offline(db.session(), current_council(), signed_in_user(),
                              answers_of(form), today=london_today())
        except CaseError as error:
            db.session.rollback()
            problem = str(error)
        else:
            flash(gettext("Logged as %(reference)s.", reference=rep.reference))
            return redirect(url_for("cases.case", reference=rep.reference))
    failed = bool(form.errors or problem)
    return render_template("cases/new.html", form=form, problem=problem,
                           sections=SECTIONS), 400 if failed else 200
