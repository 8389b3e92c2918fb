"""GOV.UK Frontend widgets for WTForms that speak the reader's language.

govuk-frontend-wtf leaves GOV.UK Frontend's English defaults in place: the
hidden "Error:" before a field's error, a date's Day, Month and Year, the
password input's Show and Hide (and what a screen reader is told), and the
character count's messages. It rebuilds the parameters on every render, so a
template cannot set them once; each widget here sets them in
``map_gov_params`` (STYLE.md section 5). Forms import their widgets from here,
never from the library.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_babel import gettext, ngettext
from govuk_frontend_wtf import wtforms_widgets as gov

from portal.common import cldr
from portal.common.filters import reader_locale


class _Translated:
    """Every widget: the error message's visually hidden prefix in the reader's language."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params: dict[str, Any] = super().map_gov_params(field, **kwargs)  # type: ignore[misc]
        if params.get("errorMessage"):
            params["errorMessage"] = {**params["errorMessage"],
                                      "visuallyHiddenText": gettext("Error")}
        return params


class GovTextInput(_Translated, gov.GovTextInput):
    pass


class GovTextArea(_Translated, gov.GovTextArea):
    pass


class GovSelect(_Translated, gov.GovSelect):
    pass


class GovRadioInput(_Translated, gov.GovRadioInput):
    pass


class GovCheckboxesInput(_Translated, gov.GovCheckboxesInput):
    pass


class GovCheckboxInput(_Translated, gov.GovCheckboxInput):
    pass


class GovFileInput(_Translated, gov.GovFileInput):
    pass


class GovSubmitInput(gov.GovSubmitInput):
    """A button has no error; re-exported so forms take every widget from one place."""


class GovPasswordInput(_Translated, gov.GovPasswordInput):
    """The Show/Hide button, its label for screen readers, and what is announced when the
    password is shown or hidden (GOV.UK Frontend's password input i18n options)."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        params.update(
            showPasswordText=gettext("Show"),
            hidePasswordText=gettext("Hide"),
            showPasswordAriaLabelText=gettext("Show password"),
            hidePasswordAriaLabelText=gettext("Hide password"),
            passwordShownAnnouncementText=gettext("Your password is visible"),
            passwordHiddenAnnouncementText=gettext("Your password is hidden"),
        )
        return params


#: GOV.UK Frontend's English labels for a date's three boxes.
_DATE_PARTS = ("Day", "Month", "Year")


class GovDateInput(_Translated, gov.GovDateInput):
    """Day, Month and Year in the reader's language (the library hard-codes them)."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        sent = field.raw_data
        if sent is not None and len(sent) != 3:
            # The library unpacks exactly three boxes; a post with the field missing, or
            # with one, two or four values (a script, not a browser), shows three again.
            field.raw_data = [*sent, "", "", ""][:3]
        try:
            params = super().map_gov_params(field, **kwargs)
        finally:
            field.raw_data = sent
        words = {"Day": gettext("Day"), "Month": gettext("Month"), "Year": gettext("Year")}
        params["items"] = [
            {**item, "label": words[item["label"]]} if item.get("label") in _DATE_PARTS
            else item for item in params["items"]]
        return params


def _by_plural_category(message: Callable[[int], str]) -> dict[str, str]:
    """``message(n)`` for a number of each plural category of the reader's language."""
    # GOV.UK Frontend's JavaScript looks its messages up by these categories.
    samples = cldr.plural_samples(reader_locale())
    return {category: message(n) for category, n in samples.items()}


#: GOV.UK Frontend fills in %{count} in the browser.
COUNT = "%{count}"


class GovCharacterCount(_Translated, gov.GovCharacterCount):
    """The limit under the box and the count as the person types, in their language."""

    def map_gov_params(self, field: Any, **kwargs: Any) -> dict[str, Any]:
        params = super().map_gov_params(field, **kwargs)
        params.update(
            textareaDescriptionText=gettext("You can enter up to %(count)s characters",
                                            count=COUNT),
            charactersUnderLimitText=_by_plural_category(lambda n: ngettext(
                "You have %(count)s character remaining",
                "You have %(count)s characters remaining", n, count=COUNT)),
            charactersAtLimitText=gettext("You have 0 characters remaining"),
            charactersOverLimitText=_by_plural_category(lambda n: ngettext(
                "You have %(count)s character too many",
                "You have %(count)s characters too many", n, count=COUNT)),
        )
        return params
