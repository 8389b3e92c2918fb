"""A voice note instead of writing (issue 19, part 3), on SQLite and PostgreSQL with a real
clamd: a voice note alone sends a complaint and is kept with the case, naming its question;
anything but sound in the voice box is refused kindly; the microphone is allowed only there."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import TestResponse, encode_multipart

from portal.files.scan import Clamd
from portal.models.cases import Representation
from portal.models.files import StoredFile
from portal.vocab.files import FilePurpose
from portal.web.complaints.voice import E_NOT_SOUND
from tests.support import files as samples
from tests.support.journey import CHILD_COMPLAINT, check_page, confirmation, post_step, send
from tests.support.pages import parse

pytestmark = pytest.mark.usefixtures("own_drafts")

ORDER = list(CHILD_COMPLAINT)


@pytest.fixture
def scanned(app: Flask, clamd: Clamd, monkeypatch: pytest.MonkeyPatch) -> Clamd:
    monkeypatch.setitem(app.config, "CLAMD_SOCKET", clamd.socket_path)
    return clamd


def post_with_voice(client: FlaskClient, slug: str, fields: dict[str, Any],
                    voice: tuple[bytes, str] | None) -> TestResponse:
    data = MultiDict(list(fields.items()))
    if voice is not None:
        data.add("voice", FileStorage(io.BytesIO(voice[0]), voice[1]))
    boundary, body = encode_multipart(data)
    return client.post(f"/complaint/{slug}", data=body,
                       content_type=f"multipart/form-data; boundary={boundary}")


def walk_to(client: FlaskClient, stop: str) -> None:
    client.get("/complaint/start", query_string={"kind": "complaint"})
    for slug in ORDER[:ORDER.index(stop)]:
        assert post_step(client, slug, CHILD_COMPLAINT[slug]).status_code == 302, slug


def test_a_voice_note_alone_sends_a_complaint_and_stays_with_the_case(
        client: FlaskClient, session: Session, scanned: Clamd) -> None:
    walk_to(client, "what-happened")
    page = check_page(client.get("/complaint/what-happened"))
    form = page.select_one("main form")
    assert form["enctype"] == "multipart/form-data"
    box = form.select_one("input#voice[type=file]")
    assert box["accept"] == "audio/*"
    assert box.has_attr("capture")
    # Nothing written, nothing recorded: still needed.
    empty = post_with_voice(client, "what-happened", {"description": ""}, None)
    assert "Tell us what happened" in check_page(empty, errors=True).get_text(" ")
    # A voice note and no words: enough.
    response = post_with_voice(client, "what-happened", {"description": ""},
                               (samples.webm(), "voice-note.webm"))
    assert response.status_code == 302, parse(response).get_text(" ", strip=True)[:300]
    shown = check_page(client.get("/complaint/what-happened"))
    assert "voice-note.webm" in shown.select_one("#voice-kept").get_text(" ")
    for slug in ORDER[ORDER.index("what-happened") + 1:]:
        if slug == "how-it-affected-you":
            response = post_with_voice(client, slug, {"how_affected": ""},
                                       (samples.ogg_opus(), "feelings.ogg"))
        else:
            response = post_step(client, slug, CHILD_COMPLAINT[slug])
        assert response.status_code == 302, slug
    check = check_page(client.get("/complaint/check-answers"))
    voice_rows = [r for r in check.select(".govuk-summary-list__row")
                  if r.select_one("dt").get_text(strip=True) == "Voice note"]
    assert [r.select_one("a")["href"] for r in voice_rows] == [
        "/complaint/what-happened?change=1#voice",
        "/complaint/how-it-affected-you?change=1#voice"]
    assert "voice-note.webm" in voice_rows[0].get_text(" ")
    reference, _code = confirmation(parse(send(client)))
    rep = session.scalars(select(Representation).where(
        Representation.reference == reference)).one()
    assert rep.description == ""
    kept = session.scalars(select(StoredFile).where(StoredFile.representation_id == rep.id)
                           .order_by(StoredFile.id)).all()
    assert [(f.purpose, f.note, f.kind.value) for f in kept] == [
        (FilePurpose.VOICE_NOTE, "what_happened", "webm"),
        (FilePurpose.VOICE_NOTE, "how_affected", "ogg")]


@pytest.mark.parametrize(("body", "name"), [
    (samples.jpeg_with_gps(), "voice.m4a"),
    (samples.EXE, "voice.mp3"),
    (samples.mp4(b"soun", b"vide"), "voice.m4a"),
])
def test_anything_but_sound_in_the_voice_box_is_refused_kindly(
        client: FlaskClient, session: Session, scanned: Clamd, body: bytes, name: str) -> None:
    walk_to(client, "what-happened")
    typed = "My door is broken."
    response = post_with_voice(client, "what-happened", {"description": typed}, (body, name))
    page = check_page(response, errors=True)
    summary = page.select_one(".govuk-error-summary")
    assert summary.select_one("a")["href"] == "#voice"
    said = summary.get_text(" ", strip=True)
    assert str(E_NOT_SOUND) in said or "videos" in said
    assert page.select_one("#voice-error") is not None
    assert page.select_one("#description").get_text() == typed  # what was typed is kept
    assert (session.scalar(select(func.count(StoredFile.id))) or 0) == 0


def test_a_voice_note_can_be_deleted(client: FlaskClient, session: Session,
                                     scanned: Clamd) -> None:
    walk_to(client, "what-happened")
    post_with_voice(client, "what-happened", {"description": "Words too."},
                    (samples.wav(), "note.wav"))
    assert (session.scalar(select(func.count(StoredFile.id))) or 0) == 1
    shown = check_page(client.get("/complaint/what-happened"))
    delete = shown.select_one("#delete-voice")
    assert delete["form"] == "voice-delete"
    assert shown.select_one("form#voice-delete input[name=delete_voice]") is not None
    response = post_with_voice(client, "what-happened", {"delete_voice": "1"}, None)
    page = check_page(response)
    assert page.select_one("#voice-kept") is None
    session.expire_all()
    assert (session.scalar(select(func.count(StoredFile.id))) or 0) == 0


def test_the_microphone_is_allowed_only_where_a_voice_note_may_answer(
        client: FlaskClient) -> None:
    walk_to(client, "how-it-affected-you")
    for slug, allowed in (("what-happened", True), ("how-it-affected-you", True),
                          ("when", False), ("add-files", False)):
        response = client.get(f"/complaint/{slug}")
        policy = response.headers["Permissions-Policy"]
        assert ("microphone=(self)" in policy) is allowed, slug
        assert ("microphone=()" in policy) is not allowed, slug
        assert "camera=()" in policy
        assert "media-src 'self' blob:" in response.headers["Content-Security-Policy"]


def test_a_saved_voice_note_comes_back_with_the_form(
        client: FlaskClient, app: Flask, session: Session, scanned: Clamd) -> None:
    walk_to(client, "how-it-affected-you")
    response = post_with_voice(client, "how-it-affected-you",
                               {"how_affected": "", "save_for_later": "1"},
                               (samples.ogg_opus(), "feelings.ogg"))
    assert response.headers["Location"].endswith("/complaint/saved")
    code = parse(client.get("/complaint/saved")).select_one("#saved-code").get_text(strip=True)
    other = app.test_client()
    assert other.post("/complaint/come-back", data={"code": code}).status_code == 302
    shown = check_page(other.get("/complaint/how-it-affected-you"))
    assert "feelings.ogg" in shown.select_one("#voice-kept").get_text(" ")
    session.expire_all()
    notes = session.scalars(select(StoredFile).order_by(StoredFile.id)).all()
    assert [(f.note, f.sha256) for f in notes[1:]] == [(notes[0].note, notes[0].sha256)]
    assert notes[0].note == "how_affected"
