"""Issued case papers: the PDF exactly as signed, never changed afterwards."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, new_id, utcnow


class IssuedDocument(SQLModel, table=True):
    """One issued paper (签发). Database triggers refuse any UPDATE or DELETE (migration 0008);
    a correction (补正) is a new row whose ``supersedes_id`` names the one it corrects."""

    __tablename__ = "issued_document"
    __table_args__ = (Index("ix_issued_case", "case_id", "issued_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id")
    doc_type: str = Field(sa_type=String(40))  # the template key: award, hearing_notice …
    title: str = Field(sa_type=String(60))  # 仲裁裁决书（终局裁决）
    number: str | None = Field(default=None, sa_type=String(60))  # the number printed on it
    version: int = Field(default=1)  # 1, then 2 for the first 补正 …
    supersedes_id: uuid.UUID | None = Field(default=None, foreign_key="issued_document.id")
    final: bool | None = None  # an award: 终局 (True) or 非终局 (False); None for other papers
    issued_on: date  # the date printed on the paper
    issued_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    issued_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    sha256: str = Field(sa_type=String(64))  # of ``pdf``
    pdf: bytes = Field(sa_type=LargeBinary)
    # what was printed, as JSON (documents.paper.to_json): re-rendered for the anonymised copy
    content: str = Field(sa_type=Text)
    # the parties' private facts at issue time (names, ID and phone numbers, addresses) as JSON,
    # so the anonymised copy masks exactly what the paper printed
    private: str = Field(sa_type=Text)


class PaperDraft(SQLModel, table=True):
    """What one person has typed into a paper of a case not yet issued (its writings, recipient,
    date, finality choices) as JSON; replaced as they type, deleted when the paper is issued or
    the person discards it (migration 0020)."""

    __tablename__ = "paper_draft"
    __table_args__ = (UniqueConstraint("case_id", "doc_type", "user_id", name="uq_paper_draft"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id")
    doc_type: str = Field(sa_type=String(40))
    user_id: uuid.UUID = Field(foreign_key="app_user.id")
    content: str = Field(sa_type=Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
