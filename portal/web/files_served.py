"""Sending a stored file (portal/files) to a browser: one place for every route that does,
the staff's (``cases.file``), the complainant's (``complaints.track_document``) and the
advocate's (``advocacy.child_document``). Each route decides who may have the file; this
decides how it goes out.

The file is sent as the chunks it is stored in (``files.services.stream``), never whole,
with headers that stop a browser from doing anything with it but show or save it:
``X-Content-Type-Options: nosniff`` (its type is the one decided from its bytes), a
sandboxing ``Content-Security-Policy`` (nothing in it runs, whatever it is), and
``Content-Disposition: attachment`` for anything that is not a picture or a sound, so a
PDF opens in a viewer outside the portal's origin. Pictures and voice notes are shown
inline (the case page's previews and players).
"""

from __future__ import annotations

from flask import stream_with_context
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.files.names import download_name
from portal.files.services import stream
from portal.models.files import StoredFile

#: Nothing in a file may run, load or be framed, whatever a browser takes it for.
FILE_POLICY = "default-src 'none'; sandbox"
INLINE_FAMILIES = frozenset({"image", "audio"})


def file_response(found: StoredFile, *, reference: str) -> Response:
    """The file's answer: streamed, typed as its bytes are, sandboxed, never cached, named
    by the case's reference and the file's number (never the name it was sent with)."""
    # The body is read after the request's session has gone (portal.db.session's commit
    # point commits the audit row first), so it reads through the session registry.
    response = Response(stream_with_context(stream(db.session, found.id)),
                        mimetype=found.content_type, direct_passthrough=True)
    response.content_length = found.size
    disposition = "inline" if found.kind.family in INLINE_FAMILIES else "attachment"
    name = download_name(reference, found.id, found.kind)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    # A child's photo, or a letter about them, must not stay in a shared device's cache.
    response.headers["Cache-Control"] = "no-store, private"
    return response
