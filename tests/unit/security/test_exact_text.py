"""A person's words are stored as they typed them (portal.security.sanitise.exact_text), and
written into a spreadsheet so that Excel shows the same characters (portal.register.xlsx)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from portal.complaints.questions import BY_SLUG
from portal.complaints.validation import validate_step
from portal.register.xlsx import cell_text, put
from portal.security.sanitise import exact_text
from tests.conftest import PINNED_TODAY

CONTROLS = "bell\x07 escape\x1b tab\t form feed\x0c del\x7f c1\x85\x9f"


@pytest.mark.parametrize(("typed", "stored"), [
    # Markup is words: escaped wherever it is shown, never removed.
    ("a<b>c", "a<b>c"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("5 < 6 & 7 > 3 \"quoted\" 'too' &amp;", "5 < 6 & 7 > 3 \"quoted\" 'too' &amp;"),
    # One form of line break: browsers send \r\n, HTML reads every \r as \n.
    ("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
    ("\r\n\r\nafter two blank lines", "\n\nafter two blank lines"),
    # Control characters are kept; only NUL goes (PostgreSQL text cannot hold it).
    (CONTROLS, CONTROLS),
    ("a\x00b\x00", "ab"),
    # No Unicode normalisation: e + combining acute stays two characters, not NFC's é.
    ("Rene\u0301e", "Rene\u0301e"),
    ("\u212b ﬁ ｆｕｌｌ", "\u212b ﬁ ｆｕｌｌ"),  # no NFKC folding either
    # Every script and emoji, direction marks and joiners included.
    ("مرحبا، لم يزرني أحد 😢👍🏽", "مرحبا، لم يزرني أحد 😢👍🏽"),
    ("\u202bשלום\u202c \u200fok\u200e 👩\u200d👧", "\u202bשלום\u202c \u200fok\u200e 👩\u200d👧"),
    # A lone surrogate is no character (UTF-8 cannot encode it); a pair is one character.
    ("a\ud800b\udc00c", "abc"),
    ("\ud83d\ude00", "😀"),
    # Spaces around the words are theirs too.
    ("  spaced  \n", "  spaced  \n"),
    # Nothing but white space is no answer.
    ("", ""),
    (" \t\r\n ", ""),
    ("\x00 \x00", ""),
])
def test_text_is_kept_exactly_but_for_nul_surrogates_and_carriage_returns(
        typed: str, stored: str) -> None:
    assert exact_text(typed) == stored


def test_no_text_is_empty_text() -> None:
    assert exact_text(None) == ""


#: Anything a browser can send but NUL and \r (which are the only things that change).
KEPT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"))


@given(KEPT)
def test_any_text_without_nul_or_carriage_return_is_kept_exactly(text: str) -> None:
    assert exact_text(text) == (text if text.strip() else "")


@given(st.text())
def test_what_is_kept_can_be_stored_anywhere_and_keeping_it_again_changes_nothing(
        text: str) -> None:
    kept = exact_text(text)
    kept.encode("utf-8")  # no lone surrogate: the database, a draft and a page can hold it
    assert "\x00" not in kept
    assert "\r" not in kept
    assert exact_text(kept) == kept


# --- the journey's answers ------------------------------------------------------------------


@pytest.fixture(scope="module")
def app_ctx():  # type: ignore[no-untyped-def]
    """Lazy error messages need an app; no database is touched."""
    from flask import Flask
    from flask_babel import Babel

    app = Flask("unit")
    Babel(app)
    with app.test_request_context():
        yield app


@pytest.mark.usefixtures("app_ctx")
@pytest.mark.parametrize(("slug", "name", "limit"), [
    ("what-happened", "description", 10_000),
    ("contact", "safe_times", 1000),
])
def test_the_length_allowed_counts_what_is_stored(slug: str, name: str, limit: int) -> None:
    form = {name: ["a\r\n" * (limit // 2 - 1) + "ab"]}  # limit characters once \r\n is \n
    if name == "safe_times":
        form["contact_methods"] = ["none"]
    values, errors = validate_step(BY_SLUG[slug], form, today=PINNED_TODAY)
    assert name not in errors
    assert len(values[name]) == limit
    values, errors = validate_step(BY_SLUG[slug], {**form, name: [form[name][0] + "c"]},
                                   today=PINNED_TODAY)
    assert "characters or fewer" in str(errors[name])


@pytest.mark.usefixtures("app_ctx")
def test_an_email_address_loses_the_spaces_around_it_but_nothing_else() -> None:
    values, errors = validate_step(
        BY_SLUG["contact"], {"contact_methods": ["email"], "email": ["  sam@example.com \r\n"]},
        today=PINNED_TODAY)
    assert errors == {}
    assert values["email"] == "sam@example.com"  # an address, not words
    values, errors = validate_step(BY_SLUG["your-name"], {"name": ["  Sam <3  "]},
                                   today=PINNED_TODAY)
    assert errors == {}
    assert values["name"] == "  Sam <3  "  # words: exactly as typed


# --- the spreadsheet ------------------------------------------------------------------------

#: Excel's reading of a cell's text (ECMA-376 Part 1, 22.4.2.4): each _xHHHH_, left to
#: right and without overlapping, is the character HHHH.
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: XML 1.0's characters (surrogates aside: text never holds them).
_XML_CHAR = re.compile("[\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*")


def as_excel_reads(cell: str) -> str:
    return _ESCAPE.sub(lambda found: chr(int(found.group(1), 16)), cell)


@pytest.mark.parametrize(("text", "written"), [
    ("plain words", "plain words"),
    ("=HYPERLINK(\"http://evil.example\")", "=HYPERLINK(\"http://evil.example\")"),  # data_type
    ("bell\x07", "bell_x0007_"),
    ("line\r\nbreak", "line_x000D_\nbreak"),  # XML would read \r back as \n
    ("\ufffe\uffff", "_xFFFE__xFFFF_"),
    # A literal escape-shaped text keeps its first "_" from being read as one.
    ("_x0041_", "_x005F_x0041_"),
    ("_x0041_x0042_", "_x005F_x0041_x005F_x0042_"),  # a closing "_" can open the next
    ("_x0041\x01", "_x005F_x0041_x0001_"),  # the next character's escape brings the "_"
    ("_x004_ and _xZZZZ_", "_x004_ and _xZZZZ_"),  # not escape-shaped: left alone
])
def test_cell_text_escapes_only_what_a_cell_cannot_carry(text: str, written: str) -> None:
    assert cell_text(text) == written
    assert as_excel_reads(written) == text


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_any_text_reads_back_from_a_cell_as_it_was(text: str) -> None:
    written = cell_text(text)
    assert _XML_CHAR.fullmatch(written), "every character is one XML 1.0 can carry"
    assert as_excel_reads(written) == text


@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1), min_size=1,
                max_size=5),
       st.sampled_from(["=", "+", "-", "@", "\t", "\r", ""]))
def test_put_writes_any_text_as_text_never_a_formula(texts: list[str], start: str) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    values = [start + text for text in texts]
    for row, value in enumerate(values, start=1):
        put(sheet, row, 1, value)
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl refuses a character XML cannot carry: none reach it
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml, "no cell is a formula"
    assert "<f " not in xml, "no cell is a formula"
    read = load_workbook(io.BytesIO(buffer.getvalue())).active
    assert read is not None
    cells = [read.cell(row=row, column=1) for row in range(1, len(values) + 1)]
    assert [c.data_type for c in cells] == ["s"] * len(values)
    assert [as_excel_reads(str(c.value)) for c in cells] == values
