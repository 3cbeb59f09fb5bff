"""accounts (password hash, lockout) and the audit trail's hash chain

Existing audit entries are numbered in the order they were written and chained; users of an
older database have no password yet (the administrator sets one at the next start).

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-21 12:00:00
"""

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import hrss_disputes.models.types
from hrss_disputes.domain.audit_chain import GENESIS, ChainEntry, entry_hash

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def _hex(value: object) -> str | None:
    return None if value is None else uuid.UUID(str(value)).hex


def _at(value: object) -> datetime:
    at = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at


def upgrade() -> None:
    # added in place, not by rebuilding app_user: every case, event and entry refers to it, and
    # dropping the old table made SQLite check those references row by row (minutes at 200,000 cases)
    op.add_column("app_user", sa.Column("password_hash", sa.String(length=200), nullable=True))
    op.add_column("app_user", sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.add_column("app_user", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("app_user", sa.Column("locked_until", hrss_disputes.models.types.UTCDateTime(timezone=True),
                                        nullable=True))
    op.add_column("app_user", sa.Column("last_login_at", hrss_disputes.models.types.UTCDateTime(timezone=True),
                                        nullable=True))

    op.add_column("audit_entry", sa.Column("seq", sa.BigInteger(), nullable=True))
    op.add_column("audit_entry", sa.Column("case_id", sa.Uuid(), nullable=True))
    op.add_column("audit_entry", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_entry", sa.Column("hash", sa.String(length=64), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        'SELECT id, at, user_id, entity, entity_id, action, "before", "after" FROM audit_entry ORDER BY at, id'
    )).all()
    prev, seq = GENESIS, 0
    for row in rows:
        seq += 1
        entity_id = _hex(row.entity_id)
        entry = ChainEntry(seq=seq, id=_hex(row.id), at=_at(row.at), user_id=_hex(row.user_id),
                           entity=row.entity, entity_id=entity_id,
                           case_id=entity_id if row.entity == "dispute_case" else None, action=row.action,
                           before=row.before, after=row.after, prev_hash=prev, hash=None)
        h = entry_hash(prev, entry)
        conn.execute(sa.text("UPDATE audit_entry SET seq = :seq, case_id = :case_id, prev_hash = :prev, "
                             "hash = :hash WHERE id = :id"),
                     {"seq": seq, "case_id": row.entity_id if entry.case_id else None, "prev": prev, "hash": h,
                      "id": row.id})
        prev = h
    with op.batch_alter_table("audit_entry") as batch:
        batch.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint("uq_audit_entry_seq", ["seq"])
        batch.create_index("ix_audit_case", ["case_id", "seq"])
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    conn.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, :seq, :hash)"),
                 {"seq": seq, "hash": prev})


def downgrade() -> None:
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_index("ix_audit_case")
        batch.drop_constraint("uq_audit_entry_seq", type_="unique")
        for name in ("hash", "prev_hash", "case_id", "seq"):
            batch.drop_column(name)
    with op.batch_alter_table("app_user") as batch:
        for name in ("last_login_at", "locked_until", "failed_logins", "must_change_password", "password_hash"):
            batch.drop_column(name)
