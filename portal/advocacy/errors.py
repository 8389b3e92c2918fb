"""Why an advocacy step cannot be taken, in words for the coordinator or advocate.

Apart from portal.advocacy.services so that portal.advocacy.providers raises the same
error without importing the lifecycle; both modules re-export it for their callers.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from portal.procedure import advocacy as rules

REFUSAL_MESSAGES: dict[rules.Refusal, LazyString] = {
    rules.Refusal.SUBJECT: _l(
        "This advocate is the person the complaint is about, so they cannot advocate for "
        "this child."),
    rules.Refusal.SUBJECT_MANAGER: _l(
        "This advocate manages the person the complaint is about, so they cannot advocate "
        "for this child."),
    rules.Refusal.SERVICE_MANAGER: _l(
        "This advocate manages the service the complaint is about, so they cannot advocate "
        "for this child."),
    rules.Refusal.HANDLER: _l(
        "This advocate is handling the complaint, so they cannot advocate for this child."),
    rules.Refusal.OBJECTED: _l("The child has objected to this advocate."),
    rules.Refusal.NOT_AN_ADVOCATE: _l("This account is not an active advocate's account."),
    rules.Refusal.UNAVAILABLE: _l("This advocate is not available at the moment."),
    rules.Refusal.NO_CAPACITY: _l("This advocate has no capacity for another child."),
    rules.Refusal.OTHER_PROVIDER: _l(
        "This advocate works for another provider than the one the child was referred to."),
}


class AdvocacyError(Exception):
    """A step the coordinator or advocate asked for cannot be taken; the message says why."""

    def __init__(self, message: str | LazyString) -> None:
        # Kept lazy: it is rendered in the reader's language when shown, not when raised.
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class AdvocateRefused(AdvocacyError):
    def __init__(self, refusal: rules.Refusal) -> None:
        super().__init__(REFUSAL_MESSAGES[refusal])
        self.refusal = refusal
