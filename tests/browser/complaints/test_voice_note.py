"""A voice note instead of writing (issue 19, part 3) in headless Chromium with its fake
microphone: record, see the timer, listen back, record again, send; axe in English and Welsh;
without JavaScript the audio box works."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect
from sqlalchemy import select

from portal.extensions import db
from portal.models.files import StoredFile
from portal.vocab.files import FilePurpose
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LiveServer
from tests.support import files as samples
from tests.support.browser import LANGS, Axe, submit
from tests.support.browser_journey import CHILD_COMPLAINT, answer_until, slug_of, start_journey

pytestmark = pytest.mark.browser

#: The question form's Continue (the recorder's buttons are not submit buttons).
CONTINUE = "main form button:not([type=button]):not([name])"
#: Chromium's own fake microphone (a tone), and no prompt: only for this file's tests.
FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]


@pytest.fixture(scope="module")
def recording_browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                         args=[*CHROMIUM_ARGS, *FAKE_MICROPHONE])
    yield browser
    browser.close()


@pytest.fixture
def recording_page(recording_browser: Browser, live_server: LiveServer) -> Iterator[Page]:
    context = recording_browser.new_context(locale="en-GB")
    context.grant_permissions(["microphone"], origin=live_server.url("/").rstrip("/"))
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def voice_notes(live_server: LiveServer) -> list[StoredFile]:
    with live_server.app.app_context():
        found = list(db.session().scalars(select(StoredFile).where(
            StoredFile.purpose == FilePurpose.VOICE_NOTE).order_by(StoredFile.id)))
        db.session.remove()
    return found


def record(page: Page, milliseconds: int) -> None:
    page.click("[data-voice-record]:visible, [data-voice-again]:visible")
    expect(page.locator("[data-voice-timer]")).to_be_visible()
    expect(page.locator("[data-voice-stop]")).to_be_visible()
    page.wait_for_timeout(milliseconds)
    expect(page.locator("[data-voice-timer]")).to_have_text("0:01")
    page.click("[data-voice-stop]")
    expect(page.locator("[data-voice-player]")).to_be_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_record_listen_record_again_and_send(recording_page: Page, live_server: LiveServer,
                                             axe: Axe, lang: str) -> None:
    page = recording_page
    start_journey(page, live_server, lang=lang)
    answer_until(page, CHILD_COMPLAINT, "what-happened")
    # With JavaScript the recorder replaces the audio box.
    expect(page.locator("[data-voice-recorder]")).to_be_visible()
    expect(page.locator("[data-voice-box]")).to_be_hidden()
    axe(page)
    record(page, 1300)
    axe(page)
    # Listen back: the player holds the recording, from a blob: address.
    assert page.eval_on_selector("[data-voice-player]", "a => a.src.startsWith('blob:')")
    page.eval_on_selector("[data-voice-player]", "a => a.play()")
    record(page, 1300)  # record again
    assert page.eval_on_selector("#voice", "i => i.files.length") == 1
    before = len(voice_notes(live_server))
    # No words at all: the voice note answers "What happened?".
    page.fill("#description", "")
    submit(page, CONTINUE)
    assert slug_of(page) == "add-files"
    notes = voice_notes(live_server)
    assert len(notes) == before + 1
    assert notes[-1].note == "what_happened"
    assert notes[-1].kind.value in ("webm", "ogg", "mp4_audio")
    page.goto(live_server.url("/complaint/what-happened"))
    expect(page.locator("#voice-kept")).to_be_visible()
    axe(page)
    page.goto(live_server.url("/complaint/add-files"))
    answer_until(page, CHILD_COMPLAINT, "check-answers")
    expect(page.locator(".govuk-summary-list")).to_contain_text("voice-note.")
    submit(page, "#send")
    assert slug_of(page) == "sent"


def test_without_javascript_the_audio_box_works(page_no_js: Page,
                                                live_server: LiveServer) -> None:
    page = page_no_js
    start_journey(page, live_server)
    answer_until(page, CHILD_COMPLAINT, "what-happened")
    box = page.locator("#voice")
    expect(box).to_be_visible()
    assert box.get_attribute("accept") == "audio/*"
    page.set_input_files("#voice", [{"name": "memo.wav", "mimeType": "audio/wav",
                                     "buffer": samples.wav()}])
    page.fill("#description", "")
    submit(page, CONTINUE)
    assert slug_of(page) == "add-files"
    page.goto(live_server.url("/complaint/what-happened"))
    expect(page.locator("#voice-kept")).to_contain_text("memo.wav")
    # A picture in the voice box: a kind error, on the same page.
    page.set_input_files("#voice", [{"name": "memo.m4a", "mimeType": "audio/mp4",
                                     "buffer": samples.jpeg_with_gps()}])
    submit(page, CONTINUE)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#voice-error")).to_be_visible()
