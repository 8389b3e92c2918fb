"""Documents on the case (issue 19, part 7): staff attach what a complaint produces (the
stage 2 investigation report, the adjudication letter, the panel's report, a letter that
came in the post), send one to the complainant or the child's advocate through their own
page, and type what a child's voice note says.

Each change is one event in the case's history (portal/history/events.py) and one entry in
the audit log, in the caller's transaction: the timeline says who added, sent or wrote
down what, and when. A voice note's typed words are in the history only, which the
retention purge destroys with the case.
Who may do it is the page's question (portal/staff/permissions.py); these functions
check only what the case itself allows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from portal.files import queries
from portal.files.refusals import Refusal
from portal.files.services import FROM_CONFIG, accept
from portal.history.events import record_event
from portal.models.files import StoredFile
from portal.security.sanitise import exact_text
from portal.staff.services import audit
from portal.vocab.events import EventType
from portal.vocab.files import DocumentType, FilePurpose, Recipient

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from portal.files.scan import Clamd
    from portal.models.cases import Representation
    from portal.models.staff import User

#: The longest typed note of a voice note kept (a few minutes of speech, written down).
MAX_SAID = 10_000


class DocumentError(ValueError):
    """What the case does not allow (a document sent to an advocate the child does not
    have); the message is for the log and the test, the page says it in words."""


def add_document(session: Session, rep: Representation, data: bytes, *, name: str | None,
                 document_type: DocumentType, note: str | None, by: User,
                 scanner: Clamd | str | None = FROM_CONFIG) -> StoredFile | Refusal:
    """Keep a document staff attach to the case, with its type and note, or say why not
    (``files.services.accept``: the council's per-file limit, the scan, the cleaning).
    The case's history records it (``document_added``), so the timeline shows it."""
    stored = accept(session, data, name=name, purpose=FilePurpose.STAFF_DOCUMENT,
                    council=rep.council, case_id=rep.id, added_by=by,
                    document_type=document_type, note=note, scanner=scanner)
    if isinstance(stored, Refusal):
        return stored
    record_event(session, rep.id, EventType.DOCUMENT_ADDED, actor="staff",
                 actor_user_id=by.id,
                 data={"file_id": stored.id, "document_type": document_type.value,
                       "note": stored.note or ""})
    audit(by, EventType.DOCUMENT_ADDED, representation_id=rep.id,
          detail={"file_id": stored.id, "document_type": document_type.value})
    return stored


def send_document(session: Session, rep: Representation, stored: StoredFile,
                  to: Recipient, *, by: User, now: datetime) -> bool:
    """Put a staff document on the complainant's tracking page or the advocate's page for
    the child; True when it is newly sent there (sending twice changes nothing and
    records nothing). Only a staff document is sent (what the child sent is theirs
    already); only to a complainant who can track the case (a tracking code), and only
    to an advocate working with the child now."""
    if stored.purpose is not FilePurpose.STAFF_DOCUMENT or stored.representation_id != rep.id:
        raise DocumentError("only the case's own staff documents are sent")
    if to not in recipients(session, rep):
        raise DocumentError(f"nobody to send to: {to.value}")
    if to is Recipient.COMPLAINANT:
        if stored.sent_to_complainant_at is not None:
            return False
        stored.sent_to_complainant_at = now
    else:
        if stored.sent_to_advocate_at is not None:
            return False
        stored.sent_to_advocate_at = now
    details = {"file_id": stored.id, "document_type": _type(stored), "sent_to": to.value}
    record_event(session, rep.id, EventType.DOCUMENT_SENT, actor="staff", actor_user_id=by.id,
                 data=details)
    audit(by, EventType.DOCUMENT_SENT, representation_id=rep.id, detail=details)
    return True


def recipients(session: Session, rep: Representation) -> list[Recipient]:
    """Who a document on this case can be sent to now: the complainant when the case can
    be tracked, the advocate when one is working with the child."""
    found = []
    if rep.tracking_code_hash:
        found.append(Recipient.COMPLAINANT)
    if queries.has_advocate(session, rep.id):
        found.append(Recipient.ADVOCATE)
    return found


def opened_by(session: Session, rep: Representation, stored: StoredFile, who: Recipient, *,
              user: User | None = None) -> None:
    """The complainant or the advocate opened a document sent to them: on the timeline."""
    record_event(session, rep.id, EventType.DOCUMENT_OPENED, actor=who.value,
                 actor_user_id=None if user is None else user.id,
                 data={"file_id": stored.id, "document_type": _type(stored)})


def write_down(session: Session, rep: Representation, stored: StoredFile, said: str, *,
               by: User) -> None:
    """Keep staff's typed note of what a voice note says (shown under its player), or
    change it; the history keeps each version."""
    if stored.purpose is not FilePurpose.VOICE_NOTE or stored.representation_id != rep.id:
        raise DocumentError("only the case's voice notes are written down")
    text = exact_text(said).strip()[:MAX_SAID]
    stored.said = text or None
    record_event(session, rep.id, EventType.VOICE_NOTE_WRITTEN_DOWN, actor="staff",
                 actor_user_id=by.id, data={"file_id": stored.id, "said": text})
    # The audit log says who wrote it down, not the child's words (the case's history,
    # destroyed with the case, keeps them).
    audit(by, EventType.VOICE_NOTE_WRITTEN_DOWN, representation_id=rep.id,
          detail={"file_id": stored.id})


def _type(stored: StoredFile) -> str:
    return stored.document_type.value if stored.document_type else ""

