"""Which language an email to an account is written in.

The account's own choice when it has one. Otherwise a Welsh council writes in
Welsh and English, Welsh first (Welsh Language Standards (No. 1) Regulations
2015); any other council in the language the person used to ask, if any, or
English.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.common.dates import Nation
from portal.i18n import STAFF_LOCALES
from portal.models.staff import User

if TYPE_CHECKING:
    from portal.models.councils import Council

BILINGUAL_WALES = ("cy", "en")


def email_languages(user: User, council: Council | None, *, asked: str | None = None
                    ) -> tuple[str, ...]:
    """The languages of an email to ``user``, in the order they are written."""
    if user.language in STAFF_LOCALES:
        return (str(user.language),)
    if council is not None and council.nation is Nation.WALES:
        return BILINGUAL_WALES
    if asked in STAFF_LOCALES:
        return (str(asked),)
    return ("en",)
