"""Each routing rule, table-driven, one row and comment per edge case (DOMAIN.md, ROUTING.md)."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from portal.common.dates import calendar_for
from portal.routing.reasons import ReasonCode
from portal.routing.rules import months_after, route
from portal.routing.submission import Submission
from portal.settings.routing import ENGLAND_DEFAULTS, WALES_PROFILE, RoutingSettings
from portal.vocab.routing import (
    Advocacy,
    Check,
    DecisionMaker,
    Kind,
    LookedAfterBy,
    Proceeding,
    Route,
    Service,
    Signpost,
    Submitter,
)

ENGLAND = calendar_for("england")
MONDAY = date(2026, 3, 2)


def sub(**changes: object) -> Submission:
    """A plain in-time complaint from a child about social work; rows change what they test."""
    base = Submission(
        kind=Kind.COMPLAINT,
        received_on=MONDAY,
        submitter=Submitter.CHILD,
        service=Service.SOCIAL_WORK,
        description="Nobody calls me back.",
    )
    return dataclasses.replace(base, **changes)


def decide(s: Submission, settings: RoutingSettings = ENGLAND_DEFAULTS):
    return route(s, settings=settings, calendar=calendar_for(settings.nation))


def codes(decision) -> list[ReasonCode]:
    return [r.code for r in decision.reasons]


# --- kind ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "service", "expected"),
    [
        (Kind.COMPLIMENT, Service.SOCIAL_WORK, Route.COMPLIMENT),
        # Kind comes first: praise of a school is a compliment, not a signpost.
        (Kind.COMPLIMENT, Service.SCHOOL, Route.COMPLIMENT),
        (Kind.COMMENT, Service.HOUSING, Route.COMMENT),
        # A comment about the police still wants no formal response.
        (Kind.COMMENT, Service.POLICE, Route.COMMENT),
        (Kind.ENQUIRY, Service.SCHOOL_ADMISSIONS, Route.ENQUIRY),
        # Councillor casework about the NHS still gets the council's reply.
        (Kind.ENQUIRY, Service.HEALTH, Route.ENQUIRY),
    ],
)
def test_kind_decides_the_route_of_everything_but_a_complaint(kind, service, expected):
    d = decide(sub(kind=kind, service=service, proceedings=(Proceeding.POLICE,)))
    assert (d.route, d.stage, d.signpost, d.checks) == (expected, None, None, ())


@pytest.mark.parametrize(
    ("kind", "deadlines"),
    [
        (Kind.COMPLIMENT, (None, None, None)),
        (Kind.COMMENT, (None, None, None)),
        # Enquiries: a reply within 10 working days and nothing else.
        (Kind.ENQUIRY, (None, date(2026, 3, 16), None)),
    ],
)
def test_deadlines_of_non_complaints(kind, deadlines):
    d = decide(sub(kind=kind))
    assert (d.acknowledge_by, d.respond_by, d.respond_by_latest) == deadlines


# --- signposts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "signpost"),
    [
        ({"about_decision_of": DecisionMaker.COURT}, Signpost.COURT),
        ({"about_decision_of": DecisionMaker.TRIBUNAL, "service": Service.SEND}, Signpost.TRIBUNAL),
        (
            {"about_decision_of": DecisionMaker.CHILD_PROTECTION_CONFERENCE},
            Signpost.SAFEGUARDING_PARTNERSHIP,
        ),
        ({"about_decision_of": DecisionMaker.OMBUDSMAN}, Signpost.OMBUDSMAN),
        # The Ombudsman having decided wins over the service being the council's own.
        (
            {"about_decision_of": DecisionMaker.OMBUDSMAN, "service": Service.HOUSING},
            Signpost.OMBUDSMAN,
        ),
        # A court's decision about a school matter is still for the court.
        ({"about_decision_of": DecisionMaker.COURT, "service": Service.SCHOOL}, Signpost.COURT),
        ({"service": Service.SCHOOL}, Signpost.SCHOOL),
        ({"service": Service.HEALTH}, Signpost.NHS),
        ({"service": Service.POLICE}, Signpost.POLICE),
        ({"service": Service.OTHER_ORGANISATION}, Signpost.OTHER_ORGANISATION),
        # The responsible authority handles complaints about a looked-after child's care.
        ({"looked_after_by": LookedAfterBy.ANOTHER_COUNCIL}, Signpost.ANOTHER_COUNCIL),
        (
            {"looked_after_by": LookedAfterBy.ANOTHER_COUNCIL, "service": Service.FOSTERING},
            Signpost.ANOTHER_COUNCIL,
        ),
        # ...and a school matter goes to the school whoever looks after the child.
        (
            {"looked_after_by": LookedAfterBy.ANOTHER_COUNCIL, "service": Service.SCHOOL},
            Signpost.SCHOOL,
        ),
    ],
)
def test_signposts(changes, signpost):
    d = decide(sub(**changes))
    assert (d.route, d.signpost, d.stage) == (Route.SIGNPOST, signpost, None)
    assert codes(d)[0] == ReasonCode.signposted(signpost)


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        # This council's own youth offending or housing service stays here even
        # for a child another council looks after.
        (Service.YOUTH_OFFENDING, Route.CORPORATE),
        (Service.HOUSING, Route.CORPORATE),
        (Service.ADULT_SOCIAL_CARE, Route.ADULT_STATUTORY),
    ],
)
def test_child_looked_after_elsewhere_keeps_this_councils_other_services(service, expected):
    d = decide(sub(looked_after_by=LookedAfterBy.ANOTHER_COUNCIL, service=service))
    assert (d.route, d.signpost) == (expected, None)


def test_a_signposted_matter_has_no_checks_and_no_deadlines():
    # Everything that would raise a check elsewhere: a relative, on a child's
    # behalf, years late, with proceedings under way.
    d = decide(
        sub(
            service=Service.SCHOOL,
            submitter=Submitter.RELATIVE,
            on_behalf_of_child=True,
            event_on=date(2020, 1, 1),
            proceedings=(Proceeding.COURT,),
        )
    )
    assert d.checks == ()
    assert (d.acknowledge_by, d.respond_by, d.respond_by_latest) == (None, None, None)


@pytest.mark.parametrize(
    ("settings", "ombudsman"),
    [(ENGLAND_DEFAULTS, "lgsco"), (WALES_PROFILE, "psow")],
)
def test_ombudsman_signpost_names_the_nations_ombudsman(settings, ombudsman):
    d = decide(sub(about_decision_of=DecisionMaker.OMBUDSMAN), settings)
    assert dict(d.reasons[0].params) == {"ombudsman": ombudsman}


def test_signposting_is_the_councils_setting():
    # A council that handles complaints about its own maintained school's
    # admissions differently can move a service out of the signposted list.
    settings = dataclasses.replace(ENGLAND_DEFAULTS, signposted_services={})
    assert decide(sub(service=Service.SCHOOL), settings).route is Route.CORPORATE


# --- procedures ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        (Service.SOCIAL_WORK, Route.CHILDREN_STATUTORY),
        (Service.CHILDREN_IN_CARE, Route.CHILDREN_STATUTORY),
        (Service.FOSTERING, Route.CHILDREN_STATUTORY),
        (Service.RESIDENTIAL_CARE, Route.CHILDREN_STATUTORY),
        (Service.ADOPTION, Route.CHILDREN_STATUTORY),
        (Service.LEAVING_CARE, Route.CHILDREN_STATUTORY),
        (Service.DISABLED_CHILDREN, Route.CHILDREN_STATUTORY),
        (Service.SPECIAL_GUARDIANSHIP, Route.CHILDREN_STATUTORY),
        # Not children's social care functions: the corporate procedure.
        (Service.EARLY_HELP, Route.CORPORATE),
        (Service.YOUTH_OFFENDING, Route.CORPORATE),
        (Service.SCHOOL_ADMISSIONS, Route.CORPORATE),
        (Service.SEND, Route.CORPORATE),
        (Service.HOUSING, Route.CORPORATE),
        (Service.OTHER_COUNCIL, Route.CORPORATE),
        (Service.ADULT_SOCIAL_CARE, Route.ADULT_STATUTORY),
    ],
)
def test_procedure_by_service(service, expected):
    d = decide(sub(service=service))
    assert (d.route, d.stage, d.signpost) == (expected, 1, None)


def test_a_child_looked_after_by_this_council_stays_here():
    d = decide(sub(looked_after_by=LookedAfterBy.THIS_COUNCIL, service=Service.CHILDREN_IN_CARE))
    assert d.route is Route.CHILDREN_STATUTORY


def test_which_services_are_childrens_functions_is_the_councils_setting():
    # A council that treats early help as a children's social care function.
    settings = dataclasses.replace(
        ENGLAND_DEFAULTS,
        childrens_services=ENGLAND_DEFAULTS.childrens_services | {Service.EARLY_HELP},
    )
    assert decide(sub(service=Service.EARLY_HELP), settings).route is Route.CHILDREN_STATUTORY


# --- checks --------------------------------------------------------------------------

QUALIFYING = {
    Submitter.CHILD,
    Submitter.PARENT,
    Submitter.CARER,
    Submitter.FOSTER_CARER,
    Submitter.SPECIAL_GUARDIAN,
    Submitter.ADOPTER,
    Submitter.CARE_LEAVER,
    Submitter.ADVOCATE,
}


@pytest.mark.parametrize("submitter", list(Submitter))
def test_sufficient_interest_for_everyone_outside_the_qualifying_list(submitter):
    # Grandparent, relative, professional, councillor, other: the council decides.
    d = decide(sub(submitter=submitter))
    assert (Check.SUFFICIENT_INTEREST in d.checks) == (submitter not in QUALIFYING)
    assert d.route is Route.CHILDREN_STATUTORY


@pytest.mark.parametrize(
    "service",
    [
        # Sufficient interest is a test of the children's procedure only.
        Service.HOUSING,
        Service.ADULT_SOCIAL_CARE,
    ],
)
def test_no_sufficient_interest_outside_the_childrens_procedure(service):
    assert (
        Check.SUFFICIENT_INTEREST
        not in decide(sub(submitter=Submitter.RELATIVE, service=service)).checks
    )


@pytest.mark.parametrize(
    ("submitter", "on_behalf", "expected"),
    [
        (Submitter.PARENT, True, True),
        (Submitter.GRANDPARENT, True, True),
        (Submitter.FOSTER_CARER, True, True),
        # The advocate files with the child's agreement; a person checks it.
        (Submitter.ADVOCATE, True, True),
        (Submitter.PROFESSIONAL, True, True),
        # A parent complaining for themselves: nobody else's view to check.
        (Submitter.PARENT, False, False),
        # The child themselves, even if the form said "on behalf": nothing to check.
        (Submitter.CHILD, True, False),
        (Submitter.CHILD, False, False),
    ],
)
def test_child_agreement(submitter, on_behalf, expected):
    d = decide(sub(submitter=submitter, on_behalf_of_child=on_behalf))
    assert (Check.CHILD_AGREEMENT in d.checks) is expected


def test_child_agreement_applies_under_the_corporate_procedure_too():
    # A parent complaining for a child about youth offending: check the child agrees.
    d = decide(
        sub(submitter=Submitter.PARENT, on_behalf_of_child=True, service=Service.YOUTH_OFFENDING)
    )
    assert d.checks == (Check.CHILD_AGREEMENT,)


@pytest.mark.parametrize(
    ("event_on", "received_on", "late"),
    [
        # Exactly 12 months: still in time.
        (date(2025, 3, 2), date(2026, 3, 2), False),
        # One day more: out of time.
        (date(2025, 3, 1), date(2026, 3, 2), True),
        # 29 February 2024: the anniversary is 28 February 2025 (no 29th)...
        (date(2024, 2, 29), date(2025, 2, 28), False),
        # ...so 1 March 2025 is late.
        (date(2024, 2, 29), date(2025, 3, 1), True),
        # Received on 29 February 2028, about 28 February 2027: that anniversary
        # exists (28 February 2028), so the 29th is one day late.
        (date(2027, 2, 28), date(2028, 2, 29), True),
        (date(2027, 2, 28), date(2028, 2, 28), False),
        # 29 February 2028 about 29 February 2027? No such day; 1 March 2027:
        (date(2027, 3, 1), date(2028, 2, 29), False),
        # Month end: 31 August to 31 August.
        (date(2025, 8, 31), date(2026, 8, 31), False),
        (date(2025, 8, 31), date(2026, 9, 1), True),
        # An event date after receipt (a typing slip) is never "late".
        (date(2026, 4, 1), date(2026, 3, 2), False),
        # Same day.
        (date(2026, 3, 2), date(2026, 3, 2), False),
        # No date given: nothing to check.
        (None, date(2026, 3, 2), False),
    ],
)
def test_out_of_time_after_twelve_months(event_on, received_on, late):
    d = decide(sub(event_on=event_on, received_on=received_on))
    assert (Check.OUT_OF_TIME in d.checks) is late
    # Never refused automatically: the complaint still runs at stage 1.
    assert (d.route, d.stage) == (Route.CHILDREN_STATUTORY, 1)


@pytest.mark.parametrize(
    ("d", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
    ],
)
def test_months_after_counts_calendar_months(d, months, expected):
    assert months_after(d, months) == expected


def test_out_of_time_limit_is_the_councils_setting():
    settings = dataclasses.replace(ENGLAND_DEFAULTS, out_of_time_months=6)
    d = decide(sub(event_on=date(2025, 8, 1)), settings)
    assert d.checks == (Check.OUT_OF_TIME,)
    assert dict(d.reasons[1].params) == {"months": 6}


@pytest.mark.parametrize(
    "proceedings",
    [
        (Proceeding.COURT,),
        (Proceeding.POLICE,),
        (Proceeding.DISCIPLINARY,),
        (Proceeding.COURT, Proceeding.POLICE, Proceeding.DISCIPLINARY),
    ],
)
def test_deferral_when_proceedings_are_under_way(proceedings):
    d = decide(sub(proceedings=proceedings))
    assert d.checks == (Check.DEFERRAL,)


@pytest.mark.parametrize(
    "service",
    [Service.SOCIAL_WORK, Service.HOUSING, Service.ADULT_SOCIAL_CARE],
)
def test_every_check_at_once_in_the_contracts_order(service):
    d = decide(
        sub(
            service=service,
            submitter=Submitter.GRANDPARENT,
            on_behalf_of_child=True,
            event_on=date(2024, 1, 1),
            proceedings=(Proceeding.POLICE,),
        )
    )
    expected = [Check.CHILD_AGREEMENT, Check.OUT_OF_TIME, Check.DEFERRAL]
    if service is Service.SOCIAL_WORK:
        expected.insert(0, Check.SUFFICIENT_INTEREST)
    assert list(d.checks) == expected


# --- advocacy -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # A child complaining under the children's procedure must be offered one.
        ({}, Advocacy.OFFER),
        # So must a care leaver.
        (
            {"submitter": Submitter.CARE_LEAVER, "service": Service.LEAVING_CARE},
            Advocacy.OFFER,
        ),
        # They asked.
        ({"wants_advocate": True}, Advocacy.REQUESTED),
        # An asked-for advocate is arranged even outside the children's procedure.
        ({"wants_advocate": True, "service": Service.YOUTH_OFFENDING}, Advocacy.REQUESTED),
        ({"wants_advocate": True, "service": Service.SCHOOL}, Advocacy.REQUESTED),
        # Submitted by an advocate: already has one, whether or not the box was ticked.
        ({"submitter": Submitter.ADVOCATE, "on_behalf_of_child": True}, Advocacy.HAS_ADVOCATE),
        ({"submitter": Submitter.ADVOCATE, "wants_advocate": True}, Advocacy.HAS_ADVOCATE),
        # A parent complaining: the duty to offer is to the child complainant.
        ({"submitter": Submitter.PARENT, "on_behalf_of_child": True}, Advocacy.NOT_APPLICABLE),
        # A child under the corporate procedure: no statutory offer.
        ({"service": Service.YOUTH_OFFENDING}, Advocacy.NOT_APPLICABLE),
        # A signposted child: not the council's procedure.
        ({"service": Service.HEALTH}, Advocacy.NOT_APPLICABLE),
        # A compliment needs no advocate.
        ({"kind": Kind.COMPLIMENT}, Advocacy.NOT_APPLICABLE),
    ],
)
def test_advocacy(changes, expected):
    d = decide(sub(**changes))
    assert d.advocacy is expected
    fired = {
        Advocacy.OFFER: ReasonCode.ADVOCACY_OFFER,
        Advocacy.REQUESTED: ReasonCode.ADVOCACY_REQUESTED,
        Advocacy.HAS_ADVOCATE: ReasonCode.ADVOCACY_HAS_ADVOCATE,
    }.get(expected)
    advocacy_codes = [c for c in codes(d) if c.value.startswith("advocacy_")]
    assert advocacy_codes == ([fired] if fired else [])


def test_welsh_child_is_offered_an_advocate_too():
    assert decide(sub(), WALES_PROFILE).advocacy is Advocacy.OFFER


# --- urgency ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "urgent"),
    [
        ("He hit me last night.", True),
        # Case does not matter.
        ("HE HITS ME", True),
        ("She hurts my arm", True),
        ("I am scared to go home", True),
        ("I feel unsafe in my placement", True),
        ("he touched me", True),
        # Phrases match across any white space, even a line break.
        ("he touched\nme", True),
        # A curly apostrophe is the same as a straight one.
        ("I don\u2019t feel safe", True),
        # Welsh: "he hit me" with the nasal mutation after "fy".
        ("Mae e'n fy nharo i", True),
        ("Mae ofn arna i", True),
        ("Dydw i ddim yn ddiogel gartref", True),
        # Welsh "touch me" written with a combining circumflex (NFD) still matches.
        ("Mae e'n cyffwrdd a\u0302 fi", True),
        # Polish: "I am afraid".
        ("Boję się wracać do domu", True),
        # Urdu: "not safe".
        ("میں گھر میں محفوظ نہیں ہوں", True),
        # Whole words only: "hit" is not in "white" or "shit", "hurt" not in "hurtle".
        ("The white van was a shitty idea", False),
        ("Time hurtles on and nobody calls", False),
        # Everyday complaint words stay quiet.
        ("The social worker shouted at me in front of my children.", False),
        ("A teacher at my son's school keeps picking on him.", False),
        ("", False),
    ],
)
def test_harm_words_raise_urgent(description, urgent):
    d = decide(sub(description=description))
    assert d.urgent is urgent
    assert (ReasonCode.URGENT_HARM_WORDS in codes(d)) is urgent


def test_danger_now_raises_urgent_with_its_own_reason():
    d = decide(sub(in_danger_now=True, description="I don't want to go home tonight."))
    assert d.urgent
    assert ReasonCode.URGENT_DANGER_NOW in codes(d)
    assert ReasonCode.URGENT_HARM_WORDS not in codes(d)


@pytest.mark.parametrize(
    "changes",
    [
        {"service": Service.SCHOOL},
        {"kind": Kind.COMPLIMENT},
        {"submitter": Submitter.RELATIVE, "on_behalf_of_child": True},
        {"service": Service.HOUSING, "event_on": date(2020, 1, 1)},
    ],
)
def test_urgency_never_changes_the_decision(changes):
    calm = decide(sub(**changes, description="Nobody calls back."))
    alarmed = decide(sub(**changes, description="He hit me and I am scared", in_danger_now=True))
    assert alarmed.urgent
    assert not calm.urgent
    keep = ("route", "stage", "signpost", "checks", "advocacy", "acknowledge_by", "respond_by")
    assert [getattr(alarmed, k) for k in keep] == [getattr(calm, k) for k in keep]


def test_harm_words_are_the_councils_setting():
    settings = dataclasses.replace(ENGLAND_DEFAULTS, harm_words={"en": ("nowhere to sleep",)})
    assert decide(sub(description="I have nowhere to sleep"), settings).urgent
    assert not decide(sub(description="He hit me"), settings).urgent


# --- deadlines ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_on", "service", "expected"),
    [
        # Monday: 3, 10 and 20 working days.
        (MONDAY, Service.SOCIAL_WORK, (date(2026, 3, 5), date(2026, 3, 16), date(2026, 3, 30))),
        # Received on a Saturday: counting starts on Monday, so stage 1 is due
        # Friday 20 March as for Friday's receipt; the 20th day skips Good
        # Friday (3 April) and Easter Monday (6 April 2026).
        (
            date(2026, 3, 7),
            Service.SOCIAL_WORK,
            (date(2026, 3, 11), date(2026, 3, 20), date(2026, 4, 7)),
        ),
        # Received on a bank holiday (Good Friday 2026), the first working day
        # counted is Tuesday 7 April after Easter Monday; the 20th skips the
        # early May bank holiday (Monday 4 May).
        (
            date(2026, 4, 3),
            Service.SOCIAL_WORK,
            (date(2026, 4, 9), date(2026, 4, 20), date(2026, 5, 5)),
        ),
        # Christmas: 25 December and Monday 28 December (Boxing Day's substitute)
        # are holidays, so 3 working days from 23 December is 30 December.
        (
            date(2026, 12, 23),
            Service.SOCIAL_WORK,
            (date(2026, 12, 30), date(2027, 1, 11), date(2027, 1, 25)),
        ),
        # Corporate: acknowledge in 5, respond in 10, at most 20.
        (MONDAY, Service.HOUSING, (date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 30))),
        # Adult statutory: acknowledge in 3, respond in 20, at most about six months.
        (
            MONDAY,
            Service.ADULT_SOCIAL_CARE,
            (date(2026, 3, 5), date(2026, 3, 30), date(2026, 9, 7)),
        ),
    ],
)
def test_deadlines_in_working_days(received_on, service, expected):
    d = decide(sub(received_on=received_on, service=service))
    assert (d.acknowledge_by, d.respond_by, d.respond_by_latest) == expected


@pytest.mark.parametrize(
    ("received_on", "fires"),
    [
        (MONDAY, False),
        # Saturday.
        (date(2026, 3, 7), True),
        # Good Friday.
        (date(2026, 4, 3), True),
        # Christmas Day.
        (date(2026, 12, 25), True),
    ],
)
def test_receipt_on_a_non_working_day_is_explained(received_on, fires):
    d = decide(sub(received_on=received_on))
    assert (ReasonCode.RECEIVED_ON_NON_WORKING_DAY in codes(d)) is fires


# --- Wales ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received_on", "service", "expected"),
    [
        # Acknowledge in 2 (reg. 15), discussion in 10 (reg. 16(3)), written in 5 more.
        (MONDAY, Service.SOCIAL_WORK, (date(2026, 3, 4), date(2026, 3, 16), date(2026, 3, 23))),
        # Adult social services follow the same Welsh procedure.
        (
            MONDAY,
            Service.ADULT_SOCIAL_CARE,
            (date(2026, 3, 4), date(2026, 3, 16), date(2026, 3, 23)),
        ),
        # Christmas in Wales: 24 December, then 29 December.
        (
            date(2026, 12, 23),
            Service.FOSTERING,
            (date(2026, 12, 29), date(2027, 1, 11), date(2027, 1, 18)),
        ),
        # Other council services: the corporate timescales.
        (MONDAY, Service.HOUSING, (date(2026, 3, 9), date(2026, 3, 16), date(2026, 3, 30))),
    ],
)
def test_welsh_profile_timescales(received_on, service, expected):
    d = decide(sub(received_on=received_on, service=service), WALES_PROFILE)
    assert (d.acknowledge_by, d.respond_by, d.respond_by_latest) == expected


@pytest.mark.parametrize(
    ("service", "route_", "code"),
    [
        (Service.CHILDREN_IN_CARE, Route.CHILDREN_STATUTORY, ReasonCode.SOCIAL_SERVICES_WALES),
        (Service.ADULT_SOCIAL_CARE, Route.ADULT_STATUTORY, ReasonCode.SOCIAL_SERVICES_WALES),
        (Service.EARLY_HELP, Route.CORPORATE, ReasonCode.CORPORATE),
    ],
)
def test_welsh_profile_routes_and_reasons(service, route_, code):
    d = decide(sub(service=service), WALES_PROFILE)
    assert (d.route, d.stage, codes(d)[0]) == (route_, 1, code)


def test_welsh_profile_settings():
    assert WALES_PROFILE.review_panel is False
    assert WALES_PROFILE.ombudsman.value == "psow"
    assert WALES_PROFILE.stage2_timescales[Route.CHILDREN_STATUTORY].respond == 25


# --- reasons ----------------------------------------------------------------------------------


def test_one_reason_per_rule_that_fired():
    d = decide(
        sub(
            submitter=Submitter.GRANDPARENT,
            on_behalf_of_child=True,
            wants_advocate=True,
            in_danger_now=True,
            description="I am scared",
            received_on=date(2026, 3, 7),
        )
    )
    assert codes(d) == [
        ReasonCode.CHILDREN_STATUTORY,
        ReasonCode.SUFFICIENT_INTEREST,
        ReasonCode.CHILD_AGREEMENT,
        ReasonCode.ADVOCACY_REQUESTED,
        ReasonCode.URGENT_DANGER_NOW,
        ReasonCode.URGENT_HARM_WORDS,
        ReasonCode.RECEIVED_ON_NON_WORKING_DAY,
        ReasonCode.DEADLINES,
    ]
