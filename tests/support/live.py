"""Arranging and reading data on the live server of the browser tests (its own database,
not the integration tests' rolled-back session): its session and council, and accounts to
sign in with."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from portal.councils.services import current_council
from portal.extensions import db
from portal.models.councils import Council
from portal.models.staff import Role
from tests.browser.conftest import LiveServer
from tests.factories import make_user
from tests.support.browser import LANGS, Account


@contextmanager
def on_live_server(live_server: LiveServer, *, request: bool = False
                   ) -> Iterator[tuple[Session, Council]]:
    """The live server's session and council, to arrange data with; commit before leaving.

    ``request=True`` adds a request context, for services that build links or letters.
    """
    with live_server.app.app_context():
        if request:
            with live_server.app.test_request_context():
                yield from _session_and_council()
        else:
            yield from _session_and_council()


def _session_and_council() -> Iterator[tuple[Session, Council]]:
    session = db.session()
    try:
        yield session, current_council(session)
    finally:
        # The live server's thread must not find this test's objects in its session.
        db.session.remove()


def account(session: Session, council: Council, role: Role, **values: Any) -> Account:
    """A new account of ``role`` (``name=``, ``email=`` as make_user takes them)."""
    user, secret = make_user(session, council, role, **values)
    return user.email, secret


def accounts_for(session: Session, council: Council, role: Role, email: str,
                 keys: Iterable[str] = LANGS) -> dict[str, Account]:
    """An account of ``role`` for each key, ``email`` formatted with it: a two-factor code
    is refused a second time, so each sign-in of the run needs an account of its own."""
    return {key: account(session, council, role, email=email.format(key)) for key in keys}
