"""Audit entries written in the caller's transaction, each chained to the one before.

The chain's head row is read with ``FOR UPDATE`` (PostgreSQL) after the caller's own writes
were flushed, so the transaction already holds SQLite's write lock too: two writers never
extend the chain from the same place.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from ..domain.audit_chain import GENESIS, ChainBreak, ChainEntry, entry_hash, first_break
from ..models.audit import AuditEntry, AuditHead
from ..models.types import utcnow

SECRET_COLUMNS = frozenset({"password_hash"})  # never copied into the trail


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
    names = fields or [c.name for c in row.__table__.columns if c.name not in SECRET_COLUMNS]
    return {n: getattr(row, n) for n in names}


def _hex(value: uuid.UUID | None) -> str | None:
    return None if value is None else value.hex


def chain_entry(row: AuditEntry) -> ChainEntry:
    return ChainEntry(seq=row.seq, id=row.id.hex, at=row.at, user_id=_hex(row.user_id), entity=row.entity,
                      entity_id=row.entity_id.hex, case_id=_hex(row.case_id), action=row.action,
                      before=row.before, after=row.after, prev_hash=row.prev_hash, hash=row.hash)


def record(
    session: Session,
    *,
    user_id: uuid.UUID | None,
    entity: str,
    entity_id: uuid.UUID,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    case_id: uuid.UUID | None = None,
) -> AuditEntry:
    """Append one entry to the chain (the case it belongs to defaults to the entity itself
    when that is a case)."""
    session.flush()  # the caller's writes first: from here on this transaction holds the write lock
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one_or_none()
    if head is None:  # a database the migration could not seed (never expected): start the chain
        head = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(head)
    entry = AuditEntry(
        seq=head.seq + 1, at=utcnow(), user_id=user_id, entity=entity, entity_id=entity_id,
        case_id=case_id or (entity_id if entity == "dispute_case" else None), action=action,
        before=to_json(before), after=to_json(after), prev_hash=head.hash, hash="",
    )
    entry.hash = entry_hash(head.hash, chain_entry(entry))
    head.seq, head.hash = entry.seq, entry.hash
    session.add(entry)
    session.flush()
    return entry


def chain_head(session: Session) -> tuple[int, str]:
    """(序号, 哈希) of the chain's last entry: what a report or a backup prints as its anchor."""
    head = session.get(AuditHead, 1)
    return (head.seq, head.hash) if head else (0, GENESIS)


def verify_chain(session: Session) -> ChainBreak | None:
    """Walk the whole trail in order; the first entry that does not hold, or None."""
    head = session.get(AuditHead, 1)
    rows = session.execute(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=2000))
    return first_break((chain_entry(r) for (r,) in rows), (head.seq, head.hash) if head else None)


def verify_documents(session: Session) -> str | None:
    """Every issued paper against the SHA-256 its ``issue`` entry recorded in the chain: a PDF
    swapped in the database (its trigger dropped, its stored hash rewritten) no longer matches
    the chain. None when all hold, else the first fault in Chinese."""
    from ..models.document import IssuedDocument

    recorded: dict[uuid.UUID, str | None] = {}
    issues = select(AuditEntry.seq, AuditEntry.entity_id, AuditEntry.after).where(
        AuditEntry.entity == "issued_document", AuditEntry.action == "issue").order_by(AuditEntry.seq)
    for seq, entity_id, after in session.execute(issues):
        if entity_id in recorded:  # a paper is issued once (补正 is a new paper): a second entry is forged
            return f"第 {seq} 条审计记录再次“签发”了已签发的文书 {entity_id.hex}（记录是后加的）"
        recorded[entity_id] = json.loads(after).get("sha256") if after else None
    docs = select(IssuedDocument.id, IssuedDocument.number, IssuedDocument.title, IssuedDocument.sha256,
                  IssuedDocument.pdf).order_by(IssuedDocument.issued_at).execution_options(yield_per=200)
    seen = 0
    for doc_id, number, title, stored, pdf in session.execute(docs):
        name = f"签发文书“{title}”（{number or doc_id.hex}）"
        if doc_id not in recorded:
            return f"{name} 在审计链中没有签发记录（文书是后来加入的）"
        actual = hashlib.sha256(pdf).hexdigest()
        if actual != recorded[doc_id] or stored != recorded[doc_id]:
            return f"{name} 的内容与签发时审计链记录的哈希不符（文书被替换或改动）"
        seen += 1
    if seen != len(recorded):
        return f"审计链记录签发了 {len(recorded)} 份文书，数据库中只有 {seen} 份（文书被删除）"
    return None
