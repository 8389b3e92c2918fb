"""What the case page shows of the case's files (issue 19, parts 3 and 7): the documents
staff added (with the form to add one and the buttons to send one), and what the child
added: pictures shown, voice notes played beside the answer they give, PDFs to download.

``load`` is the page's one look at the files: one query for the files, one for the names
of the staff who added them. The views (views.py, documents.py) pass a failed form back
through it so its errors show where it was filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from portal.extensions import db
from portal.files import documents, queries
from portal.files.refusals import Reason, Refusal
from portal.models.cases import Representation
from portal.models.files import StoredFile
from portal.models.staff import User
from portal.staff.permissions import Permission, may
from portal.vocab.files import FilePurpose, Recipient
from portal.web.cases.file_forms import DocumentForm, SaidForm

#: The voice note's question (its ``note``, the public journey's field) and the case
#: file's row it is shown beside (casefile.ANSWERED_IN).
VOICE_ROWS = {"what_happened": "description", "how_affected": "how_affected"}

#: Why a document was not kept, for the officer who tried (files/refusals.py's reasons).
REFUSAL_WORDS: dict[Reason, object] = {
    Reason.EMPTY: _l("The file is empty. Choose the document again."),
    Reason.NOT_ALLOWED_TYPE: _l("This kind of file cannot be added. Add a PDF, or a photo or "
                                "scan of the pages (JPEG, PNG or WebP)."),
    Reason.HEIC_NOT_SUPPORTED: _l("This server cannot open iPhone photos (HEIC). Save it as a "
                                  "JPEG and add that."),
    Reason.IMAGE_UNREADABLE: _l("The picture could not be opened. Scan or photograph it "
                                "again."),
    Reason.IMAGE_TOO_MANY_PIXELS: _l("The picture is too large to open. Scan it at a lower "
                                     "resolution."),
    Reason.PDF_ENCRYPTED: _l("The PDF has a password. Add a copy without a password."),
    Reason.PDF_UNREADABLE: _l("The PDF could not be opened. Save or scan it again."),
    Reason.AUDIO_UNREADABLE: _l("The recording could not be played."),
    Reason.VIDEO_NOT_ALLOWED: _l("Videos cannot be added."),
    Reason.FILE_TOO_LARGE: _l("The document is too big. It must be %(mb)s MB or smaller."),
    Reason.TOO_MANY_FILES: _l("The case holds as many files as it can."),
    Reason.TOO_MUCH_IN_TOTAL: _l("The case's files together are too big."),
    Reason.UPLOADS_OFF: _l("The council has turned off adding files. An administrator can "
                           "turn it on in the council's settings."),
    Reason.INFECTED: _l("The virus scanner found a virus in this file, so it was not kept."),
    Reason.SCANNER_UNAVAILABLE: _l("The virus scanner did not answer, so the document was not "
                                   "kept. Try again later."),
    Reason.NO_SCANNER: _l("No virus scanner is set up, so documents cannot be added."),
}


def refusal_words(refusal: Refusal | Reason, *, max_mb: int) -> str:
    reason = refusal.reason if isinstance(refusal, Refusal) else refusal
    return str(REFUSAL_WORDS[reason]) % {"mb": max_mb}


@dataclass(frozen=True)
class Document:
    file: StoredFile
    added_by: str


@dataclass
class CaseFiles:
    documents: list[Document]
    #: What the child added, not voice notes: pictures and PDFs.
    evidence: list[StoredFile]
    #: Voice notes by the case file's row they answer ("description", "how_affected").
    voice: dict[str, list[StoredFile]]
    #: Voice notes that name no question the case file shows.
    other_voice: list[StoredFile]
    recipients: list[Recipient]
    may_add: bool
    may_send: bool
    form: DocumentForm
    said_forms: dict[int, SaidForm] = field(default_factory=dict)

    def said_form(self, file_id: int) -> SaidForm:
        if file_id not in self.said_forms:
            stored = next((f for fs in self.voice.values() for f in fs if f.id == file_id),
                          None) or next((f for f in self.other_voice if f.id == file_id), None)
            self.said_forms[file_id] = SaidForm(prefix=f"said-{file_id}", formdata=None,
                                                said=stored.said if stored else None)
        return self.said_forms[file_id]

    @property
    def pictures(self) -> list[StoredFile]:
        return [f for f in self.evidence if f.kind.family == "image"]

    @property
    def other_evidence(self) -> list[StoredFile]:
        return [f for f in self.evidence if f.kind.family != "image"]

    @property
    def failed_forms(self) -> list[DocumentForm | SaidForm]:
        return [f for f in (self.form, *self.said_forms.values()) if f.errors]


def load(rep: Representation, user: User, *, form: DocumentForm | None = None,
         said: tuple[int, SaidForm] | None = None) -> CaseFiles:
    session = db.session()
    files = queries.files_of_case(session, rep.id)
    staff = [f for f in files if f.purpose is FilePurpose.STAFF_DOCUMENT]
    names = queries.names_of(session, {f.added_by_id for f in staff if f.added_by_id})
    voice: dict[str, list[StoredFile]] = {}
    other_voice = []
    for found in files:
        if found.purpose is FilePurpose.VOICE_NOTE:
            row = VOICE_ROWS.get(found.note or "")
            if row is None:
                other_voice.append(found)
            else:
                voice.setdefault(row, []).append(found)
    may_send = may(user, Permission.SEND_CASE_DOCUMENTS)
    loaded = CaseFiles(
        documents=[Document(f, names.get(f.added_by_id or 0, "")) for f in staff],
        evidence=[f for f in files if f.purpose is FilePurpose.EVIDENCE],
        voice=voice, other_voice=other_voice,
        recipients=documents.recipients(session, rep) if may_send and staff else [],
        may_add=may(user, Permission.ADD_CASE_DOCUMENTS), may_send=may_send,
        form=form or DocumentForm(prefix="document", formdata=None))
    if said is not None:
        loaded.said_forms[said[0]] = said[1]
    return loaded
