"""Each letter sent to the complainant, as a page and as a PDF to print and post.

A letter is stored as the message it was sent as (cases/services.send_letter), and its
``letter_sent`` event names the message; the case page lists those letters
(templates/cases/_letters.html) with a link to each as a page and as a PDF. Both show
the letter exactly as it was sent, in its own language (the letter's text is marked
with it), with the council's name and the addressee's name and postal address above
it, ready for an envelope. The PDF is tagged (PDF/UA-1) like the annual report
(portal/register/pdf.py), in DejaVu Sans, which has every Welsh letter.

Who may open a letter is who may open the case (``case_or_deny``), and every
opening is in the audit log and on the case's timeline, like a view of the case.

This module also gives the case page its case file (cases/casefile.py), its letters,
the words for its kind and language, and the case's language for staff (its name, the
"Interpreter needed" flag, and whether a reply must be translated before it is sent), as
template globals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from flask import abort, g, render_template
from flask.blueprints import BlueprintSetupState
from flask_babel import get_locale, gettext
from werkzeug.wrappers import Response

from portal.cases import letter_parts
from portal.cases.letters import Letter, subject_of
from portal.cases.queries import letter_events
from portal.common.clock import london_day
from portal.common.languages import html_lang, in_language
from portal.extensions import db
from portal.models.cases import Message, Representation
from portal.staff.access import requires, signed_in_user
from portal.staff.permissions import Permission
from portal.staff.services import audit
from portal.vocab.cases import PersonRole
from portal.web.cases import answer_labels, bp, casefile
from portal.web.cases.lookup import case_or_deny

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: The audit action of opening a letter; the timeline shows it beside the case's views.
LETTER_VIEWED = "letter_viewed"


@dataclass(frozen=True)
class SentLetter:
    message: Message
    kind: Letter | None
    locale: str
    subject: str

    @property
    def sent_on(self) -> date:
        return london_day(self.message.at)


def sent_letters(session: Session, rep: Representation) -> list[SentLetter]:
    """The letters sent on this case, oldest first, each with its subject in its language."""
    events = letter_events(session, rep.id)
    messages = {m.id: m for m in rep.messages}
    found = []
    for event in events:
        data = event.data or {}
        message = messages.get(int(data.get("message_id") or 0))
        if message is None:
            continue  # sent before letters named their message
        try:
            kind: Letter | None = Letter(str(data.get("letter")))
        except ValueError:
            kind = None
        locale = str(data.get("locale") or "en")
        with in_language(locale):
            subject = subject_of(kind, rep) if kind else gettext(
                "Letter about %(reference)s", reference=rep.reference)
        found.append(SentLetter(message, kind, locale, subject))
    return found


def _letter_or_404(rep: Representation, message_id: int) -> SentLetter:
    letter = next((s for s in sent_letters(db.session(), rep) if s.message.id == message_id),
                  None)
    if letter is None:
        abort(404)
    return letter


def _document(rep: Representation, letter: SentLetter) -> dict[str, Any]:
    """What the letter's page and PDF show around the text as sent."""
    person = rep.person(PersonRole.COMPLAINANT)
    address = (person.address or "") if person is not None and not rep.anonymous else ""
    return {"case": rep, "letter": letter, "sender": rep.council.name,
            "addressee": letter_parts.addressee(rep),
            "address_lines": [line for line in address.splitlines() if line.strip()],
            "paragraphs": letter_parts.paragraphs(letter.message.body),
            "lang": html_lang(letter.locale)}


def _opened(rep: Representation, letter: SentLetter, fmt: str) -> None:
    audit(signed_in_user(), LETTER_VIEWED, representation_id=rep.id,
          detail={"message_id": letter.message.id, "letter": letter.kind.value
                  if letter.kind else None, "format": fmt})


@bp.get("/<reference>/letters/<int:message_id>")
@requires(Permission.SEE_CASES)
def letter(reference: str, message_id: int) -> str:
    rep = case_or_deny(reference)
    found = _letter_or_404(rep, message_id)
    _opened(rep, found, "html")
    return render_template("cases/letter.html", **_document(rep, found))


@bp.get("/<reference>/letters/<int:message_id>.pdf")
@requires(Permission.SEE_CASES)
def letter_pdf(reference: str, message_id: int) -> Response:
    from portal.register.pdf import PdfUnavailable

    rep = case_or_deny(reference)
    found = _letter_or_404(rep, message_id)
    try:
        data = render_pdf(rep, found)
    except PdfUnavailable:
        abort(503)
    _opened(rep, found, "pdf")
    response = Response(data, mimetype="application/pdf")
    name = f"{rep.reference}-{found.kind.value if found.kind else 'letter'}-{message_id}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def render_pdf(rep: Representation, letter: SentLetter) -> bytes:
    """The letter as a tagged A4 PDF in its own language (as register/pdf.py lays out the
    annual report: WeasyPrint's PDF/UA-1 variant, then the page furniture marked as
    artifacts)."""
    from portal.register.pdf import PdfUnavailable
    from portal.register.pdf_tags import complete

    try:
        from weasyprint import HTML  # loads Pango: only when a PDF is asked for
    except OSError as error:
        raise PdfUnavailable(str(error)) from error
    with in_language(letter.locale):
        html = render_template("cases/letter_pdf.html", **_document(rep, letter))
    return complete(HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"))


# --- the case page's globals ------------------------------------------------------------


def _case_file(rep: Representation) -> casefile.CaseFile:
    """The case file, built once per request (the page shows its safe-contact answers
    twice: in the file and beside the message form)."""
    cache: dict[int, casefile.CaseFile] = g.setdefault("case_files", {})
    if rep.id not in cache:
        cache[rep.id] = casefile.load(db.session(), rep)
    return cache[rep.id]


@bp.record_once
def _init(state: BlueprintSetupState) -> None:
    from portal.staff.labels import LABELS

    # The back office's ``label`` filter reads one table; a kind is "Complaint", never
    # "complaint" (kept if another part already gave it words).
    for kind, words in answer_labels.KIND_LABELS.items():
        LABELS.setdefault(kind, words)
    env = state.app.jinja_env
    env.globals["case_file"] = _case_file
    env.globals["case_letters"] = lambda rep: sent_letters(db.session(), rep)
    env.filters["language_name"] = answer_labels.language_name
    env.globals["case_language"] = _case_language
    env.filters["html_lang"] = html_lang


def _case_language(rep: Representation) -> casefile.CaseLanguage:
    """The case's language for the officer reading the page, in their page's language."""
    reader = get_locale()
    return casefile.case_language(rep, str(reader) if reader is not None else None)
