"""Every model, imported in one place so Alembic and the tests see the whole schema."""

from portal.advocacy.models import AdvocacyCase, AdvocacyProvider, AdvocateProfile
from portal.cases.models import (
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
from portal.cases.records import Compliment, ComplimentRecipient, ResponsePlan
from portal.councils.models import Category, Council, Team
from portal.db.base import Base
from portal.mail.models import OutgoingMail
from portal.notifications.models import Notice, NoticePreference
from portal.register.models import ApiClient, FeedEndpoint, OutboxEntry, RegisterChange
from portal.register.narrative import ReportNarrative
from portal.retention.models import DestructionRecord, LegalHold
from portal.safety.models import SafetyAlert
from portal.staff.models import AuditLog, CaseAssignment, PasswordReset, User

__all__ = [
    "AdvocacyCase", "AdvocacyProvider", "AdvocateProfile", "AuditLog", "Base", "CaseAssignment",
    "CaseCheck", "CaseEvent", "Category", "Council", "EqualityMonitoring", "LearningAction",
    "Message", "OutgoingMail", "PasswordReset", "Person", "ReferenceCounter", "Remedy",
    "Representation", "Stage", "Team", "User",
    "Compliment", "ComplimentRecipient", "ResponsePlan",
    "ApiClient", "FeedEndpoint", "OutboxEntry", "RegisterChange", "ReportNarrative",
    "DestructionRecord", "LegalHold", "SafetyAlert",
    "Notice", "NoticePreference",
]
