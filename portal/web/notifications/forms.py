"""The choice between an email for each notice and one email a day."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, InputRequired

from portal.common.forms import PortalForm
from portal.common.widgets import GovRadioInput, GovSubmitInput
from portal.vocab.notifications import Delivery

E_CHOOSE = _l("Choose how we should email you")


class DeliveryForm(PortalForm):
    delivery = RadioField(
        _l("How should we email you about your cases?"), widget=GovRadioInput(),
        choices=[SelectChoice(Delivery.EACH.value, _l("An email for each thing that needs you")),
                 SelectChoice(Delivery.DAILY.value, _l("One email a day, listing them all"))],
        # One sentence for a missing and a made-up choice alike, not WTForms' own words.
        validate_choice=False,
        validators=[InputRequired(E_CHOOSE), AnyOf([d.value for d in Delivery], E_CHOOSE)],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
