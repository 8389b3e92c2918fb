"""Route 10,000 varied submissions and print how long it took (target: under 2 seconds).

    .venv/bin/python benchmarks/bench_routing.py

Measures ``route()`` alone (the intake's cost per submission), then
``route()`` plus ``to_json()`` (the CLI's cost, with reasons rendered).
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta

from portal.common.dates import calendar_for
from portal.routing.reasons import decision_json
from portal.routing.rules import route
from portal.routing.submission import Submission
from portal.settings.routing import ENGLAND_DEFAULTS, WALES_PROFILE
from portal.vocab.routing import (
    DecisionMaker,
    Kind,
    LookedAfterBy,
    Proceeding,
    Service,
    Submitter,
)

COUNT = 10_000
TARGET_SECONDS = 2.0
DESCRIPTIONS = [
    "My social worker never answers my calls and I have not seen her for two months.",
    "They moved me to a new home and nobody told me why.",
    "He hit me and I am scared to go home.",
    "Mae ofn arna i ac nid wyf yn teimlo'n ddiogel.",
    "The social worker shouted at me in front of my children. " * 20,
    "",
]


def submissions(n: int, seed: int = 2026) -> list[Submission]:
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    out = []
    for _ in range(n):
        received = start + timedelta(days=rng.randrange(3 * 365))
        out.append(
            Submission(
                kind=rng.choice([Kind.COMPLAINT] * 6 + list(Kind)),
                received_on=received,
                submitter=rng.choice(list(Submitter)),
                service=rng.choice(list(Service)),
                on_behalf_of_child=rng.random() < 0.4,
                child_age=rng.choice([None, *range(0, 26)]),
                looked_after_by=rng.choice([None, None, *LookedAfterBy]),
                about_decision_of=rng.choice([None] * 8 + list(DecisionMaker)),
                event_on=rng.choice([None, received - timedelta(days=rng.randrange(800))]),
                proceedings=tuple(p for p in Proceeding if rng.random() < 0.1),
                in_danger_now=rng.random() < 0.05,
                wants_advocate=rng.random() < 0.2,
                description=rng.choice(DESCRIPTIONS),
            )
        )
    return out


def main() -> None:
    items = submissions(COUNT)
    for settings in (ENGLAND_DEFAULTS, WALES_PROFILE):
        calendar = calendar_for(settings.nation)  # built once, as the app does
        route(items[0], settings=settings, calendar=calendar)

        started = time.perf_counter()
        decisions = [route(s, settings=settings, calendar=calendar) for s in items]
        routed = time.perf_counter() - started

        started = time.perf_counter()
        for d in decisions:
            decision_json(d)
        rendered = time.perf_counter() - started

        total = routed + rendered
        verdict = "OK" if total < TARGET_SECONDS else "TOO SLOW"
        print(
            f"{settings.profile.value}: {COUNT} routings in {routed:.3f} s "
            f"({routed / COUNT * 1e6:.0f} us each); with to_json {total:.3f} s "
            f"(target < {TARGET_SECONDS:.0f} s): {verdict}"
        )


if __name__ == "__main__":
    main()
