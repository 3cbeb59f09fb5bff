"""search indexes: party name bigrams, case number digit keys

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 16:59:49
"""

import sqlalchemy as sa
from alembic import op

from hrss_disputes.domain.search import bigrams, number_keys

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

BATCH = 10000


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
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number_key", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("number_key_tail", sa.String(length=30), nullable=True))

    conn = op.get_bind()
    # index the names and case numbers already on file
    party = sa.table("party", sa.column("id", sa.Uuid()), sa.column("name", sa.String()))
    rows = [{"gram": g, "party_id": pid} for pid, name in conn.execute(sa.select(party.c.id, party.c.name))
            for g in bigrams(name)]
    for i in range(0, len(rows), BATCH):
        conn.execute(gram.insert(), rows[i:i + BATCH])
    case = sa.table("dispute_case", sa.column("id", sa.Uuid()), sa.column("case_number", sa.String()),
                    sa.column("number_key", sa.String()), sa.column("number_key_tail", sa.String()))
    keys = []
    for cid, number in conn.execute(sa.select(case.c.id, case.c.case_number).where(case.c.case_number.is_not(None))):
        key, tail = number_keys(number)
        keys.append({"cid": cid, "k": key, "t": tail})
    update = case.update().where(case.c.id == sa.bindparam("cid")).values(
        number_key=sa.bindparam("k"), number_key_tail=sa.bindparam("t"))
    for i in range(0, len(keys), BATCH):
        conn.execute(update, keys[i:i + BATCH])
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        for name, column in (("ix_case_number_key", "number_key"), ("ix_case_number_key_tail", "number_key_tail")):
            batch_op.create_index(name, [column, "received_on", "family", "office_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_index("ix_case_number_key_tail")
        batch_op.drop_index("ix_case_number_key")
        batch_op.drop_column("number_key_tail")
        batch_op.drop_column("number_key")
    with op.batch_alter_table("party_gram", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_gram_party_id"))
    op.drop_table("party_gram")
