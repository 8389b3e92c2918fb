"""The back office's forms: one per thing an officer does to a case.

Choices that come from the database (people, teams, categories) are filled in
by the view; enum choices are the vocabularies' labels.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    EmailField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    StopValidation,
    ValidationError,
)

from portal.common.forms import PortalForm
from portal.common.widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)

_DATE_HINT = _l("For example, 2026-03-20")
_REQUIRED_DATE = _l("Enter a date")
_REASON = _l("Reason")
_MAX_TEXT = 5000


_NOT_A_DATE = _l("Enter a real date, like 2026-03-20")


class _DateField(DateField):
    """A date field whose refusal of an impossible date (31 April) says what to do, in
    the reader's language, not WTForms' own English "Not a valid date value"."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(str(_NOT_A_DATE)) from None


def _date(label: object, *, required: bool = True) -> DateField:
    validators = [InputRequired(_REQUIRED_DATE)] if required else [Optional()]
    return _DateField(label, widget=GovTextInput(), description=_DATE_HINT,
                      validators=validators)


def _text(label: object, *, required: bool = True, hint: object | None = None) -> TextAreaField:
    validators = [InputRequired(_l("Enter the reason"))] if required else [Optional()]
    return TextAreaField(label, widget=GovTextArea(), description=hint,
                         validators=[*validators, Length(max=_MAX_TEXT)])


def _choice(label: object, *, coerce: type = str) -> SelectField:
    return SelectField(label, widget=GovSelect(), coerce=coerce, validate_choice=True)


class CaseForm(PortalForm):
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class RouteForm(CaseForm):
    route = _choice(_l("Route"))
    signpost = _choice(_l("Signpost to (only for the signpost route)"))
    team = _choice(_l("Team"))
    categories = SelectMultipleField(_l("What it is about"), widget=GovCheckboxesInput(),
                                     coerce=int, validate_choice=True)
    reason = _text(_l("Reason for any change to the routing decision"), required=False)


class CheckForm(CaseForm):
    check = _choice(_l("Check"))
    decision = _choice(_l("Decision"))
    reason = _text(_REASON)


class SignpostForm(CaseForm):
    to = _choice(_l("Who can help"))
    note = _text(_l("What to tell the person (goes in the letter)"))


def _delay_reason() -> SelectField:
    """Asked of every step with a deadline: a step taken late says why (the register's
    delay reasons, REGISTER.md ``delay_reason``)."""
    # Empty (the first choice) when the form was sent without it: a step in time.
    return SelectField(_l("If this was after its deadline: why"), widget=GovSelect(),
                       validate_choice=True, default="", description=_l(
                           "Leave it as it is if this was in time."))


def _delay_note() -> TextAreaField:
    return _text(_l("What delayed it (optional)"), required=False)


class AcknowledgeForm(CaseForm):
    on = _date(_l("Acknowledged on"))
    send = BooleanField(_l("Send the acknowledgement letter"), widget=GovCheckboxInput(),
                        default=True)
    delay_reason = _delay_reason()
    delay_note = _delay_note()


class AssignForm(CaseForm):
    user = _choice(_l("Responding manager"), coerce=int)


class ExtendForm(CaseForm):
    new_due_on = _date(_l("New deadline"))
    reason = _text(_l("Reason for the extension"))
    message = _text(_l("What to tell the complainant"), required=False,
                    hint=_l("Leave empty to send the reason"))


class OutcomeForm(CaseForm):
    outcome = _choice(_l("Outcome"))
    responded_on = _date(_l("Response sent on"))
    summary = _text(_l("The response (goes in the letter)"))
    delay_reason = _delay_reason()
    delay_note = _delay_note()


#: The most a compensation column holds (Numeric(10, 2)).
_MAX_AMOUNT = Decimal("99999999.99")
_KEEP = _l("Leave empty to keep it as it is")


def _amount(label: object) -> DecimalField:
    return DecimalField(label, widget=GovTextInput(), places=2, validators=[
        Optional(), NumberRange(min=0, max=_MAX_AMOUNT,
                                message=_l("Enter an amount in pounds, like 150.00"))])


def _which(label: object, message: object) -> SelectField:
    """Which of the case's remedies or learning actions (choices filled by the view)."""
    return SelectField(label, widget=GovSelect(), validate_choice=True,
                       validators=[InputRequired(message)])


def _owner_account(label: object) -> SelectField:
    # Empty: someone without an account, or (editing) the owner as it is.
    return SelectField(label, widget=GovSelect(), validate_choice=True, default="")


def _owner_name(label: object, *, hint: object | None = None) -> StringField:
    return StringField(label, widget=GovTextInput(), description=hint,
                       validators=[Length(max=200)])


class RemedyForm(CaseForm):
    kind = _choice(_l("Remedy"))
    amount = _amount(_l("Amount in pounds (compensation only)"))
    note = _text(_l("Note"), required=False)


class RemedyEditForm(CaseForm):
    """A remedy changed until the case closes; an empty box keeps what it says."""

    remedy = _which(_l("Which remedy"), _l("Choose a remedy"))
    kind = SelectField(_l("Remedy"), widget=GovSelect(), validate_choice=True, default="")
    amount = _amount(_l("Amount in pounds (compensation only)"))
    note = _text(_l("Note"), required=False, hint=_KEEP)


class LearningForm(CaseForm):
    description = _text(_l("What will change"))
    owner_user = _owner_account(_l("Owner"))
    owner = _owner_name(_l("Or the name of an owner without an account"))
    due_on = _date(_l("Due on"))

    def validate_owner(self, field: StringField) -> None:
        named = bool((field.data or "").strip())
        if named == bool(self.owner_user.data):
            raise ValidationError(_l("Choose the owner from the list or enter the name of "
                                     "someone without an account, not both")
                                  if named else _l("Choose the owner or enter their name"))


class LearningEditForm(CaseForm):
    """A learning action changed while it is not done; an empty box keeps what it says."""

    learning_action = _which(_l("Which learning action"), _l("Choose a learning action"))
    description = _text(_l("What will change"), required=False, hint=_KEEP)
    owner_user = _owner_account(_l("Owner"))
    owner = _owner_name(_l("Or the name of an owner without an account"), hint=_KEEP)
    due_on = _date(_l("Due on"), required=False)


class LearningDoneForm(CaseForm):
    learning_action = _which(_l("Which learning action"), _l("Choose a learning action"))
    done_on = _date(_l("Done on"))
    note = TextAreaField(_l("What was done"), widget=GovTextArea(),
                         validators=[InputRequired(_l("Enter what was done")),
                                     Length(max=_MAX_TEXT)])


class ReopenForm(CaseForm):
    reason = _text(_l("Why the case is being reopened"),
                   hint=_l("It is kept in the case's history."))


class NextStageForm(CaseForm):
    requested_on = _date(_l("Asked for on"))
    late_reason = _text(_l("Reason for accepting a late request"), required=False)


class Stage2ClockForm(CaseForm):
    started_on = _date(_l("Statement of complaint agreed on"))


class ResponsePlanForm(CaseForm):
    """The plan agreed with an adult social care complainant (2009 Regulations reg. 13(5))."""

    agreed_on = _date(_l("Agreed with the complainant on"))
    handling = TextAreaField(
        _l("How the complaint will be handled"), widget=GovTextArea(),
        description=_l("For example, who will look into it and whether you will meet."),
        validators=[InputRequired(_l("Enter how the complaint will be handled")),
                    Length(max=_MAX_TEXT)])
    response_by = _date(_l("Response agreed by"))
    keeping_informed = TextAreaField(
        _l("How they will be kept informed"), widget=GovTextArea(),
        description=_l("For example, a phone call every two weeks."),
        validators=[InputRequired(_l("Enter how they will be kept informed")),
                    Length(max=_MAX_TEXT)])
    change_reason = _text(_l("Why the plan is changing (only when changing it)"),
                          required=False)


_EMAIL_FORM = _l("Enter an email address, like name@council.gov.uk")


def _name(label: object) -> StringField:
    # Not Optional(): it would stop the check that someone is named.
    return StringField(label, widget=GovTextInput(), validators=[Length(max=200)])


def _email(label: object) -> EmailField:
    # Not Optional(): it would stop the check that a named person has an address.
    return EmailField(label, widget=GovTextInput(), validators=[Length(max=320)])


class ComplimentForm(CaseForm):
    """Who a compliment is for and their manager (DOMAIN.md: "shared with them and their
    manager"), and the words passed on."""

    worker_name = _name(_l("The worker's name"))
    worker_email = _email(_l("The worker's email address"))
    team_name = _name(_l("The team's name"))
    team_email = _email(_l("The team's email address (optional)"))
    manager_name = StringField(_l("Their manager's name"), widget=GovTextInput(),
                               validators=[InputRequired(_l("Enter their manager's name")),
                                           Length(max=200)])
    manager_email = EmailField(_l("Their manager's email address"), widget=GovTextInput(),
                               validators=[InputRequired(_l("Enter their manager's email "
                                                            "address")),
                                           Length(max=320), Email(_EMAIL_FORM)])
    words = TextAreaField(
        _l("The words to pass on"), widget=GovTextArea(),
        description=_l("Leave out anything that says who sent it, unless they agreed."),
        validators=[InputRequired(_l("Enter the words to pass on")), Length(max=20000)])
    sender_named = BooleanField(_l("The person who sent it agreed that we pass on their name"),
                                widget=GovCheckboxInput())

    def validate_worker_name(self, field: StringField) -> None:
        if not (field.data or "").strip() and not (self.team_name.data or "").strip():
            raise ValidationError(_l("Enter the worker's name or the team's name: who the "
                                     "compliment is for"))

    def validate_worker_email(self, field: EmailField) -> None:
        _needs_email(self, self.worker_name.data, field,
                     _l("Enter the worker's email address, so we can send it to them"))

    def validate_team_email(self, field: EmailField) -> None:
        # A team may have no shared address: it hears through its manager.
        _needs_email(self, None, field, "")

    def validate_team_name(self, field: StringField) -> None:
        if (self.team_email.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Enter the team's name"))


def _needs_email(form: PortalForm, name: str | None, field: EmailField, message: object) -> None:
    """A person named gets the compliment, so needs an address; a typed address must
    look like one."""
    if not (field.data or "").strip():
        if (name or "").strip():
            raise StopValidation(str(message))
        return
    Email(_EMAIL_FORM)(form, field)


class Stage2PeopleForm(CaseForm):
    investigating_officer = _choice(_l("Investigating officer"), coerce=int)
    independent_person = _choice(_l("Independent person"), coerce=int)
    adjudicating_officer = _choice(_l("Adjudicating officer"), coerce=int)
    declaration = BooleanField(
        _l("The independent person has declared they are neither an officer nor a member of "
           "the council"), widget=GovCheckboxInput())
    declaration_text = _text(_l("Their declaration, as given"))


class PanelForm(CaseForm):
    members = SelectMultipleField(_l("Panel members (three)"), widget=GovCheckboxesInput(),
                                  coerce=int, validate_choice=True)
    panel_on = _date(_l("Panel meets on"), required=False)
    delay_reason = _delay_reason()
    delay_note = _delay_note()


class PanelDateForm(CaseForm):
    panel_on = _date(_l("Panel meets on"))
    delay_reason = _delay_reason()
    delay_note = _delay_note()


class ReportForm(CaseForm):
    report_on = _date(_l("Panel's report received on"))
    delay_reason = _delay_reason()
    delay_note = _delay_note()


class AdrForm(CaseForm):
    method = _choice(_l("How"))
    note = _text(_l("What was agreed with the complainant"))


class OmbudsmanForm(CaseForm):
    referred_on = _date(_l("The Ombudsman told us on"), required=False)
    decision = _choice(_l("The Ombudsman's decision"))


class ReasonForm(CaseForm):
    reason = _text(_REASON)


class MessageForm(CaseForm):
    body = _text(_l("Message to the complainant"),
                 hint=_l("They read it on their tracking page, in plain words."))


# LogOfflineForm: see portal/web/cases/offline_page.py.


# --- re-routing, moving and transferring (cases.reroute) --------------------------------

_SEND_REASON = _l("Leave empty to send the reason")


def _required_choice(label: object, message: object) -> SelectField:
    """A choice whose first option is empty (choices filled by the view)."""
    return SelectField(label, widget=GovSelect(), validate_choice=True, default="",
                       validators=[InputRequired(message)])


class RerouteForm(CaseForm):
    procedure = _required_choice(_l("The procedure it moves to"),
                                 _l("Choose the procedure it moves to"))
    signpost = _choice(_l("Signpost to (only for the signpost route)"))
    reason = _text(_l("Why the procedure changes"),
                   hint=_l("Stage 1's deadlines are counted again from the day it was "
                           "received."))
    message = _text(_l("What to tell the person if it is signposted (goes in the letter)"),
                    required=False, hint=_SEND_REASON)


class ChangeTeamForm(CaseForm):
    to_team = _required_choice(_l("The team it moves to"), _l("Choose the team it moves to"))
    reason = _text(_l("Why it moves"))


class TransferForm(CaseForm):
    to_council = StringField(
        _l("The council responsible"), widget=GovTextInput(),
        description=_l("For example, Northshire County Council"),
        validators=[InputRequired(_l("Enter the name of the council responsible")),
                    Length(max=200)])
    reason = _text(_l("Why that council is responsible"),
                   hint=_l("For example, the child lives in their area or is looked after "
                           "by them."))
    message = _text(_l("What to tell the complainant (goes in the letter)"), required=False,
                    hint=_SEND_REASON)
    passed_on = BooleanField(_l("We have sent the complaint to that council"),
                             widget=GovCheckboxInput())
