"""Imports every table so that ``SQLModel.metadata`` is complete (Alembic, tests)."""

from sqlmodel import SQLModel

from .approval import ApprovalRequest
from .audit import AuditEntry, AuditHead
from .case import CaseDeadline, CaseEvent, CaseParty, ClaimItem, DisputeCase, ElementPosition
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
from .tribunal import Arbitrator, Hearing, HearingPlace, MobileSitting, TribunalSeat

metadata = SQLModel.metadata

__all__ = [
    "AppUser",
    "ApprovalRequest",
    "Arbitrator",
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
    "ElementPosition",
    "Hearing",
    "HearingPlace",
    "IssuedDocument",
    "KpiTarget",
    "MinimumWage",
    "MobileSitting",
    "NumberPattern",
    "NumberSequence",
    "Office",
    "PaperDraft",
    "Party",
    "PartyGram",
    "ReportSubmission",
    "Setting",
    "TribunalSeat",
    "metadata",
]
