"""Advocacy at the scale of a large council: matching and the coordinator's pages.

Targets (issue 6): ranking every advocate for one child takes under 5 ms with 300
advocates; the referrals list with 6,000 open referrals (4,000 children waiting) and
one child's page (with its suggestions, the complaint's chain and every advocate's
caseload) each answer in under 500 ms on the embedded SQLite. Run:

    .venv/bin/python benchmarks/bench_advocacy.py

Prints the figures; exit status 1 if a target is missed.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from portal import create_app
from portal.councils.services import load_demo_council
from portal.db import migrate
from portal.extensions import db
from portal.models.advocacy import AdvocacyCase, AdvocacyProvider, AdvocateProfile
from portal.models.cases import Representation
from portal.models.staff import Role, User
from portal.procedure import advocacy as rules
from portal.vocab.advocacy import AdvocacyStatus
from portal.vocab.cases import Advocacy, Kind, Method, Submitter

LANGUAGES = ["en", "cy", "pl", "ur", "pa", "ar", "so", "ro", "ti", "fa"]
RANK_TARGET_MS = 5.0
PAGE_TARGET_MS = 500.0
#: Accounts here never sign in with a password: the benchmark sets the session directly.
NO_PASSWORD = "!"  # noqa: S105 - not a password: no hash ever matches it


def bench_rank(rng: random.Random) -> float:
    advocates = [
        rules.Advocate(user_id=i, name=f"Advocate {i}", email=f"a{i}@example.org",
                       provider_id=i % 4, languages=frozenset(rng.sample(LANGUAGES, 2)),
                       capacity=10, caseload=rng.randint(0, 12), available=rng.random() > 0.1)
        for i in range(300)
    ]
    chain = [rules.ChainMember(rules.ChainRole.HANDLER, user_id=rng.randint(0, 400),
                               name=f"Officer {n}") for n in range(6)]
    timings = []
    for _ in range(2000):
        started = time.perf_counter()
        rules.rank(advocates, languages=[rng.choice(LANGUAGES), "en"], chain=chain,
                   objected_user_ids=[rng.randint(0, 300)])
        timings.append((time.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print(f"rank 300 advocates for one child: median {median:.2f} ms, "
          f"p95 {sorted(timings)[int(len(timings) * 0.95)]:.2f} ms (target {RANK_TARGET_MS} ms)")
    return median


def bench_pages(rng: random.Random) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate.upgrade(url)
        app = create_app({"PORTAL_ENV": "test", "SECRET_KEY": "bench-" + "0" * 40,
                          "DATABASE_URL": url, "WTF_CSRF_ENABLED": False,
                          "RATELIMIT_ENABLED": False})
        with app.app_context():
            session = db.session()
            council = load_demo_council(session)
            provider = AdvocacyProvider(council_id=council.id, name="Bench provider")
            session.add(provider)
            session.flush()
            officer = User(council_id=council.id, email="cro@bench.example", name="CRO",
                           role=Role.CHILDRENS_RIGHTS_OFFICER, password_hash=NO_PASSWORD)
            session.add(officer)
            advocate_ids = []
            for i in range(300):
                user = User(council_id=council.id, email=f"adv{i}@bench.example",
                            name=f"Advocate {i}", role=Role.ADVOCATE, password_hash=NO_PASSWORD,
                            provider_id=provider.id)
                session.add(user)
                session.flush()
                advocate_ids.append(user.id)
                session.add(AdvocateProfile(user_id=user.id, provider_id=provider.id,
                                            languages=rng.sample(LANGUAGES, 2), capacity=10))
            start = date(2026, 1, 5)
            reference = ""
            for n in range(6000):
                received = start + timedelta(days=n % 300)
                reference = f"BEN-2026-{n:06d}"
                rep = Representation(
                    council_id=council.id, reference=reference, kind=Kind.COMPLAINT,
                    received_on=received, method=Method.ONLINE_FORM,
                    submitter=Submitter.CHILD, made_by_child=True,
                    advocacy=Advocacy.REQUESTED, language=rng.choice(LANGUAGES))
                session.add(rep)
                session.flush()
                # A third assigned (caseloads), two thirds waiting (the list).
                assigned = n % 3 == 0
                session.add(AdvocacyCase(
                    representation_id=rep.id,
                    status=AdvocacyStatus.ASSIGNED if assigned else AdvocacyStatus.REFERRED,
                    requested_on=received, provider_id=provider.id, answer="accepted",
                    advocate_user_id=rng.choice(advocate_ids) if assigned else None,
                    assigned_on=received + timedelta(days=2) if assigned else None,
                    objected_advocate_ids=[], notes={}))
            session.commit()
            officer_id = officer.id
            db.session.remove()

        client = app.test_client()
        with client.session_transaction() as s:
            s["staff_uid"] = officer_id
            s["staff_ver"] = 0
            s["staff_seen"] = int(time.time())

        def timed(path: str) -> float:
            runs = []
            for _ in range(5):
                with client.session_transaction() as s:
                    s["staff_seen"] = int(time.time())
                started = time.perf_counter()
                response = client.get(path)
                runs.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
            return statistics.median(runs)

        listing = timed("/advocacy/referrals")
        one = timed(f"/advocacy/referrals/{reference}")
        print(f"referrals list of 6,000 open (4,000 waiting), one page: median {listing:.0f} ms "
              f"(target {PAGE_TARGET_MS:.0f} ms)")
        print(f"one child's page with 300 advocates ranked: median {one:.0f} ms "
              f"(target {PAGE_TARGET_MS:.0f} ms)")
        return listing, one


def main() -> int:
    rng = random.Random(26)
    rank_ms = bench_rank(rng)
    listing_ms, one_ms = bench_pages(rng)
    missed = (rank_ms > RANK_TARGET_MS or listing_ms > PAGE_TARGET_MS
              or one_ms > PAGE_TARGET_MS)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
