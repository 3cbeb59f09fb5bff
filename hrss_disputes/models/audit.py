"""Audit trail: one entry per write, in the same transaction as the write, hash-chained
(domain/audit_chain.py) so that a changed, deleted or moved entry is found."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Index, String, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, new_id, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),
                      Index("ix_audit_case", "case_id", "seq"))

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    seq: int = Field(sa_type=BigInteger, unique=True)  # 1, 2, 3 … the chain's order
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    entity: str = Field(sa_type=String(30))  # table name
    entity_id: uuid.UUID
    case_id: uuid.UUID | None = None  # the case the write belongs to, for the viewer's filter
    action: str = Field(sa_type=String(64))  # create / update / delete / load, or a step key
    before: str | None = Field(default=None, sa_type=Text)  # JSON
    after: str | None = Field(default=None, sa_type=Text)  # JSON
    prev_hash: str = Field(sa_type=String(64))
    hash: str = Field(sa_type=String(64))


class AuditHead(SQLModel, table=True):
    """The chain's last entry, one row: entries cut off the end no longer reach it. Writers
    lock this row first (PostgreSQL) so two transactions never extend the chain from one place."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = Field(default=0, sa_type=BigInteger)
    hash: str = Field(sa_type=String(64))
