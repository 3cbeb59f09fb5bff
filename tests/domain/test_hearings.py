"""确定开庭: the hearing notice must be served five days before the hearing (LDMAF 35), counted
on the working calendar unless the office sets calendar days; each row worked by hand."""

from datetime import date

import pytest

from hrss_disputes.domain.calendar import DayKind, WorkCalendar
from hrss_disputes.domain.hearings import earliest_hearing, hearing_date_error

W, C = DayKind.WORKING, DayKind.CALENDAR


@pytest.mark.parametrize(
    ("decided", "kind", "first", "why"),
    [
        (date(2026, 11, 9), W, date(2026, 11, 14), "Mon: served Mon 9, then Tue–Fri 10–13 are the five working days"),
        (date(2026, 11, 13), W, date(2026, 11, 20), "Fri: the weekend 14–15 does not count: 13 16 17 18 19"),
        (date(2026, 11, 13), C, date(2026, 11, 18), "Fri, calendar days: 13 … 17 are the five days"),
        # 2026 National Day: holiday 10-01 … 10-07; make-up working Sat 10-10
        (date(2026, 9, 30), W, date(2026, 10, 13), "9-30 | 10-08 10-09 10-10 (调休上班) 10-12"),
        (date(2026, 9, 30), C, date(2026, 10, 5), "calendar days run through the holiday"),
    ],
)
def test_earliest_hearing(decided: date, kind: DayKind, first: date, why: str) -> None:
    cal = WorkCalendar()
    assert earliest_hearing(decided, cal, kind) == first, why
    assert hearing_date_error(decided, first, cal, kind) is None
    msg = hearing_date_error(decided, date.fromordinal(first.toordinal() - 1), cal, kind)
    assert msg is not None and first.isoformat() in msg and "第三十五条" in msg


def test_a_hearing_today_is_refused() -> None:
    msg = hearing_date_error(date(2026, 11, 9), date(2026, 11, 9), WorkCalendar(), W)
    assert msg == ("开庭通知须在开庭5个工作日前送达双方当事人（劳动争议调解仲裁法第三十五条），"
                   "2026-11-09决定的开庭最早为 2026-11-14")
