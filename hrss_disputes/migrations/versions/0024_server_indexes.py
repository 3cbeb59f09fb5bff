"""PostgreSQL's own indexes for the lookups SQLite's indexes serve there and a server's do not
(issue 20.5). On PostgreSQL only: SQLite compares text by code point, so its plain indexes
already answer these; a server compares by its collation (zh_CN, en_US, ICU), where a b-tree
answers neither LIKE 'x%' nor a range of keys read by code point. So, indexes on the column as
text COLLATE "C" (code point order; an expression, so that ANALYZE keeps statistics for it and
the planner does not guess; services.sql.bytewise writes the same expression):
- party.name_key: the party form's lookup by the start of a name;
- party_gram.gram: the case search's one-character gram range;
- dispute_case.number_key and number_key_tail (with received_on): the case-number search;
and pg_trgm for the case search's "contains" (search_text LIKE '%…%', where no gram answers
it: text with a space, a count). pg_trgm is a trusted extension (PostgreSQL 13 and later): the
database's owner, who runs ``db upgrade``, may create it.

The names begin ix_pg_: they are not in the models (SQLite has no use for them), and
migrations.compare.include_name keeps autogenerate from reading them as indexes to drop.

Revision ID: 0024
Revises: 0023
Create Date: 2026-11-29 23:20:00
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

INDEXES = (
    ("ix_pg_party_name_key", """party (((name_key::text) COLLATE "C"))"""),
    ("ix_pg_party_gram", """party_gram (((gram::text) COLLATE "C"), party_id)"""),
    # the case-number search's top page of each key range read from the index alone
    ("ix_pg_case_number_key", """dispute_case (((number_key::text) COLLATE "C"), received_on, id)
        INCLUDE (family, office_id)"""),
    ("ix_pg_case_number_key_tail", """dispute_case (((number_key_tail::text) COLLATE "C"), received_on, id)
        INCLUDE (family, office_id)"""),
    ("ix_pg_case_search_trgm", "dispute_case USING gin (search_text gin_trgm_ops)"),
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, on in INDEXES:
        op.execute(f"CREATE INDEX {name} ON {on}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name, _ in INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
