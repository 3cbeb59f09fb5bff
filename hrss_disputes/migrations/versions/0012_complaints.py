"""wage-arrears complaints: intake details, workers, payments, the employer blacklist

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-21 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 2)


def upgrade() -> None:
    op.create_table(
        "complaint_detail",
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("dispute_case.id"), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("informant_name", sa.String(length=100), nullable=True),
        sa.Column("informant_phone", sa.String(length=40), nullable=True),
        sa.Column("informant_id_number", sa.String(length=40), nullable=True),
        sa.Column("informant_address", sa.String(length=300), nullable=True),
        sa.Column("construction", sa.Boolean(), nullable=False),
        sa.Column("project_name", sa.String(length=200), nullable=True),
        sa.Column("project_location", sa.String(length=300), nullable=True),
        sa.Column("builder", sa.String(length=200), nullable=True),
        sa.Column("general_contractor", sa.String(length=200), nullable=True),
        sa.Column("subcontractor", sa.String(length=200), nullable=True),
        sa.Column("team_leader", sa.String(length=100), nullable=True),
        sa.Column("within_two_years", sa.Boolean(), nullable=True),
        sa.Column("definite_employer", sa.Boolean(), nullable=True),
        sa.Column("within_jurisdiction", sa.Boolean(), nullable=True),
        sa.Column("dispute_matter", sa.Boolean(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("compensation_rate", sa.Integer(), nullable=True),
        sa.Column("unnamed_compensation", MONEY, nullable=False),
        sa.Column("corrected_on", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("case_id"),
    )
    op.create_table(
        "complaint_worker",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("dispute_case.id"), nullable=False),
        sa.Column("party_id", sa.Uuid(), sa.ForeignKey("party.id"), nullable=False),
        sa.Column("amount_owed", MONEY, nullable=False),
        sa.Column("period_from", sa.Date(), nullable=True),
        sa.Column("period_to", sa.Date(), nullable=True),
        sa.Column("compensation", MONEY, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_complaint_worker_case", "complaint_worker", ["case_id", "position"])
    op.create_index("ix_complaint_worker_party_id", "complaint_worker", ["party_id"])
    op.create_table(
        "complaint_payment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("dispute_case.id"), nullable=False),
        sa.Column("worker_id", sa.Uuid(), sa.ForeignKey("complaint_worker.id"), nullable=True),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("event_id", sa.Uuid(), sa.ForeignKey("case_event.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_complaint_payment_case", "complaint_payment", ["case_id", "paid_on"])
    op.create_index("ix_complaint_payment_on", "complaint_payment", ["paid_on", "kind"])
    op.create_table(
        "blacklist_entry",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("party_id", sa.Uuid(), sa.ForeignKey("party.id"), nullable=False),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("dispute_case.id"), nullable=False),
        sa.Column("criteria", sa.String(length=20), nullable=False),
        sa.Column("persons", sa.Text(), nullable=False),
        sa.Column("proposed_on", sa.Date(), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=True),
        sa.Column("removed_on", sa.Date(), nullable=True),
        sa.Column("early_removal", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_blacklist_listed", "blacklist_entry", ["listed_on"])
    op.create_index("ix_blacklist_entry_party_id", "blacklist_entry", ["party_id"])
    op.create_index("ix_blacklist_entry_case_id", "blacklist_entry", ["case_id"])
    # the report's complaint figures count events of a kind in a period (transfers to police)
    op.create_index("ix_event_kind", "case_event", ["kind", "occurred_on"])
    # every complaint has its detail row
    op.execute("""
        INSERT INTO complaint_detail (case_id, kind, construction, dispute_matter, unnamed_compensation)
        SELECT id, 'complaint', false, false, 0 FROM dispute_case WHERE family = 'complaint'""")


def downgrade() -> None:
    op.drop_index("ix_event_kind", table_name="case_event")
    for table in ("blacklist_entry", "complaint_payment", "complaint_worker", "complaint_detail"):
        op.drop_table(table)
