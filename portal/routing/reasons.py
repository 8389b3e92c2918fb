"""Why a decision came out as it did: one reason per rule that fired.

A :class:`Reason` is a stable code plus parameters, so it can be stored and
rendered later in any language and for either audience: ``officer`` (the
triage screen) or ``child`` (the complainant, in words a 9-year-old can read,
saying where to go and how when the matter is signposted elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import current_app, has_app_context
from flask_babel import force_locale, ngettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from portal.routing.decision import Decision
from portal.routing.reason_codes import Audience, ParamValue, Reason, ReasonCode
from portal.vocab.routing import Ombudsman, Proceeding, Service, Submitter

# --- labels for parameters ------------------------------------------------------

SERVICE_LABELS: dict[Service, LazyString] = {
    Service.SOCIAL_WORK: _l("social work"),
    Service.CHILDREN_IN_CARE: _l("children in care"),
    Service.FOSTERING: _l("fostering"),
    Service.RESIDENTIAL_CARE: _l("residential care"),
    Service.ADOPTION: _l("adoption"),
    Service.LEAVING_CARE: _l("leaving care"),
    Service.DISABLED_CHILDREN: _l("disabled children's services"),
    Service.SPECIAL_GUARDIANSHIP: _l("special guardianship support"),
    Service.EARLY_HELP: _l("early help"),
    Service.YOUTH_OFFENDING: _l("youth offending"),
    Service.SCHOOL: _l("a school"),
    Service.SCHOOL_ADMISSIONS: _l("school admissions"),
    Service.SEND: _l("special educational needs and disabilities"),
    Service.ADULT_SOCIAL_CARE: _l("adult social care"),
    Service.HOUSING: _l("housing"),
    Service.OTHER_COUNCIL: _l("another council service"),
    Service.HEALTH: _l("health"),
    Service.POLICE: _l("the police"),
    Service.OTHER_ORGANISATION: _l("another organisation"),
}

SUBMITTER_LABELS: dict[Submitter, LazyString] = {
    Submitter.CHILD: _l("the child or young person"),
    Submitter.PARENT: _l("a parent"),
    Submitter.CARER: _l("a carer with parental responsibility"),
    Submitter.FOSTER_CARER: _l("a foster carer"),
    Submitter.SPECIAL_GUARDIAN: _l("a special guardian"),
    Submitter.ADOPTER: _l("an adopter"),
    Submitter.CARE_LEAVER: _l("a care leaver"),
    Submitter.GRANDPARENT: _l("a grandparent"),
    Submitter.RELATIVE: _l("a relative"),
    Submitter.ADVOCATE: _l("an advocate"),
    Submitter.PROFESSIONAL: _l("a professional"),
    Submitter.COUNCILLOR: _l("a councillor"),
    Submitter.OTHER: _l("someone else"),
}

PROCEEDING_LABELS: dict[Proceeding, LazyString] = {
    Proceeding.COURT: _l("court proceedings"),
    Proceeding.POLICE: _l("a police investigation"),
    Proceeding.DISCIPLINARY: _l("disciplinary proceedings"),
}

OMBUDSMAN_LABELS: dict[Ombudsman, LazyString] = {
    Ombudsman.LGSCO: _l("the Local Government and Social Care Ombudsman"),
    Ombudsman.PSOW: _l("the Public Services Ombudsman for Wales"),
}

# --- the words --------------------------------------------------------------------

R = ReasonCode

_OFFICER: dict[ReasonCode, LazyString] = {
    R.COMPLIMENT: _l(
        "It is a compliment: share it with the worker or team and their manager. "
        "It needs no formal response."
    ),
    R.COMMENT: _l(
        "It is a comment: a view or suggestion that wants no formal response. "
        "Pass it to the service it is about."
    ),
    R.ENQUIRY: _l(
        "It is an enquiry (councillor or MP casework): reply within the enquiry timescale."
    ),
    R.SIGNPOSTED_SCHOOL: _l(
        "It is about a school's own decisions, which the school's complaints procedure handles, "
        "not the council's procedures."
    ),
    R.SIGNPOSTED_SAFEGUARDING_PARTNERSHIP: _l(
        "It is about a decision of a child protection conference, which the local safeguarding "
        "partnership's procedure handles."
    ),
    R.SIGNPOSTED_COURT: _l(
        "It is about a court's decision or a court report; only the court can deal with it."
    ),
    R.SIGNPOSTED_TRIBUNAL: _l(
        "It is a tribunal matter (such as the content of an education, health and care plan); "
        "the tribunal deals with it."
    ),
    R.SIGNPOSTED_OMBUDSMAN: _l(
        "It is a matter %(ombudsman)s has already decided, so the council's procedures cannot "
        "consider it again."
    ),
    R.SIGNPOSTED_NHS: _l("It is about the NHS, which has its own complaints procedure."),
    R.SIGNPOSTED_POLICE: _l("It is about the police, who have their own complaints procedure."),
    R.SIGNPOSTED_ANOTHER_COUNCIL: _l(
        "The child is looked after by another council, the responsible authority, which handles "
        "complaints about their care (%(service)s)."
    ),
    R.SIGNPOSTED_OTHER_ORGANISATION: _l(
        "It is about another organisation, not the council; it has its own complaints procedure."
    ),
    R.CHILDREN_STATUTORY: _l(
        "It is a complaint about a children's social care function (%(service)s), so it follows "
        "the children's statutory procedure (Children Act 1989 Representations Procedure "
        "(England) Regulations 2006)."
    ),
    R.SOCIAL_SERVICES_WALES: _l(
        "It is a complaint about social services (%(service)s) at a Welsh council, so it follows "
        "the Social Services Complaints Procedure (Wales) Regulations 2014."
    ),
    R.ADULT_STATUTORY: _l(
        "It is a complaint about adult social care, so it follows the adult statutory procedure "
        "(Local Authority Social Services and NHS Complaints (England) Regulations 2009)."
    ),
    R.CORPORATE: _l(
        "It is a complaint about a council service that is not a social care function "
        "(%(service)s), so it follows the corporate complaints procedure."
    ),
    R.SUFFICIENT_INTEREST: _l(
        "The complainant (%(submitter)s) is not among the people who qualify for the children's "
        "procedure: decide whether they have sufficient interest in the child's welfare, taking "
        "the child's views into account, and explain a refusal in writing."
    ),
    R.CHILD_AGREEMENT: _l(
        "Someone else complains on the child's behalf (%(submitter)s): check, where possible, "
        "that the child agrees and that it reflects the child's view."
    ),
    R.DEFERRAL: _l(
        "Proceedings are under way (%(proceedings)s): decide whether considering the complaint "
        "now could prejudice them; if it is deferred, tell the complainant they may resubmit "
        "afterwards."
    ),
    R.ADVOCACY_REQUESTED: _l(
        "They asked for an advocate: help them get one (Children Act 1989 section 26A)."
    ),
    R.ADVOCACY_OFFER: _l(
        "A child or care leaver is complaining under the children's procedure: offer them an "
        "advocate (Children Act 1989 section 26A)."
    ),
    R.ADVOCACY_HAS_ADVOCATE: _l("An advocate submitted it on the child's behalf."),
    R.URGENT_DANGER_NOW: _l("They said they are not safe now: a person must look at it today."),
    R.URGENT_HARM_WORDS: _l(
        "It uses words that may signal harm: a person must read it today. The flag decides "
        "nothing by itself."
    ),
    R.RECEIVED_ON_NON_WORKING_DAY: _l(
        "It was received on a day that is not a working day; the count starts from the next "
        "working day."
    ),
    R.DEADLINES: _l(
        "Deadlines count working days (Monday to Friday, except bank holidays) after the day it "
        "was received."
    ),
}

_CHILD: dict[ReasonCode, LazyString] = {
    R.COMPLIMENT: _l("Thank you for your kind words. We will pass them on."),
    R.COMMENT: _l("Thank you for telling us what you think. We will share it with the team."),
    R.ENQUIRY: _l("We will look into this and reply."),
    R.SIGNPOSTED_SCHOOL: _l(
        "This is about a school. The school has to look at it, not us. Ask the school office "
        "how to complain, or look on the school website. An adult you trust can help."
    ),
    R.SIGNPOSTED_SAFEGUARDING_PARTNERSHIP: _l(
        "This is about a child protection meeting. It has its own way to complain. Ask your "
        "social worker or the person who ran the meeting how to do it."
    ),
    R.SIGNPOSTED_COURT: _l(
        "This is about what a court said. We cannot change that. Talk to your solicitor or "
        "your guardian about it."
    ),
    R.SIGNPOSTED_TRIBUNAL: _l(
        "A tribunal deals with this, not us. The letter about the decision tells you how to "
        "appeal. An advocate can help you."
    ),
    R.SIGNPOSTED_OMBUDSMAN: _l(
        "The Ombudsman has already made a decision about this, so we cannot look at it again. "
        "You can ask the Ombudsman if you have questions."
    ),
    R.SIGNPOSTED_NHS: _l(
        "This is about the NHS, like a doctor, nurse or hospital. Ask them how to complain. "
        "An adult you trust can help."
    ),
    R.SIGNPOSTED_POLICE: _l(
        "This is about the police. You can complain to them on their website or at a police "
        "station. If you are in danger now, call 999."
    ),
    R.SIGNPOSTED_ANOTHER_COUNCIL: _l(
        "Another council looks after you, so that council must look at this. Your social "
        "worker or an advocate can help you contact them."
    ),
    R.SIGNPOSTED_OTHER_ORGANISATION: _l(
        "This is about a group that is not the council. Ask them how to complain. An adult "
        "you trust can help."
    ),
    R.CHILDREN_STATUTORY: _l(
        "Your complaint is about help from children's services. There are special rules for "
        "this, and we must answer you quickly."
    ),
    R.SOCIAL_SERVICES_WALES: _l(
        "Your complaint is about social services. There are special rules for this, and we "
        "must answer you quickly."
    ),
    R.ADULT_STATUTORY: _l(
        "Your complaint is about care for adults. We will agree with you how we look at it."
    ),
    R.CORPORATE: _l("We will look at your complaint and write back to you."),
    R.SUFFICIENT_INTEREST: _l(
        "First we need to check if we can look at your complaint about the child. We will ask "
        "what the child thinks. We will tell you what we decide, and why."
    ),
    R.CHILD_AGREEMENT: _l("If we can, we will check that the child agrees with the complaint."),
    R.DEFERRAL: _l(
        "Something else is going on, like a court case or the police. We may have to wait "
        "until it ends. We will tell you if we do."
    ),
    R.ADVOCACY_REQUESTED: _l(
        "You asked for an advocate. An advocate is on your side and helps you say what you "
        "want. We will help you get one."
    ),
    R.ADVOCACY_OFFER: _l(
        "You can have an advocate if you want one. An advocate is on your side and helps you "
        "say what you want."
    ),
    R.ADVOCACY_HAS_ADVOCATE: _l("Your advocate will hear from us about your complaint."),
    R.URGENT_DANGER_NOW: _l(
        "You said you are not safe now. If you are in danger, call 999. You can call Childline "
        "on 0800 1111. A person will read what you wrote today."
    ),
    R.URGENT_HARM_WORDS: _l("A person will read what you wrote today, to check you are safe."),
    R.RECEIVED_ON_NON_WORKING_DAY: _l(
        "We got this on a weekend or a holiday, so we start counting on the next working day."
    ),
    R.DEADLINES: _l("We count working days: Monday to Friday, but not bank holidays."),
}


def reason_text(reason: Reason, audience: Audience = "officer") -> str:
    """The reason in words, in the current locale, for officers or for the complainant."""
    params = dict(reason.params)
    if reason.code is ReasonCode.OUT_OF_TIME:
        return _out_of_time(int(params.get("months", 12)), audience)
    table = _CHILD if audience == "child" else _OFFICER
    return table[reason.code] % _labelled(params)


def render_english(reasons: Iterable[Reason]) -> list[str]:
    """Officer reasons in English, whatever the request's locale (the JSON contract's form)."""
    if has_app_context() and "babel" in current_app.extensions:
        with force_locale("en"):
            return [reason_text(r) for r in reasons]
    # Outside an app with Babel, flask-babel translates nothing: msgids are English.
    return [reason_text(r) for r in reasons]


def _out_of_time(months: int, audience: Audience) -> str:
    if audience == "child":
        return ngettext(
            "This happened more than %(num)d month ago. We can often still look at it. We will "
            "tell you what we decide.",
            "This happened more than %(num)d months ago. We can often still look at it. We will "
            "tell you what we decide.",
            months,
        )
    return ngettext(
        "What happened was more than %(num)d month before the complaint was received: decide "
        "whether it was reasonable not to complain sooner and whether it can still be "
        "considered fairly. Never refuse it automatically.",
        "What happened was more than %(num)d months before the complaint was received: decide "
        "whether it was reasonable not to complain sooner and whether it can still be "
        "considered fairly. Never refuse it automatically.",
        months,
    )


def _labelled(params: dict[str, ParamValue]) -> dict[str, str]:
    """Codes in parameters rendered as translated plain words."""
    out: dict[str, str] = {}
    for key, value in params.items():
        if key == "service":
            out[key] = str(SERVICE_LABELS[Service(str(value))])
        elif key == "submitter":
            out[key] = str(SUBMITTER_LABELS[Submitter(str(value))])
        elif key == "ombudsman":
            out[key] = str(OMBUDSMAN_LABELS[Ombudsman(str(value))])
        elif key == "proceedings":
            # Each label is a whole phrase; a list of phrases needs no grammar.
            out[key] = "; ".join(
                str(PROCEEDING_LABELS[Proceeding(p)]) for p in str(value).split(",") if p
            )
        else:
            out[key] = str(value)
    return out


def decision_json(decision: Decision) -> dict[str, Any]:
    """The decision as a JSON-able dict in the contract's shape (ROUTING.md, "Decision").

    ``reasons`` are rendered as English officer text; ``reason_texts`` gives them in the
    current locale, or in the complainant's words.
    """
    return {
        "route": decision.route.value,
        "stage": decision.stage,
        "signpost": None if decision.signpost is None else decision.signpost.value,
        "checks": [c.value for c in decision.checks],
        "advocacy": decision.advocacy.value,
        "urgent": decision.urgent,
        "acknowledge_by": _iso(decision.acknowledge_by),
        "respond_by": _iso(decision.respond_by),
        "respond_by_latest": _iso(decision.respond_by_latest),
        "reasons": render_english(decision.reasons),
    }


def reason_texts(decision: Decision, audience: Audience = "officer") -> list[str]:
    """The decision's reasons in the current locale: for the triage screen, or
    (``"child"``) for the complainant, saying where to go and how when signposted."""
    return [reason_text(r, audience) for r in decision.reasons]


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()
