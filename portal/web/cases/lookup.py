"""Finding the case a page is about, for someone allowed to see it."""

from __future__ import annotations

from flask import abort

from portal.cases import queries
from portal.councils.services import current_council
from portal.extensions import db
from portal.models.cases import Representation
from portal.staff.access import can_see_case, deny, signed_in_user


def case_or_deny(reference: str) -> Representation:
    """The case if this person may see it; otherwise 404, whether there is no such case or
    it is someone else's (the refusal rule, ``portal.staff.access.deny``), the second
    recorded in the audit log against the case."""
    user = signed_in_user()
    rep = queries.by_reference(db.session(), current_council().id, reference)
    if rep is None:
        abort(404)
    if not can_see_case(user, rep.id):
        deny(user, representation_id=rep.id, unseen=True)
    return rep
