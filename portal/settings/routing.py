"""A council's routing configuration: the rules of DOMAIN.md that are data, not code.

Which services are children's social care functions, where other matters
are signposted, who qualifies for the children's statutory procedure, the
timescales and the words that may signal harm are the council's choices
within the law. The council stores them as JSON it edits, so
:meth:`RoutingSettings.from_mapping` validates that JSON and names the key
and value of any mistake, and :meth:`RoutingSettings.to_mapping` gives it back.

Reading that JSON key by key (and the :class:`Timescale` values it holds) is in
``routing_json``; the default data (services, who qualifies, harm words) in
``routing_defaults``. This module holds the settings and the defaults built from
them, ``ENGLAND_DEFAULTS`` and ``WALES_PROFILE``: from_mapping starts from those,
so they cannot live below it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from portal.common.dates import Nation
from portal.common.words import gettext
from portal.settings.routing_defaults import (
    CHILDRENS_SERVICES,
    HARM_WORDS_CY,
    HARM_WORDS_EN,
    HARM_WORDS_PL,
    HARM_WORDS_UR,
    QUALIFYING_SUBMITTERS,
    SIGNPOSTED_SERVICES,
)

# RoutingSettingsError and Timescale are defined in routing_json and used here, so
# ``from portal.settings.routing import Timescale`` keeps working as before the split.
from portal.settings.routing_json import (
    NO_DEADLINES,
    RoutingSettingsError,
    Timescale,
    check_timescale,
    read_changes,
    read_profile,
)
from portal.vocab.routing import (
    Ombudsman,
    Profile,
    Route,
    Service,
    Signpost,
    Submitter,
)


@dataclass(frozen=True)
class RoutingSettings:
    """The council's routing configuration (frozen; build variants with ``dataclasses.replace``).

    ``timescales`` covers every route; ``stage2_timescales`` holds the second
    stage of each procedure route for the case stages (routing itself only
    dates the first stage). Not hashable: it holds mappings.
    """

    nation: Nation
    profile: Profile
    childrens_services: frozenset[Service]
    adult_services: frozenset[Service]
    signposted_services: Mapping[Service, Signpost]
    qualifying_submitters: frozenset[Submitter]
    timescales: Mapping[Route, Timescale]
    stage2_timescales: Mapping[Route, Timescale]
    out_of_time_months: int
    harm_words: Mapping[str, tuple[str, ...]]
    ombudsman: Ombudsman
    review_panel: bool
    # Compiled once: routing 10,000 submissions must not rebuild it each time.
    harm_pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Copies behind read-only views: a caller's dict edited later must not
        # change a frozen configuration.
        for name in ("signposted_services", "timescales", "stage2_timescales", "harm_words"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))
        _validate(self)
        object.__setattr__(self, "harm_pattern", compile_harm_pattern(self.harm_words))

    def timescale(self, route: Route) -> Timescale:
        return self.timescales.get(route, NO_DEADLINES)

    # --- JSON -----------------------------------------------------------------

    @classmethod
    def from_mapping(cls, data: object) -> RoutingSettings:
        """Settings from the council's JSON; keys left out keep the profile's defaults.

        ``profile`` ("england" or "wales") picks the defaults; in
        ``timescales`` and ``stage2_timescales`` each route left out keeps its
        default. Unknown keys are refused so a misspelt setting is not ignored.
        """
        settings, profile = read_profile(data)
        base = WALES_PROFILE if profile is Profile.WALES else ENGLAND_DEFAULTS
        return replace(base, **read_changes(settings, base))

    def to_mapping(self) -> dict[str, Any]:
        """The settings as JSON-able data; ``from_mapping(to_mapping())`` gives them back."""
        return {
            "nation": self.nation.value,
            "profile": self.profile.value,
            "childrens_services": sorted(s.value for s in self.childrens_services),
            "adult_services": sorted(s.value for s in self.adult_services),
            "signposted_services": {
                k.value: v.value for k, v in sorted(self.signposted_services.items())
            },
            "qualifying_submitters": sorted(s.value for s in self.qualifying_submitters),
            "timescales": {k.value: v.to_mapping() for k, v in sorted(self.timescales.items())},
            "stage2_timescales": {
                k.value: v.to_mapping() for k, v in sorted(self.stage2_timescales.items())
            },
            "out_of_time_months": self.out_of_time_months,
            "harm_words": {lang: list(words) for lang, words in sorted(self.harm_words.items())},
            "ombudsman": self.ombudsman.value,
            "review_panel": self.review_panel,
        }


# --- harm words ---------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Text folded for matching: NFC (so a typed "ŵ" equals w + combining
    circumflex), case-folded, curly apostrophes made straight."""
    return unicodedata.normalize("NFC", text).casefold().replace("\u2019", "'")


def compile_harm_pattern(harm_words: Mapping[str, Iterable[str]]) -> re.Pattern[str] | None:
    """One alternation of every configured word or phrase, matched on whole words.

    Lookarounds on ``\\w`` rather than ``\\b``: a phrase may start or end with
    a non-word character, and ``\\w`` is Unicode-aware, so "hurt" does not
    match inside "hurtle", and Welsh "taro" not inside "ataro". Spaces in a
    phrase match any run of white space ("touched\\nme").
    """
    phrases = sorted(
        {normalise_text(w).strip() for words in harm_words.values() for w in words} - {""},
        key=lambda p: (-len(p), p),
    )
    if not phrases:
        return None
    body = "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in phrases)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


# --- validation ----------------------------------------------------------------


def _validate(s: RoutingSettings) -> None:
    overlap = s.childrens_services & s.adult_services
    if overlap:
        raise RoutingSettingsError(
            gettext(
                "service %(service)s is in both childrens_services and adult_services",
                service=repr(sorted(overlap)[0].value),
            )
        )
    for service in s.signposted_services:
        if service in s.childrens_services or service in s.adult_services:
            raise RoutingSettingsError(
                gettext(
                    "service %(service)s is signposted and also handled by the council",
                    service=repr(service.value),
                )
            )
    for table in ("timescales", "stage2_timescales"):
        for route, t in getattr(s, table).items():
            check_timescale(f"{table}.{route.value}", t)
    if not 1 <= s.out_of_time_months <= 120:
        raise RoutingSettingsError(
            gettext(
                "out_of_time_months: %(value)s must be from 1 to 120",
                value=repr(s.out_of_time_months),
            )
        )
    if not s.harm_words.get("en"):
        raise RoutingSettingsError(gettext("harm_words: there must be English ('en') words"))


# --- defaults -----------------------------------------------------------------

_NO_STAGE = NO_DEADLINES

ENGLAND_DEFAULTS = RoutingSettings(
    nation=Nation.ENGLAND,
    profile=Profile.ENGLAND,
    childrens_services=CHILDRENS_SERVICES,
    adult_services=frozenset({Service.ADULT_SOCIAL_CARE}),
    signposted_services=SIGNPOSTED_SERVICES,
    qualifying_submitters=QUALIFYING_SUBMITTERS,
    timescales={
        # Acknowledgement: no statutory figure, councils use 2 or 3; stage 1
        # 10, extendable to 20 (2006 Regulations reg. 14; "Getting the Best
        # from Complaints" 2006).
        Route.CHILDREN_STATUTORY: Timescale(3, 10, 20),
        # LGSCO Complaint Handling Code: acknowledge 5, respond 10, +10 at most.
        Route.CORPORATE: Timescale(5, 10, 20),
        # Local Authority Social Services and NHS Complaints (England)
        # Regulations 2009 reg. 13: acknowledge within 3; response within the
        # agreed plan, and reg. 14 sets six months where none is agreed.
        Route.ADULT_STATUTORY: Timescale(3, 20, 130),
        # Councillor and MP casework: reply within 10.
        Route.ENQUIRY: Timescale(None, 10, None),
        Route.SIGNPOST: NO_DEADLINES,
        Route.COMPLIMENT: NO_DEADLINES,
        Route.COMMENT: NO_DEADLINES,
    },
    stage2_timescales={
        # 2006 Regulations reg. 17: 25 from the statement of complaint, up to 65.
        Route.CHILDREN_STATUTORY: Timescale(None, 25, 65),
        # LGSCO Code: acknowledge 5, respond 20, +20 at most.
        Route.CORPORATE: Timescale(5, 20, 40),
        Route.ADULT_STATUTORY: _NO_STAGE,
    },
    # 2006 Regulations reg. 9; 2009 Regulations reg. 12; LGSCO Code.
    out_of_time_months=12,
    harm_words={
        "en": HARM_WORDS_EN,
        "cy": HARM_WORDS_CY,
        "pl": HARM_WORDS_PL,
        "ur": HARM_WORDS_UR,
    },
    ombudsman=Ombudsman.LGSCO,
    review_panel=True,
)

#: A Welsh council: the Social Services Complaints Procedure (Wales)
#: Regulations 2014 cover children's and adults' social services alike.
_WALES_SOCIAL_SERVICES = Timescale(
    # reg. 15(2): acknowledge within 2 working days;
    2,
    # reg. 16(3): the local resolution discussion within 10 working days;
    10,
    # reg. 16(5): written terms of the resolution within 5 working days of it.
    15,
)

WALES_PROFILE = replace(
    ENGLAND_DEFAULTS,
    nation=Nation.WALES,
    profile=Profile.WALES,
    timescales={
        **ENGLAND_DEFAULTS.timescales,
        Route.CHILDREN_STATUTORY: _WALES_SOCIAL_SERVICES,
        Route.ADULT_STATUTORY: _WALES_SOCIAL_SERVICES,
    },
    stage2_timescales={
        **ENGLAND_DEFAULTS.stage2_timescales,
        # reg. 18(1): the investigation response within 25 working days.
        Route.CHILDREN_STATUTORY: Timescale(None, 25, None),
        Route.ADULT_STATUTORY: Timescale(None, 25, None),
    },
    ombudsman=Ombudsman.PSOW,
    # The 2014 Regulations removed the independent panel stage.
    review_panel=False,
)
