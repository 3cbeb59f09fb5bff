"""The Chinese working calendar and the counting of periods (期间).

Working days come from the State Council's yearly schedule as packaged by ``chinesecalendar``
(holidays and make-up working days, 调休上班), corrected or extended by the administrator's own
table (e.g. next year's schedule before the package knows it). A day the package has no data
for and the administrator has not entered is counted by weekends alone and marked unconfirmed.

Counting follows CPL 2023 Art 85 (Rules2017 Art 19 refers to it; legal-rules.md §8.2): the start
day is not counted; a calendar-day period whose last day is a rest day ends on the next working
day; a working-day period counts working days from the day after the start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import chinese_calendar

_ONE = timedelta(days=1)
DATA_VERSION = chinese_calendar.__version__  # a new package may know another year's schedule

# chinese_calendar's English holiday names, as people here say them
HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


class DayKind(StrEnum):
    """How a period's days are counted."""

    WORKING = "working"  # 工作日
    CALENDAR = "calendar"  # 自然日

    @property
    def label(self) -> str:
        return "工作日" if self is DayKind.WORKING else "自然日"


@dataclass(frozen=True)
class DayInfo:
    day: date
    workday: bool
    confirmed: bool  # False: no schedule known for this day, counted by weekends alone
    name: str = ""  # 春节 / 调休上班 / 周末 / 管理员设定：… ; empty for an ordinary working day


@dataclass(frozen=True)
class CalendarOverride:
    """An administrator's entry: this day is (not) a working day, with the reason."""

    day: date
    workday: bool
    note: str = ""


@dataclass(frozen=True)
class PeriodEnd:
    """The last day of a period, with what it took to get there."""

    start: date  # the day of the starting event (not counted)
    days: int
    kind: DayKind
    end: date
    nominal_end: date  # calendar kind: start + days before any move off a rest day
    moved_over: tuple[DayInfo, ...] = ()  # rest days the end was moved over (calendar kind)
    unconfirmed: tuple[date, ...] = ()  # days counted without a known schedule

    @property
    def confirmed(self) -> bool:
        return not self.unconfirmed

    def explain(self) -> list[str]:
        """The counting, in the words a clerk would check it by."""
        lines = [f"起算日 {self.start.isoformat()}（当日不计入），期间 {self.days} 个{self.kind.label}"]
        if self.kind is DayKind.CALENDAR:
            lines.append(f"按自然日计算届满日为 {self.nominal_end.isoformat()}")
            if self.moved_over:
                names = "、".join(sorted({d.name for d in self.moved_over if d.name}))
                lines.append(f"该日为休息日（{names}），顺延至休息日后的第一个工作日 {self.end.isoformat()}")
        else:
            lines.append("跳过周末与法定节假日，调休上班日计入")
        lines.append(f"期间届满日：{self.end.isoformat()}")
        if self.unconfirmed:
            first, last = min(self.unconfirmed), max(self.unconfirmed)
            lines.append(f"注意：{first.isoformat()} 至 {last.isoformat()} 尚无国务院放假安排数据，"
                         "仅按周末计算，结果未经确认")
        return lines


class WorkCalendar:
    """Which days are working days; ``overrides`` are the administrator's table."""

    def __init__(self, overrides: Mapping[date, CalendarOverride] | None = None):
        self.overrides = dict(overrides or {})

    def info(self, day: date) -> DayInfo:
        if (o := self.overrides.get(day)) is not None:
            return DayInfo(day, o.workday, True, f"管理员设定：{o.note}" if o.note else "管理员设定")
        try:
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
        except NotImplementedError:  # the package has no schedule for this year
            weekend = day.weekday() >= 5
            return DayInfo(day, not weekend, False, "周末" if weekend else "")
        if on_holiday:
            return DayInfo(day, False, True, HOLIDAY_NAMES.get(name or "", "周末") if name else "周末")
        if day.weekday() >= 5:  # a weekend day that is worked: 调休上班
            return DayInfo(day, True, True, "调休上班")
        return DayInfo(day, True, True, "")

    def is_workday(self, day: date) -> bool:
        return self.info(day).workday

    def period_end(self, start: date, days: int, kind: DayKind) -> PeriodEnd:
        """The last day of a period of ``days`` starting the day after ``start``."""
        if days < 0:
            raise ValueError("a period cannot be negative")
        unconfirmed: list[date] = []
        if kind is DayKind.WORKING:
            day, counted = start, 0
            while counted < days:
                day += _ONE
                info = self.info(day)
                if not info.confirmed:
                    unconfirmed.append(day)
                counted += info.workday
            return PeriodEnd(start, days, kind, day, day, (), tuple(unconfirmed))
        nominal = start + timedelta(days=days)
        if not days:
            return PeriodEnd(start, days, kind, nominal, nominal)
        day, moved, unconfirmed = self.roll_forward(nominal)
        return PeriodEnd(start, days, kind, day, nominal, moved, unconfirmed)

    def roll_forward(self, day: date) -> tuple[date, tuple[DayInfo, ...], tuple[date, ...]]:
        """The first working day from ``day`` on (a period ending on a rest day ends after it), the
        rest days passed over, and the days among them counted without a known schedule."""
        moved: list[DayInfo] = []
        while not (info := self.info(day)).workday:
            moved.append(info)
            day += _ONE
        return day, tuple(moved), tuple(i.day for i in (*moved, info) if not i.confirmed)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
        count, day = 0, start
        while day < end:
            day += _ONE
            count += self.is_workday(day)
        return count

    def days_before(self, day: date, days: int, kind: DayKind) -> date:
        """The latest day that is ``days`` before ``day`` (开庭五日前通知): ``day`` not counted."""
        if kind is DayKind.CALENDAR:
            return day - timedelta(days=days)
        counted = 0
        while counted < days:
            day -= _ONE
            counted += self.is_workday(day)
        return day
