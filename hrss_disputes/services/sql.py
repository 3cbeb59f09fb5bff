"""SQL helpers the query services share."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func


def no_index(column: ColumnElement) -> ColumnElement:
    """The same value, but not a term SQLite would answer from an index on it: its planner would
    otherwise trade a covering range (search, KPI dates) for an index on office, family or status."""
    return func.coalesce(column, column)


def escape_like(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (with ``escape="\\"``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
