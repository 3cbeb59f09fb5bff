"""The element sheet (要素表) of each claim type: what a party is asked to state before the
hearing, and what the parties' stances on them (要素确认) make of the hearing and the award.

Element-based handling (要素式办案, legal-rules.md §11): the parties fill a standard sheet per
claim type, the hearing turns on the elements they dispute, and the award's findings (本委查明)
start from the ones both confirm. The sheet of a claim type lists the calculator's elements
(domain.claims.ELEMENTS, the same keys, so the values typed for the calculator fill the sheet)
among the other facts the type needs; ``SHEETS`` is the table, pure data. Where a known value
comes from: the claim item's elements (``ELEMENT``), its period (``PERIOD``) or its amount
claimed (``AMOUNT``). Pure: no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from ..models.enums import ClaimType, ElementStance
from .claims import ELEMENTS, Element, ElementKind

ELEMENT, PERIOD, AMOUNT = "element", "period", "amount"  # where a known value comes from
NOTE_MAX = 500  # characters of what a party says of one element


# Elements that are not facts the other side can admit (要素 that are the claim itself, or a
# party's own proof): on the sheet for the party to state, a dispute on them is a focus of the
# hearing, but never confirmed in bulk nor printed in the award's 本委查明 as 双方确认 — the
# employer "confirming" the claimed amount would read as admitting the claim (请求事项).
NOT_FACTS: dict[str, str] = {
    "amount": "请求事项",  # 请求金额及计算方法
    "request": "请求事项",  # 补缴或赔偿 / 请求的具体内容
    "items": "请求事项",  # 请求的各项工伤保险待遇
    "reinstatement": "请求事项",  # 是否要求继续履行 (劳动合同法第四十八条): the worker's choice
    "basis": "请求的依据",
    "evidence": "证据",  # each party's own, examined at the hearing (质证)
}


@dataclass(frozen=True)
class SheetElement:
    key: str  # ElementPosition.element; a calculator element's key where it is one
    label: str  # "" : the calculator element's own label, without its unit
    facts: str  # what the party states (and shows) for it, printed under the label
    source: str = ELEMENT

    @property
    def fact(self) -> bool:
        """A fact both sides may confirm (else the claim itself or evidence: ``NOT_FACTS``)."""
        return self.key not in NOT_FACTS


def _el(key: str, facts: str, label: str = "") -> SheetElement:
    return SheetElement(key, label, facts)


_PERIOD = SheetElement("period", "请求期间", "自何年何月何日至何年何月何日", PERIOD)
_AMOUNT = SheetElement("amount", "请求金额及计算方法", "请求的金额合计，以及如何计算得出", AMOUNT)
_HIRED = _el("hired_on", "开始工作的日期；有书面劳动合同的，写明合同期限", "入职日期")
_POSITION = _el("position", "所在部门、岗位和工作地点", "工作岗位")
_EVIDENCE = "证据"

SHEETS: dict[ClaimType, tuple[SheetElement, ...]] = {
    # legal-rules.md §11.1: period, agreed wage, paid, due, pay day, evidence
    ClaimType.WAGES: (
        _HIRED, _POSITION,
        _el("monthly_wage", "约定的正常工作时间工资，及其构成（基本工资、岗位工资、绩效、津贴、补贴等）", "月工资标准及构成"),
        _el("pay_day", "按月或其他周期；每月几日发放哪一期间的工资；发放方式（银行转账、现金等）", "工资支付周期及发放日"),
        SheetElement("period", "欠薪期间", "自何年何月至何年何月未足额支付工资", PERIOD),
        _el("months", "欠薪期间折合的月数"),
        _el("paid", "欠薪期间已经支付的金额及支付日期", "已付金额"),
        _AMOUNT,
        _el("evidence", "劳动合同、工资条、银行流水、考勤记录、欠条或结算单等", _EVIDENCE),
    ),
    # §11.2: LL Art 44 — 150% / 200% / 300%; hourly = monthly ÷ 21.75 ÷ 8
    ClaimType.OVERTIME: (
        _HIRED, _POSITION,
        _el("hours_system", "标准工时制、综合计算工时制或不定时工作制；特殊工时制是否经劳动行政部门批准", "工时制度"),
        _el("schedule", "每日上下班时间、每周工作天数、轮班或排班方式", "工作时间安排"),
        SheetElement("period", "加班期间", "主张加班费的起止日期", PERIOD),
        _el("weekday_hours", "工作日延长工作时间的小时数合计", "加班时间·工作日延长（小时）"),
        _el("rest_days", "休息日工作且未安排补休的天数", "加班时间·休息日（天）"),
        _el("holiday_days", "法定休假日工作的天数", "加班时间·法定节假日（天）"),
        _el("monthly_wage", "约定的加班费计算基数；未约定的，按劳动者正常工作时间工资", "计算基数（月工资）"),
        _el("paid", "已经支付的加班费", "已付加班费"),
        _AMOUNT,
        _el("evidence", "考勤记录、排班表、加班审批单、工资条等；考勤记录由用人单位掌握的，写明", _EVIDENCE),
    ),
    # §11.3: LCL Art 46–47 — N by years of service, base = average of the last 12 months
    ClaimType.ECONOMIC_COMPENSATION: (
        _el("start", "开始工作的日期（用工之日）", "入职日期"),
        _el("end", "最后工作日", "离职日期"),
        _POSITION,
        _el("reason", "劳动合同法第四十六条规定的哪种情形（协商一致解除、劳动者依第三十八条解除、"
                      "用人单位依第四十条或第四十一条解除、合同期满不续订等）", "解除或终止的原因"),
        _el("initiator", "由用人单位还是劳动者提出；书面通知的日期和送达方式", "提出方及通知方式"),
        _el("monthly_wage", "解除或终止前十二个月的应得工资总额除以十二（含奖金、津贴和补贴；不满十二个月的按实际月数）"),
        _el("compensation_paid", "已经支付的经济补偿金额", "已付经济补偿"),
        _AMOUNT,
        _el("evidence", "劳动合同、解除或终止通知书、离职证明、近十二个月工资条或银行流水等", _EVIDENCE),
    ),
    # §11.4: LCL Art 87 — twice the Art 47 standard; years from the start of employment
    ClaimType.DAMAGES: (
        _el("start", "开始工作的日期（用工之日）", "入职日期"),
        _el("end", "解除或终止劳动合同的日期", "离职日期"),
        _POSITION,
        _el("reason", "用人单位解除或终止所持的理由及依据（规章制度条款、事实）", "解除或终止的原因"),
        _el("initiator", "由谁提出；书面通知的日期和送达方式；是否事先通知工会（劳动合同法第四十三条）",
            "提出方及解除程序"),
        _el("monthly_wage", "解除或终止前十二个月的应得工资总额除以十二"),
        _el("reinstatement", "是否要求继续履行劳动合同（劳动合同法第四十八条）；不要求的，主张赔偿金", "是否要求继续履行"),
        _AMOUNT,
        _el("evidence", "解除通知书、规章制度及其公示或告知的证据、违纪事实的证据、工资流水等", _EVIDENCE),
    ),
    # LCL Art 40; LCL-Regs Art 20: one month at the previous month's wage
    ClaimType.NOTICE_PAY: (
        _el("end", "用人单位解除劳动合同的日期", "解除日期"),
        _el("reason", "用人单位依劳动合同法第四十条第几项解除", "解除依据"),
        _el("notice", "是否提前三十日以书面形式通知劳动者本人", "是否提前三十日书面通知"),
        _el("last_month_wage", "解除前上一个月的工资"),
        _AMOUNT,
        _el("evidence", "解除通知书、工资条或银行流水等", _EVIDENCE),
    ),
    # §11.5: LCL Art 82; LCL-Regs Art 6–7 — from the day after one month, at most 11 months
    ClaimType.DOUBLE_WAGES: (
        _el("hired_on", "开始工作的日期"),
        _POSITION,
        _el("contract_signed_on", "订立书面劳动合同的日期；未订立的写明“未订立”"),
        _el("unsigned_reason", "未订立的原因：用人单位未提出，或劳动者拒绝订立（实施条例第五条、第六条）", "未订立的原因"),
        _el("until", "离职日期或申请仲裁之日"),
        _el("monthly_wage", "每月应得工资"),
        _AMOUNT,
        _el("evidence", "工牌、考勤记录、工资流水、工作群聊天记录等证明用工的证据", _EVIDENCE),
    ),
    # §11.7: 职工带薪年休假条例 Art 3; 实施办法 Art 10–12
    ClaimType.ANNUAL_LEAVE: (
        _el("service_years", "在各单位累计工作的年限（含本单位之前的）"),
        _el("hired_on", "到本单位工作的日期"),
        _el("until", "离职日期；在职的，计算到哪一日"),
        _el("days_taken", "主张年度内已经休过的年休假天数"),
        _el("arranged", "用人单位是否安排休假；劳动者是否书面提出不休年休假（实施办法第十条）", "未休原因"),
        _el("monthly_wage", "前十二个月剔除加班工资后的月平均工资"),
        _AMOUNT,
        _el("evidence", "休假记录、考勤记录、社会保险缴费记录（证明累计工作年限）等", _EVIDENCE),
    ),
    ClaimType.WORK_INJURY_MEDICAL: (
        _el("injured_on", "受伤或被诊断为职业病的日期", "受伤日期"),
        _el("recognised_on", "工伤认定决定书的日期和文号", "工伤认定"),
        _el("insured", "用人单位是否为劳动者参加工伤保险", "是否参加工伤保险"),
        _el("receipts", "治疗工伤的医疗费票据合计"),
        _el("reimbursed", "工伤保险基金或用人单位已经支付的金额"),
        _AMOUNT,
        _el("evidence", "工伤认定决定书、病历、医疗费票据、费用清单等", _EVIDENCE),
    ),
    ClaimType.WORK_INJURY_BENEFITS: (
        _el("injured_on", "受伤或被诊断为职业病的日期", "受伤日期"),
        _el("recognised_on", "工伤认定决定书的日期和文号"),
        _el("grade", "劳动能力鉴定结论的伤残等级"),
        _el("appraised_on", "劳动能力鉴定结论的日期"),
        _el("monthly_wage", "工伤前十二个月平均月缴费工资"),
        _el("insured", "用人单位是否为劳动者参加工伤保险"),
        _el("items", "逐项写明请求的待遇及金额"),
        _AMOUNT,
        _el("evidence", "工伤认定决定书、劳动能力鉴定结论、工资流水等", _EVIDENCE),
    ),
    ClaimType.SOCIAL_INSURANCE: (
        _HIRED,
        _el("kinds", "未参保或欠缴的险种"),
        _PERIOD,
        _el("request", "补缴，或赔偿未缴社会保险造成的损失"),
        _el("base", "应当缴费的工资基数"),
        _el("loss", "损失的项目和金额（如未能领取的失业保险金）"),
        _el("evidence", "社会保险缴费记录、工资流水等", _EVIDENCE),
    ),
    ClaimType.CONFIRM_RELATIONSHIP: (
        _el("start", "开始工作的日期"),
        _el("end", "用工结束的日期；仍在职的写明“在职”"),
        _el("position", "工作岗位、工作内容和工作地点"),
        _el("management", "是否受用人单位的劳动管理（考勤、规章制度、工作安排）", "劳动管理情况"),
        _el("pay_method", "工资由谁、以何种方式发放"),
        _el("contract", "是否订立书面劳动合同"),
        _el("evidence", "工牌、工作服、考勤记录、工资流水、工作群聊天记录、证人等"),
    ),
    ClaimType.OTHER: (
        _el("request", "请求的具体内容"),
        _el("basis", "法律规定或双方约定"),
        _AMOUNT,
        _el("evidence", "证明请求成立的证据", _EVIDENCE),
    ),
}


# ---------------------------------------------------------------- facts common to the claims


@dataclass(frozen=True)
class CommonElement:
    """A fact of the employment, not of one claim (入职日期, 离职日期, 岗位, 工资标准): the sheet asks
    it once for the case, in its 基本情况 section, whichever claims need it. ``keys``: the element
    of each claim type's sheet that holds it (the calculator's values and the stances stored on
    the claim items are read through them: nothing is stored twice nor migrated)."""

    key: str
    label: str
    facts: str
    keys: Mapping[ClaimType, str]


COMMON_TITLE = "基本情况"  # as running text names the section: 关于基本情况：…
COMMON_HEADING = "基本情况（各项请求共同涉及的事实，只填一次）"
COMMON: tuple[CommonElement, ...] = (
    CommonElement("hired_on", "入职日期", "开始工作的日期（用工之日）；有书面劳动合同的，写明合同期限", {
        ClaimType.WAGES: "hired_on", ClaimType.OVERTIME: "hired_on", ClaimType.ECONOMIC_COMPENSATION: "start",
        ClaimType.DAMAGES: "start", ClaimType.DOUBLE_WAGES: "hired_on", ClaimType.ANNUAL_LEAVE: "hired_on",
        ClaimType.SOCIAL_INSURANCE: "hired_on", ClaimType.CONFIRM_RELATIONSHIP: "start"}),
    CommonElement("left_on", "离职日期", "解除或终止劳动合同（最后工作）的日期；仍在职的写明“在职”", {
        ClaimType.ECONOMIC_COMPENSATION: "end", ClaimType.DAMAGES: "end", ClaimType.NOTICE_PAY: "end",
        ClaimType.CONFIRM_RELATIONSHIP: "end"}),
    CommonElement("position", "工作岗位", "所在部门、岗位、工作内容和工作地点", {
        t: "position" for t in (ClaimType.WAGES, ClaimType.OVERTIME, ClaimType.ECONOMIC_COMPENSATION,
                                ClaimType.DAMAGES, ClaimType.DOUBLE_WAGES, ClaimType.CONFIRM_RELATIONSHIP)}),
    # the agreed normal-time wage; each claim's own calculation base (加班费基数, 十二个月平均工资…) stays its own
    CommonElement("monthly_wage", "月工资标准及构成",
                  "约定的正常工作时间工资，及其构成（基本工资、岗位工资、绩效、津贴、补贴等）", {
                      ClaimType.WAGES: "monthly_wage", ClaimType.DOUBLE_WAGES: "monthly_wage"}),
)


def common_of(claim_type: ClaimType, key: str) -> CommonElement | None:
    """The common fact the claim type's element ``key`` holds, if it is one."""
    return next((c for c in COMMON if c.keys.get(claim_type) == key), None)


def common_sheet(claim_types: Sequence[ClaimType]) -> tuple[CommonElement, ...]:
    """The common facts the case's claims need, in the table's order (none: no 基本情况 section)."""
    return tuple(c for c in COMMON if any(t in c.keys for t in claim_types))


def own_sheet(claim_type: ClaimType) -> tuple[SheetElement, ...]:
    """The claim type's elements less the common facts (asked once in 基本情况)."""
    return tuple(e for e in sheet_of(claim_type) if common_of(claim_type, e.key) is None)


def common_known(values: Sequence[tuple[str, str]]) -> tuple[str, bool]:
    """What the claims record of one common fact, from (claim title, value) pairs: (the value,
    False) when they agree; each value with the claims recording it and True when they differ
    (nobody confirms that whole: a confirmation says what is confirmed)."""
    by_value: dict[str, list[str]] = {}
    for title, value in values:
        if value:
            by_value.setdefault(value, []).append(title)
    if len(by_value) <= 1:
        return next(iter(by_value), ""), False
    return "；".join(f"{v}（{'、'.join(titles)}）" for v, titles in by_value.items()), True


def _calculator_element(claim_type: ClaimType, key: str) -> Element | None:
    return next((e for e in ELEMENTS.get(claim_type, ()) if e.key == key), None)


def label_of(claim_type: ClaimType, element: SheetElement) -> str:
    """The element's label on the sheet: its own, else the calculator's without the unit."""
    if element.label:
        return element.label
    calc = _calculator_element(claim_type, element.key)
    return (calc.label if calc else element.key).replace("（元）", "")


def sheet_of(claim_type: ClaimType) -> tuple[SheetElement, ...]:
    return SHEETS.get(claim_type, ())


def element_of(claim_type: ClaimType, key: str) -> SheetElement | None:
    return next((e for e in sheet_of(claim_type) if e.key == key), None)


def _ymd(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _shown(element: Element | None, value: str) -> str:
    """A stored calculator value as the sheet prints it (money with 元, dates in Chinese)."""
    if element is None:
        return value
    try:
        if element.kind is ElementKind.MONEY:
            return f"{Decimal(value):,.2f}元"
        if element.kind is ElementKind.DATE:
            return _ymd(date.fromisoformat(value))
        if element.kind in (ElementKind.NUMBER, ElementKind.INTEGER):
            return f"{Decimal(value).normalize():f}"
    except (InvalidOperation, ValueError):
        return value
    return value


def known_value(claim_type: ClaimType, element: SheetElement, elements: Mapping[str, str],
                period: tuple[date | None, date | None] = (None, None), amount: Decimal | None = None) -> str:
    """What the case already records of the element ("" when nothing): the calculator's value,
    the claim's period or its amount claimed."""
    if element.source == PERIOD:
        start, end = period
        return f"{_ymd(start)}至{_ymd(end)}" if start and end else ""
    if element.source == AMOUNT:
        return f"{amount:,.2f}元" if amount is not None else ""
    value = elements.get(element.key)
    if value in (None, ""):
        return ""
    return _shown(_calculator_element(claim_type, element.key), str(value))


# ---------------------------------------------------------------- stances and what they make


@dataclass(frozen=True)
class Stance:
    party: str  # the party's name
    applicant: bool  # 申请人 (else 被申请人)
    stance: ElementStance
    note: str = ""

    @property
    def who(self) -> str:
        return f"{'申请人' if self.applicant else '被申请人'}{self.party}"


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    facts: str
    known: str
    stances: tuple[Stance, ...] = ()
    fact: bool = True  # False: the claim itself or evidence (NOT_FACTS), never agreed
    differs: bool = False  # a common fact the claims record differently (``known`` lists each)


@dataclass(frozen=True)
class Section:
    title: str  # the claim type as running text names it: 劳动报酬, 加班工资
    heading: str  # 第1项　劳动报酬（工资）　请求金额…
    rows: tuple[Row, ...]


def agreed(row: Row, parties: int) -> bool:
    """Both sides confirmed a fact: every one of the ``parties`` (applicants and respondents)
    confirmed it, and what they confirmed can be said. A claim element (``Row.fact`` False) is
    never agreed: see NOT_FACTS; nor is a common fact confirmed as recorded when the claims have
    come to record it differently since (a claim added or corrected): it is asked again."""
    return row.fact and parties > 0 and len(row.stances) == parties and all(
        s.stance is ElementStance.CONFIRMED for s in row.stances) and bool(confirmed_text(row))


def disputed(row: Row) -> bool:
    return any(s.stance is ElementStance.DISPUTED for s in row.stances)


def confirmed_text(row: Row) -> str:
    """What both confirmed: the value on record, else what they wrote when confirming (a common
    fact the claims record differently: what they wrote)."""
    if row.known and not row.differs:
        return row.known
    return "；".join(dict.fromkeys(s.note.strip() for s in row.stances if s.note.strip()))


def confirmed_lines(sections: Sequence[Section], parties: int) -> list[str]:
    """One line per claim: 关于劳动报酬：入职日期2024年3月1日；…。 (the elements both confirmed)."""
    out = []
    for sec in sections:
        parts = [f"{r.label}为{confirmed_text(r)}" for r in sec.rows if agreed(r, parties)]
        if parts:
            out.append(f"关于{sec.title}：" + "；".join(parts) + "。")
    return out


def disputed_lines(sections: Sequence[Section]) -> list[str]:
    """One line per disputed element, with what each party says (and the value on record)."""
    out = []
    for sec in sections:
        for r in sec.rows:
            if not disputed(r):
                continue
            said = [f"{s.who}确认" + (f"“{r.known}”" if r.known else f"“{s.note}”" if s.note else "")
                    if s.stance is ElementStance.CONFIRMED else f"{s.who}称{s.note}" for s in r.stances]
            known = f"（已知情况：{r.known}）" if r.known else ""
            out.append(f"关于{sec.title}的“{r.label}”{known}：" + "；".join(said) + "。")
    return out


def open_lines(sections: Sequence[Section], parties: int) -> list[str]:
    """The elements not yet confirmed by both nor disputed: to be asked at the hearing."""
    out = []
    for sec in sections:
        rows = [r.label for r in sec.rows if r.fact and not agreed(r, parties) and not disputed(r)]
        if rows:
            out.append(f"{sec.title}：" + "、".join(rows))
    return out


def summary(section: Section, parties: int) -> str:
    """How far the parties have gone through a claim's elements, for the claims tab:
    双方确认 3 项；有争议 1 项（拖欠月数）；尚未确认 5 项."""
    agreed_n = sum(agreed(r, parties) for r in section.rows)
    contested = [r.label for r in section.rows if disputed(r)]
    rest = sum(r.fact and not agreed(r, parties) and not disputed(r) for r in section.rows)
    parts = [f"双方确认 {agreed_n} 项"]
    if contested:
        parts.append(f"有争议 {len(contested)} 项（{'、'.join(contested)}）")
    parts.append(f"尚未确认 {rest} 项")
    return "；".join(parts)


def findings(sections: Sequence[Section], parties: int) -> str:
    """The award's 本委查明 as drafted from the stances: 双方确认：… first, then what is disputed,
    for the tribunal to find. "" when nothing was confirmed or disputed. Only facts: what is
    claimed (NOT_FACTS) is the award's 请求事项, and a dispute on it the parties' 答辩, not a finding."""
    confirmed = confirmed_lines(sections, parties)
    contested = disputed_lines([Section(s.title, s.heading, tuple(r for r in s.rows if r.fact)) for s in sections])
    lines = []
    if confirmed:
        lines += ["双方确认：", *confirmed]
    if contested:
        lines += ["双方有争议的要素：", *contested]
    return "\n".join(lines)
