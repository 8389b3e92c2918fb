"""What each role may do (portal.staff.permissions): ``may`` over the GRANTS table, role by
role as DOMAIN.md, "People and roles", describes them."""

from __future__ import annotations

import pytest

import portal.models  # noqa: F401  (every mapper known, so an account can be made)
from portal.models.staff import Role, User
from portal.staff.permissions import (
    ASSIGNED_ROLES,
    GRANTS,
    NotPermitted,
    Permission,
    may,
)

P = Permission
#: What everyone working on cases holds, whatever else their role gives.
CASEWORK = {P.SIGNED_IN, P.SEE_CASES, P.RECEIVE_NOTICES, P.ADD_CASE_DOCUMENTS}
#: Those who answer the complainant send them documents too (an independent person or a
#: review panel member does not write to the complainant).
ANSWERS_COMPLAINANT = {P.SEND_CASE_DOCUMENTS}
#: The council's side of advocacy: offer it, refer, and work on the referrals.
COUNCIL_ADVOCACY = {P.ENTER_ADVOCACY, P.ARRANGE_ADVOCACY, P.COORDINATE_ADVOCACY}

EXPECTED: dict[Role, set[Permission]] = {
    # "staff accounts, teams, categories, providers, settings": never a case.
    Role.ADMINISTRATOR: {P.SIGNED_IN, P.MANAGE_ACCOUNTS, P.ADMINISTER_COUNCIL,
                         P.READ_RETENTION, P.SET_RETENTION, P.MANAGE_PROVIDERS,
                         P.MANAGE_ADVOCATES},
    # Triage, deadlines, the register and reports; answers for every complaint, so reads
    # the audit log and places legal holds.
    Role.COMPLAINTS_MANAGER: CASEWORK | COUNCIL_ADVOCACY | ANSWERS_COMPLAINANT | {
        P.TRIAGE, P.RUN_PROCEDURE, P.READ_AUDIT, P.DECIDE_SAFETY_ALERTS, P.USE_REGISTER,
        P.READ_REPORTS, P.READ_RETENTION, P.PLACE_HOLDS, P.READ_ADVOCACY_FIGURES},
    Role.COMPLAINTS_OFFICER: CASEWORK | COUNCIL_ADVOCACY | ANSWERS_COMPLAINANT | {
        P.TRIAGE, P.RUN_PROCEDURE, P.DECIDE_SAFETY_ALERTS, P.USE_REGISTER, P.READ_REPORTS},
    # Reviews children's submissions first, offers advocacy, flags safeguarding concerns.
    Role.CHILDRENS_RIGHTS_OFFICER: CASEWORK | COUNCIL_ADVOCACY | ANSWERS_COMPLAINANT | {
        P.TRIAGE, P.DECIDE_SAFETY_ALERTS, P.READ_REPORTS, P.READ_ADVOCACY_FIGURES},
    # "see and act only on the cases given to them".
    **{role: set(CASEWORK) for role in ASSIGNED_ROLES},
    **{role: CASEWORK | ANSWERS_COMPLAINANT for role in (
        Role.RESPONDING_MANAGER, Role.INVESTIGATING_OFFICER, Role.ADJUDICATING_OFFICER)},
    # "receives referrals, assigns advocates, sees the provider's caseload".
    Role.ADVOCACY_COORDINATOR: {P.SIGNED_IN, P.ENTER_ADVOCACY, P.COORDINATE_ADVOCACY,
                                P.MANAGE_ADVOCATES},
    # "sees only the cases of the children they advocate for".
    Role.ADVOCATE: {P.SIGNED_IN, P.ENTER_ADVOCACY, P.ADVOCATE},
}


def account(role: Role) -> User:
    return User(role=role)


def held(role: Role) -> set[Permission]:
    return {permission for permission in Permission if may(account(role), permission)}


def holders(permission: Permission) -> set[Role]:
    return {role for role in Role if may(account(role), permission)}


def test_every_permission_has_a_row() -> None:
    assert set(GRANTS) == set(Permission)


def test_every_role_is_described() -> None:
    assert set(EXPECTED) == set(Role)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_holds_what_its_work_needs(role: Role) -> None:
    assert held(role) == EXPECTED[role]


def test_an_advocate_sees_only_the_advocacy_pages() -> None:
    assert held(Role.ADVOCATE) - {P.SIGNED_IN} == {P.ENTER_ADVOCACY, P.ADVOCATE}
    assert not may(account(Role.ADVOCATE), P.SEE_CASES)


def test_a_responding_manager_cannot_run_triage() -> None:
    responder = account(Role.RESPONDING_MANAGER)
    assert may(responder, P.SEE_CASES)  # the cases given to them
    assert not may(responder, P.TRIAGE)
    assert not may(responder, P.RUN_PROCEDURE)


def test_only_the_complaints_manager_reads_the_audit_log() -> None:
    assert holders(P.READ_AUDIT) == {Role.COMPLAINTS_MANAGER}


def test_the_administrator_runs_accounts_not_cases() -> None:
    assert holders(P.MANAGE_ACCOUNTS) == {Role.ADMINISTRATOR}
    assert Role.ADMINISTRATOR not in holders(P.SEE_CASES)


def test_no_person_reads_the_register_feed() -> None:
    # Only another council system's bearer token does (portal/web/register/api.py).
    assert holders(P.READ_REGISTER_FEED) == set()


def test_someone_not_signed_in_holds_no_permission() -> None:
    assert not any(may(None, permission) for permission in Permission)


def test_a_refusal_is_a_permission_error_with_its_reason() -> None:
    error = NotPermitted("advocate not assigned to this child", representation_id=7)
    assert isinstance(error, PermissionError)
    assert (error.reason, error.representation_id) == ("advocate not assigned to this child", 7)
    assert str(error) == "advocate not assigned to this child"
