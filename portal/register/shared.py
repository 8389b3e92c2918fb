"""Where the shared specs and examples live: ``../shared`` beside the checkout.

``PORTAL_SHARED_DIR`` overrides it (CI may mount them elsewhere). Used by the
tests and benchmarks that check the portal against the shared examples.
"""

from __future__ import annotations

import os
from pathlib import Path


def shared_dir() -> Path:
    configured = os.environ.get("PORTAL_SHARED_DIR")
    if configured:
        return Path(configured)
    # portal/register/shared.py -> the checkout is parents[2], shared/ sits beside it.
    return Path(__file__).resolve().parents[3] / "shared"


def example(name: str) -> Path:
    """A file of ``shared/examples``; raises if it is not there (never a silent skip)."""
    path = shared_dir() / "examples" / name
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: set PORTAL_SHARED_DIR to the shared folder")
    return path
