"""Alembic environment: runs on the connection handed over by ``db.upgrade``."""

from alembic import context

from hrss_disputes.migrations.compare import include_name
from hrss_disputes.models.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the program itself runs migrations
    raise RuntimeError("hrss_disputes migrations run through hrss_disputes.db.upgrade()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
