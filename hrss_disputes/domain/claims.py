"""Claim items by their elements (要素式) and the calculators that propose an amount (legal-rules.md §11).

Each claim type declares the elements a person fills in; its calculator turns them into a
proposed amount with the steps written out, so the mediator or arbitrator can check the
arithmetic and override the figure (both are kept by the service). Money is Decimal throughout;
intermediate values keep full precision and only the final amount is rounded to the cent, half up.

Reference figures (the city's minimum wage, the city's previous-year average wage) are looked
up by the service and passed in as ``WageFacts``; a missing one is said, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from dateutil.relativedelta import relativedelta

from ..models.enums import ClaimType

CENT = Decimal("0.01")
MONTH_WORKING_DAYS = Decimal("21.75")  # 月计薪天数 (legal-rules.md §8.3)
HOURS_PER_DAY = 8
HIGH_EARNER_MULTIPLE = 3  # LCL Art 47 para 2
HIGH_EARNER_MAX_YEARS = 12
DOUBLE_WAGE_MAX_MONTHS = 11
LCL_START = date(2008, 1, 1)  # LCL Art 97 para 3


def money(x: Decimal) -> Decimal:
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(x: Decimal) -> str:
    return f"{money(x):,.2f}元"


def num(x: Decimal) -> str:
    """A count (months, days, hours) without trailing zeros."""
    return f"{x.normalize():f}"


class ElementKind(StrEnum):
    MONEY = "money"
    DATE = "date"
    NUMBER = "number"  # a count that may have decimals (months, hours)
    INTEGER = "integer"
    TEXT = "text"  # a fact in words (岗位, 证据)
    CHOICE = "choice"  # one of ``Element.choices``


TEXT_MAX = 500


@dataclass(frozen=True)
class Element:
    key: str
    label: str
    kind: ElementKind
    required: bool = True
    help: str = ""
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class WageFacts:
    """Reference figures for the case's city, in force on the date the calculation needs."""

    minimum_wage: Decimal | None = None  # 月最低工资标准
    minimum_wage_note: str = ""  # e.g. "肇庆 2021-12-01 起 1,720元"
    average_wage: Decimal | None = None  # 上年度职工月平均工资 (a twelfth of the annual; ⚠ entered)
    average_wage_note: str = ""


@dataclass(frozen=True)
class Proposal:
    amount: Decimal
    rule: str  # the statute the calculation applies
    lines: tuple[str, ...]  # the steps, one a line
    warnings: tuple[str, ...] = ()  # what the person must check


class ElementErrors(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("；".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class Calculator:
    elements: tuple[Element, ...]
    compute: Callable[[Mapping[str, Any], WageFacts], Proposal]
    rule: str
    wage_date: str | None = None  # the element whose date picks the minimum wage in force
    needs_average_wage: bool = False

    def element(self, key: str) -> Element:
        return next(e for e in self.elements if e.key == key)


# ---------------------------------------------------------------- elements parsing


def parse_elements(claim_type: ClaimType, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Typed element values from what was typed; ElementErrors names each bad field in Chinese."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for el in ELEMENTS.get(claim_type, ()):
        value = raw.get(el.key)
        if isinstance(value, str):
            value = value.strip()
            if el.kind not in (ElementKind.TEXT, ElementKind.CHOICE):
                value = value.replace(",", "").replace("，", "")
        if value in (None, ""):
            if el.required:
                errors[el.key] = f"请填写{el.label}"
            continue
        try:
            values[el.key] = _typed(el, value)
        except ValueError as e:
            errors[el.key] = str(e)
    if errors:
        raise ElementErrors(errors)
    return values


def _typed(el: Element, value: Any) -> Any:
    if el.kind is ElementKind.TEXT:
        if len(str(value)) > TEXT_MAX:
            raise ValueError(f"{el.label}过长（最多{TEXT_MAX}字）")
        return str(value)
    if el.kind is ElementKind.CHOICE:
        if value not in el.choices:
            raise ValueError(f"{el.label}请从列表中选择")
        return value
    if el.kind is ElementKind.DATE:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(f"{el.label}应为日期，例如 2025-03-01") from None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{el.label}应为数字") from None
    if not number.is_finite() or number < 0:
        raise ValueError(f"{el.label}不能为负数")
    if el.kind is ElementKind.MONEY and number != number.quantize(CENT):
        raise ValueError(f"{el.label}最多两位小数")
    if el.kind is ElementKind.INTEGER and number != number.to_integral_value():
        raise ValueError(f"{el.label}应为整数")
    return number


def propose(claim_type: ClaimType, raw: Mapping[str, Any], facts: WageFacts) -> Proposal | None:
    """The calculator's proposal for the typed elements; None for types without a calculator."""
    if claim_type not in CALCULATORS:
        return None
    return calculate(claim_type, parse_elements(claim_type, raw), facts)


def calculate(claim_type: ClaimType, values: Mapping[str, Any], facts: WageFacts) -> Proposal | None:
    """``propose`` for elements already parsed by ``parse_elements``."""
    calc = CALCULATORS.get(claim_type)
    return None if calc is None else calc.compute(values, facts)


def storable(values: Mapping[str, Any]) -> dict[str, str]:
    """Element values as JSON-ready text (dates ISO, numbers as typed)."""
    return {k: v.isoformat() if isinstance(v, date) else str(v) for k, v in values.items()}


# ---------------------------------------------------------------- service length (N)


@dataclass(frozen=True)
class ServiceLength:
    years: int
    months: int
    days: int
    n: Decimal  # months of wages the length earns (0.5 steps)

    @property
    def text(self) -> str:
        return f"{self.years}年{self.months}个月{self.days}天"


def service_length(start: date, end: date) -> ServiceLength:
    """LCL Art 47 para 1: one month per full year; a rest of six months or more counts as a year,
    less than six months as half a month. ``end`` is the last day worked (counted)."""
    span = relativedelta(end + timedelta(days=1), start)
    n = Decimal(span.years)
    if span.months >= 6:
        n += 1
    elif span.months or span.days:
        n += Decimal("0.5")
    return ServiceLength(span.years, span.months, span.days, n)


# ---------------------------------------------------------------- calculators


def _wages(v: Mapping[str, Any], facts: WageFacts) -> Proposal:
    wage, months, paid = v["monthly_wage"], v["months"], v.get("paid", Decimal(0))
    due = wage * months
    amount = max(Decimal(0), due - paid)
    lines = [f"应发工资 = 月工资 {yuan(wage)} × {num(months)} 个月 = {yuan(due)}",
             f"已支付 {yuan(paid)}，拖欠 = {yuan(amount)}"]
    warnings = []
    if facts.minimum_wage is not None and wage < facts.minimum_wage:
        warnings.append(f"约定月工资低于当地最低工资标准（{facts.minimum_wage_note}），可按最低工资标准主张差额"
                        "（劳动合同法第八十五条第二项）")
    return Proposal(money(amount), "劳动合同法第三十条、第八十五条；工资支付暂行规定第七条", tuple(lines), tuple(warnings))


def _overtime(v: Mapping[str, Any], facts: WageFacts) -> Proposal:
    wage = v["monthly_wage"]
    hours, rest, holiday = (v.get(k, Decimal(0)) for k in ("weekday_hours", "rest_days", "holiday_days"))
    paid = v.get("paid", Decimal(0))
    daily = wage / MONTH_WORKING_DAYS
    hourly = daily / HOURS_PER_DAY
    parts = [
        (hourly * Decimal("1.5") * hours, f"工作日延长工作时间 {num(hours)} 小时 × 小时工资 × 150%"),
        (daily * 2 * rest, f"休息日工作且未补休 {num(rest)} 天 × 日工资 × 200%"),
        (daily * 3 * holiday, f"法定休假日工作 {num(holiday)} 天 × 日工资 × 300%"),
    ]
    total = sum((p for p, _ in parts), Decimal(0))
    amount = max(Decimal(0), total - paid)
    lines = [f"日工资 = {yuan(wage)} ÷ 21.75 = {daily.quantize(Decimal('0.0001'))}元；"
             f"小时工资 = 日工资 ÷ 8 = {hourly.quantize(Decimal('0.0001'))}元"]
    lines += [f"{text} = {yuan(p)}" for p, text in parts if p]
    lines.append(f"合计 {yuan(total)}，已支付 {yuan(paid)}，应付 {yuan(amount)}")
    return Proposal(money(amount), "劳动法第四十四条", tuple(lines))


def _compensation_base(v: Mapping[str, Any], facts: WageFacts, length: ServiceLength
                       ) -> tuple[Decimal, Decimal, list[str], list[str]]:
    """(monthly base, N, lines, warnings) of LCL Art 47 with its floor and caps."""
    wage, n = v["monthly_wage"], length.n
    lines = [f"工作年限 {v['start'].isoformat()} 至 {v['end'].isoformat()}：{length.text}"
             f"（满一年计一个月；六个月以上按一年计，不满六个月计半个月）→ {num(n)} 个月"]
    warnings = []
    base = wage
    if facts.minimum_wage is not None and wage < facts.minimum_wage:
        base = facts.minimum_wage
        lines.append(f"离职前十二个月平均工资 {yuan(wage)} 低于当地最低工资标准，按最低工资标准"
                     f"（{facts.minimum_wage_note}）计算")
    if facts.average_wage is None:
        warnings.append("未录入用人单位所在城市上年度职工月平均工资，未核对三倍封顶（劳动合同法第四十七条第二款）")
    elif wage > facts.average_wage * HIGH_EARNER_MULTIPLE:
        base = facts.average_wage * HIGH_EARNER_MULTIPLE
        capped = min(n, Decimal(HIGH_EARNER_MAX_YEARS))
        lines.append(f"月工资高于上年度职工月平均工资（{facts.average_wage_note}，月均 {yuan(facts.average_wage)}）"
                     f"的三倍 {yuan(base)}，"
                     f"按三倍计算，年限最高十二年：{num(n)} → {num(capped)} 个月")
        n = capped
    if v["start"] < LCL_START:
        warnings.append("工作年限含2008年1月1日前的部分，该部分依当时的规定计算（劳动合同法第九十七条第三款），请核对")
    return base, n, lines, warnings


def _length(v: Mapping[str, Any]) -> ServiceLength:
    if v["end"] < v["start"]:
        raise ElementErrors({"end": "离职日期不能早于入职日期"})
    return service_length(v["start"], v["end"])


def _economic_compensation(v: Mapping[str, Any], facts: WageFacts) -> Proposal:
    base, n, lines, warnings = _compensation_base(v, facts, _length(v))
    amount = base * n
    lines.append(f"经济补偿 = {yuan(base)} × {num(n)} 个月 = {yuan(amount)}")
    return Proposal(money(amount), "劳动合同法第四十六条、第四十七条", tuple(lines), tuple(warnings))


def _damages(v: Mapping[str, Any], facts: WageFacts) -> Proposal:
    base, n, lines, warnings = _compensation_base(v, facts, _length(v))
    standard = base * n
    amount = standard * 2
    lines.append(f"经济补偿标准 = {yuan(base)} × {num(n)} 个月 = {yuan(standard)}")
    lines.append(f"赔偿金 = 经济补偿标准 × 2 = {yuan(amount)}（自用工之日起计算年限；支付赔偿金的不再支付经济补偿）")
    return Proposal(money(amount), "劳动合同法第八十七条、第四十七条；实施条例第二十五条", tuple(lines),
                    tuple(warnings))


def _notice_pay(v: Mapping[str, Any], facts: WageFacts) -> Proposal:
    wage = v["last_month_wage"]
    return Proposal(money(wage), "劳动合同法第四十条；实施条例第二十条",
                    (f"额外支付一个月工资 = 上一个月工资 {yuan(wage)}",))


def _months_between(first: date, last: date) -> Decimal:
    """Months from ``first`` to ``last`` (both counted): whole months, then the rest as a share of
    the month it falls in (e.g. 10 days of a 30-day month = 0.3333…)."""
    span = relativedelta(last + timedelta(days=1), first)
    whole = span.years * 12 + span.months
    if not span.days:
        return Decimal(whole)
    month_start = first + relativedelta(months=whole)
    month_len = ((first + relativedelta(months=whole + 1)) - month_start).days
    return Decimal(whole) + Decimal(span.days) / Decimal(month_len)


def _double_wages(v: Mapping[str, Any], facts: WageFacts) -> Proposal:
    hired, until, wage = v["hired_on"], v["until"], v["monthly_wage"]
    signed = v.get("contract_signed_on")
    if until < hired:
        raise ElementErrors({"until": "计算截止日期不能早于用工之日"})
    first = hired + relativedelta(months=1)  # the day after one month of employment
    anniversary = hired + relativedelta(years=1)
    ends = [(until, "计算截止日期"), (anniversary - timedelta(days=1), "满一年的前一日")]
    if signed is not None:
        ends.append((signed - timedelta(days=1), "订立书面劳动合同的前一日"))
    last, why = min(ends)
    lines = [f"二倍工资期间自用工满一个月的次日 {first.isoformat()} 起，至{why} {last.isoformat()} 止"]
    warnings = []
    if until >= anniversary and (signed is None or signed > anniversary):
        warnings.append(f"用工满一年（{anniversary.isoformat()}）视为已订立无固定期限劳动合同（劳动合同法第十四条第三款），"
                        "此后不再计算二倍工资差额")
    if last < first:
        lines.append("期间不足一日：不产生二倍工资差额")
        return Proposal(Decimal("0.00"), "劳动合同法第八十二条；实施条例第六条、第七条", tuple(lines), tuple(warnings))
    months = min(_months_between(first, last), Decimal(DOUBLE_WAGE_MAX_MONTHS))
    amount = wage * months
    lines.append(f"月数 {months.quantize(Decimal('0.0001'))}（不足一月的按当月天数折算，最多十一个月）")
    lines.append(f"二倍工资差额 = 月工资 {yuan(wage)} × 月数 = {yuan(amount)}")
    warnings.append("二倍工资差额的仲裁时效计算各地做法不一，请核对")
    return Proposal(money(amount), "劳动合同法第八十二条；实施条例第六条、第七条", tuple(lines), tuple(warnings))


def annual_leave_entitlement(service_years: int) -> int:
    """职工带薪年休假条例第三条: 5 / 10 / 15 days after 1 / 10 / 20 years of cumulative service."""
    if service_years < 1:
        return 0
    return 5 if service_years < 10 else 10 if service_years < 20 else 15


def _annual_leave(v: Mapping[str, Any], facts: WageFacts) -> Proposal:
    """实施办法 Art 5 (a joiner's leave this year from the remaining calendar days at this employer)
    and Art 12 (on leaving, from the days already at this employer this year), both ÷ 365 with
    fractions of a day dropped; a whole calendar year at the employer earns the whole entitlement."""
    years, wage, until, hired = int(v["service_years"]), v["monthly_wage"], v["until"], v["hired_on"]
    if hired > until:
        raise ElementErrors({"hired_on": "本单位入职日期不能晚于计算截止日期"})
    taken = v.get("days_taken", Decimal(0))
    entitled = annual_leave_entitlement(years)
    lines = [f"累计工作 {years} 年，全年应休 {entitled} 天（职工带薪年休假条例第三条）"]
    first = max(hired, date(until.year, 1, 1))  # the first day at this employer in the year
    year_end = until == date(until.year, 12, 31)
    worked = (until - first).days + 1
    if year_end and first.month == 1 and first.day == 1:
        days = max(Decimal(0), entitled - taken)
        lines.append(f"全年未休 = {entitled} − 已休 {num(taken)} = {num(days)} 天")
    elif year_end:  # joined this year and still there at its end (实施办法第五条)
        share = Decimal(worked) / 365 * entitled
        due = Decimal(int(share))
        days = max(Decimal(0), due - taken)
        lines.append(f"当年 {first.isoformat()} 入职，按本单位剩余日历天数折算：{worked} ÷ 365 × {entitled} = "
                     f"{share.quantize(Decimal('0.01'))} 天，不足一整天的部分不享受 → 应休 {num(due)} 天"
                     "（实施办法第五条）")
        lines.append(f"未休 = {num(due)} − 已休 {num(taken)} = {num(days)} 天")
    else:  # leaving during the year (实施办法第十二条)
        exact = Decimal(worked) / 365 * entitled - taken
        days = max(Decimal(0), Decimal(int(exact)))  # a fraction of a day is not paid (实施办法第十二条)
        since = f"{first.isoformat()} 入职，" if first != date(until.year, 1, 1) else ""
        lines.append(f"离职折算：{since}当年在本单位已过 {worked} 天（{first.isoformat()} 至 {until.isoformat()}）"
                     f"，{worked} ÷ 365 × {entitled} − 已休 {num(taken)} = "
                     f"{exact.quantize(Decimal('0.01'))} 天，不足一整天的部分不计 → {num(days)} 天（实施办法第十二条）")
    daily = wage / MONTH_WORKING_DAYS
    amount = daily * 2 * days
    lines.append(f"日工资 = 月平均工资（不含加班工资）{yuan(wage)} ÷ 21.75 = {daily.quantize(Decimal('0.0001'))}元")
    lines.append(f"未休年休假工资 = 日工资 × 300%（其中 100% 已随正常工资支付，另付 200%）× {num(days)} 天 = {yuan(amount)}")
    return Proposal(money(amount), "职工带薪年休假条例第三条、第五条；企业职工带薪年休假实施办法第五条、第十条至第十二条",
                    tuple(lines))


def _medical(v: Mapping[str, Any], facts: WageFacts) -> Proposal:
    total, paid = v["receipts"], v.get("reimbursed", Decimal(0))
    amount = max(Decimal(0), total - paid)
    return Proposal(money(amount), "工伤保险条例第三十条",
                    (f"医疗费票据合计 {yuan(total)} − 已报销或已支付 {yuan(paid)} = {yuan(amount)}",))


# ---------------------------------------------------------------- N and 2N

# 劳动合同法实施条例第二十五条: an employer that pays 赔偿金 (LCL Art 87) for an unlawful termination
# pays no 经济补偿 for it (legal-rules.md §11.4). Both may be claimed (in the alternative); both
# awarded on one case only when the tribunal records that they concern different terminations.
N_AND_2N = (ClaimType.ECONOMIC_COMPENSATION, ClaimType.DAMAGES)
SEPARATE_TERMINATION_LABEL = "仲裁庭认定：本项所涉解除或终止劳动合同与本案其他经济补偿或赔偿金请求不同"


@dataclass(frozen=True)
class AwardedItem:
    claim_type: ClaimType
    amount_resolved: Decimal | None  # 裁决金额; None: not decided yet
    separate_termination: bool = False  # SEPARATE_TERMINATION_LABEL, recorded by the tribunal


def n_and_2n_error(items: list[AwardedItem]) -> str | None:
    """Why the amounts awarded pay both 经济补偿 and 赔偿金 for one termination; None when they do not."""
    def awarded(t: ClaimType) -> list[AwardedItem]:
        return [i for i in items if i.claim_type is t and i.amount_resolved is not None and i.amount_resolved > 0]

    if any(not (n.separate_termination or d.separate_termination)
           for n in awarded(ClaimType.ECONOMIC_COMPENSATION) for d in awarded(ClaimType.DAMAGES)):
        return ("同一解除或终止劳动合同，支付赔偿金的不再支付经济补偿（劳动合同法实施条例第二十五条、劳动合同法第八十七条），"
                "不能同时裁决支付经济补偿和赔偿金；确属不同的解除或终止的，请在其中一项勾选“"
                + SEPARATE_TERMINATION_LABEL + "”")
    return None


M, D, N, INT = ElementKind.MONEY, ElementKind.DATE, ElementKind.NUMBER, ElementKind.INTEGER
T, C = ElementKind.TEXT, ElementKind.CHOICE
_PAID = Element("paid", "已支付金额（元）", M, required=False)

CALCULATORS: dict[ClaimType, Calculator] = {
    ClaimType.WAGES: Calculator((
        Element("monthly_wage", "约定月工资（元）", M, help="正常工作时间工资"),
        Element("months", "拖欠月数", N, help="可含小数，例如 2.5"),
        _PAID,
    ), _wages, "劳动合同法第三十条"),
    ClaimType.OVERTIME: Calculator((
        Element("monthly_wage", "加班费计算基数（月工资，元）", M),
        Element("weekday_hours", "工作日延长工作时间（小时）", N, required=False),
        Element("rest_days", "休息日工作未补休（天）", N, required=False),
        Element("holiday_days", "法定休假日工作（天）", N, required=False),
        _PAID,
    ), _overtime, "劳动法第四十四条"),
    ClaimType.ECONOMIC_COMPENSATION: Calculator((
        Element("start", "入职日期", D),
        Element("end", "离职日期", D, help="最后工作日"),
        Element("monthly_wage", "离职前十二个月平均工资（元）", M, help="含计时计件工资、奖金、津贴和补贴"),
    ), _economic_compensation, "劳动合同法第四十七条", wage_date="end", needs_average_wage=True),
    ClaimType.DAMAGES: Calculator((
        Element("start", "用工之日", D),
        Element("end", "解除或终止日期", D),
        Element("monthly_wage", "离职前十二个月平均工资（元）", M),
    ), _damages, "劳动合同法第八十七条", wage_date="end", needs_average_wage=True),
    ClaimType.NOTICE_PAY: Calculator((
        Element("last_month_wage", "上一个月工资（元）", M),
    ), _notice_pay, "劳动合同法第四十条"),
    ClaimType.DOUBLE_WAGES: Calculator((
        Element("hired_on", "用工之日", D),
        Element("contract_signed_on", "订立书面劳动合同日期", D, required=False, help="未订立的留空"),
        Element("until", "计算截止日期", D, help="离职日期或申请日"),
        Element("monthly_wage", "月工资（元）", M),
    ), _double_wages, "劳动合同法第八十二条"),
    ClaimType.ANNUAL_LEAVE: Calculator((
        Element("service_years", "累计工作年限（年）", INT),
        Element("hired_on", "本单位入职日期", D, help="当年入职的，按在本单位的日历天数折算（实施办法第五条、第十二条）"),
        Element("monthly_wage", "月平均工资（不含加班工资，元）", M),
        Element("until", "计算截止日期", D, help="离职日期；全年未休填12月31日"),
        Element("days_taken", "当年已休天数", N, required=False),
    ), _annual_leave, "企业职工带薪年休假实施办法第五条、第十条至第十二条"),
    ClaimType.WORK_INJURY_MEDICAL: Calculator((
        Element("receipts", "医疗费票据合计（元）", M),
        Element("reimbursed", "已报销或已支付（元）", M, required=False),
    ), _medical, "工伤保险条例第三十条"),
}

# Claim types without a formula still have elements (要素式): the facts the arbitrator must find,
# asked for in the same way, kept with the claim and offered to the award as a starting draft.
_INJURY_GRADES = (*(f"{n}级" for n in "一二三四五六七八九十"), "未达伤残等级", "尚未鉴定")

DESCRIPTIVE: dict[ClaimType, tuple[Element, ...]] = {
    ClaimType.WORK_INJURY_BENEFITS: (
        Element("recognised_on", "工伤认定日期", D, help="工伤认定决定书载明的日期"),
        Element("grade", "伤残等级", C, choices=_INJURY_GRADES),
        Element("appraised_on", "劳动能力鉴定日期", D, required=False),
        Element("monthly_wage", "本人工资（元/月）", M, required=False, help="工伤前十二个月平均月缴费工资"),
        Element("insured", "用人单位参加工伤保险", C, required=False, choices=("已参加", "未参加")),
        Element("items", "请求的待遇项目", T, required=False,
                help="如一次性伤残补助金、一次性工伤医疗补助金、一次性伤残就业补助金、停工留薪期工资"),
    ),
    ClaimType.SOCIAL_INSURANCE: (
        Element("kinds", "险种", T, help="养老、医疗、失业、工伤、生育"),
        Element("request", "请求内容", C, choices=("补缴社会保险费", "赔偿未缴社会保险造成的损失", "其他")),
        Element("base", "缴费基数（元/月）", M, required=False),
        Element("loss", "损失金额（元）", M, required=False, help="如未能领取的失业保险金"),
    ),
    ClaimType.CONFIRM_RELATIONSHIP: (
        Element("start", "用工起始日期", D),
        Element("end", "用工结束日期", D, required=False, help="仍在职的留空"),
        Element("position", "工作岗位", T),
        Element("pay_method", "工资发放方式", C, required=False, choices=("银行转账", "现金", "微信或支付宝", "其他")),
        Element("contract", "书面劳动合同", C, required=False, choices=("已订立", "未订立")),
        Element("evidence", "主要证据", T, required=False, help="如工牌、考勤记录、工资流水、工作群聊天记录"),
    ),
    ClaimType.OTHER: (
        Element("request", "请求内容", T),
        Element("basis", "依据", T, required=False, help="法律规定或双方约定"),
    ),
}

ELEMENTS: dict[ClaimType, tuple[Element, ...]] = {
    **{t: c.elements for t, c in CALCULATORS.items()}, **DESCRIPTIVE,
}


def element_labels(claim_type: ClaimType, values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, value) of the stored elements, in the claim type's order, for display."""
    return [(e.label, str(values[e.key])) for e in ELEMENTS.get(claim_type, ()) if values.get(e.key) not in (None, "")]

