"""search keys folded (NFKC + casefold): party.name_key for the party lookup; the party_gram
grams and the cases' search_text of names on file refolded

Until 0014 the keys were written with str.lower() and the SQL compared with SQLite's lower(),
which knows ASCII only: ＡＢＣ电子有限公司 was not found by "abc". Rows are read in batches by key
and only those whose keys change are written (names of Chinese characters only do not change);
no ORM: the 200,000-case demo database (395,000 parties) takes about 4 s.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 15:00:00
"""

import unicodedata
from collections.abc import Callable, Iterator

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

BATCH = 20000
WORD_END = "\u0001"  # as domain.search.WORD_END at the time of this revision


# the rule as of this revision (domain/search.py), frozen here so later changes cannot alter it
def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()).strip()


def _lower(text: str) -> str:  # the rule before this revision
    return text.strip().lower()


def _grams(name: str, normalise: Callable[[str], str]) -> set[str]:
    s = normalise(name)
    pairs = {s[i:i + 2] for i in range(len(s) - 1) if not s[i].isspace() and not s[i + 1].isspace()}
    ends = {s[i] + WORD_END for i in range(len(s)) if not s[i].isspace() and (i + 1 == len(s) or s[i + 1].isspace())}
    return pairs | ends


def _batches(conn: sa.Connection, table: str, column: str) -> Iterator[list[sa.Row]]:
    """(id, column) of every row, BATCH at a time in id order (a keyset, so writes between
    batches do not disturb the reading)."""
    last = None
    while True:
        where = "" if last is None else "WHERE id > :last "
        rows = conn.execute(sa.text(f"SELECT id, {column} FROM {table} {where}ORDER BY id LIMIT :n"),
                            {"last": last, "n": BATCH}).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _name_key(name: str | None) -> str:
    return _fold(name or "")[:200]


def _fill_name_keys(conn: sa.Connection) -> bool:
    """Every party's name_key in one UPDATE through a function registered on SQLite's own
    connection (400,000 parties: 1.8 s, against 6 s for batches of UPDATE … WHERE id);
    False elsewhere (the caller writes them in batches)."""
    if conn.dialect.name != "sqlite":
        return False
    raw = conn.connection.driver_connection
    try:
        raw.create_function("hrss_name_key", 1, _name_key, deterministic=True)
    except (TypeError, NotImplementedError):  # an older sqlite3 module
        raw.create_function("hrss_name_key", 1, _name_key)
    conn.execute(sa.text("UPDATE party SET name_key = hrss_name_key(name)"))
    return True


def _regram(conn: sa.Connection, normalise: Callable[[str], str], before: Callable[[str], str]) -> None:
    """Rewrite the grams of the names whose grams differ between the rule ``before`` and
    ``normalise``. Only a name whose folded key differs from SQL's lower() can have such grams
    (lower() folds ASCII as str.lower() did): that superset is read, then checked one by one."""
    rows = conn.execute(sa.text("SELECT id, name FROM party WHERE name_key <> lower(trim(name))")).all()
    changed = [(pid, name or "") for pid, name in rows
               if _grams(name or "", normalise) != _grams(name or "", before)]
    for i in range(0, len(changed), BATCH):
        part = changed[i:i + BATCH]
        conn.execute(sa.text("DELETE FROM party_gram WHERE party_id = :id"), [{"id": pid} for pid, _ in part])
        conn.execute(sa.text("INSERT INTO party_gram (gram, party_id) VALUES (:g, :id)"),
                     [{"g": g, "id": pid} for pid, name in part for g in _grams(name, normalise)])


def upgrade() -> None:
    conn = op.get_bind()
    # added in place (no table rebuild: cases refer to parties), filled, then indexed
    op.add_column("party", sa.Column("name_key", sa.String(length=200), nullable=False, server_default=""))
    if not _fill_name_keys(conn):
        for rows in _batches(conn, "party", "name"):
            conn.execute(sa.text("UPDATE party SET name_key = :k WHERE id = :id"),
                         [{"k": _name_key(name), "id": pid} for pid, name in rows])
    _regram(conn, _fold, _lower)
    for rows in _batches(conn, "dispute_case", "search_text"):
        changed = [{"t": _fold(text)[:800], "id": cid} for cid, text in rows if text and _fold(text)[:800] != text]
        if changed:
            conn.execute(sa.text("UPDATE dispute_case SET search_text = :t WHERE id = :id"), changed)
    op.create_index(op.f("ix_party_name_key"), "party", ["name_key"], unique=False)


def downgrade() -> None:
    """The grams as 0014 wrote them; the cases' search_text stays folded (the names' original
    forms are not in it), which 0014's search reads as lower case."""
    _regram(op.get_bind(), _lower, _fold)
    op.drop_index(op.f("ix_party_name_key"), table_name="party")
    if op.get_bind().dialect.name == "sqlite":  # in place (SQLite 3.35+), not a rebuild of party
        op.execute("ALTER TABLE party DROP COLUMN name_key")
    else:
        op.drop_column("party", "name_key")
