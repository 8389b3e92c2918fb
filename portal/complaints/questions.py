"""The questions of the intake journey, as data: one Step per page.

Wording is for a child of nine (a reading age of 9 to 10; the test
tests/unit/complaints/test_intake_reading_age.py checks it with textstat). Where an adult
is filling in the form about a child, a step may carry adult wording too.
Values are the exact words of spec/ROUTING.md so answers map straight onto a
Submission.

Every "Yes" and "No" carries its question as a context (``lazy_pgettext``):
Welsh answers with the question's own verb (Ydw, Ydy, Hoffwn, Oes...), so one
shared "Yes" could never be right for every question.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_babel.speaklater import LazyString

FieldKind = Literal["radios", "checkboxes", "text", "textarea", "date", "number", "email", "tel",
                    "files"]

#: Longest free text we take in one answer; a person can always tell us more later.
MAX_TEXT = 10_000
MAX_SHORT_TEXT = 200


@dataclass(frozen=True)
class Choice:
    value: str
    label: LazyString
    hint: LazyString | None = None
    #: Names of fields shown under this choice when it is picked (GOV.UK conditional reveal).
    reveals: tuple[str, ...] = ()
    #: "None of these": picking it clears the other boxes (GOV.UK exclusive checkbox).
    exclusive: bool = False
    adult_label: LazyString | None = None
    #: A picture beside the words: an OpenMoji code point (static/build.mjs copies its SVG).
    face: str | None = None


@dataclass(frozen=True)
class Field:
    name: str
    kind: FieldKind
    label: LazyString
    hint: LazyString | None = None
    adult_label: LazyString | None = None
    adult_hint: LazyString | None = None
    required: bool = False
    required_error: LazyString | None = None
    choices: tuple[Choice, ...] = ()
    max_length: int = MAX_SHORT_TEXT
    autocomplete: str | None = None
    width: str | None = None  # GOV.UK input width class suffix, e.g. "20"
    #: Shown only inside another field's choice (conditional reveal).
    revealed_by: tuple[str, str] | None = None
    #: A revealed field that may be left blank (revealed fields are otherwise needed).
    optional: bool = False


@dataclass(frozen=True)
class Step:
    slug: str  # the kebab-case URL part: /complaint/<slug>
    title: LazyString  # the only h1: the legend or label of a one-question page
    fields: tuple[Field, ...]
    adult_title: LazyString | None = None
    #: Which kinds of representation ask this question.
    kinds: tuple[str, ...] = ("complaint", "compliment", "comment")
    #: Template with extra words above the question (advice, an explanation).
    intro: str | None = None
    #: The h1 is the legend of the first field (True) or a heading above several fields.
    legend_is_title: bool = True
    #: The answer that holds a voice note answering this question instead of, or as well
    #: as, writing (issue 19, part 3; portal/complaints/attachments.py).
    voice: str | None = None

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


KIND = Step(
    slug="what-do-you-want-to-do",
    title=_l("What do you want to do?"),
    fields=(
        Field("kind", "radios", _l("What do you want to do?"), required=True,
              required_error=_l("Choose what you want to do"),
              choices=(
                  Choice("complaint", _l("Tell us something is wrong"),
                         _l("Something is not right or not fair, and you want us to sort it out.")),
                  Choice("compliment", _l("Say thank you"),
                         _l("Someone helped you or did a good job, and you want them to know.")),
                  Choice("comment", _l("Share an idea"),
                         _l("You have an idea to make things better. We do not have to reply.")),
              )),
    ),
)

WHO = Step(
    slug="who-are-you",
    title=_l("Who are you?"),
    fields=(
        Field("submitter", "radios", _l("Who are you?"), required=True,
              required_error=_l("Choose who you are"),
              choices=(
                  Choice("child", _l("I am a child or young person")),
                  Choice("care_leaver", _l("I am a young person who has left care")),
                  Choice("parent", _l("I am a parent")),
                  Choice("foster_carer", _l("I am a foster carer")),
                  Choice("carer", _l("I look after a child in another way"),
                         _l("For example, a special guardian or someone who adopted a child.")),
                  Choice("relative", _l("I am a grandparent or other family member")),
                  Choice("advocate", _l("I am an advocate")),
                  Choice("professional", _l("I work with children"),
                         _l("For example, a teacher, nurse or youth worker.")),
                  Choice("other", _l("Someone else")),
              )),
    ),
)

SAFE = Step(
    slug="are-you-safe",
    title=_l("Are you safe right now?"),
    adult_title=_l("Are you and the child safe right now?"),
    fields=(
        Field("safe", "radios", _l("Are you safe right now?"),
              adult_label=_l("Are you and the child safe right now?"),
              hint=_l("If you are not safe, we will show you who can help straight away."),
              required=True,
              required_error=lazy_pgettext("error for: Are you safe right now?",
                                           "Choose yes, no or not sure"),
              choices=(
                  Choice("yes", lazy_pgettext("answer to: Are you safe right now?", "Yes"),
                         adult_label=lazy_pgettext(
                             "answer to: Are you and the child safe right now?", "Yes")),
                  Choice("no", lazy_pgettext("answer to: Are you safe right now?", "No"),
                         adult_label=lazy_pgettext(
                             "answer to: Are you and the child safe right now?", "No")),
                  Choice("not_sure", _l("I am not sure")),
              )),
    ),
)

ABOUT_CHILD = Step(
    slug="about-the-child",
    title=_l("About you"),
    adult_title=_l("About the child"),
    kinds=("complaint",),
    legend_is_title=False,
    fields=(
        Field("child_name", "text", _l("What is your first name?"),
              hint=_l("You do not have to tell us."),
              adult_label=_l("What is the child's first name?"),
              adult_hint=_l("Leave this blank if you do not want to tell us."),
              autocomplete="off", width="20"),
        Field("child_age", "number", _l("How old are you?"),
              hint=_l("You do not have to tell us."),
              adult_label=_l("How old is the child?"),
              adult_hint=_l("Leave this blank if you do not know."), width="3"),
        Field("in_care", "radios", _l("Are you in care?"),
              hint=_l("This means you live with foster carers, in a children's home, or "
                      "somewhere else the council has found for you."),
              adult_label=_l("Is the child in care?"),
              adult_hint=_l("Looked after by a council, for example in foster care or a "
                            "children's home."),
              choices=(
                  Choice("this_council", _l("Yes, this council looks after me"),
                         adult_label=_l("Yes, this council looks after the child")),
                  Choice("another_council", _l("Yes, another council looks after me"),
                         adult_label=_l("Yes, another council looks after the child")),
                  Choice("no", lazy_pgettext("answer to: Are you in care?", "No"),
                         adult_label=lazy_pgettext("answer to: Is the child in care?", "No")),
                  Choice("not_sure", _l("I do not know")),
              )),
    ),
)

# Plain words for ROUTING.md's services; the council's settings decide which
# procedure each follows.
SERVICE_CHOICES = (
    Choice("social_work", _l("A social worker, or help from children's services")),
    Choice("children_in_care", _l("Being in care")),
    Choice("fostering", _l("Living with a foster family")),
    Choice("residential_care", _l("Living in a children's home")),
    Choice("adoption", _l("Adoption")),
    Choice("leaving_care", _l("Leaving care, or help after care")),
    Choice("disabled_children", _l("Help for disabled children")),
    Choice("special_guardianship", _l("Help for a special guardian")),
    Choice("early_help", _l("Help for a family, like a family support worker")),
    Choice("youth_offending", _l("The youth justice team")),
    Choice("school", _l("Something that happened at school")),
    Choice("school_admissions", _l("Getting a place at a school")),
    Choice("send", _l("Help with special needs at school (SEND)")),
    Choice("adult_social_care", _l("Care for adults")),
    Choice("housing", _l("A home from the council")),
    Choice("other_council", _l("Something else the council does")),
    Choice("health", _l("A doctor, nurse or hospital")),
    Choice("police", _l("The police")),
    Choice("other_organisation", _l("Something else")),
)

SERVICE = Step(
    slug="what-is-it-about",
    title=_l("What is it about?"),
    fields=(
        Field("service", "radios", _l("What is it about?"),
              hint=_l("Pick the one that fits best. It is fine if you are not sure."),
              required=True, required_error=_l("Choose what it is about"),
              choices=SERVICE_CHOICES),
    ),
)

#: Answers of ALSO that name whose decision it is about (ROUTING.md ``about_decision_of``).
DECISION_ANSWERS = ("court", "child_protection_conference", "tribunal", "ombudsman")
#: Answers of ALSO that name proceedings still under way (ROUTING.md ``proceedings``).
PROCEEDING_ANSWERS = {"court_case": "court", "police": "police", "disciplinary": "disciplinary"}

ALSO = Step(
    slug="anything-else",
    title=_l("Is it about any of these?"),
    kinds=("complaint",),
    fields=(
        Field("also", "checkboxes", _l("Is it about any of these?"),
              hint=_l("Tick all that are true. Some of these are looked at by other people, "
                      "and we will tell you who."),
              required=True,
              required_error=_l("Tick the ones that are true, or tick None of these"),
              choices=(
                  Choice("court", _l("Something a judge decided in court")),
                  Choice("child_protection_conference",
                         _l("Something decided at a child protection conference")),
                  Choice("tribunal", _l("Something a tribunal decided, like a plan for help "
                                        "at school")),
                  Choice("ombudsman", _l("Something the Ombudsman has already looked at")),
                  Choice("court_case", _l("A court case that is still going on")),
                  Choice("police", _l("Something the police are still looking into")),
                  Choice("disciplinary", _l("A worker is being checked by their bosses "
                                            "about it right now")),
                  Choice("none", _l("None of these"), exclusive=True),
              )),
    ),
)

WHAT_HAPPENED = Step(
    slug="what-happened",
    title=_l("What happened?"),
    fields=(
        Field("description", "textarea", _l("What happened?"),
              hint=_l("Tell us in your own words. Write as much or as little as you like. "
                      "You can use any language."),
              required=True, required_error=_l("Tell us what happened"), max_length=MAX_TEXT),
    ),
    voice="what_happened_voice",
)

#: Photos, drawings, screenshots and documents (issue 19, part 1): an optional page of its own
#: (portal/web/complaints/uploads.py), the GOV.UK file upload pattern. Its answer is the list
#: of files the draft holds (``{"id", "name", "size", "kind"}`` each); the bytes are
#: StoredFiles under the draft's ``draft_token`` until the form is sent.
FILES = Step(
    slug="add-files",
    title=_l("Add a photo, a drawing, a screenshot or a document"),
    fields=(
        Field("files", "files", _l("Add a photo, a drawing, a screenshot or a document"),
              hint=_l("You do not have to add anything. A photo or a screenshot can help us "
                      "see what you mean.")),
    ),
)

WHEN = Step(
    slug="when",
    title=_l("When did it happen?"),
    kinds=("complaint",),
    fields=(
        Field("event_on", "date", _l("When did it happen?"),
              hint=_l("If it happened more than once, tell us the last time. For example, "
                      "27 3 2026. You can leave this blank.")),
    ),
)

#: Faces a young child can tap instead of, or as well as, writing (OpenMoji, CC BY-SA 4.0).
#: Not a scale from very happy to very sad: this is asked only about something wrong, so
#: one happy face is enough, and angry and scared are feelings staff must not read as "sad".
FEELING_CHOICES = (
    Choice("happy", _l("Happy"), face="1F604"),
    Choice("okay", _l("Okay"), face="1F610"),
    Choice("sad", _l("Sad"), face="1F622"),
    Choice("angry", _l("Angry"), face="1F620"),
    Choice("scared", _l("Scared"), face="1F628"),
)
FEELINGS = frozenset(choice.value for choice in FEELING_CHOICES)

AFFECTED = Step(
    slug="how-it-affected-you",
    title=_l("How did it make you feel?"),
    adult_title=_l("How has it affected you or the child?"),
    kinds=("complaint",),
    fields=(
        # A face alone answers the question, words alone too, or neither: both are optional.
        Field("feeling", "radios", _l("How did it make you feel?"),
              adult_label=_l("How has it affected you or the child?"),
              hint=_l("Pick a face, write about it, or both. You can leave this blank."),
              choices=FEELING_CHOICES),
        Field("how_affected", "textarea", _l("Tell us more in your own words"),
              hint=_l("You can leave this blank."), max_length=MAX_TEXT),
    ),
    voice="how_affected_voice",
)

OUTCOME = Step(
    slug="what-would-help",
    title=_l("What would you like to happen now?"),
    kinds=("complaint",),
    fields=(
        Field("desired_outcome", "textarea", _l("What would you like to happen now?"),
              hint=_l("For example, to say sorry, to fix something or to change a plan. "
                      "You can leave this blank."), max_length=MAX_TEXT),
    ),
)

ADVOCATE = Step(
    slug="advocate",
    title=_l("Would you like an advocate to help you?"),
    adult_title=_l("Would the child like an advocate?"),
    kinds=("complaint",),
    intro="complaints/intro/advocate.html",
    fields=(
        Field("wants_advocate", "radios", _l("Would you like an advocate to help you?"),
              adult_label=_l("Would the child like an advocate?"),
              required=True,
              required_error=lazy_pgettext("error for: Would you like an advocate?",
                                           "Choose yes or no"),
              choices=(
                  Choice("yes", lazy_pgettext("answer to: Would you like an advocate?",
                                              "Yes, please"),
                         adult_label=lazy_pgettext(
                             "answer to: Would the child like an advocate?", "Yes")),
                  Choice("no", lazy_pgettext("answer to: Would you like an advocate?",
                                             "No, thank you"),
                         adult_label=lazy_pgettext(
                             "answer to: Would the child like an advocate?", "No")),
              )),
    ),
)

CONTACT = Step(
    slug="contact",
    title=_l("How can we contact you safely?"),
    fields=(
        Field("contact_methods", "checkboxes", _l("How can we contact you safely?"),
              hint=_l("Pick all the ways that are safe for you."),
              required=True, required_error=_l("Choose how we can contact you, or choose not "
                                               "to be contacted"),
              choices=(
                  Choice("email", _l("Email"), reveals=("email",)),
                  Choice("phone", _l("Phone call"), reveals=("phone",)),
                  Choice("text", _l("Text message"), reveals=("mobile", "text_times")),
                  Choice("letter", _l("Letter"), reveals=("address",)),
                  Choice("none", _l("Do not contact me. I want to stay anonymous."),
                         _l("We will not know who you are. You can still see what happens "
                            "with a tracking code."), exclusive=True),
              )),
        Field("email", "email", _l("Email address"), autocomplete="email",
              revealed_by=("contact_methods", "email")),
        Field("phone", "tel", _l("Phone number"), autocomplete="tel", width="20",
              revealed_by=("contact_methods", "phone")),
        Field("mobile", "tel", _l("Mobile number for texts"), autocomplete="tel", width="20",
              revealed_by=("contact_methods", "text")),
        # Texts wait for these times (portal/settings/texting.py); the values are rules.TEXT_TIMES.
        Field("text_times", "radios", _l("When can we text you?"),
              hint=_l("We only send texts in the day, never at night. You can leave this "
                      "blank."),
              choices=(
                  Choice("any", _l("Any time in the day")),
                  Choice("after_school", _l("Only after school"),
                         _l("From 4pm on weekdays, or any time at the weekend.")),
                  Choice("weekends", _l("Only at the weekend")),
              ),
              revealed_by=("contact_methods", "text"), optional=True),
        Field("address", "textarea", _l("Address"), autocomplete="street-address",
              max_length=500, revealed_by=("contact_methods", "letter")),
        Field("safe_times", "textarea", _l("When is it safe to contact you?"),
              hint=_l("For example, only after school, or please do not leave a message. "
                      "You can leave this blank."), max_length=1000),
    ),
)

#: Asked once, after "How can we contact you safely?": never to someone who chose to stay
#: anonymous, nor to a child telling us about themselves, who gave their first name on
#: "About you" (journey.applies).
NAME = Step(
    slug="your-name",
    title=_l("What should we call you?"),
    fields=(
        Field("name", "text", _l("What should we call you?"),
              hint=_l("You do not have to tell us."), autocomplete="name", width="20"),
    ),
)

NEEDS = Step(
    slug="help-to-take-part",
    title=_l("Do you need any of these?"),
    fields=(
        Field("needs", "checkboxes", _l("Do you need any of these?"),
              hint=_l("Pick all that help you. You can leave this blank."),
              choices=(
                  Choice("interpreter", _l("Someone to speak my language"),
                         reveals=("interpreter_language",)),
                  Choice("bsl", _l("British Sign Language (BSL)")),
                  Choice("easy_read", _l("Easy read letters, with pictures")),
                  Choice("large_print", _l("Large print")),
                  Choice("other", _l("Something else"), reveals=("other_needs",)),
                  Choice("none", _l("I do not need any of these"), exclusive=True),
              )),
        Field("interpreter_language", "text", _l("Which language?"), width="20",
              revealed_by=("needs", "interpreter")),
        Field("other_needs", "textarea", _l("What would help you?"), max_length=1000,
              revealed_by=("needs", "other")),
    ),
)

STEPS: tuple[Step, ...] = (KIND, WHO, SAFE, ABOUT_CHILD, SERVICE, ALSO, WHAT_HAPPENED, FILES,
                           WHEN, AFFECTED, OUTCOME, ADVOCATE, CONTACT, NAME, NEEDS)
BY_SLUG = {step.slug: step for step in STEPS}

#: Titles of "What happened?" for the other kinds of representation.
WHAT_HAPPENED_BY_KIND = {
    "compliment": _l("Who do you want to thank, and why?"),
    "comment": _l("What is your idea?"),
}
