"""A template's words are in the language in force at each moment of a request (issue 17).

The portal keeps the catalogue it found beside the locale it was found for
(``portal.i18n._translations``), so ``_()`` in a template need not look it up forty
times a page. Changing language must still change the words at once: a letter written
in the complainant's language (``force_locale``) in the middle of an English request,
the request's own language after it, and the next request's.
"""

from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import force_locale
from sqlalchemy.orm import Session

from portal.models.councils import Council

WORDS = "{{ _('Exit this page') }}|{{ ngettext('%(num)d file', '%(num)d files', 2) }}"


def test_words_follow_the_language_in_force(app: Flask, session: Session, council: Council
                                            ) -> None:
    with app.test_request_context("/?lang=en"):
        app.preprocess_request()  # as a request's own hooks choose its language
        english = render_template_string(WORDS)
        with force_locale("cy"):
            welsh = render_template_string(WORDS)
        again = render_template_string(WORDS)
    with app.test_request_context("/?lang=cy"):
        app.preprocess_request()
        next_request = render_template_string(WORDS)
    assert english.startswith("Exit this page|")
    assert welsh.split("|")[0] not in ("", "Exit this page")
    assert again == english
    assert next_request == welsh
