"""Question pages rendered from the unanswered-field cache say exactly what a fresh render
says: in the visitor's language, and never with another visitor's answer."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.support.journey import post_step
from tests.support.pages import parse


def _first_question(app: Flask, lang: str) -> tuple[object, str]:
    client = app.test_client()
    client.get("/complaint/start", query_string={"kind": "complaint", "lang": lang})
    return client, parse(client.get("/complaint/who-are-you")).select_one("legend").get_text(
        " ", strip=True)


def test_each_language_gets_its_own_words(app: Flask, client: FlaskClient) -> None:
    _, english = _first_question(app, "en")
    _, welsh = _first_question(app, "cy")
    _, english_again = _first_question(app, "en")
    assert welsh != english
    assert english_again == english


def test_one_visitor_s_answer_never_reaches_another(app: Flask, client: FlaskClient) -> None:
    _first_question(app, "en")  # the unanswered page, rendered and kept
    answered = app.test_client()
    answered.get("/complaint/start", query_string={"kind": "complaint"})
    post_step(answered, "who-are-you", {"submitter": "child"})
    mine = parse(answered.get("/complaint/who-are-you"))
    assert mine.select_one("input[name=submitter][value=child]").has_attr("checked")
    fresh = app.test_client()
    fresh.get("/complaint/start", query_string={"kind": "complaint"})
    theirs = parse(fresh.get("/complaint/who-are-you"))
    assert not theirs.select("input[name=submitter][checked]")
