"""Routing's submitters and the register's are the same people, bar "unknown" (kept by the
register for old records, never given to a new submission: ROUTING.md, REGISTER.md)."""

from portal.vocab import cases, routing


def test_the_registers_submitters_are_routings_and_unknown() -> None:
    assert {m.value for m in cases.Submitter} == {m.value for m in routing.Submitter} | {
        "unknown"}
    assert "unknown" not in {m.value for m in routing.Submitter}
