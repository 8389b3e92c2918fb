"""Every back-office page is well formed: one h1, a title that starts with it, unique ids,
a language (STYLE.md section 9: assert on parsed HTML, not bytes)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from portal.models.councils import Council
from portal.models.staff import Role
from portal.vocab.cases import CaseStatus
from tests.factories import make_case, make_user
from tests.support.pages import check_staff_page
from tests.support.staff import sign_in_as


@pytest.mark.parametrize("path", [
    "/staff/sign-in", "/staff/password-reset", "/staff/signed-out",
    "/staff/password-reset/not-a-token",
])
def test_public_staff_pages(client: FlaskClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 404)
    check_staff_page(response.text)


def test_back_office_pages(client: FlaskClient, session: Session, council: Council) -> None:
    manager, _ = make_user(session, council, Role.COMPLAINTS_MANAGER)
    admin, _ = make_user(session, council, Role.ADMINISTRATOR)
    new = make_case(session, council, "CMP-P-000001", submitter="grandparent",
                    on_behalf_of_child=True)
    statuses = [CaseStatus.STAGE1, CaseStatus.STAGE2, CaseStatus.STAGE3,
                CaseStatus.AWAITING_NEXT_STAGE, CaseStatus.CLOSED, CaseStatus.DEFERRED]
    others = []
    for n, status in enumerate(statuses, start=2):
        rep = make_case(session, council, f"CMP-P-{n:06d}")
        rep.status = status
        others.append(rep)
    session.commit()
    sign_in_as(client, manager)
    paths = ["/staff/cases/", "/staff/cases/triage", "/staff/cases/due", "/staff/cases/new",
             f"/staff/cases/{new.reference}", f"/staff/cases/{new.reference}/timeline"]
    paths += [f"/staff/cases/{rep.reference}" for rep in others]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        check_staff_page(response.text)
    # A refused action re-renders the case with its error summary, still well formed.
    refused = client.post(f"/staff/cases/{new.reference}/route",
                          data={"route-route": "children_statutory", "route-signpost": "",
                                "route-team": "", "route-reason": ""})
    assert refused.status_code == 409
    check_staff_page(refused.text)
    soup = BeautifulSoup(refused.text, "html.parser")
    assert soup.select_one(".govuk-error-summary") is not None
    sign_in_as(client, admin)
    check_staff_page(client.get("/staff/accounts").text)
