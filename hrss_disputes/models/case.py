"""Cases of the three families, their parties, claim items and the append-only timeline."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import MONEY, UTCDateTime, new_id, utcnow


class DisputeCase(SQLModel, table=True):
    """One case. Status, closing date and next deadline are caches derived from the timeline."""

    __tablename__ = "dispute_case"
    __table_args__ = (
        UniqueConstraint("office_id", "case_number", name="uq_case_number_per_office"),
        Index("ix_case_office_received", "office_id", "received_on"),
        Index("ix_case_status", "status"),
        Index("ix_case_family_status", "family", "status"),
        Index("ix_case_next_deadline", "next_deadline"),
        # the KPI counts: date ranges read from covering indexes (services.kpi)
        # family first: each family's date range is one index range, already in GROUP BY order
        Index("ix_case_kpi_closed", "family", "closed_on", "status", "office_id", "accepted_on", "handler_id"),
        Index("ix_case_kpi_accepted", "family", "accepted_on", "office_id", "handler_id"),
        Index("ix_case_amount", "amount_claimed"),
        Index("ix_case_family_received", "family", "received_on"),
        # covering indexes for the search box: a substring test reads the index, not the table,
        # and carries what the usual filters need. Names are searched walking the default order
        # (newest first), which stops as soon as a page is full; at worst it reads the index once.
        Index("ix_case_received_search", "received_on", "search_text", "family", "office_id", "id"),
        Index("ix_case_number", "case_number", "received_on", "family", "office_id", "id"),
        Index("ix_case_number_key", "number_key", "received_on", "family", "office_id", "id"),
        Index("ix_case_number_key_tail", "number_key_tail", "received_on", "family", "office_id", "id"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    family: str = Field(sa_type=String(20))  # CaseFamily
    procedure: str = Field(sa_type=String(20))  # Procedure
    status: str = Field(sa_type=String(30))  # CaseStatus (derived)
    case_number: str | None = Field(default=None, sa_type=String(60))  # 案号
    office_id: uuid.UUID = Field(foreign_key="office.id")
    handler_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", index=True)  # 承办人
    clerk_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", index=True)  # 书记员
    cause: str = Field(sa_type=String(30))  # Cause 案由
    intake_channel: str | None = Field(default=None, sa_type=String(20))  # IntakeChannel
    summary: str = Field(default="", sa_type=Text)  # 请求事项与事实理由摘要

    green_channel: bool = Field(default=False)  # 绿色通道
    collective: bool = Field(default=False)  # 集体争议
    supervised: bool = Field(default=False)  # 挂牌督办
    small_claims: bool = Field(default=False)  # 小额速裁

    workers_involved: int = Field(default=1)
    amount_claimed: Decimal = Field(default=Decimal("0.00"), sa_type=MONEY)  # cache: sum of claims
    amount_resolved: Decimal | None = Field(default=None, sa_type=MONEY)  # awarded/agreed/recovered

    received_on: date  # 收案/收到申请日期
    accepted_on: date | None = None  # 受理/立案日期
    closed_on: date | None = None
    next_deadline: date | None = None
    # 仲裁时效 facts (domain.limitation): what the one year runs from, and what interrupted or
    # suspended it, as JSON {"interruptions": [{on, reason}], "suspensions": [{start, end, reason}]}
    rights_known_on: date | None = None  # 知道或者应当知道权利被侵害之日
    employment_ended_on: date | None = None  # 劳动关系终止之日
    limitation_events: str | None = Field(default=None, sa_type=Text)
    # the case this one was converted or referred from (调解不成转仲裁, 投诉转调解仲裁)
    origin_case_id: uuid.UUID | None = Field(default=None, foreign_key="dispute_case.id", index=True)

    # Display caches so the list needs no joins; rebuilt whenever the parties change.
    applicant_names: str = Field(default="", sa_type=String(300))
    respondent_names: str = Field(default="", sa_type=String(300))
    search_text: str = Field(default="", sa_type=String(800))  # party names, folded (domain.search), for search
    number_key: str | None = Field(default=None, sa_type=String(30))  # all digits of the case number
    number_key_tail: str | None = Field(default=None, sa_type=String(30))  # digits after the year

    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")


class CaseParty(SQLModel, table=True):
    __tablename__ = "case_party"
    __table_args__ = (Index("ix_case_party_case", "case_id", "position"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id")
    party_id: uuid.UUID = Field(foreign_key="party.id", index=True)
    role: str = Field(sa_type=String(20))  # CasePartyRole
    # for agents and representatives: whom they act for
    acts_for_id: uuid.UUID | None = Field(default=None, foreign_key="party.id")
    position: int = Field(default=0)


class ClaimItem(SQLModel, table=True):
    """One 仲裁请求/投诉请求 item: what was claimed, and what was awarded or agreed."""

    __tablename__ = "claim_item"
    __table_args__ = (Index("ix_claim_case", "case_id", "position"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id")
    claim_type: str = Field(sa_type=String(30))  # ClaimType
    description: str = Field(default="", sa_type=Text)
    amount_claimed: Decimal | None = Field(default=None, sa_type=MONEY)
    amount_resolved: Decimal | None = Field(default=None, sa_type=MONEY)  # 裁决/调解金额
    # 要素式: the elements typed for the calculator (JSON) and the amount it proposed from them;
    # amount_claimed may differ from the proposal when the person overrides it
    elements: str | None = Field(default=None, sa_type=Text)
    amount_proposed: Decimal | None = Field(default=None, sa_type=MONEY)
    # the tribunal found that this 经济补偿/赔偿金 concerns another termination than the case's other
    # one (劳动合同法实施条例第二十五条; domain.claims.n_and_2n_error)
    separate_termination: bool = Field(default=False)
    # the tribunal's decision on the item (ClaimDecision: 支持/部分支持/驳回) and, for a partial
    # or refused item, why; an award is issued only when every item has one (migration 0018)
    decision: str | None = Field(default=None, sa_type=String(20))
    decision_reason: str | None = Field(default=None, sa_type=Text)
    period_from: date | None = None
    period_to: date | None = None
    position: int = Field(default=0)
    version: int = Field(default=1)


class CaseEvent(SQLModel, table=True):
    """Append-only timeline entry. Never updated or deleted."""

    __tablename__ = "case_event"
    __table_args__ = (
        Index("ix_event_case", "case_id", "occurred_on", "recorded_at"),
        # events of a period (report figures); led by the day so that SQLite, without statistics,
        # never prefers it to ix_event_case for one case's events of a kind (migration 0013)
        Index("ix_event_day_kind", "occurred_on", "kind"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id")
    kind: str = Field(sa_type=String(30))  # EventKind
    occurred_on: date  # the legal date of the fact
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    note: str = Field(default="", sa_type=Text)
    data: str | None = Field(default=None, sa_type=Text)  # JSON details
    # the 更正 event that struck this step out (issue 19.5): the one change an event ever gets,
    # from None to the correction; every fold, clock and count reads only events where it is None.
    # A case_event id without a declared foreign key: SQLite cannot add one to an existing table
    corrected_by: uuid.UUID | None = Field(default=None)


class CaseDeadline(SQLModel, table=True):
    """An open deadline of the office, cached from the timeline for the deadline board.

    Rebuilt with the case's status whenever an event is recorded; domain.deadlines is the rule.
    """

    __tablename__ = "case_deadline"
    __table_args__ = (Index("ix_deadline_due", "due_on", "case_id"),)

    case_id: uuid.UUID = Field(foreign_key="dispute_case.id", primary_key=True)
    # deadlines.ClockRule.key, or ``<key>@<party id hex>`` for a clock counted per party (0017)
    clock: str = Field(sa_type=String(80), primary_key=True)
    due_on: date | None = None  # None while the clock is paused (中止)
    confirmed: bool = Field(default=True)  # False: counted past the known holiday schedule


class ElementPosition(SQLModel, table=True):
    """What one party said of one element of a claim item (要素式审理): confirmed or disputed."""

    __tablename__ = "element_position"
    __table_args__ = (UniqueConstraint("claim_item_id", "element", "party_id", name="uq_element_position"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    claim_item_id: uuid.UUID = Field(foreign_key="claim_item.id", index=True)
    element: str = Field(sa_type=String(40))  # the element's key (domain: claim elements per type)
    party_id: uuid.UUID = Field(foreign_key="party.id")
    stance: str = Field(sa_type=String(12))  # ElementStance: confirmed 确认 / disputed 有争议
    note: str = Field(default="", sa_type=Text)  # what the party says instead, for a disputed one
    recorded_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
