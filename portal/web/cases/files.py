"""A file added to a case (portal/files), opened by staff: a photo, a document, a voice note.

Who may open a file is who may open its case (``case_or_deny``): anyone else, and anyone
asking for a file of another case or another council, gets 404, the answer for what does
not exist. Every opening is in the audit log (``file_opened``).

The answer itself (streamed, sandboxed, ``nosniff``, inline only for pictures and sound)
is portal/web/files_served.py's, shared with the complainant's and the advocate's routes.
"""

from __future__ import annotations

from flask import abort
from werkzeug.wrappers import Response

from portal.extensions import db
from portal.files import queries as file_queries
from portal.staff.access import deny, requires, signed_in_user
from portal.staff.permissions import Permission
from portal.staff.services import audit
from portal.web.cases import bp
from portal.web.cases.lookup import case_or_deny
from portal.web.files_served import file_response

#: The audit log's action for opening a file.
FILE_OPENED = "file_opened"


@bp.get("/<reference>/files/<int:file_id>")
@requires(Permission.SEE_CASES, signed_out_not_found=True)
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
    return file_response(found, reference=rep.reference)
