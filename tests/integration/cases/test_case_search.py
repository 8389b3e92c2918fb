"""Finding a case (issue 15, part 2): ``GET /staff/cases/search`` lists every case the
signed-in person may see, newest first, 50 to a page, filtered and sorted; ``?q=`` finds a
case by its reference, by the child's or complainant's name and by the words they used,
in English or Welsh, with or without accents; a case brought in by a register import is
found like any other. On SQLite and PostgreSQL (full-text: FTS5 and tsvector)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from portal.cases import search as finder
from portal.models.cases import Person, Representation, Stage
from portal.models.councils import Council
from portal.models.staff import AuditLog, Role, User
from portal.register.csvio import RegisterRow
from portal.register.services import import_register
from portal.vocab.cases import CaseStatus, Kind, Method, PersonRole, Procedure
from portal.vocab.register import Kind as RegisterKind
from portal.vocab.register import Method as RegisterMethod
from portal.vocab.register import Procedure as RegisterProcedure
from portal.vocab.register import Submitter as RegisterSubmitter
from tests.factories import give, make_case, make_user
from tests.support.staff import sign_in_as

URL = "/staff/cases/search"
WELSH, FOSTER, PRAISE, LEGACY = ("CMP-2026-000101", "CMP-2026-000102", "CMP-2026-000103",
                                 "LEGACY-2019-0042")
OWN = (WELSH, FOSTER, PRAISE)


@dataclass
class World:
    council: Council
    manager: User
    officer: User  # team A
    responder: User  # given FOSTER
    cases: dict[str, Representation]


def limit(session: Session, council: Council) -> None:
    """The council's need-to-know setting: officers see only their own teams' cases."""
    council.settings = {**council.settings, "officers_see_own_teams": True}
    session.commit()


def _people(rep: Representation, complainant: str, child: str | None) -> None:
    rep.people[0].name = complainant
    if child:
        rep.people.append(Person(role=PersonRole.CHILD, name=child, language="en"))


def imported_row(reference: str) -> RegisterRow:
    """An open complaint as a council's old register file has it: no words, no names."""
    return RegisterRow(
        reference=reference, kind=RegisterKind.COMPLAINT,
        procedure=RegisterProcedure.CORPORATE, not_accepted_reason=None,
        received_on=date(2019, 3, 1), method=RegisterMethod.LETTER, team=None, categories=(),
        submitter=RegisterSubmitter.PARENT, made_by_child=False, advocate=False,
        acknowledged_on=date(2019, 3, 4), stage1_started_on=date(2019, 3, 1),
        stage1_closed_on=None, stage1_extended=False, stage2_started_on=None,
        stage2_closed_on=None, stage2_extended=None, stage3_started_on=None,
        stage3_panel_on=None, stage3_closed_on=None, outcome=None, delay_reason=None,
        adr=False, ombudsman_referred_on=None, ombudsman_decision=None, compensation_gbp=None,
        gender=None, age_band=None, ethnicity=None, disability=None)


@pytest.fixture
def world(session: Session, council: Council) -> World:
    team_a, team_b = council.teams[0], council.teams[1]
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    officer, _ = make_user(session, council, Role.COMPLAINTS_OFFICER, name="Olu Officer")
    officer.team_id = team_a.id
    responder, _ = make_user(session, council, Role.RESPONDING_MANAGER, name="Rhian Reply")

    welsh = make_case(session, council, WELSH, language="cy", received_on="2026-11-02",
                      description="Dydy'r gweithiwr cymdeithasol byth yn ateb. "
                                  "Mae'r tŷ yn oer.")
    welsh.team = team_a
    _people(welsh, "Siân Jones", "Gruffudd ap Rhys")
    foster = make_case(session, council, FOSTER, received_on="2026-10-15",
                       description="My foster carer shouted at me and I was bruised.")
    foster.team, foster.status, foster.method = team_b, CaseStatus.STAGE1, Method.TELEPHONE
    foster.how_affected = "I could not sleep."
    _people(foster, "Zoë O'Brien", "Aled Evans")
    praise = make_case(session, council, PRAISE, kind="compliment", received_on="2026-09-01",
                       description="The youth club is brilliant.")
    praise.status, praise.method, praise.procedure = CaseStatus.CLOSED, Method.EMAIL, None
    _people(praise, "Priya Patel", None)
    session.commit()
    give(session, foster, responder)
    import_register(session, council, [imported_row(LEGACY)])
    session.commit()
    cases = {rep.reference: rep for rep in session.scalars(select(Representation))}
    return World(council, manager, officer, responder, cases)


def found(client: FlaskClient, query: str = "", status: int = 200) -> list[str]:
    """The references listed, in order."""
    response = client.get(f"{URL}?{query}" if query else URL)
    assert response.status_code == status, response.status_code
    return re.findall(r'data-reference="([^"]+)"', response.text)


def test_every_case_newest_first_each_a_link_to_its_page(client: FlaskClient, session: Session,
                                                        world: World) -> None:
    sign_in_as(client, world.manager)
    page = client.get(URL).text
    assert found(client) == [WELSH, FOSTER, PRAISE, LEGACY]
    assert "Cases found: 4" in page
    for reference in (*OWN, LEGACY):
        assert f'href="/staff/cases/{reference}"' in page
    # Codes are words; a date is in words.
    for words in ("Awaiting triage", "Closed", "Compliment", "2 November 2026",
                  "Zoë O&#39;Brien", "Aled Evans"):
        assert words in page, words
    # The staff menu leads here, for the back office only.
    assert 'href="/staff/cases/search"' in client.get("/staff/cases/").text
    admin, _ = make_user(session, world.council, Role.ADMINISTRATOR)
    sign_in_as(client, admin)
    assert 'href="/staff/cases/search"' not in client.get("/staff/accounts").text
    assert client.get(URL).status_code == 403


FILTERS = [
    ("status=new", [WELSH]),
    ("status=stage1", [FOSTER, LEGACY]),
    ("status=open", [WELSH, FOSTER, LEGACY]),
    ("status=closed", [PRAISE]),
    ("stage=1", [WELSH, FOSTER, LEGACY]),
    ("stage=2", []),
    ("procedure=children_statutory", [WELSH, FOSTER]),
    ("procedure=corporate", [LEGACY]),
    ("team=none", [PRAISE, LEGACY]),
    ("kind=compliment", [PRAISE]),
    ("kind=complaint", [WELSH, FOSTER, LEGACY]),
    ("channel=telephone", [FOSTER]),
    ("channel=letter", [LEGACY]),
    ("from-day=1&from-month=10&from-year=2026", [WELSH, FOSTER]),
    ("to-day=15&to-month=10&to-year=2026", [FOSTER, PRAISE, LEGACY]),
    ("from-day=1&from-month=10&from-year=2026&to-day=31&to-month=10&to-year=2026", [FOSTER]),
    ("status=open&channel=telephone&kind=complaint", [FOSTER]),
]


def test_each_filter(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.manager)
    wrong = {query: got for query, expected in FILTERS
             if (got := found(client, query)) != expected}
    assert wrong == {}


def test_filters_by_team_and_by_the_officer_given_the_case(client: FlaskClient,
                                                           world: World) -> None:
    sign_in_as(client, world.manager)
    team_a, team_b = world.council.teams[0], world.council.teams[1]
    assert found(client, f"team={team_a.id}") == [WELSH]
    assert found(client, f"team={team_b.id}") == [FOSTER]
    assert found(client, f"officer={world.responder.id}") == [FOSTER]
    assert found(client, f"officer={world.officer.id}") == []


def test_the_furthest_stage_reached(client: FlaskClient, session: Session,
                                    world: World) -> None:
    foster = world.cases[FOSTER]
    foster.stages.append(Stage(number=2, requested_on=date(2026, 11, 2)))
    foster.status = CaseStatus.STAGE2
    session.commit()
    sign_in_as(client, world.manager)
    assert found(client, "stage=2") == [FOSTER]
    assert found(client, "stage=1") == [WELSH, LEGACY]


def test_overdue_and_due_this_week(client: FlaskClient, session: Session,
                                   world: World) -> None:
    """Monday 23 November 2026: an acknowledgement due on Thursday 26th is due this week,
    one due on 20th is overdue, and one due on 3 December is neither."""
    welsh, foster = world.cases[WELSH], world.cases[FOSTER]
    welsh.acknowledge_by, welsh.acknowledged_on = date(2026, 11, 26), None
    foster.acknowledge_by, foster.acknowledged_on = date(2026, 11, 20), None
    foster.stages[0].due_on, foster.stages[0].closed_on = date(2026, 12, 3), None
    session.commit()
    sign_in_as(client, world.manager)
    assert found(client, "due=this_week") == [WELSH]
    assert FOSTER in found(client, "due=overdue")
    assert WELSH not in found(client, "due=overdue")
    # Acknowledged: the next deadline is stage 1's, on 3 December.
    foster.acknowledged_on = date(2026, 11, 20)
    session.commit()
    assert FOSTER not in found(client, "due=overdue") + found(client, "due=this_week")
    page = client.get(f"{URL}?due=this_week").text
    assert "Thursday 26 November 2026" in page
    # A review panel asked for on 1 September, with no date stored: its 30 working days
    # are counted from the request (as on the due list), so it is overdue.
    foster.stages.append(Stage(number=3, requested_on=date(2026, 9, 1)))
    foster.status = CaseStatus.STAGE3
    session.commit()
    assert FOSTER in found(client, "due=overdue")
    assert found(client, "due=overdue&stage=3") == [FOSTER]
    assert FOSTER not in found(client, "due=overdue&stage=1")


def test_q_finds_a_reference(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.manager)
    for q in ("CMP-2026-000102", "cmp-2026-000102", "000102", "+000102+"):
        assert found(client, f"q={q}") == [FOSTER], q


def test_q_finds_an_imported_case_by_its_reference(client: FlaskClient,
                                                   world: World) -> None:
    sign_in_as(client, world.manager)
    assert found(client, "q=LEGACY-2019-0042") == [LEGACY]
    assert found(client, "q=legacy-2019") == [LEGACY]
    assert found(client, "status=open&procedure=corporate&q=0042") == [LEGACY]


NAMES = [
    ("Siân", [WELSH]), ("sian", [WELSH]), ("SIAN JONES", [WELSH]), ("Jones Siân", [WELSH]),
    ("Gruffudd", [WELSH]), ("Aled", [FOSTER]), ("ale", [FOSTER]), ("Zoe", [FOSTER]),
    ("zoë o'brien", [FOSTER]), ("Priya", [PRAISE]), ("Sam", []),
]


def test_q_finds_the_childs_or_complainants_name(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.manager)
    wrong = {q: got for q, expected in NAMES if (got := found(client, f"q={q}")) != expected}
    assert wrong == {}


WORDS = [
    ("bruised", [FOSTER]), ("bruis", [FOSTER]), ("foster carer", [FOSTER]),
    ("sleep", [FOSTER]),  # how it affected them
    ("Aled bruised", [FOSTER]),  # a name and a word together
    ("bruised youth", []),  # every word must be there
    ("gweithiwr cymdeithasol", [WELSH]), ("Dydy'r", [WELSH]),
    ("tŷ oer", [WELSH]), ("ty oer", [WELSH]), ("TŶ", [WELSH]),
    ("brilliant", [PRAISE]), ("youth club", [PRAISE]),
    ("nothing-like-this", []), ("!!!", []),
]


def test_q_finds_words_of_what_was_said(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.manager)
    wrong = {q: got for q, expected in WORDS if (got := found(client, f"q={q}")) != expected}
    assert wrong == {}


def test_any_words_are_searched_safely(client: FlaskClient, world: World) -> None:
    """Each database's query language is built from the words alone: quotes, operators,
    wildcards, a NUL, other scripts and emoji find nothing, without an error."""
    sign_in_as(client, world.manager)
    for q in ("'", '"', "\\", "a:*", "bruised & | ! ( )", "NEAR(bruised)", "OR", "*", "%",
              "_", "%00", "x%00y", "日本語", "مرحبا", "😀", "bruised' OR '1'='1", "-1"):
        assert found(client, f"q={quote(q, safe='%')}") in ([], [FOSTER]), q


def test_the_index_follows_every_change(session: Session, client: FlaskClient,
                                        world: World) -> None:
    foster = world.cases[FOSTER]
    sign_in_as(client, world.manager)
    # A new word, a new name, a person removed.
    foster.desired_outcome = "A different placement please."
    foster.person(PersonRole.CHILD).name = "Alys Evans"  # type: ignore[union-attr]
    session.commit()
    assert found(client, "q=placement") == [FOSTER]
    assert found(client, "q=Alys") == [FOSTER]
    assert found(client, "q=Aled") == []
    complainant = foster.person(PersonRole.COMPLAINANT)
    foster.people.remove(complainant)  # type: ignore[arg-type]
    session.commit()
    assert found(client, "q=Zoe") == []
    # The retention purge empties the words: they are found no more.
    foster.description, foster.how_affected = "", ""
    session.commit()
    assert found(client, "q=bruised") == []
    # A new case is found at once.
    make_case(session, world.council, "CMP-2026-000104", description="Nobody rang me back.")
    assert found(client, "q=rang") == ["CMP-2026-000104"]


@pytest.mark.parametrize("as_a_set", [True, False])
def test_sorting(client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch,
                 as_a_set: bool) -> None:
    """The same order whether the matches are sorted as a set (a few) or read in order
    from the index (many)."""
    monkeypatch.setattr(finder, "SORT_AS_SET", 10_000 if as_a_set else 0)
    sign_in_as(client, world.manager)
    assert found(client, "sort=oldest") == [LEGACY, PRAISE, FOSTER, WELSH]
    assert found(client, "sort=reference") == [WELSH, FOSTER, PRAISE, LEGACY]
    assert found(client, "sort=newest") == [WELSH, FOSTER, PRAISE, LEGACY]
    assert found(client, "sort=oldest&kind=complaint") == [LEGACY, FOSTER, WELSH]


@pytest.mark.parametrize("as_a_set", [True, False])
def test_paging(client: FlaskClient, world: World, monkeypatch: pytest.MonkeyPatch,
                as_a_set: bool) -> None:
    monkeypatch.setattr(finder, "PAGE_SIZE", 3)
    monkeypatch.setattr(finder, "SORT_AS_SET", 10_000 if as_a_set else 0)
    sign_in_as(client, world.manager)
    first = client.get(f"{URL}?kind=complaint&q=&sort=oldest")
    assert re.findall(r'data-reference="([^"]+)"', first.text) == [LEGACY, FOSTER, WELSH]
    assert "Cases found: 3" in first.text
    assert found(client, "sort=oldest") == [LEGACY, PRAISE, FOSTER]
    page = client.get(f"{URL}?sort=oldest").text
    assert "Page 1 of 2" in page
    # The next page keeps the filters, and only those given.
    assert 'href="/staff/cases/search?page=2&amp;sort=oldest"' in page
    assert found(client, "sort=oldest&page=2") == [WELSH]
    for beyond in ("page=3", "page=0", "page=x"):
        assert client.get(f"{URL}?sort=oldest&{beyond}").status_code == 404


def test_no_cases_match(client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.manager)
    response = client.get(f"{URL}?q=Xylophone")
    assert response.status_code == 200
    assert 'id="no-results"' in response.text
    assert "Cases found: 0" in response.text
    assert 'id="case-results"' not in response.text


BAD = [
    ("from-day=31&from-month=2&from-year=2026", "from", "Enter a real first day"),
    ("from-day=1&from-month=&from-year=2026", "from", "Enter a real first day"),
    ("to-day=1&to-month=11&to-year=26", "to", "Enter a real last day"),
    ("from-day=2&from-month=11&from-year=2026&to-day=1&to-month=11&to-year=2026", "to",
     "The last day must be the same as or after the first day"),
    ("status=lost", "status", "Choose one of the options in the list"),
    ("team=999999", "team", "Choose one of the options in the list"),
    ("q=" + "a" * 201, "q", "Search for 200 characters or fewer"),
]


@pytest.mark.parametrize(("query", "field", "words"), BAD)
def test_bad_input_is_said_and_kept(client: FlaskClient, session: Session, council: Council,
                                    query: str, field: str, words: str) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    sign_in_as(client, manager)
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    page = response.text
    assert "There is a problem" in page
    assert words in page
    target = f"#{field}-day" if field in ("from", "to") else f"#{field}"
    assert f'href="{target}"' in page
    assert 'id="case-results"' not in page
    assert "<title>Error:" in page
    # What was typed stays in the boxes (a list cannot show a value it does not offer).
    for name, value in (pair.split("=", 1) for pair in query.split("&")):
        if value and field not in ("status", "team"):
            assert re.search(rf'name="{name}"[^>]*value="{value}"', page), name


def test_a_responding_manager_finds_only_the_cases_given_to_them(
        client: FlaskClient, world: World) -> None:
    sign_in_as(client, world.responder)
    assert found(client) == [FOSTER]
    assert found(client, "q=Siân") == []
    assert found(client, f"q={WELSH}") == []
    assert found(client, "q=bruised") == [FOSTER]
    assert found(client, "status=new") == []


def test_need_to_know_an_officer_finds_only_their_teams_cases(
        client: FlaskClient, session: Session, world: World) -> None:
    sign_in_as(client, world.officer)
    assert found(client) == [WELSH, FOSTER, PRAISE, LEGACY]  # the setting is off
    limit(session, world.council)
    # Their team's, and those with no team yet; not team B's, by no search at all.
    assert found(client) == [WELSH, PRAISE, LEGACY]
    assert found(client, "q=Aled") == []
    assert found(client, f"q={FOSTER}") == []
    # Given to them by name: theirs again, whatever its team.
    give(session, world.cases[FOSTER], world.officer)
    assert found(client, "q=Aled") == [FOSTER]


def test_the_words_searched_are_never_logged(client: FlaskClient, session: Session,
                                             world: World,
                                             caplog: pytest.LogCaptureFixture) -> None:
    sign_in_as(client, world.manager)
    with caplog.at_level(logging.DEBUG):
        assert found(client, "q=Gruffudd") == [WELSH]
        client.get(f"{URL}?q=Gruffudd&from-day=99")
    assert all("Gruffudd" not in record.getMessage() for record in caplog.records)
    details = session.scalars(select(AuditLog.detail)).all()
    assert all("Gruffudd" not in str(detail) for detail in details)


def test_the_search_index_has_its_triggers(session: Session) -> None:
    """A later migration that rebuilds representations or people on SQLite drops their
    triggers with the old table: this fails until it makes them again."""
    if session.get_bind().dialect.name == "postgresql":
        names = session.scalars(text(
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE NOT t.tgisinternal AND t.tgname LIKE 'case_search_%' "
            "AND n.nspname = current_schema()")).all()
    else:
        names = session.scalars(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' "
            "AND name LIKE 'case_search_%'")).all()
    assert sorted(names) == sorted(
        f"case_search_{n}" for n in ("cases_added", "cases_changed", "cases_gone",
                                     "people_added", "people_changed", "people_gone"))


def test_the_query_function_on_its_own(session: Session, world: World) -> None:

    filters = finder.CaseFilters(q="bruised", kind=Kind.COMPLAINT,
                                 procedure=Procedure.CHILDREN_STATUTORY)
    result = finder.search(session, world.council.id, filters, viewer=world.manager, page=1,
                           today=date(2026, 11, 23))
    assert [rep.reference for rep in result.cases] == [FOSTER]
    assert (result.total, result.pages) == (1, 1)
