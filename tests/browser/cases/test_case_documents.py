"""Documents on the case and what the child sent (issue 19, parts 3 and 7) in headless
Chromium, in English and in Welsh, with axe-core on each page and error state: a picture
previewed and a voice note's player beside its answer, a document added (after a refusal),
on the timeline, sent, and shown to the complainant on their tracking page and to the
child's advocate on theirs, to download."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from portal.advocacy import services as advocacy
from portal.files import services
from portal.models.advocacy import AdvocateProfile
from portal.models.files import StoredFile
from portal.models.staff import Role
from portal.security.tokens import hash_tracking_code
from portal.vocab.files import FilePurpose
from tests.browser.conftest import LiveServer
from tests.support import files as samples
from tests.support.advocacy import make_account, make_provider, make_representation, offered
from tests.support.browser import LANGS, Account, Axe, open_in, sign_in
from tests.support.live import accounts_for, on_live_server

pytestmark = pytest.mark.browser

CODE = "DOCS-TEST-CODE"
#: What each page must say, in each language (the Welsh as the catalogue has it).
SAYS = {
    "en": {"documents": "Documents", "added": "Document added", "sent": "Document sent",
           "choose": "Choose the document to add", "voice": "Voice note: what happened",
           "from_us": "Documents from us", "letter": "Our letter with our answer",
           "to_you": "Documents sent to you", "type": "Adjudication letter"},
    "cy": {"documents": "Dogfennau", "added": "Dogfen wedi'i hychwanegu",
           "sent": "Dogfen wedi'i hanfon", "choose": "Dewiswch y ddogfen i'w hychwanegu",
           "voice": "Nodyn llais: beth ddigwyddodd", "from_us": "Dogfennau gennym ni",
           "letter": "Ein llythyr gyda'n hateb", "to_you": "Dogfennau a anfonwyd atoch chi",
           "type": "Llythyr dyfarnu"},
}


@dataclass
class Setting:
    accounts: dict[str, Account]
    advocates: dict[str, Account]
    references: dict[str, str]


@pytest.fixture(scope="module")
def setting(live_server: LiveServer) -> Setting:
    """A child's case per language, trackable with CODE, with an advocate working with the
    child, holding the child's photo and a voice note answering "What happened?"."""
    with on_live_server(live_server, request=True) as (session, council):
        accounts = accounts_for(session, council, Role.COMPLAINTS_MANAGER,
                                "documents-{}@documents.test")
        provider = make_provider(session, council)
        coordinator = make_account(session, council, Role.ADVOCACY_COORDINATOR,
                                   provider_id=provider.id)
        references, advocates = {}, {}
        for lang in LANGS:
            rep = make_representation(session, council)
            rep.tracking_code_hash = hash_tracking_code(CODE)
            advocate = make_account(session, council, Role.ADVOCATE, provider_id=provider.id)
            session.add(AdvocateProfile(user_id=advocate.id, provider_id=provider.id,
                                        languages=["en", "cy"], capacity=5, available=True))
            session.flush()
            case = offered(session, rep)
            advocacy.refer(session, case, provider, on=rep.received_on, actor=coordinator)
            advocacy.assign(session, case, advocate.id, on=rep.received_on, actor=coordinator)
            for data, purpose, note in (
                    (samples.jpeg_with_gps(width=120, height=80), FilePurpose.EVIDENCE, None),
                    (samples.webm(), FilePurpose.VOICE_NOTE, "what_happened")):
                stored = services.accept(session, data, name="from-the-child", purpose=purpose,
                                         council=council, case_id=rep.id, note=note,
                                         scanner=None)
                assert isinstance(stored, StoredFile), stored
            references[lang] = rep.reference
            advocates[lang] = (advocate.email, advocate.totp_secret)
        session.commit()
        return Setting(accounts, advocates, references)


@pytest.mark.parametrize("lang", LANGS)
def test_documents_on_the_case_sent_to_the_complainant(
        live_server: LiveServer, page: Page, browser: Browser, axe: Axe, lang: str,
        setting: Setting) -> None:
    says, reference = SAYS[lang], setting.references[lang]
    case_path = f"/staff/cases/{reference}"
    sign_in(page, live_server, setting.accounts[lang])

    # The child's picture, shown from the portal (the page's policy lets it load), and the
    # voice note's player beside the answer it gives.
    open_in(page, live_server, case_path, lang)
    picture = page.locator("#child-files img")
    expect(picture).to_have_count(1)
    picture.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('#child-files img').naturalWidth > 0")
    voice = page.locator("#case-file [data-answer='description'] audio[controls]")
    expect(voice).to_have_count(1)
    expect(page.locator("#case-file [data-answer='description']")).to_contain_text(
        says["voice"])
    expect(page.locator("#documents")).to_have_text(says["documents"])
    axe(page)

    # Adding without a file: the form again, open, with its error, in the page's language.
    page.locator("#add-document summary").click()
    page.locator("#document-document_type").first.check()
    with page.expect_navigation() as refused:
        page.locator("#add-document [type='submit']").click()
    assert refused.value is not None
    assert refused.value.status == 400
    expect(page.locator(".govuk-error-summary")).to_contain_text(says["choose"])
    expect(page.locator("#add-document")).to_have_attribute("open", "")
    axe(page)

    # The outcome letter, added with its type and a note.
    page.set_input_files("#document-document", files=[{
        "name": "outcome.pdf", "mimeType": "application/pdf",
        "buffer": samples.plain_pdf()}])
    page.locator("input[name='document-document_type'][value='adjudication_letter']").check()
    page.fill("#document-note", "Stage 1 answer, signed.")
    with page.expect_navigation() as added:
        page.locator("#add-document [type='submit']").click()
    assert added.value is not None
    row = page.locator("#documents-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Stage 1 answer, signed.")
    axe(page)

    # Sent to the complainant and to the advocate: the row says so, and the timeline too.
    for to in ("complainant", "advocate"):
        with page.expect_navigation():
            row.locator(f"[data-send='{to}']").click()
        expect(page.locator(f"#documents-list [data-sent='{to}']")).to_have_count(1)
    axe(page)
    open_in(page, live_server, f"{case_path}/timeline", lang)
    expect(page.locator("tr[data-kind='document_added']")).to_contain_text(says["added"])
    expect(page.locator("tr[data-kind='document_sent']")).to_have_count(2)
    expect(page.locator("tr[data-kind='document_sent']").first).to_contain_text(says["sent"])
    axe(page)

    # The complainant, on another device: their tracking page lists it, and it downloads.
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    try:
        child = context.new_page()
        open_in(child, live_server, "/track", lang)
        child.fill("#reference", reference)
        child.fill("#code", CODE)
        with child.expect_navigation():
            child.locator("main form [type='submit']").first.click()
        expect(child.locator("#documents")).to_have_text(says["from_us"])
        link = child.locator("#documents-list a")
        expect(link).to_have_text(says["letter"])
        axe(child)
        _downloads_a_pdf(child, link)
    finally:
        context.close()

    # The child's advocate, signed in on their own device: their page for the child.
    context = browser.new_context(locale="en-GB", accept_downloads=True)
    try:
        advocate = context.new_page()
        sign_in(advocate, live_server, setting.advocates[lang])
        open_in(advocate, live_server, f"/advocate/children/{reference}", lang)
        expect(advocate.locator("#documents")).to_have_text(says["to_you"])
        link = advocate.locator("#documents-list a")
        expect(link).to_have_text(says["type"])
        axe(advocate)
        _downloads_a_pdf(advocate, link)
    finally:
        context.close()


def _downloads_a_pdf(page: Page, link: Locator) -> None:
    """Clicking ``link`` downloads the document sent: a PDF."""
    with page.expect_download() as download:
        link.click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as saved:
        assert saved.read(5) == b"%PDF-"
