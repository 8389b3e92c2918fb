"""A council's retention periods: ``settings["retention"]`` on the council row, with defaults.

Every number is the council's to change (its records manager owns the
schedule); the defaults are the common practice that portal/procedure/retention.py
explains. No Flask, no database: settings/council.py validates a council's
whole settings with this.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

#: (lowest, highest) accepted for each setting. A typo of 600 years, or 0, is refused.
BOUNDS = {
    "default_years": (1, 100),
    "looked_after_until_age": (18, 125),
    "looked_after_years_age_unknown": (1, 125),
}


class RetentionSettingsError(ValueError):
    """A retention setting is unusable; the message names it."""


@dataclass(frozen=True)
class RetentionSettings:
    #: Years after closure for every closed case (the default line of the schedule).
    default_years: int = 6
    #: A case linked to a looked-after child's record is kept until this birthday.
    looked_after_until_age: int = 75
    #: ... or, when the child's age is not known, this many years after closure.
    looked_after_years_age_unknown: int = 75

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any] | None) -> RetentionSettings:
        data = data or {}
        if not isinstance(data, Mapping):
            raise RetentionSettingsError("retention must be a mapping of settings")
        unknown = sorted(set(data) - set(BOUNDS))
        if unknown:
            raise RetentionSettingsError(f"retention has unknown settings: {', '.join(unknown)}")
        values = {}
        for name, (lowest, highest) in BOUNDS.items():
            value = data.get(name, getattr(cls, name))
            # bool is an int in Python: "true" years is a mistake, not 1.
            if isinstance(value, bool) or not isinstance(value, int) or not (
                    lowest <= value <= highest):
                raise RetentionSettingsError(
                    f"retention.{name} must be a whole number from {lowest} to {highest}")
            values[name] = value
        return cls(**values)

    def to_mapping(self) -> dict[str, int]:
        return asdict(self)
