"""Reference data with effective dates, seeded from the shipped files in ``resources/reference``."""

from __future__ import annotations

import csv
import json
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ..models.reference import KpiTarget, MinimumWage, Setting
from ..paths import resources_dir
from . import audit


def json_setting(session: Session, key: str) -> Any:
    """The office's setting ``key`` decoded from JSON; None when it has not been set."""
    row = session.get(Setting, key)
    return json.loads(row.value) if row else None


def key_id(kind: str, key: object) -> uuid.UUID:
    """A stable audit id for rows keyed by a date or a name rather than a UUID."""
    return uuid.uuid5(uuid.NAMESPACE_URL, f"hrss_disputes/{kind}/{key}")


def put_setting(session: Session, user_id: uuid.UUID, key: str, value: Any) -> None:
    """Store ``value`` as JSON (None clears the setting) with its audit entry, in the caller's
    transaction; callers check the permission and the value."""
    old = session.get(Setting, key)
    new = None if value is None else json.dumps(value)
    audit.record(session, user_id=user_id, entity="setting", entity_id=key_id("setting", key), action="set",
                 before={"key": key, "value": old.value} if old else None, after={"key": key, "value": new})
    if new is not None:
        session.merge(Setting(key=key, value=new))
    elif old is not None:
        session.delete(old)


def _rows(name: str) -> list[dict[str, str]]:
    with (resources_dir() / "reference" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def seed_reference_data(session: Session) -> int:
    """Insert the shipped values the database does not have yet (caller commits). Returns count."""
    added = 0
    have_wages = {(c, d) for c, d in session.execute(select(MinimumWage.city, MinimumWage.effective_from))}
    for r in _rows("minimum_wage.csv"):
        key = (r["city"], date.fromisoformat(r["effective_from"]))
        if key not in have_wages:
            session.add(MinimumWage(city=key[0], effective_from=key[1], monthly=Decimal(r["monthly"]),
                                    hourly=Decimal(r["hourly"]) if r["hourly"] else None,
                                    source=r["source"]))
            added += 1
    have_targets = {(p, d) for p, d in session.execute(
        select(KpiTarget.profile, KpiTarget.effective_from).where(KpiTarget.office_id.is_(None)))}
    for r in _rows("kpi_targets.csv"):
        key = (r["profile"], date.fromisoformat(r["effective_from"]))
        if key not in have_targets:
            session.add(KpiTarget(
                profile=key[0], effective_from=key[1], mediation_success=Decimal(r["mediation_success"]),
                arbitration_closure=Decimal(r["arbitration_closure"]),
                complaint_closure=Decimal(r["complaint_closure"]), is_default=r["is_default"] == "1",
            ))
            added += 1
    return added
