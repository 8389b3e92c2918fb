"""A real clamd for the files tests (tests/support/clamd.py), once per run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from portal.files.scan import Clamd
from tests.support.clamd import running_clamd


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clamd]:
    """clamd on a temporary socket, knowing only EICAR. Missing clamd FAILS the run (with
    how to install it), never skips: CI must not pass without the scan path."""
    folder = tmp_path_factory.mktemp("clamd")
    try:
        context = running_clamd(folder)
        scanner = context.__enter__()
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    try:
        yield scanner
    finally:
        context.__exit__(None, None, None)
