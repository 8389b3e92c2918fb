"""The audit log's search and export (issue 16, part 6): the complaints manager finds who
did what, to which case, allowed or refused, between two London days; page by page,
newest first; the same rows as CSV that no spreadsheet can run, the export itself in the
log; nobody else may open either."""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.models.cases import Representation
from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from tests.factories import make_case, make_user
from tests.support.staff import sign_in_as


@dataclass
class Log:
    manager: User
    officer: User
    rogue: User  # a name a spreadsheet would run as a formula
    case: Representation
    other_case: Representation


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def log(session: Session, council: Council) -> Log:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER, name="Mina Manager")
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olu Officer")
    rogue, _ = make_user(session, council, Role.COMPLAINTS_OFFICER,
                         name='=HYPERLINK("http://evil.test","Click")')
    case = make_case(session, council, "CMP-AU-000001")
    other = make_case(session, council, "CMP-AU-000002")
    rows = [
        # 30 June 2026, 23:30 UTC is 1 July 00:30 in London (summer time): a July day.
        (officer, "view", case, True, "2026-06-30T23:30:00"),
        (officer, "denied", other, False, "2026-06-30T22:59:00"),  # 23:59 on 30 June
        (officer, "message_sent", case, True, "2026-07-02T09:00:00"),
        (rogue, "view", other, True, "2026-07-03T12:00:00"),
        # 31 October 2026, 23:30 UTC is still 31 October in London (winter time again).
        (officer, "view", other, True, "2026-10-31T23:30:00"),
    ]
    for user, action, rep, allowed, moment in rows:
        session.add(AuditLog(user_id=user.id, action=action, representation_id=rep.id,
                             allowed=allowed, at=at(moment), detail={}))
    session.commit()
    return Log(manager, officer, rogue, case, other)


def results(page: str) -> list[tuple[str, str, str, str, str]]:
    """The result table's rows: when, who, what, case, allowed or refused."""
    body = page.split('id="audit-results"', 1)
    if len(body) == 1:
        return []
    rows = re.findall(r'<tr class="govuk-table__row" data-action="[^"]*">(.*?)</tr>', body[1],
                      re.S)
    out = []
    for row in rows:
        cells = [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip())
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        out.append(tuple(cells))
    return out  # type: ignore[return-value]


def july(**extra: object) -> dict[str, object]:
    return {"date_from": ["1", "7", "2026"], "date_to": ["3", "7", "2026"], **extra}


def test_nobody_but_the_complaints_manager_may_search_or_export(
        client: FlaskClient, session: Session, council: Council, log: Log) -> None:
    for role in (Role.COMPLAINTS_OFFICER, Role.CHILDRENS_RIGHTS_OFFICER, Role.ADMINISTRATOR,
                 Role.RESPONDING_MANAGER):
        user, _ = make_user(session, council, role)
        sign_in_as(client, user)
        assert client.get("/staff/audit").status_code == 403
        assert client.get("/staff/audit/export.csv").status_code == 403
        refusals = session.scalars(select(AuditLog.action).where(
            AuditLog.user_id == user.id, AuditLog.allowed.is_(False))).all()
        assert refusals == ["denied", "denied"]
    with client.session_transaction() as signed_out:
        signed_out.clear()
    assert client.get("/staff/audit").status_code == 302  # to sign in


def test_july_in_london_days_newest_first_in_plain_words(
        client: FlaskClient, log: Log) -> None:
    sign_in_as(client, log.manager)
    response = client.get("/staff/audit", query_string=july())
    assert response.status_code == 200
    assert results(response.text) == [
        ("3 July 2026 at 13:00:00", log.rogue.name, "Opened the case", "CMP-AU-000002",
         "Allowed"),
        ("2 July 2026 at 10:00:00", "Olu Officer", "Sent a message", "CMP-AU-000001",
         "Allowed"),
        # 23:30 UTC on 30 June: 00:30 on 1 July in London, so in; 22:59 UTC is not.
        ("1 July 2026 at 00:30:00", "Olu Officer", "Opened the case", "CMP-AU-000001",
         "Allowed"),
    ]
    assert 'href="/staff/cases/CMP-AU-000001"' in response.text
    assert "Entries found: 3" in response.text
    # One day: from and to the same day is that whole day.
    one = client.get("/staff/audit", query_string={"date_from": ["30", "6", "2026"],
                                                   "date_to": ["30", "6", "2026"]}).text
    assert [r[2] for r in results(one)] == ["Tried to open something their role does not allow"]
    # 31 October: 23:30 UTC is 23:30 in London once the clocks have gone back.
    october = client.get("/staff/audit", query_string={"date_from": ["31", "10", "2026"],
                                                       "date_to": ["31", "10", "2026"]}).text
    assert [r[0] for r in results(october)] == ["31 October 2026 at 23:30:00"]


def test_filters_by_person_case_action_and_refusal(client: FlaskClient, log: Log) -> None:
    sign_in_as(client, log.manager)

    def found(**filters: object) -> list[tuple[str, ...]]:
        response = client.get("/staff/audit", query_string={
            "date_from": ["1", "6", "2026"], "date_to": ["22", "11", "2026"], **filters})
        assert response.status_code == 200, response.status_code
        return results(response.text)  # type: ignore[return-value]

    assert {r[1] for r in found(person=str(log.rogue.id))} == {log.rogue.name}
    assert len(found(person=str(log.officer.id))) == 4
    assert {r[3] for r in found(reference="cmp-au-000001 ")} == {"CMP-AU-000001"}
    assert [r[2] for r in found(action="message_sent")] == ["Sent a message"]
    assert [(r[3], r[4]) for r in found(outcome="refused")] == [("CMP-AU-000002", "Refused")]
    assert len(found(outcome="allowed")) == 4
    assert found(person=str(log.rogue.id), reference="CMP-AU-000001") == []
    # The form keeps what was asked.
    page = client.get("/staff/audit", query_string=july(action="view", outcome="refused")).text
    assert re.search(r'<option value="view"\s+selected', page)
    assert re.search(r'value="refused"\s+checked', page)


def test_pages_of_the_log(client: FlaskClient, log: Log,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("portal.audit.search.PAGE_SIZE", 2)
    sign_in_as(client, log.manager)
    first = client.get("/staff/audit", query_string=july())
    assert [r[0] for r in results(first.text)] == ["3 July 2026 at 13:00:00",
                                                   "2 July 2026 at 10:00:00"]
    assert "Page 1 of 2" in first.text
    # The next page keeps the filters.
    link = re.search(r'govuk-pagination__next">\s*<a[^>]*href="([^"]+)"', first.text)
    assert link is not None
    href = link.group(1).replace("&amp;", "&")
    assert "date_from=1&date_from=7&date_from=2026" in href
    assert "page=2" in href
    second = client.get(href)
    assert [r[0] for r in results(second.text)] == ["1 July 2026 at 00:30:00"]
    assert client.get("/staff/audit", query_string=july(page="3")).status_code == 404
    assert client.get("/staff/audit?page=nope").status_code == 404


@pytest.mark.parametrize(("filters", "message"), [
    ({"date_from": ["31", "2", "2026"]}, "Enter a real date, for example 27 3 2026"),
    ({"date_from": ["3", "7", "2026"], "date_to": ["1", "7", "2026"]},
     "The last day must be the same as or after the first day"),
    ({"reference": "CMP-NOPE-1"}, "There is no case with the reference CMP-NOPE-1"),
    ({"reference": "<script>"}, "A reference has only letters, digits and dashes"),
    ({"person": "999999999"}, "Choose a person from the list"),
    ({"action": "launch_missiles"}, "Choose an action from the list"),
    ({"outcome": "maybe"}, "Choose allowed, refused or both"),
])
def test_bad_filters_are_said_kindly_and_keep_what_was_typed(
        client: FlaskClient, log: Log, filters: dict[str, object], message: str) -> None:
    sign_in_as(client, log.manager)
    for path in ("/staff/audit", "/staff/audit/export.csv"):
        response = client.get(path, query_string=filters)
        assert response.status_code == 400, path
        assert "govuk-error-summary" in response.text
        assert message in response.text
        assert 'id="audit-results"' not in response.text
    if "date_from" in filters:
        assert 'value="31"' in response.text or 'value="3"' in response.text
    if filters.get("reference") == "CMP-NOPE-1":
        assert 'value="CMP-NOPE-1"' in response.text


def test_the_csv_export_holds_the_same_rows_safely_and_is_itself_audited(
        client: FlaskClient, session: Session, log: Log) -> None:
    sign_in_as(client, log.manager)
    response = client.get("/staff/audit/export.csv", query_string=july())
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert rows[0] == ["When (London time)", "When (UTC)", "Who", "Account email", "What",
                       "Action code", "Case", "Allowed or refused"]
    assert [r[0] for r in rows[1:]] == ["2026-07-03 13:00:00", "2026-07-02 10:00:00",
                                        "2026-07-01 00:30:00"]
    assert rows[2] == ["2026-07-02 10:00:00", "2026-07-02T09:00:00Z", "Olu Officer",
                       log.officer.email, "Sent a message", "message_sent", "CMP-AU-000001",
                       "Allowed"]
    # A name a spreadsheet would run is text: a leading '.
    assert rows[1][2] == "'" + log.rogue.name
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    # The export is in the log, with what it asked for.
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "audit_export")).one()
    assert (entry.user_id, entry.allowed) == (log.manager.id, True)
    assert entry.detail == {"filters": {"from": "2026-07-01", "to": "2026-07-03"}}
    # ...and a search finds it, in plain words.
    page = client.get("/staff/audit", query_string={"action": "audit_export"}).text
    assert [r[2] for r in results(page)] == ["Exported the audit log"]


def test_the_export_with_filters_records_them(client: FlaskClient, session: Session,
                                              log: Log) -> None:
    sign_in_as(client, log.manager)
    response = client.get("/staff/audit/export.csv", query_string=july(
        person=str(log.officer.id), reference="CMP-AU-000001", outcome="allowed"))
    rows = list(csv.reader(io.StringIO(response.text.removeprefix("\ufeff"))))
    assert [r[5] for r in rows[1:]] == ["message_sent", "view"]
    entry = session.scalars(select(AuditLog).where(AuditLog.action == "audit_export")).one()
    assert entry.detail["filters"] == {
        "user_id": log.officer.id, "reference": "CMP-AU-000001", "allowed": True,
        "from": "2026-07-01", "to": "2026-07-03"}


def test_a_long_export_is_streamed_from_disk_with_the_same_rows(
        client: FlaskClient, log: Log, monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in_as(client, log.manager)
    in_memory = client.get("/staff/audit/export.csv", query_string=july()).get_data()
    monkeypatch.setattr("portal.web.audit.views.SPOOL_BYTES", 10)
    response = client.get("/staff/audit/export.csv", query_string=july())
    try:
        assert response.status_code == 200
        assert response.is_streamed  # from the file, not a copy of it in memory
        assert response.get_data() == in_memory
    finally:
        response.close()


def test_the_back_office_menu_offers_it_to_the_manager_only(
        client: FlaskClient, session: Session, council: Council, log: Log) -> None:
    sign_in_as(client, log.manager)
    assert 'href="/staff/audit"' in client.get("/staff/cases/triage").text
    sign_in_as(client, log.officer)
    assert 'href="/staff/audit"' not in client.get("/staff/cases/triage").text
