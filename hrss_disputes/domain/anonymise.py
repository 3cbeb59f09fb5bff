"""The anonymised copy of an award or mediation statement for publication (文书公开).

Natural persons become surname + 某 (张三 → 张某; two 张 → 张某甲, 张某乙), organisations 某公司
style (the kind of body kept: 某公司, 某厂, 某酒店), ID numbers keep only the region code, phone
numbers the first three and last four digits, credit codes their first two characters, addresses
the province, city and district, dates of birth the year. Known facts are replaced first; then
anything left in the text that looks like an ID or mobile number is masked as well.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "司徒", "令狐", "长孙", "宇文",
    "夏侯", "轩辕", "端木", "南宫", "西门", "百里", "呼延", "澹台", "申屠", "独孤", "闻人", "万俟",
)
# the kind of body an organisation's name ends with, longest first: kept in its alias
ORGANISATION_KINDS = (
    "股份有限公司", "有限责任公司", "有限公司", "分公司", "集团", "公司", "经营部", "营业部", "合作社",
    "事务所", "工作室", "酒店", "宾馆", "餐厅", "饭店", "商行", "商店", "超市", "医院", "诊所", "学校",
    "幼儿园", "中心", "工厂", "厂", "店", "场", "队", "部", "站", "社", "所",
)
ORDINALS = "甲乙丙丁戊己庚辛壬癸"
_ID = re.compile(r"(?<![0-9A-Za-z])(\d{6})\d{8}\d{3}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})-?\d{7,8}(?!\d)")
_BIRTH = re.compile(r"(\d{4})年\d{1,2}月\d{1,2}日出生")
# province, city and county-level division at the start of an address; a county-level name may
# not run past a town, street or road (东莞市长安镇振安路工业区 keeps 东莞市)
_DIVISIONS = re.compile(
    r"^(?P<province>[^省市]{2,7}?(?:省|自治区))?"
    r"(?P<city>[^市盟区县镇乡街路村号]{1,9}?(?:市|自治州|地区|盟|州(?!市)))?"
    r"(?P<county>[^区县旗市镇乡街路村号道]{1,9}?(?:区|县|自治县|旗|市))?"
)
ADDRESS_WITHHELD = "（地址略）"


@dataclass(frozen=True)
class PrivateFacts:
    """What identifies one party, as printed on the paper."""

    name: str
    organisation: bool = False
    id_number: str = ""
    phone: str = ""
    address: str = ""
    credit_code: str = ""
    legal_rep: str = ""


def surname(name: str) -> str:
    return next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])


def organisation_kind(name: str) -> str:
    return next((k for k in ORGANISATION_KINDS if name.endswith(k)), "单位")


def mask_id(number: str) -> str:
    """公民身份号码: the region code stays, birth date and serial are hidden."""
    return number[:6] + "*" * (len(number) - 6) if len(number) > 6 else "*" * len(number)


def mask_phone(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if len(digits) == 11 and digits.startswith("1"):
        return f"{digits[:3]}****{digits[-4:]}"
    if m := _LANDLINE.fullmatch(number.strip()):
        return f"{m.group(1)}-" + "*" * 7
    return "*" * len(number)


def mask_code(code: str) -> str:
    """统一社会信用代码: the first two characters (registering authority and kind) stay."""
    return code[:2] + "*" * (len(code) - 2)


def cut_address(address: str) -> str:
    """The address cut to the district: 广东省肇庆市端州区黄岗街道… → 广东省肇庆市端州区."""
    m = _DIVISIONS.match(address.strip())
    kept = "".join(m.group(g) or "" for g in ("province", "city", "county")) if m else ""
    return kept or ADDRESS_WITHHELD


def aliases(people: list[PrivateFacts]) -> dict[str, str]:
    """Each name → its alias; people who would share an alias are told apart by 甲, 乙 …"""
    wanted: dict[str, str] = {}
    for p in people:
        if p.name and p.name not in wanted:
            wanted[p.name] = f"某{organisation_kind(p.name)}" if p.organisation else f"{surname(p.name)}某"
        if p.legal_rep and p.legal_rep not in wanted:
            wanted[p.legal_rep] = f"{surname(p.legal_rep)}某"
    shared = Counter(wanted.values())
    seen: Counter[str] = Counter()
    out = {}
    for name, alias in wanted.items():
        if shared[alias] > 1:
            out[name] = alias + ORDINALS[seen[alias] % len(ORDINALS)]
            seen[alias] += 1
        else:
            out[name] = alias
    return out


class Anonymiser:
    """Applies one paper's replacements to any of its texts."""

    def __init__(self, people: list[PrivateFacts]):
        self.replacements: dict[str, str] = {}
        for p in people:  # the longer facts first: an address may contain a name
            if p.address.strip():
                self.replacements[p.address.strip()] = cut_address(p.address)
            if p.id_number:
                self.replacements[p.id_number] = mask_id(p.id_number)
            if p.credit_code:
                self.replacements[p.credit_code] = mask_code(p.credit_code)
            if p.phone:
                self.replacements[p.phone] = mask_phone(p.phone)
        self.replacements.update(aliases(people))
        keys = sorted(self.replacements, key=len, reverse=True)
        self._known = re.compile("|".join(map(re.escape, keys))) if keys else None

    def text(self, text: str) -> str:
        if self._known is not None:
            text = self._known.sub(lambda m: self.replacements[m.group(0)], text)
        text = _ID.sub(lambda m: mask_id(m.group(0)), text)
        text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(2)}", text)
        return _BIRTH.sub(r"\1年出生", text)
