"""What Alembic's autogenerate compares between the models and a database."""

from __future__ import annotations

SERVER_ONLY_PREFIX = "ix_pg_"  # PostgreSQL's own indexes (0024): made by migrations, not in the models


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:  # noqa: ARG001
    """Everything but PostgreSQL's own indexes, which the models do not declare on purpose."""
    return not (type_ == "index" and name is not None and name.startswith(SERVER_ONLY_PREFIX))
