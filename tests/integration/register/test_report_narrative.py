"""A complaints manager writes the council's own words for a year's annual report.

Issue 7: a report a council can publish frames its figures with words. The
words are saved per council and period, shown in the page, the HTML and the
PDF (as H2 sections a screen reader can jump to), and only the people who run
the register may write them.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.register.cli import report_cli
from portal.register.narrative import MAX_CHARS, ReportNarrative
from tests.support.staff import signed_in

YEAR = {"start": "2018-04-01", "end": "2019-03-31"}
YEAR_ARGS = {"period_from": ["1", "4", "2018"], "period_to": ["31", "3", "2019"]}
WORDS = {
    "introduction": "This is our report for the year.\n\nWe listened to children.",
    "learning": "Social workers now phone back within a day.",
    "priorities": "Answer more complaints within 10 working days.",
}
ORDER = ["Key figures", "Introduction", "Representations received",
         "What we learned and changed", "Priorities for next year"]


@pytest.fixture
def manager(client: FlaskClient, session: Session, council: Council) -> User:
    return signed_in(client, session, council, Role.COMPLAINTS_MANAGER)


def save(client: FlaskClient, **words: str):  # type: ignore[no-untyped-def]
    return client.post("/staff/register/annual-report/words", data={**YEAR, **words})


def page(client: FlaskClient, **args: object) -> BeautifulSoup:
    response = client.get("/staff/register/annual-report",
                          query_string={**YEAR_ARGS, **args})
    assert response.status_code == 200
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def headings(soup: BeautifulSoup) -> list[str]:
    wanted = set(ORDER)
    return [h.get_text(strip=True) for h in soup.find_all("h2")
            if h.get_text(strip=True) in wanted]


def test_saved_words_frame_the_tables_in_the_page_and_the_html(
        client: FlaskClient, session: Session, manager: User) -> None:
    response = save(client, **WORDS)
    assert response.status_code == 302
    soup = page(client)
    assert headings(soup) == ORDER
    intro = soup.find(id="narrative-introduction").parent
    assert [p.get_text() for p in intro.find_all("p")] == [
        "This is our report for the year.", "We listened to children."]
    assert soup.select_one("textarea#learning").get_text().strip() == WORDS["learning"]

    html = client.get("/staff/register/annual-report",
                      query_string={**YEAR_ARGS, "download": "html"})
    document = BeautifulSoup(html.get_data(as_text=True), "html.parser")
    assert headings(document) == ORDER
    assert "Social workers now phone back within a day." in document.get_text()
    figures = document.find(id="key-figures").parent
    assert "No complaints went to the Ombudsman." in figures.get_text()


def test_editing_replaces_the_words_and_the_audit_log_keeps_no_text(
        client: FlaskClient, session: Session, manager: User, council: Council) -> None:
    save(client, **WORDS)
    save(client, introduction="<b>A shorter</b> introduction.", learning="", priorities="")
    rows = session.scalars(select(ReportNarrative)).all()
    assert [(r.council_id, r.introduction, r.learning) for r in rows] == [
        (council.id, "<b>A shorter</b> introduction.", "")]  # as typed, one row per period
    soup = page(client)
    assert headings(soup) == ["Key figures", "Introduction", "Representations received"]
    assert "<b>A shorter</b> introduction." in soup.get_text()  # escaped, so shown as typed
    entries = session.scalars(select(AuditLog).where(
        AuditLog.action == "report_narrative_saved", AuditLog.user_id == manager.id)).all()
    assert [e.detail["sections"] for e in entries] == [
        ["introduction", "learning", "priorities"], ["introduction"]]
    assert all("introduction." not in str(e.detail) for e in entries)


def test_words_too_long_are_refused_kindly_and_shown_again(
        client: FlaskClient, session: Session, manager: User) -> None:
    typed = "<i>Our year</i> " + "x" * MAX_CHARS
    response = save(client, introduction=typed, priorities="Keep this too.")
    assert response.status_code == 400
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = soup.select_one(".govuk-error-summary").get_text()
    assert "Introduction must be 6,000 characters or fewer. It has 6,016" in summary
    assert soup.select_one(".govuk-error-summary a")["href"] == "#introduction"
    assert soup.select_one("textarea#introduction").get_text() == typed  # escaped, as typed
    assert soup.select_one("textarea#priorities").get_text() == "Keep this too."
    assert soup.find(id="key-figures")  # the report is still there beside the form
    assert session.scalars(select(ReportNarrative)).all() == []
    assert session.scalar(select(AuditLog).where(AuditLog.action == "report_narrative_refused"))


def test_a_forged_request_saves_nothing(client: FlaskClient, session: Session, app: Flask,
                                        manager: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert save(client, **WORDS).status_code == 400
    assert session.scalars(select(ReportNarrative)).all() == []
    token = page(client).select_one("#narrative-form input[name=csrf_token]")["value"]
    assert save(client, csrf_token=token, **WORDS).status_code == 302


def test_a_bad_period_is_refused(client: FlaskClient, manager: User) -> None:
    response = client.post("/staff/register/annual-report/words",
                           data={"start": "2019-03-31", "end": "2018-04-01", **WORDS})
    assert response.status_code == 400


def test_the_words_belong_to_exactly_one_period(client: FlaskClient, manager: User) -> None:
    save(client, **WORDS)
    other = client.get("/staff/register/annual-report", query_string={
        "period_from": ["1", "4", "2018"], "period_to": ["30", "3", "2019"]})
    soup = BeautifulSoup(other.get_data(as_text=True), "html.parser")
    assert headings(soup) == ["Key figures", "Representations received"]
    assert soup.select_one("textarea#introduction").get_text().strip() == ""


def test_readers_of_reports_see_the_words_but_cannot_write_them(
        client: FlaskClient, session: Session, council: Council, manager: User) -> None:
    save(client, **WORDS)
    signed_in(client, session, council, Role.CHILDRENS_RIGHTS_OFFICER)
    soup = page(client)
    assert headings(soup) == ORDER
    assert soup.find(id="narrative-form") is None
    assert save(client, introduction="Not mine to write.").status_code == 403
    assert session.scalar(select(ReportNarrative.introduction)) == WORDS["introduction"]


def _struct_h2(data: bytes) -> list[str]:
    """The H2 elements' titles (WeasyPrint writes each heading's outline entry from it)."""
    pdf = pikepdf.open(io.BytesIO(data))
    found = []

    def walk(node: object) -> None:
        kids = node.get("/K")  # type: ignore[attr-defined]
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if kid.S == "/H2":
                    found.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    with pdf.open_outline() as outline:
        (top,) = outline.root
        titles = [item.title for item in top.children]
    assert len(found) == len(titles)  # every H2 is tagged and bookmarked
    return titles


def test_the_pdf_has_the_words_as_h2_sections(client: FlaskClient, manager: User) -> None:
    save(client, **WORDS)
    pdf = client.get("/staff/register/annual-report",
                     query_string={**YEAR_ARGS, "download": "pdf"})
    assert pdf.status_code == 200
    titles = _struct_h2(pdf.get_data())
    assert [t for t in titles if t in set(ORDER)] == ORDER
    assert titles[:3] == ["Key figures", "Introduction", "Representations received"]
    assert titles[-2:] == ["What we learned and changed", "Priorities for next year"]


def test_the_report_command_includes_the_words_for_that_period(
        app: Flask, client: FlaskClient, manager: User, tmp_path: Path) -> None:
    save(client, **WORDS)
    runner = app.test_cli_runner()
    for end, expected in (("2019-03-31", True), ("2019-03-30", False)):
        out = tmp_path / f"{end}.html"
        result = runner.invoke(report_cli, ["annual", "--from", "2018-04-01", "--to", end,
                                            "--format", "html", "--output", str(out)])
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert ("We listened to children." in text) is expected
        assert "Key figures" in text
