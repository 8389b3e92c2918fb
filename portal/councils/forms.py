"""Forms an administrator uses to edit the council's settings, teams and categories."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, IntegerField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional, Regexp

from portal.common.forms import PortalForm
from portal.common.widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSubmitInput,
    GovTextInput,
)
from portal.i18n import LOCALES

PHONE = Regexp(r"^[0-9 +()]{3,20}$", message=_l("Enter a phone number, like 0300 123 4567"))


class CouncilSettingsForm(PortalForm):
    name = StringField(_l("Council name"), widget=GovTextInput(),
                       validators=[InputRequired(_l("Enter the council's name")), Length(max=200)])
    duty_line = StringField(
        _l("Children's services duty line"), widget=GovTextInput(),
        description=_l("Shown at once to a child who says they are not safe"),
        validators=[InputRequired(_l("Enter the duty line")), PHONE],
    )
    out_of_hours = StringField(_l("Out of hours number (optional)"), widget=GovTextInput(),
                               validators=[Optional(), PHONE])
    complaints_phone = StringField(_l("Complaints team phone (optional)"),
                                   widget=GovTextInput(), validators=[Optional(), PHONE])
    complaints_email = StringField(
        _l("Complaints team email (optional)"), widget=GovTextInput(),
        validators=[Optional(), Email(_l("Enter an email address, like name@council.gov.uk"))],
    )
    safeguarding_email = StringField(
        _l("Safeguarding contact email (optional)"), widget=GovTextInput(),
        description=_l("Your front door or MASH inbox. It is emailed at once, with the "
                       "children's rights officers, when a child may be at risk."),
        validators=[Optional(), Email(_l("Enter an email address, like name@council.gov.uk"))],
    )
    languages = SelectMultipleField(
        _l("Languages offered"), widget=GovCheckboxesInput(),
        choices=[SelectChoice(code, loc.name) for code, loc in LOCALES.items()],
        description=_l("English is always offered"),
    )
    reference_prefix = StringField(
        _l("Reference prefix"), widget=GovTextInput(),
        description=_l("Up to 8 letters or digits, like CMP"),
        validators=[InputRequired(_l("Enter a reference prefix")),
                    Regexp(r"^[A-Za-z0-9]{1,8}$", message=_l("Use up to 8 letters or digits"))],
    )
    advocacy_target_working_days = IntegerField(
        _l("Target for assigning an advocate, in working days"), widget=GovTextInput(),
        validators=[InputRequired(_l("Enter a number of working days")),
                    NumberRange(min=0, max=20, message=_l("Enter a number from 0 to 20"))],
    )
    exit_url = StringField(
        _l("Where Exit this page goes"), widget=GovTextInput(),
        description=_l("A neutral website, like a weather or search page"),
        validators=[InputRequired(_l("Enter a web address")),
                    URL(require_tld=True, message=_l("Enter a full web address starting https://"))],
    )
    submit = SubmitField(_l("Save settings"), widget=GovSubmitInput())


class NewTeamForm(PortalForm):
    name = StringField(_l("Team or service area"), widget=GovTextInput(),
                       validators=[InputRequired(_l("Enter the team's name")), Length(max=200)])
    social_care = BooleanField(_l("This team carries out children's social care functions"),
                               widget=GovCheckboxInput())
    submit = SubmitField(_l("Add team"), widget=GovSubmitInput())


class NewCategoryForm(PortalForm):
    name = StringField(_l("Category"), widget=GovTextInput(),
                       validators=[InputRequired(_l("Enter the category")), Length(max=200)])
    submit = SubmitField(_l("Add category"), widget=GovSubmitInput())


class ToggleForm(PortalForm):
    """A one-button form to switch a team or category on or off (keeps CSRF on the change)."""

    submit = SubmitField(_l("Change"), widget=GovSubmitInput())
