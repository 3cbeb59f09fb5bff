"""procedures and deadlines: case links, the administrator's calendar days, open deadlines

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A plain ADD COLUMN … REFERENCES: batch mode would copy the whole table, and dropping the
        # old one with foreign keys on ran for over 20 minutes on 200,000 cases.
        op.execute("ALTER TABLE dispute_case ADD COLUMN origin_case_id CHAR(32) REFERENCES dispute_case (id)")
    else:
        op.add_column("dispute_case", sa.Column("origin_case_id", sa.Uuid(), nullable=True))
        op.create_foreign_key("fk_dispute_case_origin_case_id", "dispute_case", "dispute_case",
                              ["origin_case_id"], ["id"])
    op.create_index("ix_dispute_case_origin_case_id", "dispute_case", ["origin_case_id"], unique=False)
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("workday", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    op.create_table(
        "case_deadline",
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("clock", sa.String(length=30), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["dispute_case.id"]),
        sa.PrimaryKeyConstraint("case_id", "clock"),
    )
    op.create_index("ix_deadline_due", "case_deadline", ["due_on", "case_id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_deadline_due", table_name="case_deadline")
    op.drop_table("case_deadline")
    op.drop_table("calendar_day")
    op.drop_index("ix_dispute_case_origin_case_id", table_name="dispute_case")
    with op.batch_alter_table("dispute_case", schema=None) as batch_op:
        batch_op.drop_column("origin_case_id")  # the column's foreign key goes with it
