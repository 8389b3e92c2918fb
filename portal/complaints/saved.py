"""Save it and come back later (issue 19, part 6): a form sealed with a code the child holds.

"Save and come back later" on any question page seals the journey's answers with
a fresh code (security/tokens.py: 16 Crockford symbols, four groups of four) and
keeps them in ``saved_drafts`` for the council's ``saved_draft_days`` (28 by
default). The code is shown to the child, and optionally emailed as a link; it
is never stored: the row holds a keyed hash to find it and the answers encrypted
under a key derived from the code (security/sealed.py), so the council cannot
read a saved form without the code.

Why a database table, when unsent answers (drafts.py) are kept out of the
database so that backups never hold them: a saved form must outlive the idle
timeout and reach another device, and what the table (and so every backup)
holds is ciphertext that nobody without the code can read. Backups keep that
ciphertext for as long as backups are kept, beyond ``saved_draft_days``; it
stays unreadable without the code, which only the child has.

What a child expects, so what happens:

- Coming back restores every answer into a new unsent draft and carries on at
  the first question not yet answered. The saved copy is *kept* (not deleted on
  restore): if the new device's tab is closed, or its idle timeout passes, the
  child's code still works. The draft remembers the code (``Draft.saved_code``,
  not the database), so saving again replaces the same copy under the same code
  and restarts its days.
- Files (photos, documents, voice notes) are sealed with the answers, bytes and all,
  and re-created for the new draft when the code brings the form back
  (``pack_files``, ``unpack_files``); past the keeping period they go with the row.
- Sending the form deletes the saved copy, in the same transaction as the
  complaint's entry.
- "Exit this page" forgets the unsent draft at once; the saved copy stays,
  because the child chose to save it. It is gone after its days in any case.
- A row past its ``expires_at`` is treated as gone even before the purge
  (``flask --app portal drafts purge-saved``, also run by the retention purge)
  deletes it.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask_babel import gettext
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from portal.common.languages import in_language
from portal.common.links import public_url
from portal.complaints import attachments
from portal.complaints.drafts import Draft
from portal.councils.services import council_settings
from portal.files.services import accept, files_of_draft, read_all
from portal.mail.services import enqueue
from portal.models.councils import Council
from portal.models.files import StoredFile
from portal.models.saved import SavedDraft
from portal.retention.purge import expire_saved_drafts
from portal.security import sealed
from portal.security.tokens import group_code, new_code
from portal.vocab.files import FilePurpose

#: The mail's purpose: mail.services wipes its words once it is sent (it holds the code).
LINK_PURPOSE = "saved_draft_link"
PAYLOAD_VERSION = 1


@dataclass
class Restored:
    """What a code opened: the answers, which pages were answered, and files to re-create."""

    answers: dict[str, Any]
    answered: list[str]
    files: list[Any] = field(default_factory=list)


# --- files (issue 19, part 1) -----------------------------------------------------------------


def pack_files(session: Session, draft: Draft) -> list[dict[str, Any]]:
    """The draft's files, as JSON-ready values sealed with its answers: each file's cleaned
    bytes (base64), name, purpose and note. Sealed under the child's code like the answers,
    so the saved copy's files are as unreadable to the server alone as its words."""
    if not attachments.file_ids(draft.answers):
        return []  # most forms have none: no statement
    return [{"id": stored.id, "name": stored.original_name, "kind": stored.kind.value,
             "purpose": stored.purpose.value, "note": stored.note,
             "data": base64.b64encode(read_all(session, stored.id)).decode("ascii")}
            for stored in files_of_draft(session, draft.draft_token)]


def unpack_files(session: Session, council: Council, draft: Draft,
                 files: list[Any]) -> None:
    """Re-create the saved files for the restored ``draft`` (the reverse of :func:`pack_files`),
    and point its answers at them.

    Each goes through ``files.services.accept`` again (``already_clean``) rather than
    straight back into the table: the scanner may know more now than it did up to
    ``saved_draft_days`` ago, the council's limits (or uploads turned off) apply to what a
    draft holds today, and the kind is checked from the bytes. They are not cleaned again:
    they are the bytes the portal cleaned and sealed itself (only the code opens the box,
    and it cannot be changed without it), and re-encoding a photo at each save would
    leave a copy of a copy. A file refused now leaves the answers."""
    new_ids: dict[int, int] = {}
    for entry in files:
        try:
            data = base64.b64decode(entry["data"], validate=True)
            purpose = FilePurpose(entry["purpose"])
            old_id = int(entry["id"])
        except (KeyError, ValueError, TypeError):
            continue
        stored = accept(session, data, name=entry.get("name"), purpose=purpose, council=council,
                        draft_token=draft.draft_token, note=entry.get("note"),
                        already_clean=True)
        if isinstance(stored, StoredFile):
            new_ids[old_id] = stored.id
    attachments.renumber(draft.answers, new_ids)


# --- sealing and opening ----------------------------------------------------------------------


def _associated(council_id: int, lookup: str) -> bytes:
    # Binds a ciphertext to its council and code: a row moved to another does not open.
    return f"portal.saved-draft.v{PAYLOAD_VERSION}:{council_id}:{lookup}".encode()


def keeping_days(council: Council) -> int:
    return council_settings(council).saved_draft_days


def save(session: Session, council: Council, draft: Draft, *, now: datetime) -> str:
    """Seal the draft's answers under its code (a new one the first time) and keep them for
    the council's ``saved_draft_days`` from now; returns the code. Saving again with the
    same code replaces the copy. Runs in the caller's transaction."""
    code = draft.saved_code or new_code()
    lookup = sealed.lookup_id(code)
    payload = json.dumps({"v": PAYLOAD_VERSION, "answers": draft.answers,
                          "answered": draft.answered, "files": pack_files(session, draft)},
                         ensure_ascii=False).encode()
    box = sealed.seal(code, payload, associated=_associated(council.id, lookup))
    row = session.scalars(select(SavedDraft).where(SavedDraft.lookup_id == lookup)
                          .with_for_update()).first()
    if row is None:
        row = SavedDraft(lookup_id=lookup, council_id=council.id, created_at=now)
        session.add(row)
    row.council_id = council.id
    row.kdf, row.salt, row.nonce, row.ciphertext = box.kdf, box.salt, box.nonce, box.ciphertext
    row.expires_at = now + timedelta(days=keeping_days(council))
    session.flush()
    draft.saved_code = code
    return code


def _live_row(session: Session, council: Council, code: str, *, now: datetime
              ) -> SavedDraft | None:
    row = session.scalars(select(SavedDraft).where(
        SavedDraft.lookup_id == sealed.lookup_id(code),
        SavedDraft.council_id == council.id)).first()
    if row is None or row.expires_at <= now:
        return None  # past its days it is gone, whether or not the purge has run
    return row


def restore(session: Session, council: Council, code: str, *, now: datetime) -> Restored | None:
    """What the code opens, or None for a wrong, unknown or expired code. The copy stays."""
    row = _live_row(session, council, code, now=now)
    if row is None:
        return None
    box = sealed.Sealed(salt=row.salt, nonce=row.nonce, ciphertext=row.ciphertext, kdf=row.kdf)
    try:
        data = json.loads(sealed.open_sealed(code, box,
                                             associated=_associated(council.id, row.lookup_id)))
    except (sealed.SealBroken, ValueError):
        return None
    return Restored(answers=dict(data.get("answers") or {}),
                    answered=[str(s) for s in data.get("answered") or []],
                    files=list(data.get("files") or []))


def into_draft(session: Session, council: Council, draft: Draft, restored: Restored,
               code: str) -> Draft:
    """Put what a code opened into a new unsent draft, remembering the code for the next
    save; its files are re-created for this draft (``unpack_files``)."""
    draft.answers = restored.answers
    draft.answered = restored.answered
    draft.saved_code = code
    unpack_files(session, council, draft, restored.files)
    return draft


def forget(session: Session, council: Council, code: str | None) -> None:
    """Delete the copy saved under ``code`` (the form was sent), in the caller's transaction."""
    if code:
        session.execute(delete(SavedDraft).where(
            SavedDraft.lookup_id == sealed.lookup_id(code), SavedDraft.council_id == council.id))


def expires_on(session: Session, council: Council, code: str, *, now: datetime
               ) -> datetime | None:
    row = _live_row(session, council, code, now=now)
    return row.expires_at if row is not None else None


def email_link(session: Session, council: Council, code: str, address: str, *,
               locale: str) -> None:
    """Queue an email with a link back to the saved form (the mail worker sends it, then
    wipes its words: mail.services.SECRET_PURPOSES).

    The code rides in the link's fragment (``#code=...``): a browser never sends the part
    after ``#`` to a server, so the code reaches no web server's or proxy's log, and no
    Referer. The page's script (static/come-back.js) copies it into the box."""
    with in_language(locale):
        url = public_url("complaints.come_back", lang=locale) + "#code=" + group_code(code)
        days = keeping_days(council)
        subject = gettext("Your saved form")
        body = "\n\n".join([
            gettext("You saved your form so you can finish it later."),
            gettext("To carry on, open this link:"),
            url,
            gettext("The link has your secret code in it. Anyone who has the link or the code "
                    "can read your form. So do not send it on to anyone."),
            gettext("We will delete your saved form after %(days)d days.", days=days),
            gettext("If you did not save a form, you can ignore this email."),
        ])
    enqueue(session, to=address, subject=subject, body=body, locale=locale,
            purpose=LINK_PURPOSE)


def purge_expired(session: Session, *, now: datetime, dry_run: bool = False) -> int:
    """Delete every saved form past its days; returns how many (retention.purge does it)."""
    return expire_saved_drafts(session, now=now, dry_run=dry_run)
