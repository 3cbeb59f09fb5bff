"""Reference data with effective dates: minimum wages, KPI targets, settings."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from sqlalchemy import Numeric, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from .types import MONEY, new_id


class MinimumWage(SQLModel, table=True):
    """月最低工资标准 of one city from a date on."""

    __tablename__ = "minimum_wage"
    __table_args__ = (UniqueConstraint("city", "effective_from", name="uq_min_wage_city_date"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    city: str = Field(sa_type=String(20))
    monthly: Decimal = Field(sa_type=MONEY)
    hourly: Decimal | None = Field(default=None, sa_type=MONEY)
    effective_from: date
    source: str = Field(default="", sa_type=String(300))


class AverageWage(SQLModel, table=True):
    """职工年平均工资 of a city (or 广东省) for a year, as published; entered by the administrator
    (⚠ in legal-rules.md: no figure is shipped). The month's figure is a twelfth of it. Drives the
    3× cap of economic compensation and the simplified procedure's amount test."""

    __tablename__ = "average_wage"
    __table_args__ = (UniqueConstraint("region", "year", name="uq_average_wage_region_year"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    region: str = Field(sa_type=String(20))  # a city, or 广东省
    year: int  # the year the figure describes (used in the year after it)
    annual: Decimal = Field(sa_type=MONEY)
    source: str = Field(default="", sa_type=String(300))

    @property
    def monthly(self) -> Decimal:
        return self.annual / 12


class KpiTarget(SQLModel, table=True):
    """A KPI target profile (e.g. 广东省 >60% / >90% / >96%) from a date on."""

    __tablename__ = "kpi_target"
    __table_args__ = (UniqueConstraint("profile", "effective_from", name="uq_kpi_profile_date"),)

    id: uuid.UUID = Field(default_factory=new_id, primary_key=True)
    profile: str = Field(sa_type=String(100))  # an office's own targets are named by the office (100), 0023
    mediation_success: Decimal = Field(sa_type=Numeric(5, 2))  # percent, met when strictly above
    arbitration_closure: Decimal = Field(sa_type=Numeric(5, 2))
    complaint_closure: Decimal = Field(sa_type=Numeric(5, 2))
    effective_from: date
    is_default: bool = Field(default=False)
    office_id: uuid.UUID | None = Field(default=None, foreign_key="office.id")  # office's own


class Setting(SQLModel, table=True):
    """An office's value for a configurable rule (⚠ facts of the law files), as JSON."""

    __tablename__ = "setting"

    key: str = Field(sa_type=String(80), primary_key=True)
    value: str = Field(sa_type=Text)


class CalendarDay(SQLModel, table=True):
    """The administrator's correction of the working calendar: this day is (not) a working day
    (e.g. next year's State Council schedule before the calendar package knows it)."""

    __tablename__ = "calendar_day"

    day: date = Field(primary_key=True)
    workday: bool
    note: str = Field(default="", sa_type=String(100))


class NumberPattern(SQLModel, table=True):
    """An office's own case-number pattern for a number type (类别字); else domain defaults."""

    __tablename__ = "number_pattern"

    office_id: uuid.UUID = Field(foreign_key="office.id", primary_key=True)
    number_type: str = Field(sa_type=String(10), primary_key=True)
    pattern: str = Field(sa_type=String(100))


class NumberSequence(SQLModel, table=True):
    """The last number given for an office, number type and year; only ever counted up in SQL."""

    __tablename__ = "number_sequence"

    office_id: uuid.UUID = Field(foreign_key="office.id", primary_key=True)
    number_type: str = Field(sa_type=String(10), primary_key=True)
    year: int = Field(primary_key=True)
    last: int = Field(default=0)
