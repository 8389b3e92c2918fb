"""An advocate acting for a child through intake: filing a complaint for them, asking for
the next stage. Both go through the same services as the child's own journey (the same
routing, reference, acknowledgement, stage and clock), with the advocate's part recorded
(DOMAIN.md, "Advocacy")."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from portal.advocacy import queries, services
from portal.complaints.codes import send_to_chosen_contact
from portal.complaints.services import NotAllowed, submit, take_further
from portal.history.events import record_event
from portal.models.advocacy import AdvocacyCase
from portal.models.cases import CaseEvent, Representation
from portal.models.councils import Council
from portal.models.staff import User
from portal.procedure.machine import Actor
from portal.security.tokens import hash_tracking_code, new_tracking_code
from portal.staff.permissions import NotPermitted, Permission, may
from portal.staff.services import audit
from portal.vocab.advocacy import AdvocacyStatus, Answer
from portal.vocab.events import EventType


def request_next_stage(session: Session, representation: Representation, advocate: User, *,
                       now: datetime, reason: str) -> CaseEvent:
    """The advocate asks, for the child, for the next stage (2006 Regulations regs. 15 and
    18: the complainant, or an advocate for them, may ask within 20 working days).

    Goes through the same service as the child's own request on the tracking
    page, so the stage, its clock and a late request's flag are the same; the
    event added here says the advocate asked.
    """
    if not queries.advocate_may_see(session, advocate.id, representation.id):
        raise NotPermitted("advocate not assigned to this child",
                           representation_id=representation.id)
    if not reason.strip():
        raise services.AdvocacyError(_l("Say why the child wants the next stage."))
    try:
        stage = take_further(session, representation.council, representation, now=now,
                             reason=reason, actor=Actor.ADVOCATE)
    except NotAllowed as error:
        raise services.AdvocacyError(_l("There is no further stage to ask for at the moment.")) \
            from error
    event = record_event(
        session, representation.id, EventType.NEXT_STAGE_REQUESTED_BY_ADVOCATE,
        actor="advocate", actor_user_id=advocate.id,
        data={"stage": stage.number, "on": stage.requested_on.isoformat()
              if stage.requested_on else None},
    )
    audit(advocate, EventType.NEXT_STAGE_REQUESTED_BY_ADVOCATE,
          representation_id=representation.id, detail=dict(event.data))
    session.flush()
    return event


def file_for_child(session: Session, advocate: User, *, answers: dict[str, Any],
                   agreement_how: str, now: datetime, locale: str
                   ) -> tuple[Representation, str]:
    """An advocate files a complaint, compliment or comment for a child, through the public
    journey's own service (the same routing, reference and acknowledgement), with the
    child's agreement recorded (DOMAIN.md: "files on a child's behalf with the child's
    agreement recorded"). The advocate is assigned to the child from the start.

    Returns the entry and its tracking code, shown once for the advocate to give the child.
    """
    if not may(advocate, Permission.ADVOCATE) or not advocate.active:
        raise NotPermitted("only an advocate files for a child")
    code = new_tracking_code()
    full = {**answers, "submitter": "advocate", "contact_methods": ["email"],
            "email": advocate.email, "name": advocate.name}
    council = session.get(Council, advocate.council_id)
    if council is None:
        raise NotPermitted("advocate without a council")
    representation = submit(session, council=council, answers=full,
                            submission_key=secrets.token_hex(16), tracking_code=code,
                            locale=locale, now=now)
    received_on = representation.received_on
    case = AdvocacyCase(
        representation_id=representation.id, status=AdvocacyStatus.ASSIGNED,
        answer=Answer.ACCEPTED.value, requested_on=received_on, provider_id=advocate.provider_id,
        advocate_user_id=advocate.id, assigned_on=received_on,
        child_agreement_how=agreement_how, objected_advocate_ids=[],
        notes={"filed_by_advocate": True},
    )
    session.add(case)
    representation.advocate_supported = True
    services.record_event(session, case, EventType.FILED_BY_ADVOCATE, actor=advocate,
           data={"child_agreed": True, "agreement_how": agreement_how})
    session.flush()
    return representation, code


def send_new_tracking_code(session: Session, representation: Representation, advocate: User,
                           *, now: datetime) -> tuple[list[str], str | None]:
    """An assigned advocate gets the child a way back in: a new tracking code replaces the
    old one's hash (the old code stops working) and goes to the contact the child chose.

    Only codes' hashes are kept, so nobody can look a lost code up; a new one is the way.
    Returns how it was sent ("email", "text") and, when the child chose no way to be
    reached, the code itself, shown once for the advocate to give the child in person.
    Recorded in the case's history and the audit log (never the code)."""
    if not queries.advocate_may_see(session, advocate.id, representation.id):
        raise NotPermitted("advocate not assigned to this child",
                           representation_id=representation.id)
    code = new_tracking_code()
    representation.tracking_code_hash = hash_tracking_code(code)
    sent = send_to_chosen_contact(session, representation, code, now=now)
    detail = {"sent_by": sent, "given_to_advocate": not sent}
    record_event(session, representation.id, EventType.TRACKING_CODE_REPLACED,
                 actor="advocate", actor_user_id=advocate.id, data=detail)
    audit(advocate, EventType.TRACKING_CODE_REPLACED, representation_id=representation.id,
          detail=detail)
    session.flush()
    return sent, None if sent else code
