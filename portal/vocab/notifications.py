"""The kinds of notice staff are sent, and how each person wants them."""

from __future__ import annotations

import enum


class NoticeKind(enum.StrEnum):
    """What a notice tells of (issue 16, part 4)."""

    ROLE_GIVEN = "role_given"  # a case or a stage role was given to them
    COMPLAINANT_REPLIED = "complainant_replied"  # on the tracking page
    ADVOCATE_WROTE = "advocate_wrote"  # the child's advocate sent a message
    DEADLINE_SOON = "deadline_soon"  # 3 working days or fewer before a deadline
    DEADLINE_MISSED = "deadline_missed"  # the day after a deadline passed unmet


#: Deadline notices: one per person, case, deadline and date, whatever the reruns.
DEADLINE_KINDS = frozenset({NoticeKind.DEADLINE_SOON, NoticeKind.DEADLINE_MISSED})


class Delivery(enum.StrEnum):
    """How a person wants their notices: an email each (the default), or one a day."""

    EACH = "each"
    DAILY = "daily"
