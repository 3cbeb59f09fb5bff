"""party name bigrams for search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 16:59:49
"""

import sqlalchemy as sa
from alembic import op

from hrss_disputes.domain.search import bigrams

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    gram = op.create_table(
        "party_gram",
        sa.Column("gram", sa.String(length=8), nullable=False),
        sa.Column("party_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(["party_id"], ["party.id"]),
        sa.PrimaryKeyConstraint("gram", "party_id"),
    )
    with op.batch_alter_table("party_gram", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_party_gram_party_id"), ["party_id"], unique=False)
    # index the names already on file
    party = sa.table("party", sa.column("id", sa.Uuid()), sa.column("name", sa.String()))
    conn = op.get_bind()
    rows = [{"gram": g, "party_id": pid} for pid, name in conn.execute(sa.select(party.c.id, party.c.name))
            for g in bigrams(name)]
    for i in range(0, len(rows), 10000):
        conn.execute(gram.insert(), rows[i:i + 10000])


def downgrade() -> None:
    with op.batch_alter_table("party_gram", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_gram_party_id"))
    op.drop_table("party_gram")
