"""What each role may do: the named permissions, the one table granting them, and every
named set of roles, each defined here once.

Least privilege (DOMAIN.md, "People and roles", "Data protection"): each role gets what
its work needs and nothing more. A page names the permission it needs
(``portal.staff.access.requires``); a service that refuses raises ``NotPermitted`` with
its reason. Which *case* a person may see is a second question, answered per case by
``portal.staff.access.can_see_case`` (the cases given to them, or all of them, or their
own teams'); a permission says only what kind of work they may do.

No module compares a role's text (``role.value == "advocate"``): ask ``may(user,
Permission.X)``, or compare with the ``Role`` member when the role itself is the point.
The procedure's own ``Actor`` sets (portal/procedure/machine.py) stay in the procedure,
which imports nothing of the database: they say who takes each step of the law.
"""

from __future__ import annotations

import enum

from portal.models.staff import Role, User

# --- the named sets of roles ------------------------------------------------------------

#: Every account, whatever its role.
EVERYONE = frozenset(Role)
#: The administrator runs accounts, teams, categories, providers and settings, and never
#: a case (DOMAIN.md: "administrator | staff accounts, teams, categories, providers,
#: settings").
ADMINISTRATORS = frozenset({Role.ADMINISTRATOR})
#: Who works on every case: the complaints team triages and runs the procedure, and the
#: children's rights officer reviews children's submissions first (DOMAIN.md). A council
#: may still limit officers to their own teams' cases (TEAM_LIMITED_ROLES).
ALL_CASES_ROLES = frozenset({
    Role.COMPLAINTS_MANAGER, Role.COMPLAINTS_OFFICER, Role.CHILDRENS_RIGHTS_OFFICER,
})
#: Who sees only the cases given to them (CaseAssignment): DOMAIN.md, "responding
#: manager (stage 1), investigating officer and independent person (stage 2), review
#: panel members (stage 3), adjudicating officer | see and act only on the cases given
#: to them".
ASSIGNED_ROLES = frozenset({
    Role.RESPONDING_MANAGER, Role.INVESTIGATING_OFFICER, Role.INDEPENDENT_PERSON,
    Role.PANEL_MEMBER, Role.ADJUDICATING_OFFICER,
})
#: The back office: everyone who works on cases, each over the cases they may see.
#: Administrators and the advocacy providers' people are not in it.
BACK_OFFICE_ROLES = ALL_CASES_ROLES | ASSIGNED_ROLES
#: Who runs triage and the procedure (checks, routes, extensions, stages): DOMAIN.md,
#: "complaints manager / officer | triage: procedure, eligibility, team; deadlines;
#: extensions; escalations; outcomes". The procedure's steps have their own copy as
#: ``Actor`` sets (portal/procedure/machine.py, which may not import this module).
CASE_MANAGERS = frozenset({Role.COMPLAINTS_MANAGER, Role.COMPLAINTS_OFFICER})
#: Who may read a case's audit timeline (who looked, who changed what), and search and
#: export the whole audit log (portal/audit): the complaints manager answers for how
#: every complaint was handled, and the log names every person's every look.
TIMELINE_ROLES = frozenset({Role.COMPLAINTS_MANAGER})
#: Who keeps the whole view when the council limits officers to their own teams' cases:
#: the complaints manager answers for every complaint, and the children's rights officer
#: reviews every child's (DOMAIN.md, "People and roles").
WHOLE_VIEW_ROLES = frozenset({Role.COMPLAINTS_MANAGER, Role.CHILDRENS_RIGHTS_OFFICER})
#: Whole-view roles that the setting "Officers see only their own teams' cases" limits.
TEAM_LIMITED_ROLES = ALL_CASES_ROLES - WHOLE_VIEW_ROLES
#: Who cannot be given a case, and so is not listed as an officer to search by: the
#: administrator and the advocacy providers' people.
NOT_OFFICERS = EVERYONE - BACK_OFFICE_ROLES

#: Who runs the register: an import and an export hold every case's facts, so they are
#: the complaints team's, who keep the register (DOMAIN.md: "reports; the register").
REGISTER_ROLES = CASE_MANAGERS
#: Who reads the reports: counts only, identifying no one; the children's rights officer
#: reads them too, to learn from children's complaints.
REPORT_ROLES = REGISTER_ROLES | {Role.CHILDRENS_RIGHTS_OFFICER}

#: Who places and releases legal holds: the complaints manager runs the register and
#: answers for complaints, so a hold that stops destruction is theirs to place.
HOLD_ROLES = frozenset({Role.COMPLAINTS_MANAGER})
#: Who reads the retention schedule and the destruction log (references and dates, no
#: personal data): the complaints manager, and the administrator who sets the periods.
SCHEDULE_ROLES = frozenset({Role.COMPLAINTS_MANAGER, Role.ADMINISTRATOR})

#: The council's people who arrange advocacy for every child: the children's rights
#: officer "offers advocacy" (DOMAIN.md), and the complaints team offers it at triage.
ADVOCACY_COUNCIL_ROLES = frozenset({
    Role.CHILDRENS_RIGHTS_OFFICER, Role.COMPLAINTS_MANAGER, Role.COMPLAINTS_OFFICER,
})
#: Who works on referrals: the council's people and the providers' coordinators, who
#: "receive referrals, assign advocates, see the provider's caseload" (DOMAIN.md).
REFERRAL_ROLES = ADVOCACY_COUNCIL_ROLES | {Role.ADVOCACY_COORDINATOR}
#: Advocates: "sees only the cases of the children they advocate for" (DOMAIN.md).
ADVOCATES = frozenset({Role.ADVOCATE})
#: Who reads the advocacy figures of the annual report: the complaints manager, who
#: answers for the report, and the children's rights officer, who offers advocacy.
ADVOCACY_FIGURES_ROLES = frozenset({Role.COMPLAINTS_MANAGER, Role.CHILDRENS_RIGHTS_OFFICER})
#: Who keeps advocates' profiles (languages, capacity, availability), which matching
#: reads: each provider's coordinator for their own advocates, and the administrator.
ADVOCATE_KEEPERS = frozenset({Role.ADMINISTRATOR, Role.ADVOCACY_COORDINATOR})

#: Roles on a case that answer its complainant and its deadlines. An independent person
#: or a review panel member is told when given a case, but the complainant's messages
#: and the council's deadlines are the council's to handle, not theirs.
HANDLING_ROLES = frozenset({
    Role.COMPLAINTS_MANAGER, Role.COMPLAINTS_OFFICER, Role.CHILDRENS_RIGHTS_OFFICER,
    Role.RESPONDING_MANAGER, Role.INVESTIGATING_OFFICER, Role.ADJUDICATING_OFFICER,
})
#: Who runs a team's cases when nobody has been given one yet.
TEAM_ROLES = CASE_MANAGERS
#: Accounts that may not own a learning action: a learning action is the council's own
#: staff's to carry out, not the independent people it appoints nor the advocacy
#: providers' staff.
NOT_OWNERS = frozenset({Role.INDEPENDENT_PERSON, Role.PANEL_MEMBER, Role.ADVOCATE,
                        Role.ADVOCACY_COORDINATOR})


# --- the permissions --------------------------------------------------------------------


class Permission(enum.StrEnum):
    """What a person may do, whichever case it is on (``can_see_case`` says which)."""

    #: Their own account: the home page, signing out, staying signed in, the language of
    #: their emails.
    SIGNED_IN = "signed_in"
    #: Staff accounts: list, make, deactivate, reset two factors.
    MANAGE_ACCOUNTS = "manage_accounts"
    #: The council's settings, teams, categories and officers' teams.
    ADMINISTER_COUNCIL = "administer_council"
    #: The case pages: my cases, search, a case, its actions, its letters.
    SEE_CASES = "see_cases"
    #: The triage list and the due dashboard: the lists across the council's cases.
    TRIAGE = "triage"
    #: Log a case made by phone, letter or in person. Each step of the procedure is
    #: checked again by the procedure's own rules (portal/procedure/machine.py).
    RUN_PROCEDURE = "run_procedure"
    #: Add a document to a case (a report, a letter) and type what a child's voice note
    #: says: the work of whoever works on the case, on the cases they may see.
    ADD_CASE_DOCUMENTS = "add_case_documents"
    #: Send a case's document to the complainant or the child's advocate through their
    #: own pages: writing to the complainant, like a message or a letter.
    SEND_CASE_DOCUMENTS = "send_case_documents"
    #: A case's audit timeline, and the audit log's search and export.
    READ_AUDIT = "read_audit"
    #: The safety alerts: read them and decide each.
    DECIDE_SAFETY_ALERTS = "decide_safety_alerts"
    #: How one is told what needs one (portal/notifications).
    RECEIVE_NOTICES = "receive_notices"
    #: The register: import, export, and the annual report's words.
    USE_REGISTER = "use_register"
    #: The register's reports: the annual report and timeliness.
    READ_REPORTS = "read_reports"
    #: The retention schedule and the destruction log.
    READ_RETENTION = "read_retention"
    #: The council's retention periods.
    SET_RETENTION = "set_retention"
    #: Legal holds on a case, placed and released.
    PLACE_HOLDS = "place_holds"
    #: The advocacy area's front door, which sends each person to their own list.
    ENTER_ADVOCACY = "enter_advocacy"
    #: Offer advocacy, record the child's answer, refer to a provider, record who is
    #: involved in the complaint (the council's side of advocacy).
    ARRANGE_ADVOCACY = "arrange_advocacy"
    #: The referrals: list, open, assign an advocate, record an objection, close.
    COORDINATE_ADVOCACY = "coordinate_advocacy"
    #: The annual report's advocacy figures.
    READ_ADVOCACY_FIGURES = "read_advocacy_figures"
    #: The council's list of advocacy providers and their details.
    MANAGE_PROVIDERS = "manage_providers"
    #: A provider's page and its advocates' profiles.
    MANAGE_ADVOCATES = "manage_advocates"
    #: The advocate's own pages: their children, filing for a child, messages.
    ADVOCATE = "advocate"
    #: The register API, for another council system's bearer token: never a person's.
    READ_REGISTER_FEED = "read_register_feed"


#: Who holds each permission. Every permission has a row (a test checks it).
GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.SIGNED_IN: EVERYONE,
    Permission.MANAGE_ACCOUNTS: ADMINISTRATORS,
    Permission.ADMINISTER_COUNCIL: ADMINISTRATORS,
    Permission.SEE_CASES: BACK_OFFICE_ROLES,
    Permission.TRIAGE: ALL_CASES_ROLES,
    Permission.RUN_PROCEDURE: CASE_MANAGERS,
    # An investigating officer attaches their report, a panel member the panel's, an
    # adjudicating officer their letter: each to the cases given to them.
    Permission.ADD_CASE_DOCUMENTS: BACK_OFFICE_ROLES,
    # The complainant's messages and letters are the council's to handle (HANDLING_ROLES);
    # an independent person or a panel member does not write to them.
    Permission.SEND_CASE_DOCUMENTS: HANDLING_ROLES,
    Permission.READ_AUDIT: TIMELINE_ROLES,
    # The children's rights officer "flags safeguarding concerns" (DOMAIN.md); every
    # alert is on a case, and these roles work on every case, so none waits unseen.
    Permission.DECIDE_SAFETY_ALERTS: ALL_CASES_ROLES,
    # Everyone given cases is told when something on them needs them.
    Permission.RECEIVE_NOTICES: BACK_OFFICE_ROLES,
    Permission.USE_REGISTER: REGISTER_ROLES,
    Permission.READ_REPORTS: REPORT_ROLES,
    Permission.READ_RETENTION: SCHEDULE_ROLES,
    Permission.SET_RETENTION: ADMINISTRATORS,
    Permission.PLACE_HOLDS: HOLD_ROLES,
    Permission.ENTER_ADVOCACY: REFERRAL_ROLES | ADVOCATES,
    Permission.ARRANGE_ADVOCACY: ADVOCACY_COUNCIL_ROLES,
    Permission.COORDINATE_ADVOCACY: REFERRAL_ROLES,
    Permission.READ_ADVOCACY_FIGURES: ADVOCACY_FIGURES_ROLES,
    Permission.MANAGE_PROVIDERS: ADMINISTRATORS,
    Permission.MANAGE_ADVOCATES: ADVOCATE_KEEPERS,
    Permission.ADVOCATE: ADVOCATES,
    # A system's token, checked by the API itself (portal/web/register/api.py).
    Permission.READ_REGISTER_FEED: frozenset(),
}


def may(user: User | None, permission: Permission) -> bool:
    """Whether ``user`` (None: nobody signed in) holds ``permission`` (``GRANTS``)."""
    return user is not None and user.role in GRANTS[permission]


class NotPermitted(PermissionError):
    """A service refuses this person this work; ``reason`` says why, for the audit log.

    ``representation_id`` names the case the refusal is about, if any: the web layer
    then answers as for a case that does not exist when the person may not see it
    (``portal.staff.access.deny``).
    """

    def __init__(self, reason: str, *, representation_id: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.representation_id = representation_id
