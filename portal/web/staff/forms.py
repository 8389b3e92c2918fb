"""Sign-in, two-factor, password reset and account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, InputRequired, Length, Optional, Regexp

from portal.common.forms import PortalForm
from portal.common.widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from portal.staff.auth import MIN_PASSWORD_LENGTH

#: The choice that leaves an account without a language of its own.
NO_PREFERENCE = "none"


class SignInForm(PortalForm):
    email = EmailField(_l("Email address"), widget=GovTextInput(),
                       validators=[InputRequired(_l("Enter your email address"))])
    password = PasswordField(_l("Password"), widget=GovPasswordInput(),
                             validators=[InputRequired(_l("Enter your password"))])
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class CodeForm(PortalForm):
    code = StringField(
        _l("Code from your authenticator app"), widget=GovTextInput(),
        description=_l("The 6-digit code the app shows now"),
        validators=[InputRequired(_l("Enter the 6-digit code")),
                    Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Enter the 6-digit code"))],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ResetRequestForm(PortalForm):
    email = EmailField(_l("Email address"), widget=GovTextInput(),
                       validators=[InputRequired(_l("Enter your email address"))])
    submit = SubmitField(_l("Send a reset link"), widget=GovSubmitInput())


class NewPasswordForm(PortalForm):
    password = PasswordField(
        _l("New password"), widget=GovPasswordInput(),
        description=_l("At least %(n)d characters. A few unrelated words are easy to remember.",
                       n=MIN_PASSWORD_LENGTH),
        validators=[InputRequired(_l("Enter a new password")),
                    Length(min=MIN_PASSWORD_LENGTH,
                           message=_l("Use at least %(n)d characters", n=MIN_PASSWORD_LENGTH))],
    )
    confirm = PasswordField(
        _l("Type the new password again"), widget=GovPasswordInput(),
        validators=[InputRequired(_l("Type the new password again")),
                    EqualTo("password", message=_l("The two passwords are different"))],
    )
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class SignOutForm(PortalForm):
    submit = SubmitField(_l("Sign out"), widget=GovSubmitInput())


class NewAccountForm(PortalForm):
    name = StringField(_l("Full name"), widget=GovTextInput(),
                       validators=[InputRequired(_l("Enter the person's full name")),
                                   Length(max=200)])
    email = EmailField(_l("Email address"), widget=GovTextInput(),
                       validators=[InputRequired(_l("Enter their email address")),
                                   Email(_l("Enter an email address, like name@council.gov.uk"))])
    role = RadioField(_l("Role"), widget=GovRadioInput(),
                      validators=[InputRequired(_l("Choose what they will do"))])
    # Left out (an older form, a script): no preference, as if "none" were chosen.
    language = RadioField(_l("Which language should we email them in?"),
                          widget=GovRadioInput(), default=NO_PREFERENCE, validators=[Optional()])
    submit = SubmitField(_l("Create account and send invitation"), widget=GovSubmitInput())

    def __init__(self, *args: object, roles: list[tuple[str, str]],
                 languages: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.role.choices = [SelectChoice(value, label) for value, label in roles]
        self.language.choices = [SelectChoice(value, label) for value, label in languages]


class LanguageForm(PortalForm):
    """The language a person's emails are written in."""

    language = RadioField(_l("Which language should we email you in?"), widget=GovRadioInput(),
                          validators=[InputRequired(_l("Choose a language for your emails"))])
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())

    def __init__(self, *args: object, languages: list[tuple[str, str]],
                 **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.language.choices = [SelectChoice(value, label) for value, label in languages]
