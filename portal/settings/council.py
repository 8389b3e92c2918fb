"""The council's settings: the data a council edits, with safe defaults.

Stored as JSON on the council row so an administrator can change a phone
number or a timescale without a release. Routing's own part is validated by
portal.settings.routing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from portal.settings.texting import Hours, council_hours, parse_time

DEFAULT_LANGUAGES = ("en", "cy")
#: How long a saved form is kept (portal/complaints/saved.py), and the longest a council
#: may choose: the child is told the number of days, and it is kept no longer.
DEFAULT_SAVED_DRAFT_DAYS = 28
MAX_SAVED_DRAFT_DAYS = 90


class CouncilSettingsError(ValueError):
    """The council's settings are not usable; the message names the setting."""


@dataclass(frozen=True)
class ContactNumbers:
    """Numbers a child or adult may need at once. The duty line is the council's own."""

    duty_line: str
    out_of_hours: str | None = None
    complaints_phone: str | None = None
    complaints_email: str | None = None
    #: The council's safeguarding contact (its front door or MASH inbox): emailed at once,
    #: beside the children's rights officers, when a child may be at risk (portal/safety).
    safeguarding_email: str | None = None
    emergency: str = "999"
    childline: str = "0800 1111"


@dataclass(frozen=True)
class CouncilSettings:
    contacts: ContactNumbers
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    #: Offer the listed languages whose translation is still a draft (translations/
    #: languages.toml: not yet reviewed by a qualified translator); each page then says so.
    #: Off, only reviewed translations are offered.
    allow_draft_languages: bool = True
    reference_prefix: str = "CMP"
    advocacy_target_working_days: int = 2
    routing: Mapping[str, Any] = field(default_factory=dict)
    report_timescales: Mapping[str, Any] = field(default_factory=dict)
    exit_url: str = "https://www.bbc.co.uk/weather"
    #: Retention periods (portal/settings/retention.py); empty means the defaults.
    retention: Mapping[str, Any] = field(default_factory=dict)
    #: London hours in which a text message may reach a child, any day (portal/settings/texting.py:
    #: never before 07:00 or after 22:00); a child's own choice narrows them further.
    sms_from: str = "08:00"
    sms_until: str = "20:00"
    #: Need to know: complaints officers see only their own teams' cases (and those with
    #: no team yet); off by default (portal.staff.access.case_scope).
    officers_see_own_teams: bool = False
    #: Who signs the letters to complainants (portal/cases/letter_parts.py): the
    #: complaints manager's name and job title, the title in Welsh for Welsh letters.
    #: Blank: letters are signed by "The complaints team".
    signatory_name: str = ""
    signatory_title: str = ""
    signatory_title_cy: str = ""
    #: Files from the public (portal/files): photos, documents and voice notes. Off, the
    #: portal takes none (and production needs no virus scanner).
    uploads_enabled: bool = True
    #: The largest file, in megabytes.
    upload_max_file_mb: int = 10
    #: How many files one complaint may carry from the person who sent it.
    upload_max_files: int = 5
    #: All of one complaint's files together, in megabytes.
    upload_max_total_mb: int = 25
    #: Days a form saved with "Save and come back later" is kept after its last save.
    saved_draft_days: int = DEFAULT_SAVED_DRAFT_DAYS

    @property
    def sms_hours(self) -> Hours:
        """The texting hours, as portal/settings/texting.py reads them."""
        return council_hours(parse_time(self.sms_from), parse_time(self.sms_until))

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> CouncilSettings:
        contacts = data.get("contacts") or {}
        if not isinstance(contacts, Mapping) or not contacts.get("duty_line"):
            raise CouncilSettingsError(
                "contacts.duty_line is missing: children who are not safe must be shown "
                "the council's duty line."
            )
        languages = tuple(data.get("languages") or DEFAULT_LANGUAGES)
        if "en" not in languages:
            raise CouncilSettingsError("languages must include en")
        allow_drafts = data.get("allow_draft_languages", True)
        if not isinstance(allow_drafts, bool):
            raise CouncilSettingsError("allow_draft_languages must be true or false")
        target = data.get("advocacy_target_working_days", 2)
        if not isinstance(target, int) or target < 0:
            raise CouncilSettingsError("advocacy_target_working_days must be a whole number")
        prefix = str(data.get("reference_prefix", "CMP"))
        if not prefix.isalnum() or len(prefix) > 8:
            raise CouncilSettingsError("reference_prefix must be up to 8 letters or digits")
        from portal.settings.retention import RetentionSettings, RetentionSettingsError

        try:
            RetentionSettings.from_mapping(data.get("retention"))
        except RetentionSettingsError as error:
            raise CouncilSettingsError(str(error)) from None
        own_teams = data.get("officers_see_own_teams", False)
        if not isinstance(own_teams, bool):
            raise CouncilSettingsError("officers_see_own_teams must be true or false")
        sms_from = str(data.get("sms_from") or cls.sms_from)
        sms_until = str(data.get("sms_until") or cls.sms_until)
        try:
            council_hours(parse_time(sms_from), parse_time(sms_until))
        except ValueError:
            raise CouncilSettingsError(
                "sms_from and sms_until must be times like 08:00 and 20:00, the first before "
                "the second, both between 07:00 and 22:00"
            ) from None
        uploads = _upload_limits(data)
        saved_days = data.get("saved_draft_days", DEFAULT_SAVED_DRAFT_DAYS)
        if (not isinstance(saved_days, int) or isinstance(saved_days, bool)
                or not 1 <= saved_days <= MAX_SAVED_DRAFT_DAYS):
            raise CouncilSettingsError(
                f"saved_draft_days must be a whole number of days from 1 to "
                f"{MAX_SAVED_DRAFT_DAYS}")
        known = {f for f in ContactNumbers.__dataclass_fields__}
        return cls(
            contacts=ContactNumbers(**{k: v for k, v in contacts.items() if k in known}),
            languages=languages,
            allow_draft_languages=allow_drafts,
            reference_prefix=prefix,
            advocacy_target_working_days=target,
            routing=dict(data.get("routing") or {}),
            report_timescales=dict(data.get("report_timescales") or {}),
            exit_url=str(data.get("exit_url") or cls.exit_url),
            retention=dict(data.get("retention") or {}),
            sms_from=sms_from,
            sms_until=sms_until,
            officers_see_own_teams=own_teams,
            signatory_name=str(data.get("signatory_name") or "").strip()[:200],
            signatory_title=str(data.get("signatory_title") or "").strip()[:200],
            signatory_title_cy=str(data.get("signatory_title_cy") or "").strip()[:200],
            **uploads,
            saved_draft_days=saved_days,
        )


#: The most a council may allow: the request itself must fit in memory and in time.
UPLOAD_CEILINGS = {"upload_max_file_mb": 50, "upload_max_files": 20, "upload_max_total_mb": 200}


def _upload_limits(data: Mapping[str, Any]) -> dict[str, Any]:
    """``uploads_enabled`` and the three limits, each a whole number from 1 to its ceiling,
    the total at least one whole file."""
    enabled = data.get("uploads_enabled", True)
    if not isinstance(enabled, bool):
        raise CouncilSettingsError("uploads_enabled must be true or false")
    found: dict[str, Any] = {"uploads_enabled": enabled}
    for name, ceiling in UPLOAD_CEILINGS.items():
        value = data.get(name, CouncilSettings.__dataclass_fields__[name].default)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ceiling:
            raise CouncilSettingsError(f"{name} must be a whole number from 1 to {ceiling}")
        found[name] = value
    if found["upload_max_total_mb"] < found["upload_max_file_mb"]:
        raise CouncilSettingsError(
            "upload_max_total_mb must be at least upload_max_file_mb")
    return found
