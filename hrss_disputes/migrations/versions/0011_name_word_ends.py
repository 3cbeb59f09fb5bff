"""party_gram also holds each word's last character (+ U+0001): one typed character is an index range

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-22 00:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 10000
WORD_END = "\u0001"  # as domain.search.WORD_END at the time of this revision


def _word_ends(name: str) -> set[str]:
    s = name.strip().lower()
    return {s[i] + WORD_END for i in range(len(s)) if not s[i].isspace() and (i + 1 == len(s) or s[i + 1].isspace())}


def upgrade() -> None:
    conn = op.get_bind()
    party = sa.table("party", sa.column("id", sa.Uuid()), sa.column("name", sa.String()))
    gram = sa.table("party_gram", sa.column("gram", sa.String()), sa.column("party_id", sa.Uuid()))
    rows = [{"gram": g, "party_id": pid} for pid, name in conn.execute(sa.select(party.c.id, party.c.name))
            for g in _word_ends(name or "")]
    for i in range(0, len(rows), BATCH):
        conn.execute(gram.insert(), rows[i:i + BATCH])


def downgrade() -> None:
    gram = sa.table("party_gram", sa.column("gram", sa.String()))
    op.get_bind().execute(gram.delete().where(gram.c.gram.like(f"%{WORD_END}")))
