"""确定开庭: the hearing notice must be served five days before the hearing (LDMAF 35), counted
on the working calendar unless the office sets calendar days; each row worked by hand. The
booking's time, overlaps, and a party's request to postpone three days before (LDMAF 35)."""

from datetime import date

import pytest

from hrss_disputes.domain.calendar import DayKind, WorkCalendar
from hrss_disputes.domain.deadlines import CaseClockFacts, Ev, compute
from hrss_disputes.domain.hearings import (
    day_warnings,
    earliest_hearing,
    ends_error,
    hearing_date_error,
    overlaps,
    parse_time,
    postpone_request_error,
    starts_error,
    time_cn,
)
from hrss_disputes.models.enums import EventKind, Procedure

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
    assert msg == ("开庭通知须在开庭5个工作日前送达双方当事人（劳动争议调解仲裁法第三十五条“开庭五日前”；"
                   "本委设定按工作日计算（仲裁规则的读法，待核实）），2026-11-09决定的开庭最早为 2026-11-14"
                   "（星期六，周末），建议定于其后第一个工作日 2026-11-16")


# ---------------------------------------------------------------- the hearing's time (开庭排期)


@pytest.mark.parametrize(("text", "minutes"), [
    ("09:30", 570), ("9:05", 545), ("14:00", 840), ("00:00", 0), ("23:59", 1439),
    ("24:00", None), ("09:60", None), ("9点半", None), ("0930", None), ("", None), (None, None), ("9:3:0", None),
])
def test_parse_time(text: object, minutes: int | None) -> None:
    assert parse_time(text) == minutes


@pytest.mark.parametrize(("text", "error"), [
    ("09:30", None), ("07:00", None), ("20:45", None),
    ("06:59", "开庭时间应在 07:00 至 20:45 之间"), ("21:00", "开庭时间应在 07:00 至 20:45 之间"),
    ("九点", "开庭时间应为“时:分”，例如 09:30"),
])
def test_a_hearing_sits_in_the_working_day(text: str, error: str | None) -> None:
    assert starts_error(parse_time(text)) == error


@pytest.mark.parametrize(("a", "b", "clash", "why"), [
    ((570, 90), (660, 60), False, "09:30–11:00 and 11:00–12:00 only touch"),
    ((570, 90), (659, 60), True, "10:59 is inside 09:30–11:00"),
    ((600, 30), (570, 90), True, "10:00–10:30 lies within 09:30–11:00"),
    ((480, 90), (570, 60), False, "08:00–09:30 ends as 09:30 begins"),
    ((480, 91), (570, 60), True, "one minute into it"),
])
def test_overlapping_bookings(a: tuple[int, int], b: tuple[int, int], clash: bool, why: str) -> None:
    assert overlaps(*a, *b) is clash, why
    assert overlaps(*b, *a) is clash, why  # the same either way round


@pytest.mark.parametrize(("starts", "said"), [(570, "上午9时30分"), (540, "上午9时"), (870, "下午2时30分"),
                                              (720, "下午12时"), (750, "下午12时30分")])
def test_the_paper_says_the_time_in_words(starts: int, said: str) -> None:
    assert time_cn(starts) == said


@pytest.mark.parametrize(("requested", "kind", "late", "why"), [
    (date(2026, 11, 19), W, False, "Thu 19 for Tue 24: 20, 23 and … three working days before is 19"),
    (date(2026, 11, 20), W, True, "Fri 20 leaves only Fri and Mon before Tue 24"),
    (date(2026, 11, 21), C, False, "calendar days: 21 is three days before 24"),
    (date(2026, 11, 22), C, True, "calendar days: 22 is two days before"),
])
def test_a_party_asks_to_postpone_three_days_before(requested: date, kind: DayKind, late: bool, why: str) -> None:
    """LDMAF 35: 当事人有正当理由的，可以在开庭三日前请求延期开庭 (counted like the notice's days)."""
    msg = postpone_request_error(requested, date(2026, 11, 24), WorkCalendar(), kind)
    assert (msg is not None) is late, why
    if late:
        assert "劳动争议调解仲裁法第三十五条" in msg and "本次开庭为 2026-11-24" in msg


def _notice_clocks(*events: tuple[EventKind, str, dict]) -> list:
    facts = CaseClockFacts(Procedure.ORDINARY, tuple(Ev(k, date.fromisoformat(d), data) for k, d, data in events))
    return [d for d in compute(facts, WorkCalendar(), date(2025, 12, 31)) if d.key.startswith("hearing_notice")]


def test_a_postponed_hearing_leaves_no_notice_to_serve() -> None:
    """LDMAF 35: the notice is of a hearing; postponed before it was served, nothing is due until a
    new hearing is set (the clock of the new one then runs); a notice served stays served."""
    K = EventKind
    booked = [(K.RECEIVED, "2025-08-18", {}), (K.ACCEPTED, "2025-08-20", {}),
              (K.HEARING_SCHEDULED, "2025-09-10", {"hearing_on": "2025-10-09"})]
    assert [d.due for d in _notice_clocks(*booked)] == [date(2025, 9, 25)]
    postponed = [*booked, (K.HEARING_POSTPONED, "2025-09-12", {"reason": "申请人住院"})]
    assert _notice_clocks(*postponed) == []
    again = [*postponed, (K.HEARING_SCHEDULED, "2025-09-15", {"hearing_on": "2025-10-20"})]
    assert [d.due for d in _notice_clocks(*again)] == [date(2025, 10, 13)]
    served = [*booked, (K.SERVED, "2025-09-11", {"document": "hearing_notice"}),
              (K.HEARING_POSTPONED, "2025-09-12", {"reason": "申请人住院"})]
    assert [d.state.value for d in _notice_clocks(*served)] == ["met"]


# ---------------------------------------------------------------- review of issue 19: the day and the end


@pytest.mark.parametrize(("decided", "kind", "words", "why"), [
    (date(2026, 11, 9), W, "最早为 2026-11-14（星期六，周末），建议定于其后第一个工作日 2026-11-16",
     "LDMAF 35 五日前 in working days (the office's setting) lands on a Saturday: the Monday is suggested"),
    (date(2026, 9, 26), C, "最早为 2026-10-01（星期四，国庆节），建议定于其后第一个工作日 2026-10-08",
     "calendar days land on National Day: the first working day after the holiday"),
    (date(2026, 11, 13), W, "最早为 2026-11-20", "a working day: suggested as it is"),
])
def test_too_soon_suggests_a_working_day_and_cites_the_setting(decided: date, kind: DayKind, words: str,
                                                              why: str) -> None:
    msg = hearing_date_error(decided, decided, WorkCalendar(), kind)
    assert msg is not None and words in msg, (why, msg)
    assert msg.endswith(words), "no suggestion when the first day is a working day" if "建议" not in words else msg
    assert "劳动争议调解仲裁法第三十五条“开庭五日前”" in msg
    assert ("本委设定按工作日计算（仲裁规则的读法，待核实）" if kind is W else "本委设定按自然日计算") in msg


@pytest.mark.parametrize(("starts", "minutes", "refused"), [
    ("20:45", 15, False), ("20:45", 16, True), ("20:45", 480, True),  # was accepted as "20:45–28:45"
    ("13:00", 480, False), ("13:01", 480, True), ("09:30", 60, False),
])
def test_a_hearing_ends_by_the_days_end(starts: str, minutes: int, refused: bool) -> None:
    msg = ends_error(parse_time(starts), minutes)
    assert (msg is not None) is refused
    if refused:
        assert msg.startswith("开庭须在 21:00 前结束")


@pytest.mark.parametrize(("day", "words"), [
    (date(2026, 12, 3), []),  # a Thursday
    (date(2026, 12, 5), ["2026-12-05（星期六）是周末，不是工作日"]),
    (date(2026, 10, 2), ["2026-10-02（星期五）是国庆节，不是工作日"]),
    (date(2026, 10, 10), []),  # 调休上班: a working Saturday
    (date(2031, 3, 4), ["2031-03-04 所在年度的节假日安排日历中尚无（国务院通知公布后由管理员补录），是否工作日未经确认"]),
])
def test_day_warnings(day: date, words: list[str]) -> None:
    assert day_warnings(day, WorkCalendar()) == words
