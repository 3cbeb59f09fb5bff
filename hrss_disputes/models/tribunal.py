"""The people and places of hearings: the arbitrators' register (仲裁员名册), each case's
tribunal seats, hearing rooms and mobile-tribunal points, booked hearings and mobile sittings."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Index, String, Text
from sqlmodel import Field, SQLModel

from .types import UTCDateTime, new_id, utcnow


class Arbitrator(SQLModel, table=True):
    """A registered arbitrator of an institute: a user who signs in, or a 兼职仲裁员 (lawyer,
    union or employers' representative) who has no login and is reference data only."""

    __tablename__ = "arbitrator"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    name: str = Field(sa_type=String(50))
    kind: str = Field(sa_type=String(20))  # ArbitratorKind: full_time 专职 / part_time 兼职
    user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", index=True)  # when they sign in
    profession: str = Field(default="", sa_type=String(100))  # 律师、工会、企业代表…
    phone: str = Field(default="", sa_type=String(30))
    active: bool = Field(default=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TribunalSeat(SQLModel, table=True):
    """One arbitrator's seat on a case's tribunal, from the day the tribunal was formed (or the
    replacement after a 回避) until the day they left it (None: still sitting)."""

    __tablename__ = "tribunal_seat"
    __table_args__ = (Index("ix_seat_arbitrator", "arbitrator_id", "until_on"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id", index=True)
    arbitrator_id: uuid.UUID = Field(foreign_key="arbitrator.id")
    seat: str = Field(sa_type=String(10))  # TribunalSeatKind: chief 首席 / member 仲裁员 / sole 独任
    from_on: date
    until_on: date | None = None
    formed_event_id: uuid.UUID | None = Field(default=None, foreign_key="case_event.id")
    ended_event_id: uuid.UUID | None = Field(default=None, foreign_key="case_event.id")


class HearingPlace(SQLModel, table=True):
    """A hearing room (仲裁庭室) of an institute, or a place where the mobile tribunal sits
    (a township's 流动仲裁庭 point)."""

    __tablename__ = "hearing_place"

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    office_id: uuid.UUID = Field(foreign_key="office.id", index=True)
    name: str = Field(sa_type=String(60))
    kind: str = Field(sa_type=String(20))  # PlaceKind: room 仲裁庭室 / mobile_point 流动仲裁庭点
    address: str = Field(default="", sa_type=String(200))
    active: bool = Field(default=True)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MobileSitting(SQLModel, table=True):
    """A mobile tribunal's day at a place (流动仲裁庭开庭): the tribunal and clerk who travel, and
    the cases heard there (their hearings carry ``sitting_id``). The unit a laptop checks out."""

    __tablename__ = "mobile_sitting"
    __table_args__ = (Index("ix_sitting_office_day", "office_id", "sits_on"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    office_id: uuid.UUID = Field(foreign_key="office.id")
    place_id: uuid.UUID = Field(foreign_key="hearing_place.id")
    sits_on: date
    arbitrators: str = Field(default="[]", sa_type=Text)  # JSON list of arbitrator ids (hex), chief first
    clerk_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    note: str = Field(default="", sa_type=Text)
    created_by: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = Field(default=1)


class Hearing(SQLModel, table=True):
    """A booked hearing: written by 确定开庭 (the event ``event_id``), ended by 开庭审理 (held),
    延期开庭 (postponed, with its reason) or a correction of the step (cancelled). Local wall-clock
    time: ``starts`` minutes after midnight, ``minutes`` long."""

    __tablename__ = "hearing"
    __table_args__ = (
        Index("ix_hearing_day", "hearing_on", "starts"),
        Index("ix_hearing_place_day", "place_id", "hearing_on"),
    )

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    case_id: uuid.UUID = Field(foreign_key="dispute_case.id", index=True)
    event_id: uuid.UUID | None = Field(default=None, foreign_key="case_event.id")
    hearing_on: date
    starts: int  # minutes after midnight (09:30 → 570)
    minutes: int = Field(default=60)
    place_id: uuid.UUID | None = Field(default=None, foreign_key="hearing_place.id")
    # the place as named on the notice: a place's name (60) and （address） (200), migration 0023
    place_text: str = Field(default="", sa_type=String(300))
    sitting_id: uuid.UUID | None = Field(default=None, foreign_key="mobile_sitting.id", index=True)
    status: str = Field(default="scheduled", sa_type=String(12))  # HearingStatus
    ended_event_id: uuid.UUID | None = Field(default=None, foreign_key="case_event.id")
    reason: str = Field(default="", sa_type=Text)  # why it was postponed or cancelled
