"""The settings say their errors in the reader's language without importing Babel
(portal/common/words.py): English in plain Python, Welsh in a Welsh request."""

from __future__ import annotations

import pytest
from flask import Flask
from flask_babel import force_locale

from portal.settings.routing import ENGLAND_DEFAULTS, RoutingSettings, RoutingSettingsError

TOO_LONG = {**ENGLAND_DEFAULTS.to_mapping(), "out_of_time_months": 200}


def test_without_the_app_the_error_is_english() -> None:
    with pytest.raises(RoutingSettingsError, match="must be from 1 to 120"):
        RoutingSettings.from_mapping(TOO_LONG)


def test_in_the_app_the_error_is_in_the_readers_language(app: Flask) -> None:
    with app.test_request_context(), force_locale("cy"), pytest.raises(
            RoutingSettingsError, match="rhaid i 200 fod rhwng 1 a 120"):
        RoutingSettings.from_mapping(TOO_LONG)
