"""The back office's retention pages: the schedule, holds on a case, the council's periods."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.cases import CaseEvent, Message
from portal.models.councils import Council
from portal.models.retention import LegalHold
from portal.models.staff import AuditLog, Role
from portal.retention.purge import destroy_case
from portal.settings.retention import RetentionSettings
from tests.factories import make_case, make_user
from tests.support.pages import check_staff_page, text_of
from tests.support.retention import closed_case
from tests.support.rows import count
from tests.support.staff import sign_in_as


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_the_schedule_lists_what_is_due_held_and_destroyed(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    today = datetime.now(UTC).date()
    in_a_month = today + timedelta(days=30)
    soon_closed = date(in_a_month.year - 6, in_a_month.month, min(in_a_month.day, 28))
    due_now = closed_case(session, council, "CMP-S-000001", closed=date(2015, 1, 5),
                          received=date(2014, 12, 1))
    soon = closed_case(session, council, "CMP-S-000002", closed=soon_closed,
                       received=soon_closed - timedelta(days=60))
    held = closed_case(session, council, "CMP-S-000003", closed=date(2015, 1, 5),
                       received=date(2014, 12, 1))
    gone = closed_case(session, council, "CMP-S-000004", closed=date(2015, 1, 5),
                       received=date(2014, 12, 1))
    sign_in_as(client, manager)
    response = client.post(f"/staff/cases/{held.reference}/legal-hold",
                           data={"reason": "litigation", "note": "Claim 2026/4"})
    assert response.status_code == 302
    destroy_case(session, gone.id, RetentionSettings(), today=today, ran_by="nightly test")
    session.commit()

    page = client.get("/staff/retention")
    assert page.status_code == 200
    check_staff_page(page.text)
    html = soup(page.text)
    now_table = html.select_one("#due-now")
    assert now_table is not None
    assert due_now.reference in now_table.get_text()
    assert held.reference not in now_table.get_text()
    assert soon.reference in text_of(html, "#due-soon")
    holds = text_of(html, "#holds")
    assert held.reference in holds
    assert "Litigation" in holds
    assert held.reference in text_of(html, "#kept-past-date")
    log = text_of(html, "#destruction-log")
    assert gone.reference in log
    assert "nightly test" in log
    # The complaints manager opens a case from the list.
    assert now_table.select_one(f"a[href$='/staff/cases/{due_now.reference}']") is not None


def test_the_administrator_sees_references_but_opens_no_case(
        client: FlaskClient, session: Session, council: Council) -> None:
    admin, _ = make_user(session, council, Role.ADMINISTRATOR)
    rep = closed_case(session, council, "CMP-S-000010", closed=date(2015, 1, 5),
                      received=date(2014, 12, 1))
    sign_in_as(client, admin)
    page = client.get("/staff/retention")
    assert page.status_code == 200
    table = soup(page.text).select_one("#due-now")
    assert table is not None
    assert rep.reference in table.get_text()
    assert table.select("a") == []
    assert "Zebedee" not in page.text  # references and dates only


def test_the_case_page_shows_the_date_and_the_holds(
        client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = closed_case(session, council, "CMP-S-000020", closed=date(2024, 3, 4),
                      received=date(2024, 1, 8))
    sign_in_as(client, manager)
    page = soup(client.get(f"/staff/cases/{rep.reference}").text)
    until = page.select_one("#retention-until")
    assert until is not None
    assert until["data-date"] == "2030-03-04"
    assert page.select_one("#place-hold") is not None

    form = client.get(f"/staff/cases/{rep.reference}/legal-hold")
    assert form.status_code == 200
    check_staff_page(form.text)
    missing = client.post(f"/staff/cases/{rep.reference}/legal-hold", data={"note": "x"})
    assert missing.status_code == 400
    check_staff_page(missing.text)
    assert soup(missing.text).select_one(".govuk-error-summary") is not None

    placed = client.post(f"/staff/cases/{rep.reference}/legal-hold",
                         data={"reason": "inquiry", "note": "Independent inquiry"})
    assert placed.status_code == 302
    hold = session.scalars(select(LegalHold).where(
        LegalHold.representation_id == rep.id)).one()
    assert (hold.reason.value, hold.note, hold.placed_by_id) == (
        "inquiry", "Independent inquiry", manager.id)
    page = soup(client.get(f"/staff/cases/{rep.reference}").text)
    kept = page.select_one("#retention-kept")
    assert kept is not None
    assert "legal hold" in kept.get_text().lower()
    holds = page.select_one("#legal-holds")
    assert holds is not None
    assert "Independent inquiry" in holds.get_text()

    release_url = f"/staff/cases/{rep.reference}/legal-holds/{hold.id}/release"
    confirm = client.get(release_url)
    assert confirm.status_code == 200
    check_staff_page(confirm.text)
    released = client.post(release_url, data={"note": "Inquiry closed"})
    assert released.status_code == 302
    session.refresh(hold)
    assert hold.released_by_id == manager.id
    again = client.post(release_url, data={})
    assert again.status_code == 409
    page = soup(client.get(f"/staff/cases/{rep.reference}").text)
    assert page.select_one("#legal-holds") is None
    assert page.select_one("#released-holds") is not None
    types = session.scalars(select(CaseEvent.type).where(
        CaseEvent.representation_id == rep.id, CaseEvent.type.like("legal_hold%"))).all()
    assert sorted(types) == ["legal_hold_placed", "legal_hold_released"]


def test_a_hold_from_another_case_is_not_found(client: FlaskClient, session: Session,
                                                council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    one = make_case(session, council, "CMP-S-000030")
    other = make_case(session, council, "CMP-S-000031")
    sign_in_as(client, manager)
    client.post(f"/staff/cases/{one.reference}/legal-hold", data={"reason": "litigation"})
    hold = session.scalars(select(LegalHold).where(
        LegalHold.representation_id == one.id)).one()
    assert client.get(
        f"/staff/cases/{other.reference}/legal-holds/{hold.id}/release").status_code == 404


def test_an_open_case_shows_no_date(client: FlaskClient, session: Session,
                                    council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    rep = make_case(session, council, "CMP-S-000040")
    sign_in_as(client, manager)
    until = soup(client.get(f"/staff/cases/{rep.reference}").text).select_one(
        "#retention-until")
    assert until is not None
    assert until["data-date"] == ""


def test_an_officer_sees_the_date_but_places_no_hold(client: FlaskClient, session: Session,
                                                     council: Council) -> None:
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER)
    rep = make_case(session, council, "CMP-S-000050")
    sign_in_as(client, officer)
    page = soup(client.get(f"/staff/cases/{rep.reference}").text)
    assert page.select_one("#retention-schedule") is not None
    assert page.select_one("#place-hold") is None
    assert client.post(f"/staff/cases/{rep.reference}/legal-hold",
                       data={"reason": "litigation"}).status_code == 403


def test_the_administrator_changes_the_periods(client: FlaskClient, session: Session,
                                               council: Council) -> None:
    admin, _ = make_user(session, council, Role.ADMINISTRATOR)
    sign_in_as(client, admin)
    page = client.get("/staff/retention/settings")
    assert page.status_code == 200
    check_staff_page(page.text)
    assert soup(page.text).select_one("#default_years")["value"] == "6"  # type: ignore[index]
    saved = client.post("/staff/retention/settings", data={
        "default_years": "7", "looked_after_until_age": "75",
        "looked_after_years_age_unknown": "75"})
    assert saved.status_code == 302
    session.refresh(council)
    assert council.settings["retention"] == {"default_years": 7, "looked_after_until_age": 75,
                                             "looked_after_years_age_unknown": 75}
    # The rest of the settings are untouched.
    assert council.settings["contacts"]["duty_line"] == "0300 123 4567"
    change = session.scalars(select(AuditLog).where(
        AuditLog.action == "retention_settings_changed")).one()
    assert change.detail == {"default_years": {"from": 6, "to": 7}}


@pytest.mark.parametrize("value", ["0", "101", "six", ""])
def test_impossible_periods_are_refused(client: FlaskClient, session: Session,
                                        council: Council, value: str) -> None:
    admin, _ = make_user(session, council, Role.ADMINISTRATOR)
    sign_in_as(client, admin)
    refused = client.post("/staff/retention/settings", data={
        "default_years": value, "looked_after_until_age": "75",
        "looked_after_years_age_unknown": "75"})
    assert refused.status_code == 400
    check_staff_page(refused.text)
    session.refresh(council)
    assert "retention" not in council.settings


@pytest.mark.parametrize("path", ["/staff/retention", "/staff/retention/settings"])
def test_the_pages_in_welsh(client: FlaskClient, session: Session, council: Council,
                            path: str) -> None:
    admin, _ = make_user(session, council, Role.ADMINISTRATOR)
    sign_in_as(client, admin)
    page = client.get(f"{path}?lang=cy")
    assert page.status_code == 200
    html = soup(page.text)
    assert html.html is not None
    assert html.html.get("lang") == "cy"


def test_the_menu_links_to_the_schedule(client: FlaskClient, session: Session,
                                        council: Council) -> None:
    for role, shown in ((Role.COMPLAINTS_MANAGER, True), (Role.ADMINISTRATOR, True),
                        (Role.COMPLAINTS_OFFICER, False)):
        user, _ = make_user(session, council, role)
        sign_in_as(client, user)
        page = soup(client.get("/staff/", follow_redirects=True).text)
        links = [a["href"] for a in page.select("nav a")]
        assert ("/staff/retention" in links) is shown, role


def test_a_destroyed_case_takes_no_more_actions(client: FlaskClient, session: Session,
                                                council: Council) -> None:
    rep = closed_case(session, council, "CMP-R-000009", closed=date(2019, 12, 2))
    destroy_case(session, rep.id, RetentionSettings(), today=date(2026, 6, 1), ran_by="test")
    session.commit()
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    page = client.get(f"/staff/cases/{rep.reference}")
    assert page.status_code == 200
    assert 'id="retention-destroyed"' in page.text
    assert "What you can do" not in page.text
    posted = client.post(f"/staff/cases/{rep.reference}/message",
                         data={"message-body": "Marker message body"})
    assert posted.status_code == 302
    assert count(session, Message, representation_id=rep.id) == 0
    assert client.get(f"/staff/cases/{rep.reference}/legal-hold").status_code == 200
    refused = client.post(f"/staff/cases/{rep.reference}/legal-hold",
                          data={"reason": "litigation"})
    assert refused.status_code == 409
    assert count(session, LegalHold, representation_id=rep.id) == 0


def test_long_lists_are_cut_and_counted(client: FlaskClient, session: Session, council: Council,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from portal.retention import services

    monkeypatch.setattr(services, "LIST_LIMIT", 1)
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    for n in (1, 2):
        closed_case(session, council, f"CMP-S-00007{n}", closed=date(2015, 1, 5),
                    received=date(2014, 12, 1))
    sign_in_as(client, manager)
    html = soup(client.get("/staff/retention").text)
    table = html.select_one("#due-now")
    assert table is not None
    assert len(table.select("tbody tr")) == 1
    assert "(2)" in table.get_text()
    assert "The first 1 of 2 are listed." in html.get_text()
