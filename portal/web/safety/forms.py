"""The form a person uses to record what they did about a safety alert."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional

from portal.common.forms import PortalForm
from portal.common.widgets import GovRadioInput, GovSubmitInput, GovTextArea
from portal.staff.labels import LABELS
from portal.vocab.safety import SafeguardingAction


class DecisionForm(PortalForm):
    action = RadioField(
        _l("What did you do?"), widget=GovRadioInput(),
        # The lazy labels: label() would fix each in English when this module is imported.
        choices=[SelectChoice(a.value, LABELS[a]) for a in SafeguardingAction],
        validators=[InputRequired(_l("Choose what you did"))],
    )
    note = TextAreaField(
        _l("Details"), widget=GovTextArea(),
        description=_l("Who you spoke to and when. If no action is needed or possible, "
                       "say why."),
        validators=[Optional(), Length(max=4000, message=_l("Use 4,000 characters or fewer"))],
    )
    submit = SubmitField(_l("Record the decision"), widget=GovSubmitInput())
