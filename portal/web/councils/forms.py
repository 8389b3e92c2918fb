"""Forms an administrator uses to edit the council's settings, teams and categories."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.validators import ValidationError as FieldError

from portal.common.forms import PortalForm
from portal.common.widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovSelect,
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
        choices=[SelectChoice(code, loc.english if loc.english == loc.name
                              else f"{loc.english} ({loc.name})")
                 for code, loc in LOCALES.items()],
        description=_l("English is always offered. Staff pages are in English and Welsh only."),
    )
    allow_draft_languages = BooleanField(
        _l("Offer draft translations"), widget=GovCheckboxInput(),
        description=_l("A qualified translator has not yet reviewed a draft translation. "
                       "Each page in one says so, in that language and in English."),
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
    officers_see_own_teams = BooleanField(
        _l("Officers see only their own teams' cases"), widget=GovCheckboxInput(),
        description=_l("Complaints officers then see and work on their own team's cases, "
                       "cases with no team yet (so they can be triaged) and cases given to "
                       "them. The complaints manager and children's rights officers still "
                       "see every case."),
    )
    sms_from = StringField(
        _l("Send text messages from"), widget=GovTextInput(),
        description=_l("A time like 08:00. Texts to children wait until then, every day."),
        validators=[InputRequired(_l("Enter a time like 08:00")),
                    Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
                           message=_l("Enter a time like 08:00"))],
    )
    sms_until = StringField(
        _l("Send text messages until"), widget=GovTextInput(),
        description=_l("A time like 20:00. No text is sent at this time or later. Texts are "
                       "only ever sent between 07:00 and 22:00."),
        validators=[InputRequired(_l("Enter a time like 20:00")),
                    Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$",
                           message=_l("Enter a time like 20:00"))],
    )

    def validate_sms_until(self, field: StringField) -> None:
        """Texting hours lie within 07:00 to 22:00, and start before they end."""
        from wtforms.validators import ValidationError

        from portal.settings.texting import council_hours, parse_time

        try:
            council_hours(parse_time(self.sms_from.data or ""), parse_time(field.data or ""))
        except ValueError:
            raise ValidationError(_l("Texts can only be sent between 07:00 and 22:00, and "
                                     "the start must be before the end")) from None

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


class OfficerTeamsForm(PortalForm):
    """Each complaints officer's team: one select per officer, named ``team_<user id>``
    (made by ``officer_teams_form``, as the officers are the council's own)."""

    submit = SubmitField(_l("Save officers' teams"), widget=GovSubmitInput())

    def team_fields(self) -> list[Any]:
        return [field for field in self if field.name.startswith("team_")]


def _one_of_the_teams(form: Any, field: SelectField) -> None:
    # WTForms' own "Not a valid choice" is English only: say it in the reader's language.
    if field.data and field.data not in {c.value for c in field.choices or ()}:  # type: ignore[union-attr]
        raise FieldError(gettext("Choose a team from the list"))


def officer_teams_form(officers: Sequence[Any], teams: Sequence[Any], **kwargs: Any
                       ) -> OfficerTeamsForm:
    """The form for ``officers`` (accounts), each choosing one of ``teams`` or none. A team
    no longer in use stays a choice only for the officer already in it."""
    fields: dict[str, Any] = {}
    for officer in officers:
        choices = [SelectChoice("", _l("No team"))] + [
            SelectChoice(str(team.id), team.name) for team in teams
            if team.active or team.id == officer.team_id]
        fields[f"team_{officer.id}"] = SelectField(
            officer.name, widget=GovSelect(), choices=choices, validate_choice=False,
            validators=[_one_of_the_teams],
            default=str(officer.team_id) if officer.team_id else "")
    form_class = type("OfficerTeamsFormFor", (OfficerTeamsForm,), fields)
    return form_class(**kwargs)  # type: ignore[no-any-return]
