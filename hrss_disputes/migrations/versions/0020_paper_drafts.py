"""paper_draft: what a person has typed into a paper not yet issued, per case, paper type and
person, saved as they type so that Esc, a closed tab or a restart loses nothing (issue 19.6)

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-29 18:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_draft",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("dispute_case.id"), nullable=False),
        sa.Column("doc_type", sa.String(length=40), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("case_id", "doc_type", "user_id", name="uq_paper_draft"),
    )


def downgrade() -> None:
    op.drop_table("paper_draft")
