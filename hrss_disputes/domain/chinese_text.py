"""Dates and sums of money as Chinese documents write them.

Dates in Chinese numerals (二〇二六年十一月二十一日), amounts in figures with thousands separators
and in capitals (大写) as banks and courts require: 人民币12,000.50元（大写：壹万贰仟元伍角）.
The capitals come from cn2an (imported when first needed: it takes a tenth of a second).
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

_DIGITS = "〇一二三四五六七八九"
CENT = Decimal("0.01")


def _small(n: int) -> str:
    """1 … 31 as written in dates: 十, 十一, 二十一, 三十."""
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")) + (_DIGITS[ones] if ones else "")


def date_cn(day: date) -> str:
    """二〇二六年十一月二十一日"""
    year = "".join(_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{_small(day.month)}月{_small(day.day)}日"


def figures(amount: Decimal) -> str:
    """12,000.50"""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f}"


def capitals(amount: Decimal) -> str:
    """壹万贰仟元伍角; 叁元整; 零元整"""
    import cn2an

    value = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if value < 0:
        raise ValueError("amounts in documents are never negative")
    return "零元整" if value == 0 else cn2an.an2cn(str(value), "rmb")


def rmb(amount: Decimal) -> str:
    """人民币12,000.50元（大写：壹万贰仟元伍角）"""
    return f"人民币{figures(amount)}元（大写：{capitals(amount)}）"
