"""What others changed since a window last looked: the count of committed writes and the open
cases they touched.

Every write appends an audit entry in its own transaction, so the chain's head (one row, read
by primary key) counts the writes committed by every PC on the database. A window polls it;
only when it moved does it read which of its open cases were changed, and by whom.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, text
from sqlmodel import Session

from ..domain.permissions import Permission, allowed
from ..models.audit import AuditEntry, AuditHead
from ..models.case import DisputeCase
from ..models.office import AppUser
from .context import Actor
from .offices import visible_office_ids


def write_count(*, session: Session, user: Actor | None = None) -> int:
    """The number of writes committed so far (the audit chain's last 序号): one primary-key
    read, cheap enough to poll. Called with ``user=None`` it reads nothing else (the signed-in
    user is checked at their next action, not on every poll)."""
    return session.scalar(select(AuditHead.seq).where(AuditHead.id == 1)) or 0


@dataclass(frozen=True)
class ServerState:
    """What a window's poll reads in one statement: the writes committed so far and the schema
    revision the database is at (an administrator may upgrade it under an open window)."""

    writes: int
    revision: str | None


def server_state(*, session: Session, user: Actor | None = None) -> ServerState:
    """write_count and the schema revision in one round trip. Allowed while the context refuses
    actions (ServiceContext.refusal): it is how the window learns the schema moved, or back."""
    row = session.execute(text("SELECT (SELECT seq FROM audit_head WHERE id = 1),"
                               " (SELECT version_num FROM alembic_version)")).one()
    return ServerState(row[0] or 0, row[1])


server_state.while_refused = True  # type: ignore[attr-defined]


@dataclass(frozen=True)
class CaseChange:
    """An open case that another write changed after the window last looked."""

    case_id: uuid.UUID
    by: str  # who wrote the last of those changes (their display name), "" when not recorded
    at: datetime
    gone: bool  # the case no longer exists, or the user may no longer read it


def changed_cases(*, session: Session, user: Actor, since: int,
                  case_ids: Collection[uuid.UUID]) -> list[CaseChange]:
    """The cases among ``case_ids`` with an audit entry after 序号 ``since``, each with who
    wrote its last one. One query on the trail (by 序号, only the entries since) and one on
    the cases found; nothing when ``case_ids`` is empty."""
    ids = set(case_ids)
    if not ids:
        return []
    rows = session.execute(
        select(AuditEntry.case_id, AuditEntry.seq, AuditEntry.at, AppUser.display_name)
        .outerjoin(AppUser, AppUser.id == AuditEntry.user_id)
        .where(AuditEntry.seq > since, AuditEntry.case_id.in_(ids)).order_by(AuditEntry.seq)
    ).all()
    last: dict[uuid.UUID, tuple[datetime, str]] = {}
    for case_id, _seq, at, name in rows:
        last[case_id] = (at, name or "")
    if not last:
        return []
    offices = dict(session.execute(select(DisputeCase.id, DisputeCase.office_id)
                                   .where(DisputeCase.id.in_(list(last)))).all())
    visible = visible_office_ids(session, user) if allowed(user.role, Permission.READ_CASES) else set()
    return [CaseChange(case_id, name, at, gone=case_id not in offices
                       or (visible is not None and offices[case_id] not in visible))
            for case_id, (at, name) in last.items()]
