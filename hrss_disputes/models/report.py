"""Submitted monthly reports (上报): the figures and the cases behind them, frozen."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, new_id, utcnow


class ReportSubmission(SQLModel, table=True):
    """One office's report for one period as it was submitted. Database triggers refuse any
    UPDATE or DELETE (migration 0019): later work shows as differences, never as a new figure."""

    __tablename__ = "report_submission"
    __table_args__ = (UniqueConstraint("office_id", "period_start", "period_end",
                                       name="uq_report_submission_period"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    office_id: uuid.UUID = Field(foreign_key="office.id")
    period_start: date
    period_end: date
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    submitted_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    report: str = Field(sa_type=Text)  # the report as JSON (services.report.as_json)
    cases: str = Field(sa_type=Text)  # JSON: figure key -> the case ids counted in it
    audit_seq: int | None = None  # the audit chain's head when submitted
    audit_hash: str | None = Field(default=None, sa_type=String(64))
    sha256: str = Field(sa_type=String(64))  # of report + cases, as stored
