"""Validators for what people type. Each returns None when the value is fine, else a Chinese
message that the UI shows beside the field. Sources: procedures.md "Validation".
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

# GB 11643-1999 居民身份证号码: weights and check characters for the 18th position.
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# First two digits: province-level codes, plus 81/82/83 (HK/Macao/Taiwan residence permits).
_ID_PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
)

# GB 32100-2015 统一社会信用代码: 31 characters (no I, O, Z, S, V) and weights.
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)

MONEY_MAX = Decimal("1000000000.00")  # 10亿元 per amount: anything above is a typing slip

_MOBILE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")
_SHORT_SERVICE = re.compile(r"^\d{5}$")  # 12345, 12333


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def birth_date_from_id(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def validate_resident_id(value: str, *, today: date | None = None) -> str | None:
    """居民身份证号: 18 characters, a real birth date, the GB 11643 check digit."""
    v = value.strip().upper()
    if not v:
        return "请填写身份证号码"
    if len(v) != 18:
        return f"身份证号码应为18位，现在是{len(v)}位"
    if not v[:17].isdigit() or not (v[17].isdigit() or v[17] == "X"):
        return "身份证号码前17位应为数字，最后一位为数字或X"
    if int(v[:2]) not in _ID_PROVINCES:
        return "身份证号码开头的地区代码不存在"
    born = birth_date_from_id(v)
    today = today or date.today()
    if born is None:
        return "身份证号码中的出生日期不是有效日期"
    if born > today or born.year < 1900:
        return "身份证号码中的出生日期不合理"
    if id_check_char(v[:17]) != v[17]:
        return "身份证号码校验位不正确，请核对是否输错"
    return None


def sex_from_id(number: str) -> str | None:
    """The 17th digit is odd for men, even for women (GB 11643)."""
    if len(number) == 18 and number[16].isdigit():
        return "male" if int(number[16]) % 2 else "female"
    return None


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str | None:
    """统一社会信用代码: 18 characters of the GB 32100 set, region digits, check character."""
    v = value.strip().upper()
    if not v:
        return "请填写统一社会信用代码"
    if len(v) != 18:
        return f"统一社会信用代码应为18位，现在是{len(v)}位"
    bad = sorted({c for c in v if c not in USCC_CHARS})
    if bad:
        return f"统一社会信用代码不能含有字符：{'、'.join(bad)}（不使用I、O、Z、S、V）"
    if not v[2:8].isdigit():
        return "统一社会信用代码第3至8位应为行政区划数字"
    if uscc_check_char(v[:17]) != v[17]:
        return "统一社会信用代码校验位不正确，请核对是否输错"
    return None


def validate_phone(value: str) -> str | None:
    """Mobile (11 digits from 13x–19x), landline with area code, or a 5-digit service number."""
    v = value.strip().replace(" ", "")
    if not v:
        return "请填写联系电话"
    if _MOBILE.match(v) or _LANDLINE.match(v) or _SHORT_SERVICE.match(v):
        return None
    if v.isdigit() and v.startswith("1"):
        return "手机号码应为11位，以13至19开头"
    return "电话号码格式不正确：手机号11位，固定电话请带区号（如0758-2223333）"


def parse_money(value: str | Decimal | int | None, *, required: bool = False) -> Decimal | None:
    """Parse an amount in 元; raise ValueError with the Chinese message when it is not valid."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError("请填写金额")
        return None
    text = str(value).strip().replace(",", "").replace("，", "").removesuffix("元")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValueError("金额应为数字，例如 12000.50") from None
    if not amount.is_finite():
        raise ValueError("金额应为数字，例如 12000.50")
    if amount < 0:
        raise ValueError("金额不能为负数")
    if amount > MONEY_MAX:
        raise ValueError("金额超过10亿元，请核对是否多输了位数")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError("金额最多两位小数（精确到分）")
    return amount.quantize(Decimal("0.01"))


def validate_money(value: str | Decimal | None, *, required: bool = False) -> str | None:
    try:
        parse_money(value, required=required)
    except ValueError as e:
        return str(e)
    return None


def validate_past_date(value: date | None, *, today: date | None = None, what: str = "日期") -> str | None:
    """A date of a fact that has happened: not in the future."""
    if value is None:
        return f"请填写{what}"
    if value > (today or date.today()):
        return f"{what}不能晚于今天"
    return None


def validate_date_order(start: date | None, end: date | None, *, what: str = "结束日期") -> str | None:
    """A period's end may not come before its start."""
    if start is not None and end is not None and end < start:
        return f"{what}不能早于开始日期"
    return None


# free text typed into a step, a correction or a decision (review of issue 19): a reason or a
# record (理由、记录内容、更正理由、不予批准的理由) up to TEXT_MAX characters, a short text (a court,
# a place, names) up to SHORT_TEXT_MAX; the 摘要 of a case has its own 20000
TEXT_MAX = 2000
SHORT_TEXT_MAX = 500


def text_length_error(text: str, *, what: str, max_len: int = TEXT_MAX) -> str | None:
    """Why ``text`` is too long to keep, counted as stored (stripped); None when it is not."""
    n = len(text.strip())
    if n > max_len:
        return f"{what}过长（最多{max_len}字，现有{n}字）"
    return None


def validate_name(value: str, *, what: str = "姓名", max_len: int | None = 100) -> str | None:
    """Filled in, and not longer than ``max_len`` (None: the caller checks the column's length)."""
    v = value.strip()
    if not v:
        return f"请填写{what}"
    if max_len is not None and len(v) > max_len:
        return f"{what}过长（最多{max_len}个字）"
    return None
