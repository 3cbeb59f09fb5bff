"""Validators, table-driven from GB 11643 / GB 32100 and procedures.md "Validation"."""

from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain import validators as v

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("number", "error"),
    [
        ("11010519491231002X", None),  # GB 11643 example, check char X
        ("11010519491231002x", None),  # lower-case x accepted
        ("440783198808080013", None),
        ("110105194912310021", "校验位"),  # wrong check digit
        ("11010519491331002X", "出生日期不是有效日期"),  # month 13
        ("11010519490230002X", "出生日期不是有效日期"),  # 30 February
        ("110105203001010012", "出生日期不合理"),  # born in the future
        ("99010519491231002X", "地区代码"),  # no province 99
        ("1101051949123100", "应为18位"),
        ("1101051949123100A2", "最后一位"),
        ("", "请填写"),
    ],
)
def test_resident_id(number: str, error: str | None) -> None:
    result = v.validate_resident_id(number, today=TODAY)
    if error is None:
        assert result is None
    else:
        assert result is not None and error in result


def test_sex_and_birth_from_id() -> None:
    assert v.sex_from_id("11010519491231002X") == "female"  # 17th digit 2
    assert v.sex_from_id("440783198808080013") == "male"  # 17th digit 1
    assert v.birth_date_from_id("440783198808080013") == date(1988, 8, 8)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y43", None),  # a published example with check char 3
        ("91440300MA5F0RQU39", None),
        ("91350100M000100Y44", "校验位"),
        ("91350100M000100Y4", "应为18位"),
        ("91350100M000100I43", "不能含有字符：I"),
        ("91AB0100M000100Y43", "行政区划"),
        ("", "请填写"),
    ],
)
def test_credit_code(code: str, error: str | None) -> None:
    result = v.validate_credit_code(code)
    if error is None:
        assert result is None
    else:
        assert result is not None and error in result


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("13800138000", True),
        ("+86 13800138000", True),
        ("0758-2223333", True),
        ("07582223333", True),
        ("020-12345678-801", True),
        ("12345", True),
        ("1380013800", False),
        ("23800138000", False),
        ("电话", False),
    ],
)
def test_phone(phone: str, ok: bool) -> None:
    assert (v.validate_phone(phone) is None) is ok


@pytest.mark.parametrize(
    ("text", "value", "error"),
    [
        ("12000.50", Decimal("12000.50"), None),
        ("12,000.5", Decimal("12000.50"), None),
        ("3000元", Decimal("3000.00"), None),
        ("0", Decimal("0.00"), None),
        ("-1", None, "不能为负数"),
        ("1.005", None, "两位小数"),
        ("abc", None, "应为数字"),
        ("NaN", None, "应为数字"),
        ("2000000000", None, "超过10亿元"),
        ("", None, None),
    ],
)
def test_money(text: str, value: Decimal | None, error: str | None) -> None:
    if error:
        with pytest.raises(ValueError, match=error):
            v.parse_money(text)
    else:
        assert v.parse_money(text) == value


def test_money_required() -> None:
    assert v.validate_money("", required=True) == "请填写金额"


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (date(2026, 1, 1), date(2026, 1, 31), True),
        (date(2026, 1, 1), date(2026, 1, 1), True),
        (date(2026, 2, 1), date(2026, 1, 31), False),
        (None, date(2026, 1, 31), True),
    ],
)
def test_date_order(start: date | None, end: date | None, ok: bool) -> None:
    assert (v.validate_date_order(start, end) is None) is ok


def test_past_date() -> None:
    assert v.validate_past_date(date(2026, 11, 22), today=TODAY, what="收案日期") == "收案日期不能晚于今天"
    assert v.validate_past_date(TODAY, today=TODAY) is None
