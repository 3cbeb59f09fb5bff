"""report_submission: a month's report as submitted (上报), kept as submitted: triggers refuse
UPDATE and DELETE, as for issued papers (0008)

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-29 17:00:02
"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

MESSAGE = "submitted reports are immutable"


def upgrade() -> None:
    op.create_table(
        "report_submission",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), sa.ForeignKey("office.id"), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_by", sa.Uuid(), sa.ForeignKey("app_user.id"), nullable=True),
        sa.Column("report", sa.Text(), nullable=False),
        sa.Column("cases", sa.Text(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=True),
        sa.Column("audit_hash", sa.String(length=64), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("office_id", "period_start", "period_end", name="uq_report_submission_period"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""
            CREATE FUNCTION report_submission_immutable() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$ LANGUAGE plpgsql""")
        op.execute("""
            CREATE TRIGGER report_submission_immutable BEFORE UPDATE OR DELETE ON report_submission
            FOR EACH ROW EXECUTE FUNCTION report_submission_immutable()""")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""
                CREATE TRIGGER report_submission_no_{verb.lower()} BEFORE {verb} ON report_submission
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER report_submission_immutable ON report_submission")
        op.execute("DROP FUNCTION report_submission_immutable()")
    op.drop_table("report_submission")
