"""The rate arithmetic of procedures.md "KPI definitions": percent, "—", strictly above, and how
many more successes would lift a rate over its target."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain.kpi import Kpi, Period, Rate

M = Period.month(2026, 11)


def rate(kpi: Kpi, n: int, d: int, target: str | None) -> Rate:
    return Rate(kpi, n, d, Decimal(target) if target else None, M, "肇庆市劳动人事争议仲裁院")


@pytest.mark.parametrize(("kpi", "n", "d", "target", "text", "met", "needed"), [
    (Kpi.MEDIATION_SUCCESS, 6, 10, "60", "60.00%", False, 1),  # exactly on the line is not met: (6+1)/(10+1)
    (Kpi.MEDIATION_SUCCESS, 7, 10, "60", "70.00%", True, 0),
    (Kpi.MEDIATION_SUCCESS, 3, 10, "75", "30.00%", False, 19),  # (3+19)/(10+19) = 75.86% > 75%
    (Kpi.ARBITRATION_CLOSURE, 90, 100, "90", "90.00%", False, 1),
    (Kpi.ARBITRATION_CLOSURE, 2, 3, "90", "66.67%", False, 1),  # closing the last open case: 100%
    (Kpi.ARBITRATION_CLOSURE, 2, 3, "100", "66.67%", False, None),  # nothing is strictly above 100%
    (Kpi.ARBITRATION_CLOSURE, 80, 100, "95", "80.00%", False, 16),
    (Kpi.COMPLAINT_CLOSURE, 97, 100, "96", "97.00%", True, 0),
    (Kpi.COMPLAINT_CLOSURE, 0, 0, "96", "—", None, None),  # zero denominator
    (Kpi.COMPLAINT_CLOSURE, 5, 6, None, "83.33%", None, None),  # no target profile
])
def test_rates(kpi: Kpi, n: int, d: int, target: str | None, text: str, met: bool | None,
               needed: int | None) -> None:
    r = rate(kpi, n, d, target)
    assert (r.text, r.met, r.needed()) == (text, met, needed)


def test_a_rate_that_rounds_to_the_target_is_judged_exactly() -> None:
    r = rate(Kpi.ARBITRATION_CLOSURE, 200000, 222222, "90")  # 90.0000900…% shows as 90.00%
    assert r.text == "90.00%" and r.met is True


def test_a_rate_explains_itself() -> None:
    r = rate(Kpi.ARBITRATION_CLOSURE, 9, 10, "90")
    assert r.label == "仲裁结案率" and "期初未结件数" in r.formula and r.period.label == "2026年11月"


def test_periods() -> None:
    assert (M.start, M.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert Period.month(2026, 12).end == date(2026, 12, 31)
    assert Period.month(2024, 2).end == date(2024, 2, 29)
    q = Period.quarter(2026, 4)
    assert (q.start, q.end, q.label) == (date(2026, 10, 1), date(2026, 12, 31), "2026年第四季度")
    ytd = M.year_to_date()
    assert (ytd.start, ytd.end, ytd.label) == (date(2026, 1, 1), date(2026, 11, 30), "2026年1—11月累计")
    months = Period.month(2026, 2).previous_months(3)
    assert [p.label for p in months] == ["2025年12月", "2026年1月", "2026年2月"]


@pytest.mark.parametrize(("kpi", "n", "d", "target", "needed_text"), [
    (Kpi.MEDIATION_SUCCESS, 0, 0, "75", ""),  # no rate: nothing to reach (one success is not "needed")
    (Kpi.ARBITRATION_CLOSURE, 0, 0, "95", ""),
    (Kpi.COMPLAINT_CLOSURE, 5, 6, None, ""),  # no target
    (Kpi.ARBITRATION_CLOSURE, 2, 3, "100", "无法达标"),  # nothing is strictly above 100%
    (Kpi.ARBITRATION_CLOSURE, 90, 100, "90", "再结案 1 件"),
    (Kpi.MEDIATION_SUCCESS, 6, 10, "60", "再调解成功 1 件"),
    (Kpi.MEDIATION_SUCCESS, 7, 10, "60", "—"),  # met
])
def test_what_is_needed_is_said_only_where_there_is_a_rate(kpi: Kpi, n: int, d: int, target: str | None,
                                                           needed_text: str) -> None:
    """Issue 18.12: "达标还需" is empty when the rate is "—"."""
    r = rate(kpi, n, d, target)
    assert r.needed_text == needed_text
    if d == 0:
        assert r.needed() is None


def test_a_rate_is_judged_only_against_the_target_of_its_period() -> None:
    """Issue 18.13: the targets are annual; a month's closure rate (its denominator holds the cases
    still open) is shown beside the annual target, not judged by it."""
    month = Rate(Kpi.ARBITRATION_CLOSURE, 1, 3, None, M, "肇庆市劳动人事争议仲裁院", annual_target=Decimal("95"))
    assert (month.met, month.met_text, month.needed(), month.needed_text) == (None, "不考核", None, "")
    assert month.target_text == "不考核（年度目标>95%按累计考核）"
    ytd = Rate(Kpi.ARBITRATION_CLOSURE, 9, 10, Decimal("95"), M.year_to_date(), "x", annual_target=Decimal("95"))
    assert (ytd.met, ytd.target_text) == (False, ">95%（年度目标）")
    none = rate(Kpi.ARBITRATION_CLOSURE, 9, 10, None)
    assert (none.target_text, none.met_text) == ("—", "—")
