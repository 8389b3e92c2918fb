"""The case file: everything the person gave us, labelled in plain words, for the case page.

An officer cannot answer a child whose words they cannot see (issue 15). This module
turns a register entry into labelled rows: every answer of the public journey
(portal/complaints/questions.py, as portal/complaints/services.py stores it on the
Representation and its People) or every field of an offline log, the safe-contact
answers, and the people in the case with their roles. Free text is passed on exactly
as typed; the template escapes it (never ``|safe``) and keeps its lines.

Nothing collected is left out for those who may see the case (DOMAIN.md, "Data
protection" limits who sees a case, not what they see of it), except equality
monitoring, which only reports and administrators read (cases/models.py).

``build`` is pure over the entry and the advocacy facts; ``load`` fetches those
facts. The rows are data, so the template is one loop and the tests read the rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from flask_babel import lazy_gettext as _l

from portal.cases.letters import letter_locale
from portal.common import languages
from portal.common.filters import long_date
from portal.models.cases import Person, Representation
from portal.staff.labels import label
from portal.vocab.cases import Kind, Method, PersonRole, Submitter
from portal.web.cases import answer_labels as words

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: Submitters who are the child or young person themselves (as intake counts them).
CHILD_SUBMITTERS = frozenset({Submitter.CHILD, Submitter.CARE_LEAVER})

#: Where each question of the public journey is shown: the journey's field name, the
#: key of its row (``data-answer`` on the page). A new question must be added here;
#: tests/integration/cases/test_casefile.py fails until it is.
ANSWERED_IN: dict[str, str] = {
    "kind": "kind", "submitter": "submitter", "safe": "safe", "child_name": "child_name",
    "child_age": "child_age", "in_care": "in_care", "service": "service", "also": "also",
    "description": "description", "event_on": "event_on", "how_affected": "how_affected",
    "feeling": "feeling",
    "desired_outcome": "desired_outcome", "wants_advocate": "wants_advocate",
    "contact_methods": "contact_methods", "email": "email", "phone": "phone",
    "mobile": "mobile", "text_times": "text_times", "address": "address", "name": "name",
    "safe_times": "safe_times", "needs": "needs", "interpreter_language": "needs",
    "other_needs": "needs",
}

#: Answers shown in a list of their own in the case file rather than as a row: the files
#: the child added, under "What they sent with it" (cases/_child_files.html).
SHOWN_APART: frozenset[str] = frozenset({"files"})

_WHAT_HAPPENED = {
    Kind.COMPLIMENT: _l("Who they want to thank, and why"),
    Kind.COMMENT: _l("Their idea"),
}


@dataclass(frozen=True)
class Row:
    """One labelled answer. An empty ``value`` is shown as "Not given"."""

    key: str
    label: str
    value: str
    #: The person's own words: shown exactly, line breaks kept.
    words: bool = False


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class PersonCard:
    """Someone in the case and their role in it."""

    role: str  # complainant, child, representative or advocate
    title: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class SafeContact:
    """How and when it is safe to get in touch, as the person chose."""

    anonymous: bool
    rows: tuple[Row, ...]

    def row(self, key: str) -> Row | None:
        return next((r for r in self.rows if r.key == key), None)


@dataclass(frozen=True)
class AdvocacyFacts:
    """The child's advocacy as portal/advocacy records it, in words."""

    status: str
    advocate: str | None = None
    provider: str | None = None
    child_agreement_how: str | None = None


@dataclass(frozen=True)
class CaseFile:
    sections: tuple[Section, ...]
    safe_contact: SafeContact
    people: tuple[PersonCard, ...]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def rows(self) -> list[Row]:
        """Every row: the sections', the safe contact's and the people's."""
        return [*(r for s in self.sections for r in s.rows), *self.safe_contact.rows,
                *(r for p in self.people for r in p.rows)]


def _lines(values: Iterable[str]) -> str:
    return "\n".join(v for v in values if v)


def _asked(rep: Representation, *, complaint_only: bool) -> bool:
    """Whether the public journey asked this question of this entry. A case logged by an
    officer or imported shows every field: the officer may have filled any of them."""
    if rep.method is not Method.ONLINE_FORM:
        return True
    return not complaint_only or rep.kind is Kind.COMPLAINT


def _complainant(rep: Representation) -> Person | None:
    return rep.person(PersonRole.COMPLAINANT)


def _told(rep: Representation) -> Section:
    online = rep.method is Method.ONLINE_FORM
    rows = [
        Row("kind", str(_l("What it is")), words.kind_label(rep.kind)),
        Row("submitter", str(_l("Who got in touch")), label(rep.submitter)),
        Row("service", str(_l("What it is about")), words.service_label(rep.service)),
    ]
    if _asked(rep, complaint_only=True) or rep.about_decision_of or rep.proceedings:
        elsewhere = _lines([words.decision_label(rep.about_decision_of),
                            *(words.proceeding_label(p) for p in rep.proceedings or [])])
        rows.append(Row("also", str(_l("Decided or still going on elsewhere")),
                        elsewhere or (str(_l("None of these")) if online else "")))
    rows.append(Row("description", str(_WHAT_HAPPENED.get(rep.kind, _l("What happened"))),
                    rep.description or "", words=True))
    if _asked(rep, complaint_only=True) or rep.event_on:
        rows.append(Row("event_on", str(_l("When it happened")), long_date(rep.event_on)))
    if _asked(rep, complaint_only=True) or rep.how_affected:
        rows.append(Row("how_affected", str(_l("How it affected them")),
                        rep.how_affected or "", words=True))
    # The face, beside their words: asked only on the public journey's complaints.
    if (online and rep.kind is Kind.COMPLAINT) or rep.feeling:
        rows.append(Row("feeling", str(_l("The face they picked for how they felt")),
                        words.feeling_label(rep.feeling)))
    if _asked(rep, complaint_only=True) or rep.desired_outcome:
        rows.append(Row("desired_outcome", str(_l("What they would like to happen")),
                        rep.desired_outcome or "", words=True))
    rows.append(Row("safe", str(_l("Safe when they got in touch")), str(
        _l("No, or not sure: they said they may not be safe") if rep.in_danger_now
        else _l("Yes, they said they were safe"))))
    if not online:
        rows.append(Row("urgent", str(_l("Marked urgent when it was logged")), str(
            _l("Yes, marked urgent") if rep.urgent else _l("No, not marked urgent"))))
    return Section("told", str(_l("What they told us")), tuple(rows))


def _child_name(rep: Representation) -> str:
    child = rep.person(PersonRole.CHILD)
    if child is not None and child.name:
        return child.name
    complainant = _complainant(rep)
    if rep.submitter in CHILD_SUBMITTERS and complainant is not None:
        return complainant.name or ""
    return ""


def _child_age(rep: Representation) -> str:
    child = rep.person(PersonRole.CHILD)
    age = rep.child_age if rep.child_age is not None else child.age if child else None
    return "" if age is None else str(age)


def _about_child(rep: Representation) -> Section | None:
    name, age = _child_name(rep), _child_age(rep)
    if not (_asked(rep, complaint_only=True) or name or age or rep.looked_after_by):
        return None
    in_care = words.looked_after_label(rep.looked_after_by) or (
        str(_l("No, not sure, or not answered")) if rep.method is Method.ONLINE_FORM else "")
    return Section("child", str(_l("About the child")), (
        Row("child_name", str(_l("The child's first name")), name),
        Row("child_age", str(_l("The child's age")), age),
        Row("in_care", str(_l("In care")), in_care),
    ))


def _help(rep: Representation, advocacy: AdvocacyFacts | None) -> Section:
    complainant = _complainant(rep)
    needs = _lines(words.need_label(n) for n in (complainant.needs if complainant else []) or [])
    rows = [
        Row("needs", str(_l("Help they need to take part")),
            needs or (str(_l("None asked for")) if rep.method is Method.ONLINE_FORM else "")),
        Row("language", str(_l("Language of the case")), words.language_name(rep.language)),
    ]
    asked_advocate = _asked(rep, complaint_only=True) and rep.submitter is not Submitter.ADVOCATE
    if asked_advocate or rep.wants_advocate:
        rows.append(Row("wants_advocate", str(_l("Wants an advocate")), str(
            _l("Yes, they would like an advocate") if rep.wants_advocate
            else _l("No, they did not ask for an advocate"))))
    if advocacy is not None:
        rows.append(Row("advocacy", str(_l("Advocacy")), advocacy.status))
        if advocacy.child_agreement_how:
            rows.append(Row("child_agreement", str(_l("How the child agreed")),
                            advocacy.child_agreement_how, words=True))
    return Section("help", str(_l("Help to take part")), tuple(rows))


def safe_contact(rep: Representation) -> SafeContact:
    """The safe-contact answers, shown beside every way of contacting the person."""
    person = _complainant(rep)

    def given(value: Any) -> str:
        return str(value) if value else ""

    methods = (person.contact_methods if person else []) or []
    return SafeContact(anonymous=rep.anonymous, rows=(
        Row("contact_methods", str(_l("Ways that are safe")),
            _lines(words.contact_label(m) for m in methods)),
        Row("safe_times", str(_l("When it is safe, and whether to leave a message")),
            given(person and person.safe_to_contact_notes), words=True),
        Row("text_times", str(_l("When texts may come")),
            words.text_time_label(person.text_times if person else None)),
        Row("name", str(_l("What to call them")), given(person and person.name), words=True),
        Row("email", str(_l("Email address")), given(person and person.email)),
        Row("phone", str(_l("Phone number")), given(person and person.phone)),
        Row("mobile", str(_l("Mobile number for texts")), given(person and person.mobile)),
        Row("address", str(_l("Address")), given(person and person.address), words=True),
        Row("contact_language", str(_l("Language to write to them in")),
            words.language_name((person.language if person else None) or rep.language)),
    ))


def _person_card(rep: Representation, person: Person) -> PersonCard:
    if person.role is PersonRole.COMPLAINANT and rep.submitter in CHILD_SUBMITTERS:
        title = str(words.CHILD_COMPLAINANT_ROLE)
    else:
        title = str(words.ROLE_LABELS.get(person.role, person.role.value))
    name = person.name or ""
    if not name and rep.anonymous and person.role is PersonRole.COMPLAINANT:
        name = str(_l("Anonymous: they chose not to say who they are"))
    rows = [Row("person_name", str(_l("Name")), name, words=True)]
    relationship = person.relationship_to_child or (
        rep.submitter if person.role is PersonRole.COMPLAINANT else None)
    if relationship is not None:
        rows.append(Row("person_relationship", str(_l("Who they are")), label(relationship)))
    if person.age is not None:
        rows.append(Row("person_age", str(_l("Age")), str(person.age)))
    if person.role is not PersonRole.COMPLAINANT:
        # The complainant's own details are in the safe-contact answers; anyone else's here.
        extra = (("person_email", _l("Email address"), person.email),
                 ("person_phone", _l("Phone number"), person.phone),
                 ("person_mobile", _l("Mobile number for texts"), person.mobile),
                 ("person_address", _l("Address"), person.address),
                 ("person_safe_times", _l("When it is safe, and whether to leave a message"),
                  person.safe_to_contact_notes))
        rows += [Row(key, str(text), value, words=True) for key, text, value in extra if value]
        if person.contact_methods:
            rows.append(Row("person_contact_methods", str(_l("Ways that are safe")),
                            _lines(words.contact_label(m) for m in person.contact_methods)))
        if person.language:
            rows.append(Row("person_language", str(_l("Language")),
                            words.language_name(person.language)))
        if person.needs:
            rows.append(Row("person_needs", str(_l("Help they need to take part")),
                            _lines(words.need_label(n) for n in person.needs)))
    return PersonCard(person.role.value, title, tuple(rows))


def _advocate_card(advocacy: AdvocacyFacts) -> PersonCard:
    rows = [Row("person_name", str(_l("Name")),
                advocacy.advocate or str(_l("Not assigned yet")), words=True),
            Row("advocacy", str(_l("Advocacy")), advocacy.status)]
    if advocacy.provider:
        rows.append(Row("advocacy_provider", str(_l("Advocacy provider")), advocacy.provider))
    return PersonCard("advocate", str(words.ADVOCATE_ROLE), tuple(rows))


def build(rep: Representation, advocacy: AdvocacyFacts | None = None) -> CaseFile:
    """The case file of one entry, in the current locale."""
    sections = [_told(rep), _about_child(rep), _help(rep, advocacy)]
    people = [_person_card(rep, p) for p in rep.people]
    if advocacy is not None:
        people.append(_advocate_card(advocacy))
    return CaseFile(tuple(s for s in sections if s is not None), safe_contact(rep),
                    tuple(people))


def advocacy_facts(session: Session, rep: Representation) -> AdvocacyFacts | None:
    """The child's advocacy (portal/advocacy): its status, advocate and provider."""
    from portal.advocacy.labels import label as advocacy_label
    from portal.advocacy.queries import advocacy_case, advocate_name, provider_name

    case = advocacy_case(session, rep.id)
    if case is None:
        return None
    advocate = advocate_name(session, case.advocate_user_id) if case.advocate_user_id else None
    provider = provider_name(session, case.provider_id) if case.provider_id else None
    return AdvocacyFacts(status=advocacy_label(case.status), advocate=advocate,
                         provider=provider, child_agreement_how=case.child_agreement_how)


def load(session: Session, rep: Representation) -> CaseFile:
    return build(rep, advocacy_facts(session, rep))


# --- the case's language, for staff ------------------------------------------------------


@dataclass(frozen=True)
class CaseLanguage:
    """The language of a case as staff need it: its names, whether to book an
    interpreter, and whether what they write must be translated before it is sent."""

    #: The code the case was made in ("pl", "prs"), its own name ("Polski") and its name
    #: for the reader ("Polish" on an English page).
    code: str
    own_name: str
    name: str
    #: The code as an HTML ``lang`` attribute ("fa-AF").
    lang: str
    #: Neither English nor Welsh, or someone in the case asked for an interpreter.
    interpreter: bool
    #: What the complainant is written to in (letters, messages), and its name for the reader.
    reply_code: str
    reply_name: str
    #: The officer's reply must be translated by a person first: the portal does not.
    translate: bool
    #: The child or young person made it themselves.
    by_child: bool


def case_language(rep: Representation, reader: str | None) -> CaseLanguage:
    """The case's language for an officer reading in ``reader`` (their page's locale)."""
    code = rep.language or languages.ENGLISH
    reply = letter_locale(rep)
    needs = [need for person in rep.people for need in person.needs or []]
    return CaseLanguage(
        code=code, own_name=languages.own_name(code),
        name=languages.display_name(code, reader), lang=languages.html_lang(code),
        interpreter=(languages.interpreter_needed(code, needs)
                     or languages.interpreter_needed(reply)),
        reply_code=reply, reply_name=languages.display_name(reply, reader),
        translate=languages.reply_needs_translation(reply, reader),
        by_child=rep.submitter in CHILD_SUBMITTERS or rep.made_by_child)
