"""Parties: workers and employers, one record each, shared across cases."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index, String
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, new_id, utcnow


class Party(SQLModel, table=True):
    __tablename__ = "party"
    __table_args__ = (
        Index("ix_party_doc", "id_doc_type", "id_doc_number"),
        Index("ix_party_credit_code", "credit_code"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    kind: str = Field(sa_type=String(20))  # PartyKind
    name: str = Field(sa_type=String(200), index=True)
    name_key: str = Field(default="", sa_type=String(200), index=True)  # folded name (domain.search.name_key)
    phone: str | None = Field(default=None, sa_type=String(40))
    address: str | None = Field(default=None, sa_type=String(300))
    # natural person
    sex: str | None = Field(default=None, sa_type=String(10))  # Sex
    birth_date: date | None = None
    id_doc_type: str | None = Field(default=None, sa_type=String(30))  # IdDocType
    id_doc_number: str | None = Field(default=None, sa_type=String(40))
    migrant_worker: bool = Field(default=False)  # 农民工
    # organisation
    credit_code: str | None = Field(default=None, sa_type=String(18))  # 统一社会信用代码
    legal_rep: str | None = Field(default=None, sa_type=String(50))  # 法定代表人/主要负责人
    industry: str | None = Field(default=None, sa_type=String(50))
    construction: bool = Field(default=False)  # 建设领域

    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PartyGram(SQLModel, table=True):
    """One two-character piece of a party's folded name: the search box's index."""

    __tablename__ = "party_gram"

    gram: str = Field(sa_type=String(8), primary_key=True)
    party_id: uuid.UUID = Field(foreign_key="party.id", primary_key=True, index=True)
