"""What several web servers must share, and where: drafts and rate-limit counts in Redis.

The embedded default keeps both on the one server (files, memory). A production
deployment runs several servers behind a load balancer, so a child's next page
may be served by another machine: the draft must be there, and someone trying
tracking codes must not get a fresh allowance from each server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from portal.complaints.drafts import DraftStore, FileDraftStore, RedisDraftStore, redis_client
from portal.config import ConfigError, load_settings
from tests.conftest import ROOT, TEST_SECRET, redis_url, without_faketime
from tests.support.journey import CHILD_COMPLAINT, post_step


@pytest.fixture(scope="module")
def redis_address() -> str:
    return redis_url()


@pytest.fixture(params=["file", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DraftStore]:
    if request.param == "file":
        yield FileDraftStore(tmp_path, idle_seconds=60)
    else:
        yield RedisDraftStore(redis_client(redis_url()), idle_seconds=60)


# --- the draft stores keep the same promises -----------------------------------------------------


def test_a_draft_comes_back_exactly_as_typed(store: DraftStore) -> None:
    draft = store.new()
    draft.answers["description"] = "مرحبا 😢 <b>Dw i\u2019n drist</b>"
    draft.answered.append("what-happened")
    store.save(draft)
    loaded = store.load(draft.id)
    assert loaded is not None
    assert loaded.answers == draft.answers
    assert loaded.answered == ["what-happened"]
    assert loaded.submission_key == draft.submission_key
    store.delete(draft.id)
    assert store.load(draft.id) is None


@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "", None, "x" * 31, "*", "a:b" * 11])
def test_ids_from_the_cookie_never_name_a_file_or_another_key(store: DraftStore,
                                                              bad_id: str | None) -> None:
    assert store.load(bad_id) is None
    store.delete(bad_id)  # and deleting one is harmless


def test_redis_forgets_a_draft_after_the_idle_time_and_touch_restarts_the_clock() -> None:
    client = redis_client(redis_url())
    store = RedisDraftStore(client, idle_seconds=60)
    draft = store.new()
    store.save(draft)
    key = RedisDraftStore.PREFIX + draft.id
    assert 55 <= client.ttl(key) <= 60, "Redis itself must forget the draft"
    client.expire(key, 5)
    store.touch(draft)  # "I need more time"
    assert client.ttl(key) > 55
    client.pexpire(key, 1)
    time.sleep(0.05)
    assert store.load(draft.id) is None


def test_a_draft_storage_url_that_is_not_redis_is_refused() -> None:
    with pytest.raises(ConfigError, match="DRAFT_STORAGE_URL"):
        load_settings({"PORTAL_ENV": "test", "SECRET_KEY": TEST_SECRET,
                       "DRAFT_STORAGE_URL": "/var/lib/drafts"})


# --- two servers, one journey ---------------------------------------------------------------------


def _move_to_another_server(app: Flask, monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    # What differs between two servers running the same code: their local disk.
    monkeypatch.setitem(app.config, "DRAFT_DIR", str(folder))


def test_the_next_page_may_be_served_by_another_server(
        app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        redis_address: str) -> None:
    monkeypatch.setitem(app.config, "DRAFT_STORAGE_URL", redis_address)
    _move_to_another_server(app, monkeypatch, tmp_path / "first")
    client.get("/complaint/start", query_string={"kind": "complaint"})
    assert post_step(client, "who-are-you", CHILD_COMPLAINT["who-are-you"]).status_code == 302

    _move_to_another_server(app, monkeypatch, tmp_path / "second")
    page = client.get("/complaint/are-you-safe")
    assert page.status_code == 200, "the other server lost the child's answers"
    assert post_step(client, "are-you-safe", {"safe": "yes"}).status_code == 302
    assert not (tmp_path / "first").exists(), "nothing a child typed is written to a disk"


def test_files_on_one_server_are_not_seen_by_another(
        app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
        ) -> None:
    """Why production needs DRAFT_STORAGE_URL: without it each server has its own folder."""
    monkeypatch.setitem(app.config, "DRAFT_STORAGE_URL", "")
    _move_to_another_server(app, monkeypatch, tmp_path / "first")
    client.get("/complaint/start", query_string={"kind": "complaint"})
    post_step(client, "who-are-you", CHILD_COMPLAINT["who-are-you"])
    _move_to_another_server(app, monkeypatch, tmp_path / "second")
    assert client.get("/complaint/are-you-safe").status_code == 302  # back to the start


# --- rate limits shared between processes ---------------------------------------------------------

_SERVER = textwrap.dedent("""
    import json, sys
    from portal import create_app
    from portal.councils.services import load_demo_council
    from portal.db import migrate
    from portal.extensions import db

    url, storage, prefix, tries = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    migrate.upgrade(url)
    app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": "%s", "DATABASE_URL": url,
                      "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": True,
                      "RATELIMIT_STORAGE_URI": storage, "RATELIMIT_KEY_PREFIX": prefix,
                      "TRACK_RATE_LIMIT": "3 per minute", "STAFF_SIGN_IN_LIMIT": "3 per minute",
                      "SERVER_NAME": "portal.test"})
    with app.app_context():
        from portal.models.councils import Council
        if db.session.query(Council).count() == 0:
            load_demo_council(db.session())
            db.session.commit()
    client = app.test_client()
    codes = {what: [client.post(path, data=form,
                                environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code
                    for _ in range(tries)]
             for what, path, form in [
                 ("track", "/track", {"reference": "CMP-2026-000001", "code": "0" * 20}),
                 ("sign-in", "/staff/sign-in", {"email": "nobody@example.test",
                                                "password": "wrong"})]}
    print(json.dumps(codes))
""") % TEST_SECRET


def _server_run(database: str, storage: str, prefix: str, tries: int) -> dict[str, list[int]]:
    """One web server process (a gunicorn worker) making ``tries`` tracking lookups and
    ``tries`` sign-ins from one address."""
    env = without_faketime({**os.environ, "PORTAL_ENV": "test"})
    done = subprocess.run([sys.executable, "-c", _SERVER, database, storage, prefix, str(tries)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("storage", "shared"), [
    # Memory: each process counts alone, so two workers allow twice the limit (why
    # production refuses memory:// unless SINGLE_PROCESS=1,
    # tests/integration/common/test_public_links.py).
    ("memory://", False),
    # Redis: the second worker knows about the first one's two tries.
    ("redis", True),
])
def test_tracking_lookups_and_sign_ins_are_counted_across_servers_only_with_redis(
        tmp_path: Path, redis_address: str, storage: str, shared: bool) -> None:
    database = f"sqlite:///{tmp_path / 'portal.db'}"
    uri = redis_address if storage == "redis" else storage
    prefix = f"test-{time.time_ns()}"
    first = _server_run(database, uri, prefix, 2)
    second = _server_run(database, uri, prefix, 2)
    # A wrong tracking code is a 400; a wrong password shows the sign-in page again.
    for what, refused in (("track", 400), ("sign-in", 200)):
        assert first[what] == [refused, refused], what
        assert second[what] == ([refused, 429] if shared else [refused, refused]), what
    if storage == "redis":
        # Leave nothing behind in the shared server.
        client = redis.Redis.from_url(redis_address)
        for key in client.scan_iter(f"*{prefix}*"):
            client.delete(key)

