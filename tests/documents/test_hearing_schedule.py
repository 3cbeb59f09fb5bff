"""The 开庭排期表 prints any week (review of issue 19): a room with thirteen hearings a day, two
hundred hearings in the week, every untried case in one 未组庭 row — the rows too tall for a page
are split, the header of days repeated on every page, each hearing named once per row."""

from __future__ import annotations

import io
import uuid
from datetime import date

import pytest
from pypdf import PdfReader

from hrss_disputes.documents.hearing_schedule import render_schedule
from hrss_disputes.models.enums import HearingStatus
from hrss_disputes.services.hearings import (
    BY_ARBITRATOR,
    BY_PLACE,
    NO_TRIBUNAL,
    Slot,
    Week,
    WeekRow,
)

MONDAY = date(2026, 11, 30)


def _slot(n: int, starts: int, place: str, tribunal: tuple[str, ...]) -> Slot:
    return Slot(uuid.uuid4(), f"肇劳人仲案字〔2026〕{n}号", starts, 30, f"申请人{n}等十二人诉肇庆市鼎盛建筑工程有限公司",
                place, tribunal, HearingStatus.SCHEDULED)


def _busy_week(by: str) -> Week:
    """200 hearings: 13 a working day in 第一仲裁庭 (08:00 on, half an hour each), the rest spread
    over three more rooms; by arbitrator every hearing is untried (one 未组庭 row)."""
    rows: dict[str, list[list[Slot]]] = {}
    n = 0
    for day in range(7):
        for room in ("第一仲裁庭", "第二仲裁庭", "第三仲裁庭", "第四仲裁庭"):
            for i in range(13 if room == "第一仲裁庭" else 8):
                if n == 200:
                    break
                n += 1
                key = room if by == BY_PLACE else NO_TRIBUNAL
                rows.setdefault(key, [[] for _ in range(7)])[day].append(_slot(n, 8 * 60 + 30 * i, room, ()))
    return Week(MONDAY, by, tuple(WeekRow(k, tuple(tuple(d) for d in days)) for k, days in rows.items()), "肇庆市劳动人事争议仲裁院")


@pytest.mark.parametrize("by", [BY_PLACE, BY_ARBITRATOR])
def test_a_busy_week_prints_on_as_many_pages_as_it_needs(by: str) -> None:
    week = _busy_week(by)
    assert week.count == 200
    pdf = render_schedule(week, "clerk", MONDAY)  # no LayoutError
    pages = [p.extract_text().replace("\n", "").replace(" ", "") for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) > 1
    assert all("星期一" in p and "星期日" in p for p in pages)  # the header of days on every page
    text = "".join(pages)
    for n in (1, 13, 100, 200):
        assert f"〔2026〕{n}号" in text
    assert "（续）" in text  # a row split across table rows says so


def test_a_hearing_line_shows_its_span_and_the_other_dimension() -> None:
    s = _slot(5, 9 * 60 + 30, "第一仲裁庭", ("陈立新", "王芳", "黄国强"))
    assert s.line(BY_PLACE).startswith("09:30–10:00 肇劳人仲案字〔2026〕5号")
    assert s.line(BY_PLACE).endswith("（首席 陈立新）")
    assert s.line(BY_ARBITRATOR).endswith("（第一仲裁庭）")
    assert _slot(6, 600, "第二仲裁庭", ("吴敏",)).line(BY_PLACE).endswith("（独任 吴敏）")
    assert _slot(7, 600, "第二仲裁庭", ()).line(BY_PLACE).endswith("（未组庭）")
