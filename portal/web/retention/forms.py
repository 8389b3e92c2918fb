"""Forms for legal holds and the council's retention periods."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.common.forms import PortalForm
from portal.common.widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from portal.retention.labels import LABELS
from portal.settings.retention import BOUNDS
from portal.vocab.retention import HoldReason


class HoldForm(PortalForm):
    reason = RadioField(
        _l("Why must this case be kept?"), widget=GovRadioInput(),
        choices=[SelectChoice(r.value, LABELS[r]) for r in HoldReason],
        validators=[InputRequired(_l("Choose why the case must be kept"))],
    )
    note = TextAreaField(
        _l("Details (optional)"), widget=GovTextArea(),
        description=_l("For example, the claim number or the Ombudsman's reference. "
                       "Destroyed with the case's personal data."),
        validators=[Optional(), Length(max=2000, message=_l("Use 2,000 characters or fewer"))],
    )
    submit = SubmitField(_l("Place the legal hold"), widget=GovSubmitInput())


class ReleaseForm(PortalForm):
    note = TextAreaField(
        _l("Why is the hold no longer needed? (optional)"), widget=GovTextArea(),
        validators=[Optional(), Length(max=2000, message=_l("Use 2,000 characters or fewer"))],
    )
    submit = SubmitField(_l("Release the legal hold"), widget=GovSubmitInput())


def _years(label: object, description: object, name: str) -> IntegerField:
    lowest, highest = BOUNDS[name]
    message = _l("Enter a whole number from %(lowest)d to %(highest)d",
                 lowest=lowest, highest=highest)
    return IntegerField(label, widget=GovTextInput(), description=description,
                        validators=[InputRequired(message),
                                    NumberRange(min=lowest, max=highest, message=message)])


class RetentionSettingsForm(PortalForm):
    default_years = _years(
        _l("Years a closed case is kept"),
        _l("Counted from closure, or from a later Ombudsman referral. Commonly 6."),
        "default_years")
    looked_after_until_age = _years(
        _l("A case linked to a looked-after child is kept until the child is this old"),
        _l("Commonly 75, as the child's own case record."),
        "looked_after_until_age")
    looked_after_years_age_unknown = _years(
        _l("Years such a case is kept after closure when the child's age is not known"),
        _l("75 is the only number that can never be too early."),
        "looked_after_years_age_unknown")
    submit = SubmitField(_l("Save retention periods"), widget=GovSubmitInput())
