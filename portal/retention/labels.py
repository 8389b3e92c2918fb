"""Words people read for the retention schedule's vocabularies, in the reader's language."""

from __future__ import annotations

from enum import Enum

from flask_babel import lazy_gettext as _l

from portal.vocab.retention import HoldReason, Kept, Rule

LABELS: dict[Enum, object] = {
    HoldReason.LITIGATION: _l("Litigation: a claim is made or expected"),
    HoldReason.OMBUDSMAN: _l("An Ombudsman investigation"),
    HoldReason.SUBJECT_ACCESS_REQUEST: _l("A subject access request being answered"),
    HoldReason.INQUIRY: _l("An inquiry, review or inspection"),
    Rule.DEFAULT: _l("Years after closure"),
    Rule.LOOKED_AFTER_BIRTHDAY: _l("Looked-after child: until their 75th birthday"),
    Rule.LOOKED_AFTER_AGE_UNKNOWN: _l("Looked-after child, age not known: years after closure"),
    Kept.OPEN: _l("The case is open"),
    Kept.LEGAL_HOLD: _l("On legal hold"),
    Kept.OMBUDSMAN_PENDING: _l("Awaiting the Ombudsman's decision"),
}
