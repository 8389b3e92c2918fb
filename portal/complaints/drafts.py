"""Answers in progress, kept on the server; the browser holds only a random draft id.

Why not the signed cookie session: free text of up to 10,000 characters per
answer does not fit a 4 KB cookie (the browser would silently drop it and the
child would lose what they wrote), and a signed cookie is readable, not
encrypted, so anyone at a shared device could decode the answers from it.
Why not a database table: a draft is not a register entry, must vanish after
the idle timeout, and needs no migration. A draft is one JSON file
(mode 0600) under ``DRAFT_DIR`` (default ``instance/drafts``), written
atomically and forgotten after ``SESSION_IDLE_MINUTES`` without use. With
several servers, ``DRAFT_DIR`` must be a shared volume.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import current_app

_ID = re.compile(r"[A-Za-z0-9_-]{32}")


@dataclass
class Draft:
    id: str
    answers: dict[str, Any] = field(default_factory=dict)
    answered: list[str] = field(default_factory=list)
    #: The journey's idempotency key and code, made before the final submit, so a
    #: re-sent submit finds the same row and shows the same code.
    submission_key: str = field(default_factory=lambda: secrets.token_hex(16))
    tracking_code: str | None = None
    #: Set once sent: the reference, so the confirmation page can be shown again.
    sent_reference: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"answers": self.answers, "answered": self.answered,
                "submission_key": self.submission_key, "tracking_code": self.tracking_code,
                "sent_reference": self.sent_reference}

    @classmethod
    def from_json(cls, draft_id: str, data: dict[str, Any]) -> Draft:
        return cls(id=draft_id, answers=dict(data.get("answers") or {}),
                   answered=list(data.get("answered") or []),
                   submission_key=str(data["submission_key"]),
                   tracking_code=data.get("tracking_code"),
                   sent_reference=data.get("sent_reference"))


class DraftStore:
    def __init__(self, directory: Path, idle_seconds: int) -> None:
        self.directory = directory
        self.idle_seconds = idle_seconds

    def new(self) -> Draft:
        return Draft(id=secrets.token_urlsafe(24))

    def _path(self, draft_id: str) -> Path | None:
        if not _ID.fullmatch(draft_id or ""):  # never a path from the cookie
            return None
        return self.directory / f"{draft_id}.json"

    def load(self, draft_id: str | None) -> Draft | None:
        """The draft, or None if there is none or it was left longer than the idle time."""
        path = self._path(draft_id or "")
        if path is None or not path.is_file():
            return None
        if time.time() - path.stat().st_mtime > self.idle_seconds:
            path.unlink(missing_ok=True)
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Draft.from_json(str(draft_id), data)
        except (OSError, ValueError, KeyError):
            return None

    def save(self, draft: Draft) -> None:
        path = self._path(draft.id)
        if path is None:
            raise ValueError("bad draft id")
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, tmp = tempfile.mkstemp(dir=self.directory, prefix=".draft-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(draft.to_json(), out, ensure_ascii=False)
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.sweep()

    def touch(self, draft: Draft) -> None:
        path = self._path(draft.id)
        if path is not None and path.is_file():
            path.touch()

    def delete(self, draft_id: str | None) -> None:
        path = self._path(draft_id or "")
        if path is not None:
            path.unlink(missing_ok=True)

    def sweep(self) -> None:
        """Forget every draft left longer than the idle time (cheap: one directory listing)."""
        cutoff = time.time() - self.idle_seconds
        for path in self.directory.glob("*.json"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
            except OSError:
                continue


def draft_store() -> DraftStore:
    directory = current_app.config.get("DRAFT_DIR") or Path(current_app.instance_path) / "drafts"
    idle = int(current_app.config.get("SESSION_IDLE_MINUTES", 30)) * 60
    return DraftStore(Path(directory), idle)
