"""A page's forms as a browser would send them, and every way to break each field: missing,
blank, or junk of its kind (tests/integration/web/test_every_post_route.py posts them to
every POST route; a module that adds forms posts its own the same way)."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from tests.conftest import PINNED_TODAY

Values = dict[str, list[str]]


@dataclass
class PageForm:
    """A form as a browser would send it untouched: each field's values (a GOV.UK date is
    one name three times), with a plausible value in each empty box."""

    fields: Values
    files: set[str] = field(default_factory=set)


def plausible(name: str, kind: str) -> str:
    """What a person would type in an empty box of this name and kind."""
    if kind == "email" or "email" in name:
        return "someone@example.test"
    if kind == "number" or name.endswith(("age", "capacity", "amount")):
        return "3"
    if name.endswith(("_on", "-on", "_by", "-by")):
        return PINNED_TODAY.isoformat()
    if kind == "password":
        return "a long and memorable passphrase 42"
    return "Words typed by a person."


def parse_form(form: Tag) -> PageForm:
    """The form as a browser would send it untouched, a plausible value in each empty box."""
    fields: Values = {}
    files: set[str] = set()
    choosers: dict[str, tuple[str, list[Tag]]] = {}  # radios and checkboxes, by name
    for el in form.find_all(["input", "select", "textarea"]):
        name = el.get("name")
        if not name or name.endswith("csrf_token"):  # a prefixed form's is "prefix-csrf_token"
            continue
        if el.name == "input":
            kind = (el.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                continue
            if kind == "file":
                files.add(name)
                fields.setdefault(name, [])
                continue
            if kind in ("radio", "checkbox"):
                choosers.setdefault(name, (kind, []))[1].append(el)
                fields.setdefault(name, [])
                continue
            value = el.get("value") or ""
            if not value and kind != "hidden":
                value = plausible(name, kind)
        elif el.name == "select":
            options = el.find_all("option")
            chosen = ([o for o in options if o.has_attr("selected")]
                      or [o for o in options if o.get("value")] or options)
            value = chosen[0].get("value", chosen[0].get_text()) if chosen else ""
        else:
            value = el.get_text() or plausible(name, "textarea")
        fields.setdefault(name, []).append(value)
    for name, (_kind, boxes) in choosers.items():
        checked = [b.get("value", "on") for b in boxes if b.has_attr("checked")]
        fields[name] = checked or [boxes[0].get("value", "on")]
    for name, values in fields.items():
        if len(values) == 3 and not any(values):  # a GOV.UK date left empty: today
            fields[name] = [str(PINNED_TODAY.day), str(PINNED_TODAY.month),
                            str(PINNED_TODAY.year)]
    return PageForm(fields, files)


def forms_on(html: str, page: str) -> dict[str, PageForm]:
    """The page's POST forms, by the path they post to (a form with no action posts to
    the page itself)."""
    soup = BeautifulSoup(html, "html.parser")
    out = {}
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            action = urlsplit(urljoin(page, form.get("action") or "")).path
            out.setdefault(action, parse_form(form))
    return out


def form_data(form: PageForm | None) -> dict[str, Any]:
    """What a person sends with the form untouched (a small CSV in each file box)."""
    if form is None:
        return {}
    data: dict[str, Any] = {k: v for k, v in form.fields.items() if k not in form.files}
    for name in form.files:
        data[name] = (io.BytesIO(b"reference\n"), "register.csv")
    return data


#: What a person, a script or a broken browser may send in a box meant for a number (an
#: id, an age), most dangerous first.
NUMBER_JUNK: list[str] = [
    "99999999999999999999",  # past any database integer
    "2147483648",  # one past PostgreSQL's integer
    "-1",
    "0",
    "1.5",
    "x",
    "",
]
#: ...and in a box meant for words (or a code, an address, a hidden field).
TEXT_JUNK: list[str] = [
    "a\x00b",  # a NUL byte: PostgreSQL cannot store it, nor look it up
    "1" * 6000,  # longer than any field allows, and past int()'s 4,300 digits
    "\u202eشكرا 🙂 Ƒ\u0301",  # right-to-left, emoji, a combining accent
    "",
    " ",
    "2026-02-30",  # no such day
    "99999999999999999999",
    "x",
]
#: A GOV.UK date (one name, three boxes) broken in the ways a person or a script can.
DATE_JUNK: list[list[str]] = [
    ["1"],  # one box
    ["99999999999999999999", "1", "2026"],  # a day past any integer
    ["30", "2", "2026"],  # no such day
    ["1", "2"],
    ["1", "2", "2026", "4"],  # four
    ["1", "1", "99999"],
    ["1", "1", "1"],  # the year 1
    ["x", "y", "z"],
    ["-1", "-1", "-1"],
    ["", "", ""],
]
#: Every field at once: the junk above, in turn from form to form.
ALL_JUNK: list[str] = [*dict.fromkeys(NUMBER_JUNK + TEXT_JUNK)]
#: PORTAL_FORM_FUZZ=all tries every junk value on every field (thousands of posts, a few
#: minutes). By default each field is missing once and gets junk of its kind in turn (a
#: number box always the huge number as well), and each form gets every field junk once:
#: every route, every field, every kind of junk, in about half a minute on both databases.
EVERY_JUNK = os.environ.get("PORTAL_FORM_FUZZ") == "all"


def _junk_for(values: list[str], index: int) -> list[list[str]]:
    """Junk for one field, by what the page put in it."""
    if len(values) == 3:  # a GOV.UK date
        return DATE_JUNK if EVERY_JUNK else [DATE_JUNK[index % 2],
                                              DATE_JUNK[2 + index % (len(DATE_JUNK) - 2)]]
    if values and values[0].lstrip("-").isdigit():
        pool = NUMBER_JUNK if EVERY_JUNK else [NUMBER_JUNK[0],
                                               NUMBER_JUNK[1 + index % (len(NUMBER_JUNK) - 1)]]
    else:
        pool = TEXT_JUNK if EVERY_JUNK else [TEXT_JUNK[index % len(TEXT_JUNK)]]
    return [[j] * max(1, len(values)) for j in pool]


def variants(form: PageForm, turn: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each field missing, then junk, with the others as a person sent them; then nothing
    at all, and every field junk at once (``turn`` picks which junk, form by form)."""
    # Each post gets its own file boxes' contents: the test client closes what it sent.
    def fresh() -> dict[str, Any]:
        return form_data(form)

    names = [n for n in form.fields if n not in form.files]
    for index, name in enumerate(names):
        values = form.fields[name]
        if len(names) > 1 or form.files:  # else the same post as "nothing" below
            yield f"{name} missing", {k: v for k, v in fresh().items() if k != name}
        if EVERY_JUNK:
            yield f"{name} blank", {**fresh(), name: [""] * max(1, len(values))}
        for value in _junk_for(values, index + turn):
            yield f"{name}={value[0][:20]!r}x{len(value)}", {**fresh(), name: value}
    for name in form.files:
        for content in (b"", b"\xff\xfe\x00junk", b"reference,kind\n" + b"x," * 5000,
                        b"reference\nCMP-2026-\x00001\n"):
            yield f"{name} file {content[:10]!r}", {**fresh(),
                                                    name: (io.BytesIO(content), "x.csv")}
    yield "nothing", {}
    for value in ALL_JUNK if EVERY_JUNK else [ALL_JUNK[turn % len(ALL_JUNK)]]:
        yield f"all={value[:20]!r}", {
            **{n: [value] * max(1, len(form.fields[n])) for n in names},
            **{n: (io.BytesIO(value.encode()), "x.csv") for n in form.files}}
