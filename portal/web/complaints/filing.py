"""What the public journey's file pages share (issue 19): a child's words for each refusal,
and taking a file from the form for the draft (uploads.py, voice.py)."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from werkzeug.datastructures import FileStorage

from portal.complaints.drafts import Draft
from portal.extensions import db
from portal.files.refusals import Reason, Refusal
from portal.files.services import MEGABYTE, accept
from portal.models.councils import Council
from portal.models.files import StoredFile
from portal.vocab.files import FilePurpose

#: Room in a request for the form's other parts (the token, the buttons, the headers of
#: each file) besides the files themselves.
FORM_ALLOWANCE = 1 * MEGABYTE

#: Why a file was not kept, for a child (portal/files/refusals.py's reasons, each one).
REFUSED: dict[Reason, LazyString] = {
    Reason.EMPTY: _l("The file is empty. Choose another file."),
    Reason.NOT_ALLOWED_TYPE: _l("We cannot take this kind of file. Send a photo, a PDF or a "
                                "sound recording."),
    Reason.HEIC_NOT_SUPPORTED: _l("We cannot open this iPhone photo. Take a screenshot of it "
                                  "and send that."),
    Reason.IMAGE_UNREADABLE: _l("We could not open this picture. Try a screenshot of it."),
    Reason.IMAGE_TOO_MANY_PIXELS: _l("This picture is too big to open. Try a screenshot of "
                                     "it."),
    Reason.PDF_ENCRYPTED: _l("This PDF has a password. Send it with no password, or send a "
                             "photo of each page."),
    Reason.PDF_UNREADABLE: _l("We could not open this PDF. Send a photo of each page."),
    Reason.AUDIO_UNREADABLE: _l("We could not play this recording. Try to record it again."),
    Reason.VIDEO_NOT_ALLOWED: _l("We cannot take videos. Send a photo or a voice note."),
    Reason.FILE_TOO_LARGE: _l("This file is too big. Try a smaller photo or a screenshot."),
    Reason.TOO_MANY_FILES: _l("You have added all the files you can. Remove one to add "
                              "another."),
    Reason.TOO_MUCH_IN_TOTAL: _l("Your files are too big all together. Remove one to add "
                                 "another."),
    Reason.UPLOADS_OFF: _l("You cannot send files here. Tell us in words."),
    Reason.INFECTED: _l("This file may have a virus in it. We did not keep it."),
    Reason.SCANNER_UNAVAILABLE: _l("We cannot take files right now. Try again later, or tell "
                                   "us in words."),
    Reason.NO_SCANNER: _l("We cannot take files right now. Try again later, or tell us in "
                          "words."),
}
E_CHOOSE = _l("Choose a file to add")
E_TOO_BIG = _l("That was too much to send at once. Add fewer files, or smaller ones.")
E_CSRF = _l("This page was open for a long time. Choose your file again and press the "
            "button.")


def refused_text(refusal: Refusal, *, name: str | None = None, several: bool = False) -> str:
    """The sentence a child reads for a refused file; with the file's name when several
    files were sent at once, so they know which one."""
    text = str(REFUSED[refusal.reason])
    if several and name:
        return gettext("%(name)s was not added. %(reason)s", name=name, reason=text)
    return text


def keep_file(draft: Draft, stored: StoredFile) -> dict[str, Any]:
    """What the draft's answers hold of a kept file."""
    return {"id": stored.id, "name": stored.original_name, "size": stored.size,
            "kind": stored.kind.value}


def take(council: Council, draft: Draft, upload: FileStorage, *, purpose: FilePurpose,
         note: str | None = None) -> StoredFile | Refusal:
    """One file from the form, kept for the draft or refused (portal/files/services.py)."""
    return accept(db.session(), upload.read(), name=upload.filename, purpose=purpose,
                  council=council, draft_token=draft.draft_token, note=note)


def chosen(name: str) -> list[FileStorage]:
    """The files sent in the form's box ``name`` (a box left empty sends one with no name)."""
    return [f for f in request.files.getlist(name) if f.filename]
