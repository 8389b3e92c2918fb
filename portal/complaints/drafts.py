"""Answers in progress, kept on the server; the browser holds only a random draft id.

Why not the signed cookie session: free text of up to 10,000 characters per
answer does not fit a 4 KB cookie (the browser would silently drop it and the
child would lose what they wrote), and a signed cookie is readable, not
encrypted, so anyone at a shared device could decode the answers from it.

Why not a database table: a draft is not a register entry and must vanish
after the idle timeout, from everywhere: rows deleted from a table live on in
the database's backups for months, which a child who walked away from the form
was promised would not happen ("we forgot your answers to keep you safe").

So a draft lives in one of two stores, chosen by ``DRAFT_STORAGE_URL``:

- empty (the embedded default): one JSON file (mode 0600) per draft under
  ``DRAFT_DIR`` (default ``instance/drafts``), written atomically and deleted
  once ``SESSION_IDLE_MINUTES`` pass without use. Fine for one server.
- ``redis://...`` (production, several servers): one Redis key per draft whose
  time to live is the idle time, so Redis itself forgets it; every web server
  sees the same drafts. Run that Redis without persistence (``--save ""``,
  ``--appendonly no``) so a draft never reaches a disk.
"""

from __future__ import annotations

import functools
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
    #: The code of this journey's saved copy (complaints/saved.py), held here only while the
    #: answers themselves are (until the idle timeout, Exit this page or sending), so saving
    #: again replaces the same copy under the same code. Never written to the database.
    saved_code: str | None = None
    #: The secret that ties the files this draft added (photos, voice notes) to it until it
    #: is sent: their StoredFile.draft_token (portal/files/services.py). Random per draft,
    #: never shown, never in a URL; the drafts sweep keeps the files of live drafts only.
    draft_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def to_json(self) -> dict[str, Any]:
        return {"answers": self.answers, "answered": self.answered,
                "submission_key": self.submission_key, "tracking_code": self.tracking_code,
                "sent_reference": self.sent_reference, "saved_code": self.saved_code,
                "draft_token": self.draft_token}

    @classmethod
    def from_json(cls, draft_id: str, data: dict[str, Any]) -> Draft:
        return cls(id=draft_id, answers=dict(data.get("answers") or {}),
                   answered=list(data.get("answered") or []),
                   submission_key=str(data["submission_key"]),
                   tracking_code=data.get("tracking_code"),
                   sent_reference=data.get("sent_reference"),
                   saved_code=data.get("saved_code"),
                   draft_token=str(data.get("draft_token") or secrets.token_urlsafe(32)))


class DraftStore:
    """What every draft store does: the ids, and forgetting after the idle time."""

    def __init__(self, idle_seconds: int) -> None:
        self.idle_seconds = idle_seconds

    def new(self) -> Draft:
        return Draft(id=secrets.token_urlsafe(24))

    @staticmethod
    def valid_id(draft_id: str | None) -> bool:
        # The id comes from the cookie: never let it name a path or another key.
        return bool(draft_id) and _ID.fullmatch(draft_id or "") is not None

    def load(self, draft_id: str | None) -> Draft | None:
        """The draft, or None if there is none or it was left longer than the idle time."""
        raise NotImplementedError

    def save(self, draft: Draft) -> None:
        raise NotImplementedError

    def touch(self, draft: Draft) -> None:
        """Restart the draft's idle clock (the timeout dialog's "I need more time")."""
        raise NotImplementedError

    def delete(self, draft_id: str | None) -> None:
        raise NotImplementedError

    def live_tokens(self) -> set[str]:
        """The ``draft_token`` of every draft not yet forgotten: the files of these are
        kept by the sweep of unsent files (portal/complaints/unsent.py)."""
        raise NotImplementedError


def _decode(draft_id: str, text: str | bytes) -> Draft | None:
    try:
        return Draft.from_json(draft_id, json.loads(text))
    except (ValueError, KeyError, TypeError):
        return None


def _stamp(path: Path | str) -> None:
    # The idle clock is the file's mtime, set from the portal's clock rather than left to
    # the filesystem's, so the store and its sweep read one clock (and tests can move it).
    now = time.time()
    os.utime(path, (now, now))


#: When this process last swept each drafts folder (see FileDraftStore.save).
_SWEPT: dict[Path, float] = {}
SWEEP_EVERY_SECONDS = 60


class FileDraftStore(DraftStore):
    """One JSON file per draft, for a single server (the embedded default)."""

    def __init__(self, directory: Path, idle_seconds: int) -> None:
        super().__init__(idle_seconds)
        self.directory = directory

    def _path(self, draft_id: str | None) -> Path | None:
        if not self.valid_id(draft_id):
            return None
        return self.directory / f"{draft_id}.json"

    def load(self, draft_id: str | None) -> Draft | None:
        path = self._path(draft_id)
        if path is None:
            return None
        # One open and its fstat, not three lookups of the path: every journey page reads.
        try:
            with path.open("rb") as handle:
                if time.time() - os.fstat(handle.fileno()).st_mtime > self.idle_seconds:
                    stale = True
                else:
                    stale, raw = False, handle.read()
        except OSError:  # not there (never saved, swept, or left by Exit this page)
            return None
        if stale:
            path.unlink(missing_ok=True)
            return None
        return _decode(str(draft_id), raw)

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
            _stamp(tmp)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._sweep_now_and_then()

    def _sweep_now_and_then(self) -> None:
        # A sweep lists and stats the whole folder, so sweeping on every answer grew with
        # the number of children part-way through; once a minute is enough, because load()
        # refuses a draft past its idle time whenever it is asked for, so a stale draft is
        # never read in between. A clock that went back (tests move it) sweeps at once.
        now = time.time()
        last = _SWEPT.get(self.directory)
        if last is not None and 0 <= now - last < SWEEP_EVERY_SECONDS:
            return
        _SWEPT[self.directory] = now
        self.sweep()

    def touch(self, draft: Draft) -> None:
        path = self._path(draft.id)
        if path is not None and path.is_file():
            _stamp(path)

    def delete(self, draft_id: str | None) -> None:
        path = self._path(draft_id)
        if path is not None:
            path.unlink(missing_ok=True)

    def live_tokens(self) -> set[str]:
        from portal.retention.purge import live_draft_tokens  # the purge reads them too

        return live_draft_tokens(self.directory, self.idle_seconds)

    def sweep(self) -> None:
        """Forget every draft left longer than the idle time (cheap: one directory listing)."""
        cutoff = time.time() - self.idle_seconds
        for path in self.directory.glob("*.json"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink(missing_ok=True)
            except OSError:
                continue


class RedisDraftStore(DraftStore):
    """One Redis key per draft with the idle time as its time to live (several servers)."""

    PREFIX = "portal:draft:"

    def __init__(self, client: Any, idle_seconds: int) -> None:
        super().__init__(idle_seconds)
        self.client = client

    def _key(self, draft_id: str | None) -> str | None:
        return f"{self.PREFIX}{draft_id}" if self.valid_id(draft_id) else None

    def load(self, draft_id: str | None) -> Draft | None:
        key = self._key(draft_id)
        text = self.client.get(key) if key else None
        return None if text is None else _decode(str(draft_id), text)

    def save(self, draft: Draft) -> None:
        key = self._key(draft.id)
        if key is None:
            raise ValueError("bad draft id")
        self.client.set(key, json.dumps(draft.to_json(), ensure_ascii=False),
                        ex=self.idle_seconds)

    def touch(self, draft: Draft) -> None:
        key = self._key(draft.id)
        if key is not None:
            self.client.expire(key, self.idle_seconds)

    def delete(self, draft_id: str | None) -> None:
        key = self._key(draft_id)
        if key is not None:
            self.client.delete(key)

    def live_tokens(self) -> set[str]:
        tokens = set()
        for key in self.client.scan_iter(match=f"{self.PREFIX}*", count=500):
            text = self.client.get(key)
            draft = None if text is None else _decode("", text)
            if draft is not None:
                tokens.add(draft.draft_token)
        return tokens


@functools.cache
def redis_client(url: str) -> Any:
    """One client (and connection pool) per URL for the life of the process."""
    import redis  # installed with flask-limiter[redis]; only production deployments use it

    return redis.Redis.from_url(url)


def draft_store() -> DraftStore:
    idle = int(current_app.config.get("SESSION_IDLE_MINUTES", 30)) * 60
    url = current_app.config.get("DRAFT_STORAGE_URL")
    if url:
        return RedisDraftStore(redis_client(url), idle)
    directory = current_app.config.get("DRAFT_DIR") or Path(current_app.instance_path) / "drafts"
    return FileDraftStore(Path(directory), idle)
