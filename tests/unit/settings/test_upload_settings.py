"""The council's upload settings: on or off, and three limits."""

from __future__ import annotations

from typing import Any

import pytest

from portal.settings.council import CouncilSettings, CouncilSettingsError

BASE: dict[str, Any] = {"contacts": {"duty_line": "0300 000 0000"}}


def test_defaults() -> None:
    settings = CouncilSettings.from_mapping(BASE)
    assert settings.uploads_enabled is True
    assert (settings.upload_max_file_mb, settings.upload_max_files,
            settings.upload_max_total_mb) == (10, 5, 25)


def test_a_council_sets_its_own() -> None:
    settings = CouncilSettings.from_mapping({**BASE, "uploads_enabled": False,
                                             "upload_max_file_mb": 5, "upload_max_files": 3,
                                             "upload_max_total_mb": 12})
    assert not settings.uploads_enabled
    assert (settings.upload_max_file_mb, settings.upload_max_files,
            settings.upload_max_total_mb) == (5, 3, 12)


@pytest.mark.parametrize(("changes", "named"), [
    ({"uploads_enabled": "yes"}, "uploads_enabled"),
    ({"upload_max_file_mb": 0}, "upload_max_file_mb"),
    ({"upload_max_file_mb": 51}, "upload_max_file_mb"),
    ({"upload_max_files": True}, "upload_max_files"),
    ({"upload_max_files": "5"}, "upload_max_files"),
    ({"upload_max_total_mb": 8}, "at least upload_max_file_mb"),
])
def test_bad_values_are_refused_by_name(changes: dict[str, Any], named: str) -> None:
    with pytest.raises(CouncilSettingsError, match=named):
        CouncilSettings.from_mapping({**BASE, **changes})
