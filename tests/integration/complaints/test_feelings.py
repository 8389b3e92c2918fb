"""The faces of "How did it make you feel?" and the "Listen" button, through the test client
on both databases (issue 19, parts 4 and 5): a face alone answers the question and is kept
on the case, words alone keep no face, an unknown face is refused, and staff read the face
beside the words. The page holds the faces as radios with words and a Listen button that
is hidden until the browser's script finds a voice."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.complaints.services import submit
from portal.db.types import utcnow
from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import Role
from tests.support.journey import CHILD_COMPLAINT, confirmation, post_step, send, walk
from tests.support.pages import parse
from tests.support.staff import signed_in

pytestmark = pytest.mark.usefixtures("own_drafts")

FACES = "how-it-affected-you"


def _sent(client: FlaskClient, session: Session, affected: dict[str, str]) -> Representation:
    walk(client, "complaint", {**CHILD_COMPLAINT, FACES: affected})
    reference, _code = confirmation(parse(send(client)))
    return session.scalars(select(Representation).where(
        Representation.reference == reference)).one()


def test_a_face_alone_answers_and_is_kept_on_the_case(client: FlaskClient, session: Session
                                                      ) -> None:
    check = parse(walk(client, "complaint", {**CHILD_COMPLAINT, FACES: {"feeling": "scared"}}))
    assert "Scared" in check.select_one(".govuk-summary-list").get_text(" ", strip=True)
    reference, _code = confirmation(parse(send(client)))
    entry = session.scalars(select(Representation).where(
        Representation.reference == reference)).one()
    assert (entry.feeling, entry.how_affected) == ("scared", "")


def test_a_face_and_words_are_both_kept(client: FlaskClient, session: Session) -> None:
    entry = _sent(client, session, {"feeling": "angry", "how_affected": "I shouted."})
    assert (entry.feeling, entry.how_affected) == ("angry", "I shouted.")


def test_words_alone_keep_no_face(client: FlaskClient, session: Session) -> None:
    entry = _sent(client, session, {"how_affected": "I feel sad."})
    assert (entry.feeling, entry.how_affected) == (None, "I feel sad.")


def test_an_unknown_face_is_refused_and_not_kept(client: FlaskClient) -> None:
    walk(client, "complaint", CHILD_COMPLAINT)
    response = post_step(client, FACES, {"feeling": "furious", "how_affected": "Kept."})
    assert response.status_code == 400
    page = parse(response)
    assert page.select_one(".govuk-error-summary a[href='#feeling']") is not None
    assert page.select_one("textarea#how_affected").get_text() == "Kept."
    assert not page.select("input[name=feeling][checked]")


def test_the_service_keeps_only_a_known_face(session: Session, council: Council) -> None:
    answers = {"kind": "complaint", "submitter": "child", "safe": "yes",
               "service": "fostering", "also": ["none"], "description": "It is cold.",
               "wants_advocate": "no", "contact_methods": ["none"], "feeling": "<b>sad</b>"}
    rep = submit(session, council=council, answers=answers, submission_key="feel-1",
                 tracking_code="F" * 20, locale="en", now=utcnow())
    assert rep.feeling is None
    rep = submit(session, council=council, answers={**answers, "feeling": "okay"},
                 submission_key="feel-2", tracking_code="G" * 20, locale="en",
                 now=utcnow())
    session.commit()
    session.expire_all()
    assert session.get(Representation, rep.id).feeling == "okay"


@pytest.mark.parametrize(("lang", "words", "listen"), [
    ("en", ["Happy", "Okay", "Sad", "Angry", "Scared"], "Listen"),
    ("cy", ["Hapus", "Iawn", "Trist", "Blin", "Ofnus"], "Gwrando"),
])
def test_the_page_has_faces_as_radios_and_a_hidden_listen_button(
        client: FlaskClient, lang: str, words: list[str], listen: str) -> None:
    walk(client, "complaint", CHILD_COMPLAINT, lang=lang)
    page = parse(client.get(f"/complaint/{FACES}"))
    radios = page.select(".portal-faces input[type=radio][name=feeling]")
    assert [r["value"] for r in radios] == ["happy", "okay", "sad", "angry", "scared"]
    labels = page.select(".portal-faces label.govuk-radios__label")
    assert [label.get_text(strip=True) for label in labels] == words
    for label in labels:
        image = label.select_one("img")
        assert image["alt"] == ""
        assert image["src"].startswith("/assets/build/faces/")
        assert image["src"].count(".") == 2  # the fingerprinted copy: 1F604.<hash>.svg
    # The question is the legend (the page's h1), the words have their own label.
    assert page.select_one("legend h1").get_text(strip=True) == page.select_one(
        "h1").get_text(strip=True)
    assert page.select_one("label[for=how_affected]") is not None
    button = page.select_one("#listen")
    assert button["type"] == "button"
    assert button.has_attr("hidden")
    assert button.get_text(strip=True) == listen
    assert button["data-stop-text"] in ("Stop", "Stopio")


def test_listen_is_only_on_question_pages(client: FlaskClient) -> None:
    check = parse(walk(client, "complaint", CHILD_COMPLAINT))
    assert check.select_one("#listen") is None
    assert parse(client.get("/")).select_one("#listen") is None


@pytest.mark.parametrize(("lang", "word"), [("en", "Sad"), ("cy", "Trist")])
def test_staff_see_the_face_beside_the_words(client: FlaskClient, session: Session,
                                             council: Council, lang: str, word: str) -> None:
    entry = _sent(client, session, {"feeling": "sad", "how_affected": "I cried."})
    session.commit()
    signed_in(client, session, council, Role.COMPLAINTS_MANAGER)
    page = parse(client.get(f"/staff/cases/{entry.reference}?lang={lang}"))
    rows = [row["data-answer"] for row in page.select("#case-file [data-answer]")]
    assert rows.index("feeling") == rows.index("how_affected") + 1
    assert page.select_one("#case-file [data-answer=feeling] dd").get_text(strip=True) == word
