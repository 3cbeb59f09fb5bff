"""Dates and sums of money as Chinese documents write them.

Dates in Chinese numerals (二〇二六年十一月二十一日), amounts in figures with thousands separators
and in capitals (大写) as banks and courts require: 人民币12,000.50元（大写：壹万贰仟元伍角）.
The capitals come from cn2an (imported when first needed: it takes a tenth of a second).
"""

from __future__ import annotations

import re
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


_NUMERAL_VALUES = {c: i for i, c in enumerate(_DIGITS)} | {"零": 0, "两": 2}
_NUMERAL_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMBER_RUN = re.compile(r"[0-9]+|[〇零一二两三四五六七八九十百千]+")


def numeral_value(run: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23, 一百零五 → 105, 二〇二六 → 2026, 12 → 12."""
    if run.isdigit() and run.isascii():
        return int(run)
    if not any(c in _NUMERAL_UNITS for c in run):  # digit by digit, as years are written
        return int("".join(str(_NUMERAL_VALUES[c]) for c in run))
    total, digit = 0, 0
    for c in run:
        if c in _NUMERAL_UNITS:
            total += (digit or 1) * _NUMERAL_UNITS[c]
            digit = 0
        else:
            digit = _NUMERAL_VALUES[c]
    return total + digit


def natural_key(text: str) -> tuple:
    """Sort key reading the numbers in a name, Chinese or Arabic, as numbers: 第一仲裁庭 <
    第二仲裁庭 < 第三仲裁庭 < 第十仲裁庭 < 第十一仲裁庭 (plain text order puts 第三 before 第二)."""
    parts: list[tuple[int, object]] = []
    pos = 0
    for m in _NUMBER_RUN.finditer(text):
        if m.start() > pos:
            parts.append((0, text[pos:m.start()]))
        parts.append((1, numeral_value(m.group())))
        pos = m.end()
    if pos < len(text):
        parts.append((0, text[pos:]))
    return tuple(parts)
