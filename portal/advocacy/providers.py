"""Advocacy providers and what matching knows of their advocates: the council's list of
providers (an in-house service or a charity it commissions), and each advocate's
languages, capacity and availability.

Services flush, never commit, as in portal.advocacy.services (whose legal sources,
Children Act 1989 s.26A and the 2004 Regulations, cover these arrangements too); that
module re-exports these functions for its callers.
"""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.advocacy.errors import AdvocacyError
from portal.models.advocacy import AdvocacyProvider, AdvocateProfile
from portal.models.councils import Council
from portal.models.staff import Role, User
from portal.staff.permissions import NotPermitted

#: A language code (BCP 47's short form): also how portal.advocacy.services tells a code
#: from a language's name in what a child typed.
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")


def parse_languages(text: str) -> list[str]:
    """``"en, CY pl"`` -> ``["en", "cy", "pl"]``: language codes (BCP 47's short form), in
    the order given, once each; anything else is refused, naming it."""
    codes: list[str] = []
    for raw in re.split(r"[\s,;]+", text or ""):
        code = raw.strip().lower()
        if not code:
            continue
        if not LANGUAGE_CODE.match(code):
            raise AdvocacyError(_l("%(code)s is not a language code, such as en, cy or pl.",
                                   code=raw[:20]))
        if code not in codes:
            codes.append(code)
    if not codes:
        raise AdvocacyError(_l("Enter at least one language"))
    return codes


def save_provider(session: Session, council: Council, provider: AdvocacyProvider | None, *,
                  name: str, in_house: bool, phone: str | None, email: str | None,
                  active: bool) -> AdvocacyProvider:
    """Add or change one of the council's advocacy providers (an in-house service or a
    charity the council commissions)."""
    if provider is None:
        provider = AdvocacyProvider(council_id=council.id, name=name.strip())
        session.add(provider)
    elif provider.council_id != council.id:
        raise NotPermitted("provider of another council")
    provider.name = name.strip()
    provider.in_house = in_house
    provider.phone = (phone or "").strip() or None
    provider.email = (email or "").strip() or None
    provider.active = active
    session.flush()
    return provider


def save_profile(session: Session, advocate: User, provider: AdvocacyProvider, *,
                 languages: str, capacity: int, available: bool) -> AdvocateProfile:
    """Set what matching knows of an advocate, creating the profile the first time; the
    account is tied to the same provider, so their coordinator can manage them."""
    if advocate.role is not Role.ADVOCATE:
        raise AdvocacyError(_l("Only an advocate's account has languages and capacity."))
    if provider.council_id != advocate.council_id:
        raise NotPermitted("provider of another council")
    codes = parse_languages(languages)
    profile = session.scalars(
        select(AdvocateProfile).where(AdvocateProfile.user_id == advocate.id)).first()
    if profile is None:
        profile = AdvocateProfile(user_id=advocate.id, provider_id=provider.id)
        session.add(profile)
    profile.provider_id = provider.id
    profile.languages = codes
    profile.capacity = capacity
    profile.available = available
    advocate.provider_id = provider.id
    session.flush()
    return profile
