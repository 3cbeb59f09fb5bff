"""A mobile tribunal's day (流动仲裁庭): who travels, and the timetable of the cases heard there.

The tribunal that travels is one arbitrator (独任) or three, the chief first (LDMAF 31: 仲裁庭由三名
仲裁员组成，设首席仲裁员；简单劳动争议案件可以由一名仲裁员独任仲裁). The cases are heard one after
the other by that tribunal, so no two hearings of the day overlap; the default timetable starts at
09:00 and gives each case the same length (⚠ a custom of the office, editable per case).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import hearings
from .calendar import DayInfo
from .hearings import time_text

# tribunal sizes a sitting may travel with (LDMAF 31), and how each is said
TRIBUNAL_SIZES: dict[int, str] = {1: "独任仲裁员一名", 3: "仲裁员三名（首席仲裁员在前）"}
WEEKDAYS = "一二三四五六日"
DEFAULT_FIRST = "09:00"  # the first hearing of the day
DEFAULT_MINUTES = 60  # each hearing's length, and the step between two in the default timetable
# a hearing's length and the hours of the day it lies in: those of any booking (domain.hearings)
MIN_MINUTES, MAX_MINUTES = hearings.MINUTES_MIN, hearings.MINUTES_MAX
DAY_STARTS, DAY_ENDS = hearings.DAY_START, hearings.DAY_END


def parse_time(text: str) -> int | None:
    """'09:30' (or '9:30', or with the full-width colon a Chinese keyboard types) → 570 minutes after
    midnight; None when not a time (domain.hearings.parse_time reads it)."""
    return hearings.parse_time((text or "").replace("：", ":"))


def default_timetable(count: int, first: int = 9 * 60, step: int = DEFAULT_MINUTES) -> list[int]:
    """The start of each of ``count`` hearings: ``first``, then every ``step`` minutes."""
    return [first + i * step for i in range(count)]


def day_warning(info: DayInfo) -> str | None:
    """What to say of the day a sitting is planned on (warned, not refused: a weekend sitting may be
    arranged on purpose): a rest day (周末, a public holiday, one the administrator set), or a day
    of a year whose holiday schedule is not known yet; None for a working day known as one."""
    day = f"{info.day.isoformat()}（星期{WEEKDAYS[info.day.weekday()]}）"
    if not info.workday:
        return f"{day}是休息日（{info.name or '周末'}），请核对开庭日期并确认当事人和出庭人员能够到场"
    if not info.confirmed:
        return (f"{info.day.year}年的法定节假日安排尚未录入（仅按周末判断），请核对{day}是否为节假日"
                "（管理员可在“参考数据与期限设置 → 节假日调整”中录入）")
    return None


def tribunal_error(size: int) -> str | None:
    """Why a sitting cannot travel with ``size`` arbitrators (LDMAF 31); None when it can."""
    if size in TRIBUNAL_SIZES:
        return None
    if size == 0:
        return "请选择出庭的仲裁员（独任仲裁员一名，或仲裁员三名、首席仲裁员在前）"
    return (f"仲裁庭由三名仲裁员组成或由一名仲裁员独任仲裁（劳动争议调解仲裁法第三十一条），"
            f"已选 {size} 名")


@dataclass(frozen=True)
class Slot:
    """One case's place in the timetable: a label for messages (its case number), start, length."""

    label: str
    starts: int
    minutes: int


def slot_error(slot: Slot) -> str | None:
    """Why one hearing's time cannot stand on its own; None when it can."""
    if not MIN_MINUTES <= slot.minutes <= MAX_MINUTES:
        return f"{slot.label}：开庭时长须在 {MIN_MINUTES} 至 {MAX_MINUTES} 分钟之间"
    if slot.starts < DAY_STARTS or slot.starts + slot.minutes > DAY_ENDS:
        return (f"{slot.label}：开庭时间须在 {time_text(DAY_STARTS)} 至 {time_text(DAY_ENDS)} 之间"
                f"（{time_text(slot.starts)} 开始、{slot.minutes} 分钟）")
    return None


def overlap_error(slots: list[Slot]) -> str | None:
    """The first two hearings of the day that overlap (the one tribunal hears one case at a time);
    None when none do."""
    ordered = sorted(slots, key=lambda s: s.starts)
    for a, b in zip(ordered, ordered[1:], strict=False):
        if b.starts < a.starts + a.minutes:
            return (f"{b.label} 的开庭时间 {time_text(b.starts)} 与 {a.label}"
                    f"（{time_text(a.starts)}–{time_text(a.starts + a.minutes)}）重叠：同一仲裁庭一次只能审理一案")
    return None
