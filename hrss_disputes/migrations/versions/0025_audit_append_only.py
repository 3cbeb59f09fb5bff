"""The audit trail is append-only on a server, and only the owner moves the schema revision
(issue 20): the application role has UPDATE and DELETE on every table (roles.sql grants rows by
default privileges), so without these it could rewrite audit_entry (the chain check would find
it afterwards; now it is refused) or alembic_version.

- audit_entry: a trigger refuses UPDATE and DELETE for everyone, as for issued documents (0008)
  and submitted reports (0019). Only the table's owner can disable it (ALTER TABLE), which the
  application role cannot; the program itself only ever inserts entries.
- audit_head: the chain's head is one row (id 1), only ever updated as an entry is added; a
  trigger refuses DELETE, and INSERT while the row is there (the application role's DELETE
  FROM audit_head made every later write fail).
- alembic_version: a trigger refuses INSERT, UPDATE and DELETE by a role that is not the
  table's owner (or a member of it, which a superuser always is), so only ``db upgrade`` with
  the owner role moves the revision.

On SQLite nothing: the file's owner can do anything to it; the chain check is the protection.

Revision ID: 0025
Revises: 0024
Create Date: 2026-11-30 00:20:00
"""

from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

AUDIT_MESSAGE = "the audit trail is append-only"
VERSION_MESSAGE = "only the owner of alembic_version may change the schema revision"
HEAD_MESSAGE = "the audit chain head is one row, only ever updated"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"""
        CREATE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{AUDIT_MESSAGE}'; END $$ LANGUAGE plpgsql""")
    op.execute("""
        CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry
        FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()""")
    op.execute(f"""
        CREATE FUNCTION audit_head_one_row() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'DELETE' OR EXISTS (SELECT 1 FROM audit_head) THEN
                RAISE EXCEPTION '{HEAD_MESSAGE}';
            END IF;
            RETURN NEW;
        END $$ LANGUAGE plpgsql""")
    op.execute("""
        CREATE TRIGGER audit_head_one_row BEFORE INSERT OR DELETE ON audit_head
        FOR EACH ROW EXECUTE FUNCTION audit_head_one_row()""")
    # not SECURITY DEFINER: current_user is whoever writes
    op.execute(f"""
        CREATE FUNCTION alembic_version_owner_only() RETURNS trigger AS $$
        BEGIN
            IF NOT pg_has_role(current_user,
                               (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
                RAISE EXCEPTION '{VERSION_MESSAGE}';
            END IF;
            RETURN NULL;
        END $$ LANGUAGE plpgsql""")
    op.execute("""
        CREATE TRIGGER alembic_version_owner_only BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE
        ON alembic_version FOR EACH STATEMENT EXECUTE FUNCTION alembic_version_owner_only()""")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER alembic_version_owner_only ON alembic_version")
    op.execute("DROP FUNCTION alembic_version_owner_only()")
    op.execute("DROP TRIGGER audit_head_one_row ON audit_head")
    op.execute("DROP FUNCTION audit_head_one_row()")
    op.execute("DROP TRIGGER audit_entry_append_only ON audit_entry")
    op.execute("DROP FUNCTION audit_entry_append_only()")
