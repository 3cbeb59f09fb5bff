"""Audit entries written in the caller's transaction."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from ..models.audit import AuditEntry


def _default(value: Any) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_json(values: dict[str, Any] | None) -> str | None:
    if values is None:
        return None
    return json.dumps(values, ensure_ascii=False, default=_default, sort_keys=True)


def snapshot(row: Any, fields: list[str] | None = None) -> dict[str, Any]:
    """The row's column values (or the named ones) as a plain dict."""
    names = fields or [c.name for c in row.__table__.columns]
    return {n: getattr(row, n) for n in names}


def record(
    session: Session,
    *,
    user_id: uuid.UUID | None,
    entity: str,
    entity_id: uuid.UUID,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(
            user_id=user_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before=to_json(before),
            after=to_json(after),
        )
    )
