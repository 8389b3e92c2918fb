"""The register's feed to other council systems: changes, API tokens, signed push delivery.

Every change to a register entry is a ``RegisterChange`` and, for each active
endpoint, an ``OutboxEntry``, written in the transaction that makes the
change (the transactional outbox): a rolled-back change sends nothing, and a
committed one is delivered at least once, however often a worker dies.

Delivery (``deliver_due``) claims one due entry at a time with ``SELECT ...
FOR UPDATE SKIP LOCKED`` on PostgreSQL and keeps the row locked while it
POSTs, then records the result and commits: several workers never send the
same entry at once, and a worker killed mid-delivery leaves the entry
undelivered, to be sent again (receivers de-duplicate by the
``Idempotency-Key`` header). SQLite has no row locks: the claim's UPDATE
takes the database's single write lock, so a second worker waits or fails
rather than sending twice; run one worker there.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, Integer, String, Text, cast, func, insert, literal, select, text
from sqlalchemy.orm import Session

from portal.db.types import UTCDateTime, utcnow
from portal.models.register import ApiClient, FeedEndpoint, OutboxEntry, RegisterChange
from portal.register.bulk import bulk_insert, table_of
from portal.register.csvio import row_cells
from portal.register.row import COLUMNS, RegisterRow

#: The entries a transaction touched, in ``session.info`` (kept by register/capture.py).
TOUCHED = "register_touched"


def mark_recorded(session: Session, rep_ids: Any) -> None:
    """These entries' changes are already recorded in this transaction (a bulk import)."""
    touched = session.info.get(TOUCHED)
    if touched:
        touched.difference_update(rep_ids)


#: The transaction-level advisory lock that orders change sequence numbers
#: (an arbitrary constant, the same for every writer).
CHANGE_LOCK = 7_000_007
SIGNATURE_HEADER = "X-Portal-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
BACKOFF_FIRST = timedelta(seconds=30)
BACKOFF_LONGEST = timedelta(hours=6)
TIMEOUT_SECONDS = 10


def entry_of(row: RegisterRow) -> dict[str, str]:
    """A register entry as the feed carries it: the CSV's columns and cells."""
    return dict(zip(COLUMNS, row_cells(row), strict=True))


#: What a change record says happened (``RegisterChange.change``).
CHANGED = "changed"
PERSONAL_DATA_DESTROYED = "personal_data_destroyed"


def record_changes(session: Session, council_id: int, rows: Sequence[RegisterRow],
                   rep_ids: dict[str, int], *, change: str = CHANGED) -> int:
    """Record a change for each row, and an outbox entry for each active endpoint.

    ``change`` is CHANGED, or PERSONAL_DATA_DESTROYED from the retention purge:
    receivers then delete whatever personal data they hold for the reference.

    Call inside the transaction that changes the rows. On PostgreSQL the
    advisory lock, held until commit, makes sequence order and commit order
    the same, so an API reader resuming after the last sequence it saw never
    misses a change that was still uncommitted when it read.
    """
    # Change capture need not look at these entries again before the commit.
    mark_recorded(session, rep_ids.values())
    if not rows:
        return 0
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        # Keyed by schema too: advisory locks belong to the whole database, and two
        # registers in one database (test runs side by side) must not wait on each other.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key, hashtext(current_schema()))"),
                           {"key": CHANGE_LOCK})
    before = session.scalar(select(func.coalesce(func.max(RegisterChange.id), 0))) or 0
    now = utcnow()
    bulk_insert(session, table_of(RegisterChange), [
        {"council_id": council_id, "representation_id": rep_ids[row.reference],
         "reference": row.reference, "changed_at": now, "entry": entry_of(row),
         "change": change}
        for row in rows
    ])
    endpoints = session.scalars(select(FeedEndpoint.id).where(
        FeedEndpoint.council_id == council_id, FeedEndpoint.active.is_(True))).all()
    if endpoints:
        # Under the lock, every change above the previous maximum is ours.
        changes = session.execute(
            select(RegisterChange.id, RegisterChange.reference, RegisterChange.entry,
                   RegisterChange.change)
            .where(RegisterChange.id > before).order_by(RegisterChange.id)).all()
        bulk_insert(session, table_of(OutboxEntry), [
            {"endpoint_id": endpoint_id, "change_id": change_id,
             "idempotency_key": f"register-{change_id}-{endpoint_id}",
             "body": outbox_body(change_id, reference, now, entry, what),
             "created_at": now, "attempts": 0, "next_attempt_at": now}
            for change_id, reference, entry, what in changes
            for endpoint_id in endpoints
        ])
    return len(rows)


def record_change(session: Session, council_id: int, representation_id: int,
                  row: RegisterRow) -> int:
    """:func:`record_changes` for one entry, in two statements whatever the number of
    endpoints: the change, with its sequence returned, and its outbox entries, one per
    active endpoint, copied from the endpoints in the database. On PostgreSQL the first
    takes the advisory lock too, before its sequence number is drawn (the insert reads
    its one row from the lock's SELECT). Returns the change's sequence number."""
    mark_recorded(session, (representation_id,))
    connection = session.connection()
    now = utcnow()
    entry = entry_of(row)
    changes = table_of(RegisterChange)
    values = {"council_id": council_id, "representation_id": representation_id,
              "reference": row.reference, "changed_at": now, "entry": entry,
              "change": CHANGED}
    if connection.dialect.name == "postgresql":
        lock = select(func.pg_advisory_xact_lock(
            CHANGE_LOCK, func.hashtext(func.current_schema()))).subquery("change_lock")
        add = insert(changes).from_select(
            list(values), select(*(literal(value, changes.c[name].type)
                                   for name, value in values.items())).select_from(lock))
    else:
        add = insert(changes).values(values)
    sequence = int(connection.execute(add.returning(changes.c.id)).scalar_one())
    endpoints = table_of(FeedEndpoint)
    key = literal(f"register-{sequence}-", String) + cast(endpoints.c.id, String)
    connection.execute(insert(table_of(OutboxEntry)).from_select(
        ["endpoint_id", "change_id", "idempotency_key", "body", "created_at", "attempts",
         "next_attempt_at"],
        select(endpoints.c.id, literal(sequence, BigInteger), key,
               literal(outbox_body(sequence, row.reference, now, entry, CHANGED), Text),
               literal(now, UTCDateTime), literal(0, Integer), literal(now, UTCDateTime))
        .where(endpoints.c.council_id == council_id, endpoints.c.active.is_(True))
        .order_by(endpoints.c.id)))
    return sequence


def outbox_body(sequence: int, reference: str, changed_at: datetime, entry: dict[str, Any],
                change: str) -> str:
    """What one push delivery carries: the API's item for the change (api.py)."""
    return json.dumps({"sequence": sequence, "reference": reference,
                       "changed_at": changed_at.isoformat(), "entry": entry, "change": change},
                      sort_keys=True)


# --- API clients and endpoints ----------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_api_client(session: Session, council_id: int, name: str) -> str:
    """Create an API client; returns its bearer token, which is shown only this once."""
    token = secrets.token_urlsafe(32)
    session.add(ApiClient(council_id=council_id, name=name, token_hash=token_hash(token)))
    session.flush()
    return token


def api_client_for(session: Session, token: str) -> ApiClient | None:
    """The active client a bearer token belongs to (compared by hash, in the database)."""
    return session.scalars(select(ApiClient).where(
        ApiClient.token_hash == token_hash(token), ApiClient.revoked_at.is_(None))).first()


def add_endpoint(session: Session, council_id: int, name: str, url: str) -> str:
    """Add a push endpoint; returns the signing secret to give its owner."""
    if not url.startswith(("https://", "http://")):
        raise ValueError("an endpoint URL must start with https:// (or http:// on a private "
                         "network)")
    secret = secrets.token_urlsafe(32)
    session.add(FeedEndpoint(council_id=council_id, name=name, url=url, secret=secret))
    session.flush()
    return secret


# --- delivery ---------------------------------------------------------------------------


class DeliveryFailed(Exception):
    """The endpoint did not accept the delivery; it will be retried."""


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: ``t=<unix time>,v1=<HMAC-SHA256 of "t.body">``.

    Signing the time with the body lets a receiver refuse an old delivery
    replayed later.
    """
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiver does (and the tests): check the signature header against the body."""
    try:
        parts = dict(part.split("=", 1) for part in header.split(","))
        expected = signature(secret, int(parts["t"]), body)
    except (KeyError, ValueError):
        return False
    return hmac.compare_digest(expected, header)


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 30 s, 1 min, 2 min ... doubling, at most 6 hours."""
    # The exponent is bounded: after weeks of failures 2**n would overflow timedelta.
    doublings = min(max(attempts - 1, 0), 20)
    return min(BACKOFF_FIRST * 2**doublings, BACKOFF_LONGEST)


Sender = Callable[[FeedEndpoint, OutboxEntry, datetime], None]


def http_send(endpoint: FeedEndpoint, entry: OutboxEntry, now: datetime) -> None:
    """POST one entry, signed; raise DeliveryFailed unless the endpoint answers 2xx."""
    if not endpoint.url.startswith(("https://", "http://")):
        raise DeliveryFailed("the endpoint URL is not http(s)")
    body = entry.body.encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        endpoint.url, data=body, method="POST",
        headers={
            "Content-Type": "application/json",
            IDEMPOTENCY_HEADER: entry.idempotency_key,
            SIGNATURE_HEADER: signature(endpoint.secret, int(now.timestamp()), body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as error:
        raise DeliveryFailed(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        raise DeliveryFailed(str(getattr(error, "reason", error))) from None
    if not 200 <= status < 300:
        raise DeliveryFailed(f"HTTP {status}")


def claim(session: Session, now: datetime) -> OutboxEntry | None:
    """The oldest due entry, locked for this worker until its transaction ends."""
    entry = session.scalars(
        select(OutboxEntry)
        .where(OutboxEntry.delivered_at.is_(None), OutboxEntry.next_attempt_at <= now)
        .order_by(OutboxEntry.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    ).first()
    if entry is not None:
        # Counting the attempt now also takes SQLite's write lock before sending.
        entry.attempts += 1
        session.flush()
    return entry


@dataclass(frozen=True)
class DeliveryResult:
    delivered: int
    failed: int


def deliver_due(session: Session, *, now: Callable[[], datetime] = utcnow,
                send: Sender = http_send, limit: int | None = None) -> DeliveryResult:
    """Deliver every due entry, one transaction per entry; failures wait with back-off."""
    delivered = failed = 0
    while limit is None or delivered + failed < limit:
        moment = now()
        entry = claim(session, moment)
        if entry is None:
            session.rollback()
            break
        endpoint = session.get(FeedEndpoint, entry.endpoint_id)
        assert endpoint is not None
        try:
            send(endpoint, entry, moment)
        except DeliveryFailed as error:
            entry.last_error = str(error)[:500]
            entry.next_attempt_at = moment + backoff(entry.attempts)
            failed += 1
        else:
            entry.delivered_at = moment
            entry.last_error = None
            delivered += 1
        session.commit()
    return DeliveryResult(delivered, failed)


def pending(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEntry).where(
        OutboxEntry.delivered_at.is_(None))) or 0

