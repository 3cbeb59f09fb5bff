"""The working calendar and period counting (legal-rules.md §8), worked by hand in each row."""

from datetime import date

import pytest

from hrss_disputes.domain.calendar import CalendarOverride, DayKind, WorkCalendar

W, C = DayKind.WORKING, DayKind.CALENDAR


@pytest.mark.parametrize(
    ("start", "days", "kind", "end", "why"),
    [
        # 2025 Spring Festival: holiday 1-28 … 2-04; make-up working days Sun 1-26 and Sat 2-08
        (date(2025, 1, 24), 5, W, date(2025, 2, 7), "1-26 (调休上班) 1-27, holiday skipped, 2-05 2-06 2-07"),
        (date(2025, 1, 20), 15, C, date(2025, 2, 5), "2-04 is still 春节: moved to the next working day"),
        (date(2025, 1, 24), 15, C, date(2025, 2, 8), "ends on Sat 2-08, a make-up working day: not moved"),
        # 2025 National Day + Mid-autumn: holiday 10-01 … 10-08; make-up Sun 9-28 and Sat 10-11
        (date(2025, 9, 25), 10, W, date(2025, 10, 15), "9-26 9-28 9-29 9-30 | 10-09 10-10 10-11 10-13 10-14 10-15"),
        (date(2025, 8, 20), 45, C, date(2025, 10, 9), "nominal 10-04 inside the holiday: moved to 10-09"),
        (date(2025, 9, 26), 15, C, date(2025, 10, 11), "ends on the make-up Saturday 10-11"),
        # ordinary weeks
        (date(2025, 3, 1), 15, C, date(2025, 3, 17), "Sun 3-16 moves to Mon 3-17"),
        (date(2025, 3, 7), 5, W, date(2025, 3, 14), "Fri start: Mon-Fri of the next week"),
        (date(2025, 3, 3), 0, W, date(2025, 3, 3), "a waived period ends on its start day"),
    ],
)
def test_period_end(start: date, days: int, kind: DayKind, end: date, why: str) -> None:
    result = WorkCalendar().period_end(start, days, kind)
    assert result.end == end, why
    assert result.confirmed


def test_calendar_period_explains_the_holiday_shift() -> None:
    result = WorkCalendar().period_end(date(2025, 1, 20), 15, C)
    text = "\n".join(result.explain())
    assert "2025-02-04" in text and "春节" in text and "顺延" in text and "2025-02-05" in text


@pytest.mark.parametrize(
    ("day", "workday", "name"),
    [
        (date(2025, 1, 26), True, "调休上班"),
        (date(2025, 1, 29), False, "春节"),
        (date(2025, 10, 1), False, "国庆节"),
        (date(2025, 3, 8), False, "周末"),
        (date(2025, 3, 10), True, ""),
    ],
)
def test_day_info(day: date, workday: bool, name: str) -> None:
    info = WorkCalendar().info(day)
    assert (info.workday, info.name, info.confirmed) == (workday, name, True)


def test_past_the_packaged_schedule_counts_weekends_and_says_so() -> None:
    # the package knows 2004-2026; 2027-01-01 is counted as an ordinary Friday
    result = WorkCalendar().period_end(date(2026, 12, 30), 5, W)
    assert result.end == date(2027, 1, 6)  # 12-31, 1-01, 1-04, 1-05, 1-06
    assert not result.confirmed
    assert "尚无国务院放假安排数据" in "\n".join(result.explain())


def test_administrator_days_override_the_package() -> None:
    cal = WorkCalendar({date(2027, 1, 1): CalendarOverride(date(2027, 1, 1), False, "元旦")})
    assert not cal.is_workday(date(2027, 1, 1))
    assert cal.period_end(date(2026, 12, 30), 5, W).end == date(2027, 1, 7)
    # an override can also correct a known year
    cal = WorkCalendar({date(2025, 3, 10): CalendarOverride(date(2025, 3, 10), False, "停电停工")})
    assert cal.period_end(date(2025, 3, 7), 5, W).end == date(2025, 3, 17)


def test_days_before_a_hearing() -> None:
    cal = WorkCalendar()
    # hearing Thu 2025-10-09: five working days before skips the National Day holiday
    assert cal.days_before(date(2025, 10, 9), 5, W) == date(2025, 9, 25)
    assert cal.days_before(date(2025, 10, 9), 5, C) == date(2025, 10, 4)


def test_negative_period_is_refused() -> None:
    with pytest.raises(ValueError):
        WorkCalendar().period_end(date(2025, 1, 1), -1, W)
