"""A letter's PDF in a language of another script: its words are drawn in a font that has
that script (Noto, from fonts-noto-core), embedded in the PDF, never as empty boxes
(tofu); a right-to-left letter is marked so."""

from __future__ import annotations

import io
from datetime import date

import pikepdf
import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.vocab.cases import PersonRole
from tests.factories import make_case
from tests.support.case_actions import act, ok
from tests.support.staff import signed_in

#: language -> (the addressee's name, an address line, the font its script must be drawn in)
SCRIPTS = {
    "ar": ("سارة أحمد", "١٢ شارع الحديقة", "NotoNaskhArabic"),
    "ur": ("عائشہ خان", "گلی نمبر ۳، باغ", "NotoNastaliqUrdu"),
    "pa": ("ਹਰਪ੍ਰੀਤ ਕੌਰ", "੧੨ ਬਾਗ਼ ਗਲੀ", "NotoSansGurmukhi"),
    "bn": ("রহিম উদ্দিন", "১২ বাগান সড়ক", "NotoSansBengali"),
    "ti": ("ሳባ ተኽለ", "12 ጎደና ኣታክልቲ", "NotoSansEthiopic"),
}


@pytest.fixture
def manager(session: Session, council: Council, client: FlaskClient) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def _fonts(data: bytes) -> set[str]:
    """The fonts the PDF's pages draw with: the name without its subset prefix or hyphens
    (WeasyPrint writes Noto-Naskh-Arabic-Bold)."""
    found = set()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                found.add(str(font.BaseFont).lstrip("/").split("+")[-1].replace("-", ""))
    return found


@pytest.mark.parametrize("lang", list(SCRIPTS))
def test_a_letter_in_another_script_embeds_a_font_that_has_it(
        client: FlaskClient, session: Session, council: Council, manager: User, lang: str
        ) -> None:
    name, street, font = SCRIPTS[lang]
    rep = make_case(session, council, f"CMP-SC-{lang.upper():0>6}", language=lang)
    complainant = rep.person(PersonRole.COMPLAINANT)
    assert complainant is not None
    complainant.name = name
    complainant.address = f"{street}\nRiverside"
    complainant.language = lang
    session.commit()
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    ok(act(client, rep.reference, "acknowledge", on=date(2026, 3, 9), send="y"))
    letter = rep.messages[-1]

    pdf = client.get(f"/staff/cases/{rep.reference}/letters/{letter.id}.pdf")
    assert pdf.status_code == 200
    fonts = _fonts(pdf.data)
    assert any(f.startswith(font) for f in fonts), (lang, fonts)
    with pikepdf.open(io.BytesIO(pdf.data)) as document:
        assert str(document.Root.Lang) == lang + "-GB"


def test_a_right_to_left_letter_is_laid_out_right_to_left(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    from flask import render_template
    from flask_babel import force_locale

    from portal.web.cases.letter_views import _document, sent_letters

    rep = make_case(session, council, "CMP-SC-RTL001", language="ur")
    ok(act(client, rep.reference, "route", route="children_statutory", signpost="", team="",
           reason=""))
    ok(act(client, rep.reference, "acknowledge", on=date(2026, 3, 9), send="y"))
    (letter,) = sent_letters(session, rep)
    with client.application.test_request_context(), force_locale(letter.locale):
        html = render_template("cases/letter_pdf.html", **_document(rep, letter))
    assert '<html lang="ur-GB" dir="rtl">' in html
