"""Dates and money written the way documents write them."""

from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain.chinese_text import capitals, date_cn, natural_key, numeral_value, rmb


@pytest.mark.parametrize(("day", "text"), [
    (date(2026, 11, 21), "二〇二六年十一月二十一日"),
    (date(2025, 1, 1), "二〇二五年一月一日"),
    (date(2030, 10, 10), "二〇三〇年十月十日"),
    (date(2024, 12, 30), "二〇二四年十二月三十日"),
])
def test_dates_in_chinese_numerals(day: date, text: str) -> None:
    assert date_cn(day) == text


@pytest.mark.parametrize(("amount", "text"), [
    ("12000.50", "壹万贰仟元伍角"),  # the example
    ("10000.05", "壹万元零伍分"),  # a zero between yuan and fen is written
    ("100200", "壹拾万零贰佰元整"),  # whole yuan end in 整
    ("20640", "贰万零陆佰肆拾元整"),  # 12 × 1,720: the final-award line in 肇庆
    ("101.01", "壹佰零壹元零壹分"),
    ("0.50", "伍角"),
    ("0", "零元整"),
    ("3.005", "叁元零壹分"),  # rounded half up to the cent first
])
def test_capitals(amount: str, text: str) -> None:
    assert capitals(Decimal(amount)) == text


def test_rmb_in_figures_and_capitals() -> None:
    assert rmb(Decimal("12000.5")) == "人民币12,000.50元（大写：壹万贰仟元伍角）"


@pytest.mark.parametrize(("run", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十三", 23), ("一百零五", 105), ("两百", 200),
    ("二〇二六", 2026), ("12", 12),
])
def test_chinese_numerals_read_as_numbers(run: str, value: int) -> None:
    assert numeral_value(run) == value


def test_rooms_sort_by_their_numbers_not_their_characters() -> None:
    """第一 < 第二 < 第三 < 第十 < 第十一 (plain text order would put 第三 before 第二)."""
    names = ["第三仲裁庭", "第十一仲裁庭", "第一仲裁庭", "第十仲裁庭", "第二仲裁庭", "调解室"]
    assert sorted(names, key=natural_key) == ["第一仲裁庭", "第二仲裁庭", "第三仲裁庭", "第十仲裁庭",
                                              "第十一仲裁庭", "调解室"]
