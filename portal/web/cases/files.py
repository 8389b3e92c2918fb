"""A file added to a case (portal/files), opened by staff: a photo, a document, a voice note.

Who may open a file is who may open its case (``case_or_deny``): anyone else, and anyone
asking for a file of another case or another council, gets 404, the answer for what does
not exist. Every opening is in the audit log (``file_opened``).

A file is sent as the chunks it is stored in (``files.services.stream``), never whole, with
headers that stop a browser from doing anything with it but show or save it:
``X-Content-Type-Options: nosniff`` (its type is the one decided from its bytes), a
sandboxing ``Content-Security-Policy`` (nothing in it runs, whatever it is), and
``Content-Disposition: attachment`` for anything that is not a picture or a sound, so a
PDF opens in a viewer outside the portal's origin. Pictures and voice notes are shown
inline, for the case page's pages to come.
"""

from __future__ import annotations

from flask import abort, stream_with_context
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.files import queries as file_queries
from portal.files.names import download_name
from portal.files.services import stream
from portal.staff.access import deny, requires, signed_in_user
from portal.staff.permissions import Permission
from portal.staff.services import audit
from portal.web.cases import bp
from portal.web.cases.lookup import case_or_deny

#: The audit log's action for opening a file.
FILE_OPENED = "file_opened"
#: Nothing in a file may run, load or be framed, whatever a browser takes it for.
FILE_POLICY = "default-src 'none'; sandbox"
INLINE_FAMILIES = frozenset({"image", "audio"})


@bp.get("/<reference>/files/<int:file_id>")
@requires(Permission.SEE_CASES)
def file(reference: str, file_id: int) -> Response:
    user = signed_in_user()
    rep = case_or_deny(reference)
    if rep.council_id != user.council_id:
        # One portal serves one council; an account of another never sees its files.
        deny(user, representation_id=rep.id, unseen=True)
    found = file_queries.file_of_case(db.session(), council_id=rep.council_id,
                                      case_id=rep.id, file_id=file_id)
    if found is None:
        abort(404)
    audit(user, FILE_OPENED, representation_id=rep.id,
          detail={"file_id": found.id, "kind": found.kind.value,
                  "purpose": found.purpose.value})
    # The body is read after the request's session has gone (portal.db.session's commit
    # point commits the audit row first), so it reads through the session registry.
    response = Response(stream_with_context(stream(db.session, found.id)),
                        mimetype=found.content_type, direct_passthrough=True)
    response.content_length = found.size
    disposition = "inline" if found.kind.family in INLINE_FAMILIES else "attachment"
    name = download_name(rep.reference, found.id, found.kind)
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = FILE_POLICY
    # A child's photo must not stay in a shared device's cache.
    response.headers["Cache-Control"] = "no-store, private"
    return response
