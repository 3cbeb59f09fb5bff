"""SQL helpers the query services share."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Text, cast, func
from sqlmodel import Session


def no_index(column: ColumnElement) -> ColumnElement:
    """The same value, but not a term SQLite would answer from an index on it: its planner would
    otherwise trade a covering range (search, KPI dates) for an index on office, family or status."""
    return func.coalesce(column, column)


def escape_like(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (with ``escape="\\"``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def bytewise(session: Session | str, column: ColumnElement[str]) -> ColumnElement[str]:
    """``column`` compared character by character (by code point), as SQLite compares text.

    A server's collation (zh_CN, en_US, ICU) does not: it puts "2025:" before "20251" and
    breaks the key ranges of a prefix search; and LIKE 'x%' uses an index only in the "C"
    collation. PostgreSQL's indexes for these lookups are on the column as text COLLATE "C" (0024).
    ``session``: the session, or its dialect's name."""
    dialect = session if isinstance(session, str) else session.get_bind().dialect.name
    if dialect == "sqlite":
        return column
    # text COLLATE "C", the expression those indexes are on: the planner reads its statistics
    # from them (a column's own are in the server's collation, and ranges would be guessed)
    return cast(column, Text).collate("C")
