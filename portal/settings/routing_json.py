"""Reading a council's routing settings from the JSON it edits, one key at a time, naming
the key and value of any mistake; and the one value of that JSON that is not a
vocabulary's, a route's :class:`Timescale`.

:meth:`portal.settings.routing.RoutingSettings.from_mapping` reads with these, and that
module re-exports :class:`RoutingSettingsError` and :class:`Timescale`. This module
imports nothing from it: the settings' defaults, built there, are made of these values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from portal.common.dates import Nation
from portal.common.words import gettext
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


#: A route with no deadline at all (signposting, compliments, comments).
NO_DEADLINES = Timescale(None, None, None)


def read_profile(data: object) -> tuple[Mapping[str, Any], Profile]:
    """The settings as a JSON object, and the profile ("england" or "wales") whose defaults
    they change. Unknown keys are refused so a misspelt setting is not ignored."""
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
    return data, _enum("profile", Profile, data.get("profile", Profile.ENGLAND.value))


def read_changes(data: Mapping[str, Any], base: object) -> dict[str, Any]:
    """Every setting in ``data`` but the profile, read and checked. ``base`` is the
    profile's defaults: each route left out of ``timescales`` and ``stage2_timescales``
    keeps its default."""
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key != "profile":
            changes[key] = _READERS[key](key, value, base)
    return changes


def check_timescale(where: str, t: Timescale) -> None:
    """Refuse a timescale whose days are not whole numbers from 0 to 260 or decrease;
    ``where`` names it in the message. Checked on reading and on every RoutingSettings."""
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


def _read_nation(key: str, value: object, base: object) -> Nation:
    return _enum(key, Nation, value)


def _enum_set(enum_cls: Any) -> Any:
    def read(key: str, value: object, base: object) -> frozenset[Any]:
        return frozenset(_enum(f"{key}[{i}]", enum_cls, v) for i, v in enumerate(_list(key, value)))

    return read


def _read_signposted(key: str, value: object, base: object) -> dict[Service, Signpost]:
    return {
        _enum(f"{key} key", Service, k): _enum(f"{key}.{k}", Signpost, v)
        for k, v in _dict(key, value).items()
    }


def _read_timescales(key: str, value: object, base: object) -> dict[Route, Timescale]:
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
        check_timescale(where, t)
        result[route] = t
    return result


def _read_months(key: str, value: object, base: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise RoutingSettingsError(
            gettext(
                "%(key)s: %(value)s must be a whole number of months", key=key, value=_show(value)
            )
        )
    return value


def _read_harm_words(key: str, value: object, base: object) -> dict[str, tuple[str, ...]]:
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


def _read_ombudsman(key: str, value: object, base: object) -> Ombudsman:
    return _enum(key, Ombudsman, value)


def _read_bool(key: str, value: object, base: object) -> bool:
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
