"""The back office's form widgets speak Welsh too: the hidden "Error:" a screen reader
reads before an error, the password's Show and Hide and what is announced, a date's
Day, Month and Year, and the character count.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from wtforms import DateField, PasswordField, StringField, TextAreaField
from wtforms.fields.core import UnboundField

import portal
from portal.common import widgets


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_sign_in_in_welsh_hides_gwall_before_each_error(client: FlaskClient) -> None:
    page = _soup(client.post("/staff/sign-in?lang=cy", data={"email": "", "password": ""}).text)
    hidden = [span.get_text(strip=True) for span in
              page.select(".govuk-error-message .govuk-visually-hidden")]
    assert hidden == ["Gwall:", "Gwall:"]  # email and password


def test_the_password_input_shows_and_hides_in_welsh(client: FlaskClient) -> None:
    page = _soup(client.get("/staff/sign-in?lang=cy").text)
    group = page.select_one("[data-module='govuk-password-input']")
    assert group is not None
    button = group.select_one("button.govuk-password-input__toggle")
    assert button.get_text(strip=True) == "Dangos"
    assert button["aria-label"] == "Dangos cyfrinair"
    # GOV.UK Frontend's JavaScript reads its words from these attributes.
    assert group["data-i18n.show-password"] == "Dangos"
    assert group["data-i18n.hide-password"] == "Cuddio"
    assert group["data-i18n.hide-password-aria-label"] == "Cuddio cyfrinair"
    assert group["data-i18n.password-shown-announcement"] == "Mae eich cyfrinair yn weladwy"
    assert group["data-i18n.password-hidden-announcement"] == "Mae eich cyfrinair wedi'i guddio"


def test_the_password_input_is_english_in_english(client: FlaskClient) -> None:
    group = _soup(client.get("/staff/sign-in?lang=en").text).select_one(
        "[data-module='govuk-password-input']")
    assert group["data-i18n.show-password"] == "Show"
    assert group["data-i18n.password-shown-announcement"] == "Your password is visible"


class _Sample(FlaskForm):
    class Meta:
        csrf = False

    name = StringField("Name", widget=widgets.GovTextInput())
    secret = PasswordField("Password", widget=widgets.GovPasswordInput())
    on = DateField("On", widget=widgets.GovDateInput(), format="%d %m %Y")
    note = TextAreaField("Note", widget=widgets.GovCharacterCount())


def test_date_and_character_count_in_welsh(app: Flask, session: Session) -> None:
    with app.test_request_context(method="POST", data={"name": "", "on": ["", "", ""]}), \
            force_locale("cy"):
        form = _Sample()
        form.name.errors = ["Rhowch enw"]
        date_box = _soup(str(form.on()))
        count = _soup(str(form.note(params={"maxlength": 100}))).select_one(
            "[data-module='govuk-character-count']")
        name = _soup(str(form.name()))
    assert [label.get_text(strip=True) for label in date_box.select("label")] == [
        "Diwrnod", "Mis", "Blwyddyn"]
    assert count.select_one(".govuk-character-count__message").get_text(strip=True) == (
        "Gallwch ddefnyddio hyd at 100 nod")
    # Welsh has six plural categories; the browser picks one for the count it shows.
    for category in ("zero", "one", "two", "few", "many", "other"):
        assert count[f"data-i18n.characters-under-limit.{category}"] == (
            "Mae gennych chi %{count} nod yn weddill")
        assert count[f"data-i18n.characters-over-limit.{category}"] == (
            "Mae gennych chi %{count} nod yn ormod")
    assert name.select_one(".govuk-visually-hidden").get_text(strip=True) == "Gwall:"


def _portal_forms() -> list[type[FlaskForm]]:
    found: dict[str, type[FlaskForm]] = {}
    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        if ".migrations" in module.name or module.name == "portal.wsgi":
            continue
        loaded = importlib.import_module(module.name)
        for _, cls in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(cls, FlaskForm) and cls.__module__.startswith("portal."):
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[k] for k in sorted(found)]


def test_every_form_takes_its_widgets_from_portal_common_widgets() -> None:
    forms = _portal_forms()
    assert len(forms) > 20, "the forms were not found"
    wrong = []
    for form in forms:
        for name, value in vars(form).items():
            widget = value.kwargs.get("widget") if isinstance(value, UnboundField) else None
            if widget is not None and type(widget).__module__ != widgets.__name__:
                wrong.append(f"{form.__module__}.{form.__qualname__}.{name}")
    assert wrong == [], "import the widget from portal.common.widgets"


@pytest.mark.parametrize("widget", [widgets.GovTextInput, widgets.GovRadioInput,
                                    widgets.GovCheckboxInput, widgets.GovSelect])
def test_each_widget_translates_the_hidden_error(widget: type) -> None:
    assert issubclass(widget, widgets._Translated)
