"""A voice note instead of writing (issue 19, part 3), on "What happened?" and "How did it make
you feel?" (questions.Step.voice).

The page's form is multipart. With JavaScript, static/voice-note.js records in the browser
(MediaRecorder: a timer, stop, listen back, record again, delete) and puts the recording in
the form's audio box before it is sent; without it, the box itself (``accept="audio/*"
capture``) opens a phone's recorder. Either way the file arrives with the form: it must be
sound (decided from its bytes), it is kept through ``files.services.accept`` as a
``VOICE_NOTE`` whose note names the question (``attachments.VOICE_NOTE_QUESTION``), and the
draft's answer (``Step.voice``) holds its id, name and size. A voice note alone answers the
question (validation.validate_step's ``spoken``).
"""

from __future__ import annotations

import logging
from typing import Any

from flask import request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import RequestEntityTooLarge

from portal.complaints import attachments
from portal.complaints.drafts import Draft
from portal.complaints.questions import Step
from portal.councils.services import council_settings, current_council
from portal.db.session import keep_on_refusal
from portal.extensions import db
from portal.files.refusals import Refusal
from portal.files.services import MEGABYTE, delete_draft_file
from portal.files.sniff import HEAD_SIZE, sniff
from portal.security.headers import allow_microphone
from portal.vocab.files import AUDIO_KINDS, FilePurpose
from portal.web.complaints.filing import FORM_ALLOWANCE, REFUSED, chosen, keep_file, take
from portal.web.complaints.summary import size_text

log = logging.getLogger(__name__)

#: The form's audio box.
FIELD = "voice"
#: The button that deletes the voice note kept with the draft.
DELETE = "delete_voice"
#: The error summary's key for the voice note (not a field of the Step).
ERROR_KEY = "_voice"

E_NOT_SOUND = _l("This is not a sound recording. Record your voice again, or write your "
                 "answer.")
E_TOO_BIG = _l("Your recording is too long to send. Record a shorter one, or write your "
               "answer.")


def takes_voice(step: Step) -> bool:
    return step.voice is not None


def read_form(step: Step) -> bool:
    """Read the form with room for one recording (the council's size for a file); False if
    the request was too big to read."""
    if request.mimetype != "multipart/form-data":
        return True  # words only: the app's own limit and its 413 page
    settings = council_settings(current_council())
    request.max_content_length = settings.upload_max_file_mb * MEGABYTE + FORM_ALLOWANCE
    try:
        _ = request.form, request.files
    except RequestEntityTooLarge:
        return False
    return True


def deleting() -> bool:
    return DELETE in request.form


def take_voice(step: Step, draft: Draft) -> str | None:
    """Keep the recording the form brought (replacing the one before), or delete the kept
    one if asked; the sentence to show if it was refused."""
    assert step.voice is not None
    if deleting():
        forget(step, draft)
        return None
    uploads = chosen(FIELD)
    if not uploads:
        return None
    upload = uploads[0]
    data = upload.stream.read(HEAD_SIZE)
    upload.stream.seek(0)
    if sniff(data) not in AUDIO_KINDS:
        log.info("journey: a voice note refused (not sound)")
        return str(E_NOT_SOUND)
    result = take(current_council(), draft, upload, purpose=FilePurpose.VOICE_NOTE,
                  note=attachments.VOICE_NOTE_QUESTION[step.voice])
    if isinstance(result, Refusal):
        return str(REFUSED[result.reason])
    forget(step, draft)
    draft.answers[step.voice] = keep_file(draft, result)
    keep_on_refusal()  # kept with the draft even if another answer on the page needs fixing
    return None


def forget(step: Step, draft: Draft) -> None:
    """Delete the voice note kept for this question, if any."""
    assert step.voice is not None
    kept = attachments.voice_note(draft.answers, step.voice)
    if kept is not None:
        delete_draft_file(db.session(), draft.draft_token, int(kept["id"]))
        draft.answers.pop(step.voice, None)


def page_context(step: Step, draft: Draft | None, error: Any = None) -> dict[str, Any]:
    """What the question page shows of its voice note: the kept one, and any error."""
    if step.voice is None:
        return {"voice": None}
    allow_microphone()
    kept = attachments.voice_note(draft.answers, step.voice) if draft else None
    return {"voice": {
        "kept": None if kept is None else {**kept, "size_text": size_text(int(kept["size"]))},
        "error": str(error) if error else None,
    }}
