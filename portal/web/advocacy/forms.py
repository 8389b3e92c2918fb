"""Forms for the coordinator's, the children's rights officer's and the advocate's pages.

Choices that depend on the council (providers, advocates) are set by the view.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext, pgettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal.advocacy.labels import choices
from portal.common.clock import london_today
from portal.common.forms import MAX_ID, GovDateField, PortalForm
from portal.common.widgets import (
    GovCharacterCount,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from portal.procedure.advocacy import ChainRole
from portal.vocab.advocacy import Answer, OfferHow
from portal.vocab.routing import Service

MAX_TEXT = 5000


def _on(label: Any) -> GovDateField:
    return GovDateField(label, default=london_today,
                        validators=[InputRequired(_l("Enter the date, for example 27 3 2026"))])


class OfferForm(PortalForm):
    how = RadioField(_l("How was advocacy offered?"), widget=GovRadioInput(),
                     validators=[InputRequired(_l("Choose how advocacy was offered"))])
    submit = SubmitField(_l("Record the offer"), widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.how.choices = choices(OfferHow, leave_out=(OfferHow.AUTOMATIC,))


class AnswerForm(PortalForm):
    answer = RadioField(_l("What did the child say?"), widget=GovRadioInput(),
                        validators=[InputRequired(_l("Choose the child's answer"))])
    on = _on(_l("When did the child answer?"))
    submit = SubmitField(_l("Record the answer"), widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answer.choices = choices(Answer)


class ReferForm(PortalForm):
    provider = SelectField(_l("Advocacy provider"), widget=GovSelect(), coerce=int,
                           validators=[InputRequired(_l("Choose a provider"))])
    submit = SubmitField(_l("Refer"), widget=GovSubmitInput())


E_ADVOCATE = _l("Choose an advocate")


class _AdvocateField(RadioField):
    """An advocate's account id. Any id may be posted (the service refuses conflicts), so
    one that is not a number, or past what the column holds, is refused here: "Choose an
    advocate", not WTForms' "could not coerce", and no query with it."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(str(E_ADVOCATE)) from None


class AssignForm(PortalForm):
    advocate = _AdvocateField(_l("Advocate"), widget=GovRadioInput(), coerce=int,
                              validators=[InputRequired(E_ADVOCATE),
                                          NumberRange(min=1, max=MAX_ID, message=E_ADVOCATE)])
    submit = SubmitField(_l("Assign"), widget=GovSubmitInput())


class ObjectionForm(PortalForm):
    reason = TextAreaField(_l("What did the child say? (optional)"), widget=GovTextArea(),
                           validators=[Optional(), Length(max=MAX_TEXT)])
    submit = SubmitField(_l("Record the objection"), widget=GovSubmitInput())


class CloseForm(PortalForm):
    reason = TextAreaField(_l("Why is advocacy ending? (optional)"), widget=GovTextArea(),
                           validators=[Optional(), Length(max=MAX_TEXT)])
    submit = SubmitField(_l("Close advocacy"), widget=GovSubmitInput())


class ChainForm(PortalForm):
    role = RadioField(_l("Who are they in the complaint?"), widget=GovRadioInput(),
                      validators=[InputRequired(_l("Choose who they are"))])
    name = StringField(_l("Full name"), widget=GovTextInput(),
                       validators=[Optional(), Length(max=200)])
    email = EmailField(_l("Email address (optional)"), widget=GovTextInput(),
                       validators=[Optional(), Length(max=320)])
    submit = SubmitField(_l("Add to the complaint's people"), widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = choices(ChainRole, leave_out=(ChainRole.HANDLER,))


class FirstContactForm(PortalForm):
    on = _on(_l("When did you first speak to the child?"))
    submit = SubmitField(_l("Record first contact"), widget=GovSubmitInput())


class MessageForm(PortalForm):
    body = TextAreaField(
        _l("Message to the child"), widget=GovCharacterCount(),
        description=_l("The child sees it when they check their complaint online."),
        validators=[DataRequired(_l("Write your message")),
                    Length(max=MAX_TEXT, message=_l("Write at most %(n)d characters",
                                                    n=MAX_TEXT))],
    )
    submit = SubmitField(_l("Send message"), widget=GovSubmitInput())


class NextStageForm(PortalForm):
    reason = TextAreaField(
        _l("Why does the child want the next stage?"), widget=GovTextArea(),
        validators=[DataRequired(_l("Say why the child wants the next stage")),
                    Length(max=MAX_TEXT)],
    )
    submit = SubmitField(_l("Ask for the next stage"), widget=GovSubmitInput())


class FileForm(PortalForm):
    """A compact form for an advocate filing for a child: the same routing as the public
    journey, with the child's agreement recorded."""

    kind = RadioField(_l("What does the child want to send?"), widget=GovRadioInput(),
                      validators=[InputRequired(_l("Choose complaint, compliment or comment"))])
    service = SelectField(_l("Which service is it about?"), widget=GovSelect(),
                          validators=[InputRequired(_l("Choose the service"))])
    child_name = StringField(_l("The child's name"), widget=GovTextInput(),
                             validators=[DataRequired(_l("Enter the child's name")),
                                         Length(max=200)])
    child_age = IntegerField(_l("The child's age (optional)"), widget=GovTextInput(),
                             validators=[Optional(), NumberRange(min=0, max=25)])
    in_care = RadioField(_l("Is the child looked after by a council?"), widget=GovRadioInput(),
                         validators=[InputRequired(_l("Choose an answer"))])
    description = TextAreaField(_l("What happened, in the child's words"),
                                widget=GovCharacterCount(),
                                validators=[DataRequired(_l("Say what happened")),
                                            Length(max=MAX_TEXT)])
    desired_outcome = TextAreaField(_l("What would the child like to happen? (optional)"),
                                    widget=GovTextArea(),
                                    validators=[Optional(), Length(max=MAX_TEXT)])
    child_agreed = BooleanField(
        _l("The child agreed to me sending this for them"), widget=GovCheckboxInput(),
        validators=[DataRequired(_l("You can only send this if the child agreed"))],
    )
    agreement_how = RadioField(_l("How did the child agree?"), widget=GovRadioInput(),
                               validators=[InputRequired(_l("Choose how the child agreed"))])
    submit = SubmitField(_l("Send for the child"), widget=GovSubmitInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [("complaint", gettext("A complaint")),
                             ("compliment", gettext("A compliment")),
                             ("comment", gettext("A comment"))]
        self.service.choices = choices(Service)
        self.in_care.choices = [("this_council", gettext("Yes, by this council")),
                                ("another_council", gettext("Yes, by another council")),
                                ("no", pgettext(
                                    "answer to: Is the child looked after by a council?", "No")),
                                ("not_sure", gettext("Not sure"))]
        self.agreement_how.choices = [(k, str(v)) for k, v in AGREEMENT_HOW.items()]


AGREEMENT_HOW = {
    "in_person": _l("In person"),
    "telephone": _l("By telephone"),
    "video_call": _l("By video call"),
    "in_writing": _l("In writing"),
}


class ProviderForm(PortalForm):
    name = StringField(_l("Name of the provider"), widget=GovTextInput(),
                       validators=[DataRequired(_l("Enter the provider's name")),
                                   Length(max=200)])
    in_house = BooleanField(_l("The council's own advocacy service"),
                            widget=GovCheckboxInput())
    phone = StringField(_l("Telephone (optional)"), widget=GovTextInput(),
                        validators=[Optional(), Length(max=40)])
    email = EmailField(_l("Email address (optional)"), widget=GovTextInput(),
                       validators=[Optional(), Length(max=320)])
    active = BooleanField(_l("Takes referrals"), widget=GovCheckboxInput(), default=True)
    submit = SubmitField(_l("Save provider"), widget=GovSubmitInput())


class ProfileForm(PortalForm):
    """An advocate's languages, capacity and availability, which matching reads."""

    provider = SelectField(_l("Provider"), widget=GovSelect(), coerce=int,
                           validators=[InputRequired(_l("Choose the provider"))])
    languages = StringField(
        _l("Languages spoken"), widget=GovTextInput(),
        description=_l("Language codes separated by commas, for example en, cy, pl"),
        validators=[DataRequired(_l("Enter at least one language")), Length(max=200)],
    )
    capacity = IntegerField(_l("How many children they can work with at once"),
                            widget=GovTextInput(),
                            validators=[InputRequired(_l("Enter a whole number")),
                                        NumberRange(min=0, max=200,
                                                    message=_l("Enter a number from 0 to 200"))])
    available = BooleanField(_l("Available for new children"), widget=GovCheckboxInput())
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
