"""A mobile sitting's rules: the tribunal that travels (LDMAF 31: three arbitrators with a chief,
or one sitting alone), the default timetable, and one tribunal hearing one case at a time."""

from __future__ import annotations

import pytest

from hrss_disputes.domain.sittings import (
    Slot,
    default_timetable,
    overlap_error,
    parse_time,
    slot_error,
    time_text,
    tribunal_error,
)


@pytest.mark.parametrize(("size", "ok"), [(0, False), (1, True), (2, False), (3, True), (4, False)],
                         ids=["none", "sole (LDMAF 31)", "two", "three with a chief (LDMAF 31)", "four"])
def test_tribunal_sizes(size: int, ok: bool) -> None:
    msg = tribunal_error(size)
    assert (msg is None) is ok
    if size in (2, 4):
        assert "第三十一条" in msg and f"已选 {size} 名" in msg


@pytest.mark.parametrize(("text", "minutes"), [
    ("09:00", 540), ("9:30", 570), ("14：05", 845), (" 08:15 ", 495),
    ("24:00", None), ("09:60", None), ("0900", None), ("", None), ("九点", None),
])
def test_times_are_read_as_typed(text: str, minutes: int | None) -> None:
    assert parse_time(text) == minutes
    if minutes is not None:
        assert parse_time(time_text(minutes)) == minutes


def test_the_default_timetable_starts_at_nine_and_steps() -> None:
    assert [time_text(m) for m in default_timetable(4)] == ["09:00", "10:00", "11:00", "12:00"]
    assert [time_text(m) for m in default_timetable(3, 14 * 60, 45)] == ["14:00", "14:45", "15:30"]
    assert default_timetable(0) == []


@pytest.mark.parametrize(("slot", "fragment"), [
    (Slot("1号", 540, 60), None),
    (Slot("1号", 540, 10), "15 至 480 分钟"),
    (Slot("1号", 6 * 60 + 30, 60), "07:00 至 21:00"),
    (Slot("1号", 20 * 60 + 30, 60), "07:00 至 21:00"),
])
def test_one_hearing_s_time(slot: Slot, fragment: str | None) -> None:
    msg = slot_error(slot)
    assert msg is None if fragment is None else fragment in msg and msg.startswith("1号")


def test_hearings_of_the_day_do_not_overlap() -> None:
    back_to_back = [Slot("1号", 540, 60), Slot("2号", 600, 60), Slot("3号", 660, 30)]
    assert overlap_error(back_to_back) is None
    msg = overlap_error([Slot("1号", 540, 60), Slot("2号", 570, 60)])
    assert msg == "2号 的开庭时间 09:30 与 1号（09:00–10:00）重叠：同一仲裁庭一次只能审理一案"
    assert "2号" in overlap_error([Slot("2号", 570, 60), Slot("1号", 540, 60)])  # in time order whatever the input


@pytest.mark.parametrize(("day", "fragment"), [
    ("2026-12-06", "2026-12-06（星期日）是休息日（周末）"),  # a Sunday
    ("2026-10-01", "是休息日（国庆节）"),  # a public holiday (国务院放假安排)
    ("2026-12-03", None),  # a Thursday, a working day
    ("2026-10-10", None),  # a Saturday worked (调休上班)
    ("2031-03-04", "2031年的法定节假日安排尚未录入"),  # beyond the known schedule: not known, said so
])
def test_a_sitting_day_that_is_no_working_day_is_warned(day: str, fragment: str | None) -> None:
    """Warned, not refused (a sitting on a rest day may be arranged on purpose)."""
    from datetime import date

    from hrss_disputes.domain.calendar import WorkCalendar
    from hrss_disputes.domain.sittings import day_warning

    said = day_warning(WorkCalendar().info(date.fromisoformat(day)))
    assert (said is None) if fragment is None else (fragment in (said or ""))
