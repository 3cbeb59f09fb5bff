"""Requests for a supervisor's approval (审批) of a step, and their decisions."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index, String, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, new_id, utcnow


class ApprovalRequest(SQLModel, table=True):
    """A clerk's or arbitrator's request that a supervisor approve a step (中止, 延期…) with the
    values they typed; approving records the step as the approver's, refusing keeps the reason."""

    __tablename__ = "approval_request"
    __table_args__ = (Index("ix_approval_status", "status", "requested_at"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id", index=True)
    action: str = Field(sa_type=String(40))  # domain.workflows Action.key
    occurred_on: date  # the day the request was made
    values: str = Field(default="{}", sa_type=Text)  # JSON: the action's fields as requested
    status: str = Field(default="pending", sa_type=String(12))  # ApprovalStatus
    requested_by: uuid.UUID = Field(foreign_key="app_user.id")
    requested_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    request_event_id: uuid.UUID | None = Field(default=None, foreign_key="case_event.id")
    decided_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str = Field(default="", sa_type=Text)
    event_id: uuid.UUID | None = Field(default=None, foreign_key="case_event.id")  # the step approved or refused
