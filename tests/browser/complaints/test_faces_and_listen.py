"""Feelings with pictures and "Listen" in headless Chromium (issue 19, parts 4 and 5).

The faces of "How did it make you feel?" pass axe in English and Welsh, are chosen with
the keyboard alone, and the face reaches the case page staff read; without JavaScript they
are plain radios that still work. "Listen" reads the question and its hint with the
browser's own speech: ``window.speechSynthesis`` is replaced, before the page's script
runs, by a recorder with the voices a test gives it, so nothing is spoken and what would
have been said is read back.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from portal.models.cases import Representation
from portal.models.staff import Role
from tests.browser.conftest import LiveServer
from tests.support.browser import LANGS, Account, Axe, open_in, sign_in, submit
from tests.support.browser_journey import CHILD_COMPLAINT, answer_until, slug_of, start_journey
from tests.support.live import accounts_for, on_live_server

pytestmark = pytest.mark.browser

FACES_PAGE = "how-it-affected-you"
#: Each face's word, in the page's language (the Welsh as the catalogue has it).
WORDS = {
    "en": {"happy": "Happy", "okay": "Okay", "sad": "Sad", "angry": "Angry",
           "scared": "Scared"},
    "cy": {"happy": "Hapus", "okay": "Iawn", "sad": "Trist", "angry": "Blin",
           "scared": "Ofnus"},
}
LISTEN = {"en": ("Listen", "Stop"), "cy": ("Gwrando", "Stopio")}
#: One voice for each language the tests read in.
VOICES = {"en": {"name": "Test English", "lang": "en-GB"},
          "cy": {"name": "Test Cymraeg", "lang": "cy-GB"}}

#: Replaces the browser's speech with a recorder: ``window.__spoken`` holds what was to be
#: said, ``window.__cancelled`` counts stops, ``window.__finish()`` ends the utterance.
SPEECH_STUB = """
(voices) => {
  window.__spoken = [];
  window.__cancelled = 0;
  let last = null;
  const stub = {
    speaking: false, pending: false, paused: false,
    getVoices: () => voices.map((v) => ({...v, voiceURI: v.name, localService: true,
                                         default: false})),
    speak(utterance) {
      last = utterance;
      window.__spoken.push({text: utterance.text, lang: utterance.lang,
                            voice: utterance.voice ? utterance.voice.name : null});
    },
    cancel() { window.__cancelled += 1; },
    pause() {}, resume() {},
    addEventListener() {}, removeEventListener() {},
  };
  Object.defineProperty(window, "speechSynthesis", {value: stub, configurable: true});
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  };
  window.__finish = () => { if (last && last.onend) last.onend(); };
}
"""


def stub_speech(page: Page, voices: list[dict[str, str]]) -> None:
    """Every page this test opens gets the recorder, with these voices."""
    page.context.add_init_script(f"({SPEECH_STUB})({json.dumps(voices)});")


def _feeling_of(live_server: LiveServer, reference: str) -> str | None:
    with on_live_server(live_server) as (session, _council):
        return session.scalars(select(Representation.feeling).where(
            Representation.reference == reference)).one()


def _send(page: Page) -> str:
    """From the page after the faces to the confirmation; the case's reference."""
    answer_until(page, CHILD_COMPLAINT, "check-answers")
    submit(page)
    assert slug_of(page) == "sent"
    return re.search(r"[A-Z]+-\d{4}-\d{6}", page.inner_text(".govuk-panel")).group(0)


@pytest.fixture(scope="module")
def managers(live_server: LiveServer) -> dict[str, Account]:
    with on_live_server(live_server) as (session, council):
        accounts = accounts_for(session, council, Role.COMPLAINTS_MANAGER,
                                "faces-{}@faces.test")
        session.commit()
        return accounts


@pytest.mark.parametrize("lang", LANGS)
def test_faces_by_keyboard_reach_the_case_page(page: Page, live_server: LiveServer, axe: Axe,
                                               managers: dict[str, Account], lang: str
                                               ) -> None:
    words = WORDS[lang]
    start_journey(page, live_server, lang=lang)
    answer_until(page, CHILD_COMPLAINT, FACES_PAGE)
    faces = page.locator(".portal-faces .govuk-radios__item")
    expect(faces).to_have_count(5)
    # Each face is a picture screen readers skip; its word is the radio's name.
    expect(page.locator(".portal-faces img[alt='']")).to_have_count(5)
    expect(page.locator(".portal-faces img[src^='/assets/build/faces/']")).to_have_count(5)
    for value, word in words.items():
        expect(page.get_by_role("radio", name=word, exact=True)).to_have_attribute(
            "value", value)
    axe(page)

    # The keyboard alone: into the faces, pick the first, then two to the right.
    page.locator("#feeling").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name=words["sad"], exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name=words["sad"], exact=True)).to_be_focused()
    axe(page)  # a face chosen and focused

    # A face alone answers the question: the words are left blank.
    page.fill("#how_affected", "")
    submit(page)
    assert slug_of(page) != FACES_PAGE
    answer_until(page, CHILD_COMPLAINT, "check-answers")
    expect(page.locator("main")).to_contain_text(words["sad"])
    submit(page)
    reference = re.search(r"[A-Z]+-\d{4}-\d{6}", page.inner_text(".govuk-panel")).group(0)
    assert _feeling_of(live_server, reference) == "sad"

    # Staff see it beside the words, in their own language.
    page.context.clear_cookies()
    sign_in(page, live_server, managers[lang])
    open_in(page, live_server, f"/staff/cases/{reference}", lang)
    expect(page.locator("#case-file [data-answer='feeling'] dd")).to_have_text(words["sad"])
    rows = page.locator("#case-file [data-answer]")
    keys = [rows.nth(i).get_attribute("data-answer") for i in range(rows.count())]
    assert keys.index("feeling") == keys.index("how_affected") + 1
    axe(page)


@pytest.mark.parametrize("lang", LANGS)
def test_listen_says_the_question_and_hint(page: Page, live_server: LiveServer, axe: Axe,
                                           lang: str) -> None:
    stub_speech(page, list(VOICES.values()))
    listen_word, stop_word = LISTEN[lang]
    start_journey(page, live_server, lang=lang)
    answer_until(page, CHILD_COMPLAINT, "are-you-safe")
    button = page.locator("#listen")
    expect(button).to_be_visible()
    expect(button).to_have_text(listen_word)
    expect(button).to_have_attribute("type", "button")
    axe(page)

    question = page.inner_text("h1").strip()
    hint = page.inner_text("#safe-hint").strip()
    button.click()
    spoken = page.evaluate("() => window.__spoken")
    assert spoken == [{"text": f"{question} {hint}", "lang": lang,
                       "voice": VOICES[lang]["name"]}]
    # While it speaks the button stops it.
    expect(button).to_have_text(stop_word)
    axe(page)
    cancelled = page.evaluate("() => window.__cancelled")
    button.click()
    expect(button).to_have_text(listen_word)
    assert page.evaluate("() => window.__cancelled") == cancelled + 1
    # Said to the end, it is "Listen" again.
    button.click()
    expect(button).to_have_text(stop_word)
    page.evaluate("() => window.__finish()")
    expect(button).to_have_text(listen_word)

    # The faces page: its question and hint, then the words' label and hint.
    answer_until(page, CHILD_COMPLAINT, FACES_PAGE)
    page.evaluate("() => { window.__spoken = []; }")
    page.locator("#listen").click()
    text = page.evaluate("() => window.__spoken[0].text")
    assert text.startswith(page.inner_text("h1").strip() + " "
                           + page.inner_text("#feeling-hint").strip())
    for word in WORDS[lang].values():
        assert word not in text.split()  # the question, not its answers


def test_no_voice_for_the_language_no_button(page: Page, live_server: LiveServer) -> None:
    stub_speech(page, [VOICES["en"]])
    start_journey(page, live_server, lang="cy")
    answer_until(page, CHILD_COMPLAINT, "are-you-safe")
    expect(page.locator("#listen")).to_be_hidden()
    expect(page.locator("#listen")).to_have_attribute("hidden", "")
    # The same device in English has a voice: the button shows.
    open_in(page, live_server, "/complaint/are-you-safe", "en")
    expect(page.locator("#listen")).to_be_visible()


def test_faces_without_javascript_and_no_listen(page_no_js: Page, live_server: LiveServer
                                                ) -> None:
    page = page_no_js
    start_journey(page, live_server)
    answer_until(page, CHILD_COMPLAINT, "are-you-safe")
    expect(page.locator("#listen")).to_be_hidden()
    answer_until(page, CHILD_COMPLAINT, FACES_PAGE)
    expect(page.locator("#listen")).to_be_hidden()
    page.get_by_role("radio", name="Scared", exact=True).check()
    submit(page)
    assert _feeling_of(live_server, _send(page)) == "scared"
