"""Audit trail: one entry per write, in the same transaction as the write."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, new_id, utcnow


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entity", "entity", "entity_id"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    entity: str = Field(sa_type=String(30))  # table name
    entity_id: uuid.UUID
    action: str = Field(sa_type=String(20))  # create / update / delete / load
    before: str | None = Field(default=None, sa_type=Text)  # JSON
    after: str | None = Field(default=None, sa_type=Text)  # JSON
