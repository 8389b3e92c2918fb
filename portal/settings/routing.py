"""A council's routing configuration: the rules of DOMAIN.md that are data, not code.

Which services are children's social care functions, where other matters
are signposted, who qualifies for the children's statutory procedure, the
timescales and the words that may signal harm are the council's choices
within the law. The council stores them as JSON it edits, so
:meth:`RoutingSettings.from_mapping` validates that JSON and names the key
and value of any mistake, and :meth:`RoutingSettings.to_mapping` gives it back.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from flask_babel import gettext

from portal.common.dates import Nation
from portal.vocab.routing import (
    Ombudsman,
    Profile,
    Route,
    Service,
    Signpost,
    Submitter,
)


class RoutingSettingsError(ValueError):
    """The council's routing settings are invalid; the message names the key and value."""


@dataclass(frozen=True, slots=True)
class Timescale:
    """Working days from receipt for a route's first stage; None where there is none."""

    acknowledge: int | None
    respond: int | None
    respond_latest: int | None

    def to_mapping(self) -> dict[str, int | None]:
        return {
            "acknowledge": self.acknowledge,
            "respond": self.respond,
            "respond_latest": self.respond_latest,
        }


_NO_DEADLINES = Timescale(None, None, None)


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
        return self.timescales.get(route, _NO_DEADLINES)

    # --- JSON -----------------------------------------------------------------

    @classmethod
    def from_mapping(cls, data: object) -> RoutingSettings:
        """Settings from the council's JSON; keys left out keep the profile's defaults.

        ``profile`` ("england" or "wales") picks the defaults; in
        ``timescales`` and ``stage2_timescales`` each route left out keeps its
        default. Unknown keys are refused so a misspelt setting is not ignored.
        """
        if not isinstance(data, Mapping):
            raise RoutingSettingsError(
                gettext("settings must be a JSON object, not %(value)s", value=_show(data))
            )
        unknown = sorted(set(data) - _JSON_KEYS)
        if unknown:
            raise RoutingSettingsError(
                gettext(
                    "unknown setting %(key)s; known settings: %(known)s",
                    key=repr(unknown[0]),
                    known=", ".join(sorted(_JSON_KEYS)),
                )
            )
        profile = _enum("profile", Profile, data.get("profile", Profile.ENGLAND.value))
        base = WALES_PROFILE if profile is Profile.WALES else ENGLAND_DEFAULTS
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key != "profile":
                changes[key] = _READERS[key](key, value, base)
        return replace(base, **changes)

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
            _check_timescale(f"{table}.{route.value}", t)
    if not 1 <= s.out_of_time_months <= 120:
        raise RoutingSettingsError(
            gettext(
                "out_of_time_months: %(value)s must be from 1 to 120",
                value=repr(s.out_of_time_months),
            )
        )
    if not s.harm_words.get("en"):
        raise RoutingSettingsError(gettext("harm_words: there must be English ('en') words"))


def _check_timescale(where: str, t: Timescale) -> None:
    present = []
    for name in ("acknowledge", "respond", "respond_latest"):
        n = getattr(t, name)
        if n is None:
            continue
        if not isinstance(n, int) or isinstance(n, bool) or not 0 <= n <= 260:
            raise RoutingSettingsError(
                gettext(
                    "%(key)s: %(value)s must be a whole number of working days from 0 to 260",
                    key=f"{where}.{name}",
                    value=repr(n),
                )
            )
        present.append((name, n))
    # Deadlines must never decrease: acknowledge <= respond <= respond_latest.
    for (a, x), (b, y) in zip(present, present[1:], strict=False):
        if x > y:
            raise RoutingSettingsError(
                gettext(
                    "%(key)s: %(first)s (%(x)d) must not be after %(second)s (%(y)d)",
                    key=where,
                    first=a,
                    x=x,
                    second=b,
                    y=y,
                )
            )


# --- reading JSON ----------------------------------------------------------------


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _enum(key: str, enum_cls: Any, value: object) -> Any:
    try:
        return enum_cls(value)
    except (ValueError, TypeError):
        allowed = ", ".join(e.value for e in enum_cls)
        raise RoutingSettingsError(
            gettext(
                "%(key)s: %(value)s must be one of %(allowed)s",
                key=key,
                value=_show(value),
                allowed=allowed,
            )
        ) from None


def _list(key: str, value: object) -> list[Any]:
    if not isinstance(value, list):
        raise RoutingSettingsError(
            gettext("%(key)s: %(value)s must be a list", key=key, value=_show(value))
        )
    return value


def _dict(key: str, value: object) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise RoutingSettingsError(
            gettext("%(key)s: %(value)s must be an object", key=key, value=_show(value))
        )
    return value


def _read_nation(key: str, value: object, base: RoutingSettings) -> Nation:
    return _enum(key, Nation, value)


def _enum_set(enum_cls: Any) -> Any:
    def read(key: str, value: object, base: RoutingSettings) -> frozenset[Any]:
        return frozenset(_enum(f"{key}[{i}]", enum_cls, v) for i, v in enumerate(_list(key, value)))

    return read


def _read_signposted(key: str, value: object, base: RoutingSettings) -> dict[Service, Signpost]:
    return {
        _enum(f"{key} key", Service, k): _enum(f"{key}.{k}", Signpost, v)
        for k, v in _dict(key, value).items()
    }


def _read_timescales(key: str, value: object, base: RoutingSettings) -> dict[Route, Timescale]:
    result = dict(getattr(base, key))
    for route_name, spec in _dict(key, value).items():
        route = _enum(f"{key} key", Route, route_name)
        where = f"{key}.{route_name}"
        spec = _dict(where, spec)
        unknown = sorted(set(spec) - {"acknowledge", "respond", "respond_latest"})
        if unknown:
            raise RoutingSettingsError(
                gettext(
                    "%(key)s: unknown key %(unknown)s; use acknowledge, respond, respond_latest",
                    key=where,
                    unknown=repr(unknown[0]),
                )
            )
        missing = [k for k in ("acknowledge", "respond", "respond_latest") if k not in spec]
        if missing:
            raise RoutingSettingsError(
                gettext(
                    "%(key)s: %(missing)s is missing (null for none)",
                    key=where,
                    missing=repr(missing[0]),
                )
            )
        t = Timescale(spec["acknowledge"], spec["respond"], spec["respond_latest"])
        _check_timescale(where, t)
        result[route] = t
    return result


def _read_months(key: str, value: object, base: RoutingSettings) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise RoutingSettingsError(
            gettext(
                "%(key)s: %(value)s must be a whole number of months", key=key, value=_show(value)
            )
        )
    return value


def _read_harm_words(key: str, value: object, base: RoutingSettings) -> dict[str, tuple[str, ...]]:
    result: dict[str, tuple[str, ...]] = {}
    for lang, words in _dict(key, value).items():
        if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", lang):
            raise RoutingSettingsError(
                gettext(
                    "%(key)s: %(value)s is not a language code like 'en' or 'cy'",
                    key=key,
                    value=repr(lang),
                )
            )
        checked = []
        for i, word in enumerate(_list(f"{key}.{lang}", words)):
            if not isinstance(word, str) or not word.strip():
                raise RoutingSettingsError(
                    gettext(
                        "%(key)s: %(value)s must be a word",
                        key=f"{key}.{lang}[{i}]",
                        value=_show(word),
                    )
                )
            checked.append(word.strip())
        result[lang] = tuple(checked)
    return result


def _read_ombudsman(key: str, value: object, base: RoutingSettings) -> Ombudsman:
    return _enum(key, Ombudsman, value)


def _read_bool(key: str, value: object, base: RoutingSettings) -> bool:
    if not isinstance(value, bool):
        raise RoutingSettingsError(
            gettext("%(key)s: %(value)s must be true or false", key=key, value=_show(value))
        )
    return value


_READERS = {
    "nation": _read_nation,
    "childrens_services": _enum_set(Service),
    "adult_services": _enum_set(Service),
    "signposted_services": _read_signposted,
    "qualifying_submitters": _enum_set(Submitter),
    "timescales": _read_timescales,
    "stage2_timescales": _read_timescales,
    "out_of_time_months": _read_months,
    "harm_words": _read_harm_words,
    "ombudsman": _read_ombudsman,
    "review_panel": _read_bool,
}
_JSON_KEYS = frozenset(_READERS) | {"profile"}


# --- defaults -----------------------------------------------------------------

#: Children's social care functions (DOMAIN.md, "Procedures": the children's
#: statutory procedure covers social work, children in care, fostering,
#: residential care, adoption, leaving care, disabled children, special
#: guardianship support).
_CHILDRENS_SERVICES = frozenset(
    {
        Service.SOCIAL_WORK,
        Service.CHILDREN_IN_CARE,
        Service.FOSTERING,
        Service.RESIDENTIAL_CARE,
        Service.ADOPTION,
        Service.LEAVING_CARE,
        Service.DISABLED_CHILDREN,
        Service.SPECIAL_GUARDIANSHIP,
    }
)

#: Matters other bodies handle (DOMAIN.md, "Not handled under these procedures").
_SIGNPOSTED_SERVICES = {
    Service.SCHOOL: Signpost.SCHOOL,
    Service.HEALTH: Signpost.NHS,
    Service.POLICE: Signpost.POLICE,
    Service.OTHER_ORGANISATION: Signpost.OTHER_ORGANISATION,
}

#: Who may use the children's statutory procedure without a sufficient-interest
#: decision (Children Act 1989 s.26(3) and s.26(3A); DOMAIN.md "Who qualifies").
_QUALIFYING = frozenset(
    {
        Submitter.CHILD,
        Submitter.PARENT,
        Submitter.CARER,
        Submitter.FOSTER_CARER,
        Submitter.SPECIAL_GUARDIAN,
        Submitter.ADOPTER,
        Submitter.CARE_LEAVER,
        Submitter.ADVOCATE,
    }
)

# fmt: off
#: Words and phrases that MAY signal harm. They only raise ``urgent`` so a
#: person reads the submission today; they never decide anything. Chosen to
#: catch a child's plain words (hit, hurt, scared, touched me) while avoiding
#: everyday complaint words ("shouted", "picking on", "police") that would
#: bury real signals in noise. Councils extend them in their settings.
_HARM_WORDS_EN = (
    "hit", "hits", "hitting",
    "hurt", "hurts", "hurting",
    "beat me", "beats me", "beaten", "beating me",
    "kick", "kicked", "kicks me", "punch", "punched", "punches me",
    "slap", "slapped", "slaps me", "smacked", "smacks me",
    "strangled", "choked me", "burned me", "burnt me",
    "bruise", "bruises", "bruised",
    "scared", "scary", "afraid", "frightened", "terrified",
    "unsafe", "not safe", "don't feel safe", "do not feel safe",
    "touched me", "touches me", "touching me", "touch me",
    "abuse", "abused", "abusing", "abuser",
    "rape", "raped", "sexual", "naked", "private parts",
    "threaten", "threatened", "threatens", "threatening",
    "locked me in", "locks me in",
    "kill myself", "killing myself", "suicide", "suicidal", "end my life",
    "self harm", "self-harm", "self harming", "self-harming", "cut myself", "cutting myself",
    "run away", "ran away", "starve", "starving", "no food",
)

#: Welsh, including the mutated forms a child will actually write: after
#: "fy" (my/me) the nasal mutation ("fy mrifo", hurt me; "fy nharo", hit me),
#: after "ei" (him) or "i" (to) the soft one ("ei daro", hit him), after "ei"
#: (her) the aspirate one ("ei tharo", hit her).
_HARM_WORDS_CY = (
    "brifo", "frifo", "mrifo",  # hurt
    "taro", "daro", "nharo", "tharo",  # hit
    "curo", "guro", "nghuro", "churo",  # beat
    "cicio", "gicio", "nghicio", "chicio",  # kick
    "dyrnu", "ddyrnu", "nyrnu",  # punch
    "ofn", "ofnus",  # fear, afraid ("mae ofn arna i": I am scared)
    "dychryn", "ddychryn", "wedi dychryn",  # frightened
    "ddim yn ddiogel", "anniogel",  # not safe, unsafe
    "cyffwrdd â fi", "gyffwrdd â fi", "cyffwrdd ynof i", "cyffyrddodd",  # touch(ed) me
    "cam-drin", "camdrin", "gam-drin", "cham-drin", "camdriniaeth",  # abuse
    "treisio", "dreisio", "nhreisio", "threisio",  # rape
    "bygwth", "fygwth", "mygwth",  # threaten
    "lladd fy hun", "hunanladdiad",  # kill myself, suicide
    "niweidio fy hun", "hunan-niweidio", "torri fy hun",  # self-harm, cut myself
    "cloi fi mewn", "dim bwyd", "rhedeg i ffwrdd",  # locked me in, no food, run away
)

#: Polish and Urdu, the portal's other languages (STYLE.md, i18n). To be
#: reviewed by the council's translators like every other setting.
_HARM_WORDS_PL = (
    "bije", "bił", "biła", "uderzył", "uderzyła", "krzywdzi", "skrzywdził",
    "boję się", "boje sie", "strach", "nie jestem bezpieczny", "nie jestem bezpieczna",
    "dotykał mnie", "dotykała mnie", "dotyka mnie", "molestował", "przemoc",
    "zabić się", "zabije się", "samookaleczenie", "tnę się",
)
_HARM_WORDS_UR = (
    "مارتا", "مارتی", "مارا", "پیٹتا", "پیٹا",
    "ڈر لگتا", "ڈرتا", "ڈرتی", "خوف",
    "محفوظ نہیں", "چھوا", "چھوتا", "زیادتی", "تشدد", "خودکشی",
)
# fmt: on

_NO_STAGE = _NO_DEADLINES

ENGLAND_DEFAULTS = RoutingSettings(
    nation=Nation.ENGLAND,
    profile=Profile.ENGLAND,
    childrens_services=_CHILDRENS_SERVICES,
    adult_services=frozenset({Service.ADULT_SOCIAL_CARE}),
    signposted_services=_SIGNPOSTED_SERVICES,
    qualifying_submitters=_QUALIFYING,
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
        Route.SIGNPOST: _NO_DEADLINES,
        Route.COMPLIMENT: _NO_DEADLINES,
        Route.COMMENT: _NO_DEADLINES,
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
        "en": _HARM_WORDS_EN,
        "cy": _HARM_WORDS_CY,
        "pl": _HARM_WORDS_PL,
        "ur": _HARM_WORDS_UR,
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
