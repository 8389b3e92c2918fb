"""A form a child saved to come back to later, sealed with a code only they hold.

No column holds the code or anything read from the form: ``lookup_id`` is a keyed
hash of the code (to find the row), and the answers are ``ciphertext`` under a key
derived from the code (portal/security/sealed.py, portal/complaints/saved.py). The
row is deleted when the form is sent, and after ``expires_at`` (the council's
``saved_draft_days``) by ``flask --app portal drafts purge-saved`` and the retention
purge; a row past ``expires_at`` is never opened, even before the purge reaches it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.db.base import Base
from portal.db.types import utcnow


class SavedDraft(Base):
    __tablename__ = "saved_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: HMAC-SHA256 of the code with a server key (hex): finds the row, cannot give the code.
    lookup_id: Mapped[str] = mapped_column(String(64), unique=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("councils.id"), index=True)
    #: The key derivation and its parameters ("scrypt:n=32768,r=8,p=1").
    kdf: Mapped[str] = mapped_column(String(60))
    salt: Mapped[bytes] = mapped_column(LargeBinary(32))
    nonce: Mapped[bytes] = mapped_column(LargeBinary(24))
    #: AES-256-GCM of the JSON {"answers", "answered", "files"}, tag included.
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
