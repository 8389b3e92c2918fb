"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from portal.db.base import Base
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider, AdvocateProfile
from portal.models.cases import (
    CaseCheck,
    CaseEvent,
    EqualityMonitoring,
    LearningAction,
    Message,
    Person,
    ReferenceCounter,
    Remedy,
    Representation,
    Stage,
)
from portal.models.councils import Category, Council, Team
from portal.models.files import StoredFile, StoredFileChunk
from portal.models.mail import OutgoingMail
from portal.models.notifications import Notice, NoticePreference
from portal.models.records import Compliment, ComplimentRecipient, ResponsePlan
from portal.models.register import (
    ApiClient,
    FeedEndpoint,
    OutboxEntry,
    RegisterChange,
    ReportNarrative,
)
from portal.models.retention import DestructionRecord, LegalHold
from portal.models.safety import SafetyAlert
from portal.models.saved import SavedDraft
from portal.models.staff import AuditLog, CaseAssignment, PasswordReset, User

__all__ = [
    "AdvocacyCase", "AdvocacyProvider", "AdvocateProfile", "AuditLog", "Base", "CaseAssignment",
    "CaseCheck", "CaseEvent", "Category", "Council", "EqualityMonitoring", "LearningAction",
    "Message", "OutgoingMail", "PasswordReset", "Person", "ReferenceCounter", "Remedy",
    "Representation", "Stage", "Team", "User",
    "Compliment", "ComplimentRecipient", "ResponsePlan",
    "ApiClient", "FeedEndpoint", "OutboxEntry", "RegisterChange", "ReportNarrative",
    "DestructionRecord", "LegalHold", "SafetyAlert", "SavedDraft",
    "Notice", "NoticePreference",
    "StoredFile", "StoredFileChunk",
]
