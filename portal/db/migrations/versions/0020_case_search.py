"""Finding a case by what was said and who said it (issue 15, part 2): a full-text index of
every case's words (description, how it affected them, what would help) and the names of
its people, kept in step by the database itself.

PostgreSQL: a table ``case_search`` (one ``tsvector`` per case, GIN-indexed), refreshed by
statement-level triggers on ``representations`` and ``people``, so a register import of
100,000 rows refreshes it in one statement, not 100,000.
SQLite: an FTS5 table ``case_search`` (rowid = the case's id), refreshed by row triggers.

Both fold accents the same way (Siân finds Sian, tŷ finds ty): SQLite's unicode61 tokenizer
with ``remove_diacritics 2``; PostgreSQL through ``translate`` with the table below, which
``portal.cases.search_words.FOLD_FROM``/``FOLD_TO`` repeat for the words searched (a unit test
keeps the two equal). The ``simple`` configuration: no English stemming, which would
mangle Welsh.

No model declares ``case_search``: ``portal.db.migrate.include_name`` keeps it out of
autogenerate and of the models-versus-migrations test. A later migration that rebuilds
``representations`` or ``people`` on SQLite (batch mode "recreate") drops their triggers
with the old table and must create them again (``SQLITE_TRIGGERS`` here);
tests/integration/cases/test_case_search.py fails if they are missing.

Revision ID: 0020_case_search
Revises: 0019_notify_sms
"""

from alembic import op

revision = "0020_case_search"
down_revision = "0019_notify_sms"
branch_labels = None
depends_on = None

#: Accented Latin letters (Latin-1, Extended-A and B, Extended Additional: Welsh ŵ ŷ ẁ ẃ
#: ẅ ỳ among them) and the plain lower-case letter each folds to.
FOLD_FROM = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝ"
    "ĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯư"
    "ǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅ"
    "ḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟ"
    "ṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻ"
    "ẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
)
FOLD_TO = (
    "aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegg"
    "gggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouu"
    "aaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyyaabbbbbb"
    "ccddddddddddeeeeeeeeeeffgghhhhhhhhhhiiiikkkkkkllllllllmmmmmmnnnnnnnnoooooooopppprrrrrrrr"
    "ssssssssssttttttttuuuuuuuuuuvvvvwwwwwwwwwwxxxxyyzzzzzzhtwyaaaaaaaaaaaaaaaaaaaaaaaaeeee"
    "eeeeeeeeeeeeiiiioooooooooooooooooooooooouuuuuuuuuuuuuuyyyyyyyy"
)

#: A case with something to index: words, or a person with a name.
HAS_TEXT = """(coalesce(r.description, '') <> '' OR coalesce(r.how_affected, '') <> ''
    OR coalesce(r.desired_outcome, '') <> ''
    OR EXISTS (SELECT 1 FROM people p WHERE p.representation_id = r.id
               AND coalesce(p.name, '') <> ''))"""

# --- PostgreSQL ---------------------------------------------------------------------------

#: One case's document: its people's names, then its words, accents folded.
PG_DOCUMENT = """
    to_tsvector('simple', case_search_fold(
        coalesce((SELECT string_agg(p.name, ' ') FROM people p
                  WHERE p.representation_id = r.id), '')
        || ' ' || coalesce(r.description, '') || ' ' || coalesce(r.how_affected, '')
        || ' ' || coalesce(r.desired_outcome, '')))
"""

PG_UPGRADE = [
    """CREATE TABLE case_search (
        representation_id integer PRIMARY KEY,
        document tsvector NOT NULL
    )""",
    "CREATE INDEX ix_case_search_document ON case_search USING gin (document)",
    f"""CREATE FUNCTION case_search_fold(words text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT lower(translate(words, '{FOLD_FROM}', '{FOLD_TO}')) $$""",
    # SET search_path: the triggers find these tables whoever's session fires them.
    f"""CREATE FUNCTION case_search_refresh(ids integer[]) RETURNS void
        LANGUAGE sql SET search_path FROM CURRENT
        AS $$
            DELETE FROM case_search WHERE representation_id = ANY (ids);
            INSERT INTO case_search (representation_id, document)
            SELECT r.id, {PG_DOCUMENT} FROM representations r WHERE r.id = ANY (ids);
        $$""",
    # A new case has no people yet; one with no words either (a register import's) has
    # nothing to index until it has.
    """CREATE FUNCTION case_search_cases_added() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $$
        DECLARE added integer[];
        BEGIN
            added := ARRAY(
                SELECT id FROM new_rows
                WHERE coalesce(description, '') <> '' OR coalesce(how_affected, '') <> ''
                   OR coalesce(desired_outcome, '') <> '');
            IF cardinality(added) > 0 THEN
                PERFORM case_search_refresh(added);
            END IF;
            RETURN NULL;
        END $$""",
    # Only the cases whose words changed: a new status or deadline leaves the index alone.
    """CREATE FUNCTION case_search_cases_changed() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $$
        DECLARE changed integer[];
        BEGIN
            changed := ARRAY(
                SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.description IS DISTINCT FROM o.description
                   OR n.how_affected IS DISTINCT FROM o.how_affected
                   OR n.desired_outcome IS DISTINCT FROM o.desired_outcome);
            IF cardinality(changed) > 0 THEN
                PERFORM case_search_refresh(changed);
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE FUNCTION case_search_cases_gone() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $$ BEGIN
            DELETE FROM case_search WHERE representation_id IN (SELECT id FROM old_rows);
            RETURN NULL;
        END $$""",
    """CREATE FUNCTION case_search_people_added() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $$ BEGIN
            PERFORM case_search_refresh(ARRAY(SELECT DISTINCT representation_id
                                              FROM new_rows));
            RETURN NULL;
        END $$""",
    """CREATE FUNCTION case_search_people_changed() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $$
        DECLARE changed integer[];
        BEGIN
            changed := ARRAY(
                SELECT o.representation_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.name IS DISTINCT FROM o.name
                   OR n.representation_id IS DISTINCT FROM o.representation_id
                UNION
                SELECT n.representation_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE n.name IS DISTINCT FROM o.name
                   OR n.representation_id IS DISTINCT FROM o.representation_id);
            IF cardinality(changed) > 0 THEN
                PERFORM case_search_refresh(changed);
            END IF;
            RETURN NULL;
        END $$""",
    """CREATE FUNCTION case_search_people_gone() RETURNS trigger
        LANGUAGE plpgsql SET search_path FROM CURRENT
        AS $$ BEGIN
            PERFORM case_search_refresh(ARRAY(SELECT DISTINCT representation_id
                                              FROM old_rows));
            RETURN NULL;
        END $$""",
    """CREATE TRIGGER case_search_cases_added AFTER INSERT ON representations
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_search_cases_added()""",
    """CREATE TRIGGER case_search_cases_changed AFTER UPDATE ON representations
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_search_cases_changed()""",
    """CREATE TRIGGER case_search_cases_gone AFTER DELETE ON representations
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_search_cases_gone()""",
    """CREATE TRIGGER case_search_people_added AFTER INSERT ON people
        REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_search_people_added()""",
    """CREATE TRIGGER case_search_people_changed AFTER UPDATE ON people
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_search_people_changed()""",
    """CREATE TRIGGER case_search_people_gone AFTER DELETE ON people
        REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION case_search_people_gone()""",
    # The cases already there that have words or a named person.
    f"SELECT case_search_refresh(ARRAY(SELECT r.id FROM representations r WHERE {HAS_TEXT}))",
]

PG_DOWNGRADE = [
    *(f"DROP TRIGGER IF EXISTS case_search_{name} ON {table}"
      for table, names in (("representations", ("cases_added", "cases_changed", "cases_gone")),
                           ("people", ("people_added", "people_changed", "people_gone")))
      for name in names),
    *(f"DROP FUNCTION IF EXISTS case_search_{name}()"
      for name in ("cases_added", "cases_changed", "cases_gone", "people_added",
                   "people_changed", "people_gone")),
    "DROP FUNCTION IF EXISTS case_search_refresh(integer[])",
    "DROP FUNCTION IF EXISTS case_search_fold(text)",
    "DROP TABLE IF EXISTS case_search",
]

# --- SQLite -------------------------------------------------------------------------------


def _sqlite_refresh(case_id: str) -> str:
    """Statements that rebuild one case's row (``case_id`` an SQL expression)."""
    return f"""
        DELETE FROM case_search WHERE rowid = {case_id};
        INSERT INTO case_search (rowid, names, words)
        SELECT r.id,
               coalesce((SELECT group_concat(p.name, ' ') FROM people p
                         WHERE p.representation_id = r.id), ''),
               coalesce(r.description, '') || ' ' || coalesce(r.how_affected, '') || ' '
               || coalesce(r.desired_outcome, '')
        FROM representations r WHERE r.id = {case_id};
    """


SQLITE_TRIGGERS = [
    # A new case has no people yet; one with no words either (a register import's) has
    # nothing to index until it has.
    f"""CREATE TRIGGER case_search_cases_added AFTER INSERT ON representations
        WHEN coalesce(new.description, '') <> '' OR coalesce(new.how_affected, '') <> ''
          OR coalesce(new.desired_outcome, '') <> '' BEGIN
        {_sqlite_refresh("new.id")} END""",
    f"""CREATE TRIGGER case_search_cases_changed
        AFTER UPDATE OF description, how_affected, desired_outcome ON representations BEGIN
        {_sqlite_refresh("new.id")} END""",
    """CREATE TRIGGER case_search_cases_gone AFTER DELETE ON representations BEGIN
        DELETE FROM case_search WHERE rowid = old.id; END""",
    f"""CREATE TRIGGER case_search_people_added AFTER INSERT ON people BEGIN
        {_sqlite_refresh("new.representation_id")} END""",
    f"""CREATE TRIGGER case_search_people_changed
        AFTER UPDATE OF name, representation_id ON people BEGIN
        {_sqlite_refresh("old.representation_id")}
        {_sqlite_refresh("new.representation_id")} END""",
    f"""CREATE TRIGGER case_search_people_gone AFTER DELETE ON people BEGIN
        {_sqlite_refresh("old.representation_id")} END""",
]

SQLITE_UPGRADE = [
    # rowid is the case's id; "prefix" keeps two- and three-letter beginnings ready, as a
    # name is often searched by its first letters.
    """CREATE VIRTUAL TABLE case_search USING fts5(
        names, words, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')""",
    *SQLITE_TRIGGERS,
    # The cases already there that have words or a named person.
    f"""INSERT INTO case_search (rowid, names, words)
       SELECT r.id,
              coalesce((SELECT group_concat(p.name, ' ') FROM people p
                        WHERE p.representation_id = r.id), ''),
              coalesce(r.description, '') || ' ' || coalesce(r.how_affected, '') || ' '
              || coalesce(r.desired_outcome, '')
       FROM representations r WHERE {HAS_TEXT}""",
]

SQLITE_DOWNGRADE = [
    *(f"DROP TRIGGER IF EXISTS case_search_{name}"
      for name in ("cases_added", "cases_changed", "cases_gone", "people_added",
                   "people_changed", "people_gone")),
    "DROP TABLE IF EXISTS case_search",
]


def _run(statements: list[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(PG_UPGRADE if dialect == "postgresql" else SQLITE_UPGRADE)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(PG_DOWNGRADE if dialect == "postgresql" else SQLITE_DOWNGRADE)
