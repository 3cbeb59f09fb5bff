"""The tribunal's people and hearings (issue 19): the arbitrators' register, tribunal seats,
hearing rooms and mobile-tribunal points, booked hearings, mobile sittings, element positions
(要素式), approval requests (待审批), and the 更正 mark on a struck-out step

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-29 20:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def _id() -> sa.Column:
    return sa.Column("id", sa.Uuid(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "arbitrator", _id(),
        sa.Column("office_id", sa.Uuid(), sa.ForeignKey("office.id"), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("profession", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_arbitrator_office_id", "arbitrator", ["office_id"])
    op.create_index("ix_arbitrator_user_id", "arbitrator", ["user_id"])

    op.create_table(
        "tribunal_seat", _id(),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("dispute_case.id"), nullable=False),
        sa.Column("arbitrator_id", sa.Uuid(), sa.ForeignKey("arbitrator.id"), nullable=False),
        sa.Column("seat", sa.String(length=10), nullable=False),
        sa.Column("from_on", sa.Date(), nullable=False),
        sa.Column("until_on", sa.Date(), nullable=True),
        sa.Column("formed_event_id", sa.Uuid(), sa.ForeignKey("case_event.id"), nullable=True),
        sa.Column("ended_event_id", sa.Uuid(), sa.ForeignKey("case_event.id"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_tribunal_seat_case_id", "tribunal_seat", ["case_id"])
    op.create_index("ix_seat_arbitrator", "tribunal_seat", ["arbitrator_id", "until_on"])

    op.create_table(
        "hearing_place", _id(),
        sa.Column("office_id", sa.Uuid(), sa.ForeignKey("office.id"), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hearing_place_office_id", "hearing_place", ["office_id"])

    op.create_table(
        "mobile_sitting", _id(),
        sa.Column("office_id", sa.Uuid(), sa.ForeignKey("office.id"), nullable=False),
        sa.Column("place_id", sa.Uuid(), sa.ForeignKey("hearing_place.id"), nullable=False),
        sa.Column("sits_on", sa.Date(), nullable=False),
        sa.Column("arbitrators", sa.Text(), nullable=False),
        sa.Column("clerk_id", sa.Uuid(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_by", sa.Uuid(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sitting_office_day", "mobile_sitting", ["office_id", "sits_on"])

    op.create_table(
        "hearing", _id(),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("dispute_case.id"), nullable=False),
        sa.Column("event_id", sa.Uuid(), sa.ForeignKey("case_event.id"), nullable=True),
        sa.Column("hearing_on", sa.Date(), nullable=False),
        sa.Column("starts", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("place_id", sa.Uuid(), sa.ForeignKey("hearing_place.id"), nullable=True),
        sa.Column("place_text", sa.String(length=200), nullable=False),
        sa.Column("sitting_id", sa.Uuid(), sa.ForeignKey("mobile_sitting.id"), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("ended_event_id", sa.Uuid(), sa.ForeignKey("case_event.id"), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_hearing_case_id", "hearing", ["case_id"])
    op.create_index("ix_hearing_sitting_id", "hearing", ["sitting_id"])
    op.create_index("ix_hearing_day", "hearing", ["hearing_on", "starts"])
    op.create_index("ix_hearing_place_day", "hearing", ["place_id", "hearing_on"])

    op.create_table(
        "element_position", _id(),
        sa.Column("claim_item_id", sa.Uuid(), sa.ForeignKey("claim_item.id"), nullable=False),
        sa.Column("element", sa.String(length=40), nullable=False),
        sa.Column("party_id", sa.Uuid(), sa.ForeignKey("party.id"), nullable=False),
        sa.Column("stance", sa.String(length=12), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Uuid(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_item_id", "element", "party_id", name="uq_element_position"),
    )
    op.create_index("ix_element_position_claim_item_id", "element_position", ["claim_item_id"])

    op.create_table(
        "approval_request", _id(),
        sa.Column("case_id", sa.Uuid(), sa.ForeignKey("dispute_case.id"), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("values", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("requested_by", sa.Uuid(), sa.ForeignKey("app_user.id"), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("request_event_id", sa.Uuid(), sa.ForeignKey("case_event.id"), nullable=True),
        sa.Column("decided_by", sa.Uuid(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Uuid(), sa.ForeignKey("case_event.id"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_approval_request_case_id", "approval_request", ["case_id"])
    op.create_index("ix_approval_status", "approval_request", ["status", "requested_at"])

    # a nullable column: a plain ADD COLUMN, no table copy (the reference is the model's; SQLite
    # cannot add a foreign key to an existing table)
    with op.batch_alter_table("case_event", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("corrected_by", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("case_event", recreate="never") as batch_op:
        batch_op.drop_column("corrected_by")
    for table in ("approval_request", "element_position", "hearing", "mobile_sitting", "hearing_place",
                  "tribunal_seat", "arbitrator"):
        op.drop_table(table)
