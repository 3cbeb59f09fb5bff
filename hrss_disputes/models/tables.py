"""Imports every table so that ``SQLModel.metadata`` is complete (Alembic, tests)."""

from sqlmodel import SQLModel

from .audit import AuditEntry, AuditHead
from .case import CaseDeadline, CaseEvent, CaseParty, ClaimItem, DisputeCase
from .complaint import BlacklistEntry, ComplaintDetail, ComplaintPayment, ComplaintWorker
from .document import IssuedDocument, PaperDraft
from .office import AppUser, Office
from .party import Party, PartyGram
from .reference import (
    AverageWage,
    CalendarDay,
    KpiTarget,
    MinimumWage,
    NumberPattern,
    NumberSequence,
    Setting,
)
from .report import ReportSubmission

metadata = SQLModel.metadata

__all__ = [
    "AppUser",
    "AuditEntry",
    "AuditHead",
    "AverageWage",
    "BlacklistEntry",
    "CalendarDay",
    "CaseDeadline",
    "CaseEvent",
    "CaseParty",
    "ClaimItem",
    "ComplaintDetail",
    "ComplaintPayment",
    "ComplaintWorker",
    "DisputeCase",
    "IssuedDocument",
    "KpiTarget",
    "MinimumWage",
    "NumberPattern",
    "NumberSequence",
    "Office",
    "PaperDraft",
    "Party",
    "PartyGram",
    "ReportSubmission",
    "Setting",
    "metadata",
]
