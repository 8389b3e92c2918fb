"""The migrations form one line of history: a single head, so upgrade and check are unambiguous."""

from alembic.script import ScriptDirectory

from portal.db.migrate import alembic_config


def test_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"several heads {heads}: add a merge migration"
