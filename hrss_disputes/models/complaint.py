"""What a wage-arrears complaint holds beyond the case row: the intake facts, its workers and
the money that reached them, and the employer blacklist (domain.complaints)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, String, Text
from sqlmodel import Field, SQLModel

from .types import MONEY, UTCDateTime, new_id, utcnow


class ComplaintDetail(SQLModel, table=True):
    """One row per complaint case. A report's informant (举报人) is confidential: services show
    it only to the handling inspector and supervisors, and it is never a party of the case."""

    __tablename__ = "complaint_detail"

    case_id: uuid.UUID = Field(foreign_key="dispute_case.id", primary_key=True)
    kind: str = Field(default="complaint", sa_type=String(10))  # complaint 投诉 | report 举报
    informant_name: str | None = Field(default=None, sa_type=String(100))
    informant_phone: str | None = Field(default=None, sa_type=String(40))
    informant_id_number: str | None = Field(default=None, sa_type=String(40))
    informant_address: str | None = Field(default=None, sa_type=String(300))
    # the project (建设领域)
    construction: bool = Field(default=False)
    project_name: str | None = Field(default=None, sa_type=String(200))
    project_location: str | None = Field(default=None, sa_type=String(300))
    builder: str | None = Field(default=None, sa_type=String(200))  # 建设单位
    general_contractor: str | None = Field(default=None, sa_type=String(200))  # 施工总承包单位
    subcontractor: str | None = Field(default=None, sa_type=String(200))  # 分包单位
    team_leader: str | None = Field(default=None, sa_type=String(100))  # 班组长/包工头
    # acceptance review (若干规定 Art 18): None until answered
    within_two_years: bool | None = None
    definite_employer: bool | None = None
    within_jurisdiction: bool | None = None
    dispute_matter: bool = Field(default=False)
    reviewed_on: date | None = None
    compensation_rate: int | None = None  # 加付赔偿金 per cent, once ordered
    unnamed_compensation: Decimal = Field(default=Decimal("0.00"), sa_type=MONEY)  # for workers not yet named
    corrected_on: date | None = None  # the day everything owed had been paid (改正之日)


class ComplaintWorker(SQLModel, table=True):
    """A named worker of a complaint and what they are owed; the person is a shared party."""

    __tablename__ = "complaint_worker"
    __table_args__ = (Index("ix_complaint_worker_case", "case_id", "position"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id")
    party_id: uuid.UUID = Field(foreign_key="party.id", index=True)
    amount_owed: Decimal = Field(default=Decimal("0.00"), sa_type=MONEY)  # 欠付工资
    period_from: date | None = None
    period_to: date | None = None
    compensation: Decimal = Field(default=Decimal("0.00"), sa_type=MONEY)  # 加付赔偿金
    position: int = Field(default=0)


class ComplaintPayment(SQLModel, table=True):
    """Money that reached workers (from the employer, or advanced from the relief fund), or that
    the fund recovered from the employer. ``worker_id`` is empty for workers not yet named;
    ``workers`` then says how many were paid."""

    __tablename__ = "complaint_payment"
    __table_args__ = (
        Index("ix_complaint_payment_case", "case_id", "paid_on"),
        Index("ix_complaint_payment_on", "paid_on", "kind"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id")
    worker_id: uuid.UUID | None = Field(default=None, foreign_key="complaint_worker.id")
    kind: str = Field(sa_type=String(12))  # paid | advance | recovered
    workers: int = Field(default=1)
    amount: Decimal = Field(sa_type=MONEY)
    paid_on: date
    event_id: uuid.UUID = Field(foreign_key="case_event.id")


PAID, ADVANCE, RECOVERED = "paid", "advance", "recovered"


class BlacklistEntry(SQLModel, table=True):
    """An employer proposed for, listed on and removed from the 失信联合惩戒名单 (MWPR 48)."""

    __tablename__ = "blacklist_entry"
    __table_args__ = (Index("ix_blacklist_listed", "listed_on"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    party_id: uuid.UUID = Field(foreign_key="party.id", index=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id", index=True)
    criteria: str = Field(sa_type=String(20))  # domain.complaints.BLACKLIST_CRITERIA
    persons: str = Field(default="", sa_type=Text)  # 法定代表人、直接负责的主管人员 listed with it
    proposed_on: date
    listed_on: date | None = None
    removed_on: date | None = None
    early_removal: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
