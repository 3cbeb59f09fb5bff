"""The element sheet (要素表) of each claim type, legal-rules.md §11: the elements a party states
before the hearing, sharing the calculator's keys, and what the parties' stances make of them."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain import element_sheet as es
from hrss_disputes.domain.claims import ELEMENTS
from hrss_disputes.models.enums import ClaimType as T
from hrss_disputes.models.enums import ElementStance as S


def labels(claim_type: T) -> list[str]:
    return [es.label_of(claim_type, e) for e in es.sheet_of(claim_type)]


@pytest.mark.parametrize("claim_type", list(T))
def test_every_claim_type_has_a_sheet_holding_its_calculator_elements(claim_type: T) -> None:
    """The values typed for the calculator fill the sheet: each of its elements is on it, same key."""
    keys = [e.key for e in es.sheet_of(claim_type)]
    assert keys and len(keys) == len(set(keys))
    assert {e.key for e in ELEMENTS.get(claim_type, ())} <= set(keys)
    assert all(len(k) <= 40 for k in keys)  # ElementPosition.element is String(40)
    assert all(label and "（元）" not in label for label in labels(claim_type))
    assert all(e.facts for e in es.sheet_of(claim_type))


# (claim type, the rule, the elements the sheet asks for)
ASKED = [
    (T.WAGES, "§11.1 工资支付暂行规定第七条", ["入职日期", "工作岗位", "月工资标准及构成", "工资支付周期及发放日",
                                       "欠薪期间", "拖欠月数", "已付金额", "证据"]),
    (T.OVERTIME, "§11.2 劳动法第四十四条", ["工时制度", "加班时间·工作日延长（小时）", "加班时间·休息日（天）",
                                      "加班时间·法定节假日（天）", "计算基数（月工资）", "已付加班费"]),
    (T.ECONOMIC_COMPENSATION, "§11.3 劳动合同法第四十六条、第四十七条",
     ["入职日期", "离职日期", "解除或终止的原因", "提出方及通知方式", "离职前十二个月平均工资"]),
    (T.DAMAGES, "§11.4 劳动合同法第八十七条、第四十八条",
     ["入职日期", "离职日期", "解除或终止的原因", "提出方及解除程序", "离职前十二个月平均工资", "是否要求继续履行"]),
    (T.NOTICE_PAY, "劳动合同法第四十条", ["解除日期", "解除依据", "是否提前三十日书面通知", "上一个月工资"]),
    (T.DOUBLE_WAGES, "§11.5 劳动合同法第八十二条", ["用工之日", "订立书面劳动合同日期", "未订立的原因", "计算截止日期"]),
    (T.ANNUAL_LEAVE, "§11.7 企业职工带薪年休假实施办法第十条", ["累计工作年限（年）", "当年已休天数", "未休原因"]),
]


@pytest.mark.parametrize(("claim_type", "rule", "asked"), ASKED, ids=[r for _t, r, _a in ASKED])
def test_the_sheet_asks_for_the_facts_the_rule_turns_on(claim_type: T, rule: str, asked: list[str]) -> None:
    assert [a for a in asked if a not in labels(claim_type)] == []


@pytest.mark.parametrize(("claim_type", "key", "elements", "period", "amount", "shown"), [
    (T.WAGES, "monthly_wage", {"monthly_wage": "8000"}, (None, None), None, "8,000.00元"),
    (T.WAGES, "months", {"months": "2.50"}, (None, None), None, "2.5"),
    (T.ECONOMIC_COMPENSATION, "start", {"start": "2022-03-01"}, (None, None), None, "2022年3月1日"),
    (T.WAGES, "period", {}, (date(2026, 7, 1), date(2026, 9, 30)), None, "2026年7月1日至2026年9月30日"),
    (T.WAGES, "period", {}, (date(2026, 7, 1), None), None, ""),  # half a period is not a value
    (T.WAGES, "amount", {}, (None, None), Decimal("24000"), "24,000.00元"),
    (T.WAGES, "hired_on", {"monthly_wage": "8000"}, (None, None), None, ""),  # nothing recorded of it
    (T.CONFIRM_RELATIONSHIP, "position", {"position": "钢筋工"}, (None, None), None, "钢筋工"),
])
def test_what_the_case_records_of_an_element(claim_type, key, elements, period, amount, shown) -> None:  # noqa: ANN001
    assert es.known_value(claim_type, es.element_of(claim_type, key), elements, period, amount) == shown


A, R = ("张三", True), ("鼎盛公司", False)


def stance(who: tuple[str, bool], s: S, note: str = "") -> es.Stance:
    return es.Stance(who[0], who[1], s, note)


SECTIONS = [
    es.Section("劳动报酬", "第1项", (
        es.Row("monthly_wage", "月工资标准及构成", "", "8,000.00元", (stance(A, S.CONFIRMED), stance(R, S.CONFIRMED))),
        es.Row("hired_on", "入职日期", "", "", (stance(A, S.CONFIRMED, "2022年3月1日"),
                                           stance(R, S.CONFIRMED, "2022年3月1日"))),
        es.Row("months", "拖欠月数", "", "3", (stance(A, S.CONFIRMED), stance(R, S.DISPUTED, "拖欠2个月"))),
        es.Row("paid", "已付金额", "", "0.00元", (stance(A, S.CONFIRMED),)),  # one side only: not agreed
        es.Row("evidence", "证据", "", ""),
    )),
    es.Section("加班工资", "第2项", (
        es.Row("hours_system", "工时制度", "", "", (stance(R, S.DISPUTED, "综合计算工时制"),)),
    )),
]


def test_the_findings_start_from_what_both_confirmed_then_name_what_is_disputed() -> None:
    text = es.findings(SECTIONS, parties=2)
    assert text.splitlines() == [
        "双方确认：",
        "关于劳动报酬：月工资标准及构成为8,000.00元；入职日期为2022年3月1日。",
        "双方有争议的要素：",
        "关于劳动报酬的“拖欠月数”（已知情况：3）：申请人张三确认“3”；被申请人鼎盛公司称拖欠2个月。",
        "关于加班工资的“工时制度”：被申请人鼎盛公司称综合计算工时制。",
    ]
    assert es.open_lines(SECTIONS, 2) == ["劳动报酬：已付金额、证据"]
    assert es.summary(SECTIONS[0], 2) == "双方确认 2 项；有争议 1 项（拖欠月数）；尚未确认 2 项"


def test_nothing_recorded_drafts_no_findings() -> None:
    bare = [es.Section(s.title, s.heading, tuple(es.Row(r.key, r.label, r.facts, r.known) for r in s.rows))
            for s in SECTIONS]
    assert es.findings(bare, parties=2) == "" and es.confirmed_lines(bare, 2) == []
    assert not es.agreed(SECTIONS[0].rows[0], parties=0)  # a case without parties agrees on nothing


# the elements that are the claim itself (or a party's own evidence), not a fact the other side
# can admit: on the sheet for the party to state, never in the award's 双方确认 (issue 19 review)
@pytest.mark.parametrize(("claim_type", "key"), [
    (T.WAGES, "amount"), (T.OVERTIME, "amount"), (T.ECONOMIC_COMPENSATION, "amount"),
    (T.DAMAGES, "reinstatement"),  # 劳动合同法第四十八条: the worker's choice, a claim
    (T.SOCIAL_INSURANCE, "request"), (T.WORK_INJURY_BENEFITS, "items"), (T.OTHER, "basis"),
    (T.WAGES, "evidence"),
])
def test_a_claimed_amount_or_the_claim_itself_is_not_a_fact_to_confirm(claim_type: T, key: str) -> None:
    assert not es.element_of(claim_type, key).fact


def test_a_claim_element_confirmed_by_both_is_never_printed_as_agreed() -> None:
    """The respondent 'confirming' the claimed amount would read as the employer admitting the
    claim in 本委查明: it is not counted as agreed, nor printed, nor left as to be asked."""
    amount = es.Row("amount", "请求金额及计算方法", "", "8,000.00元",
                    (stance(A, S.CONFIRMED), stance(R, S.CONFIRMED)), fact=False)
    wage = es.Row("monthly_wage", "月工资标准及构成", "", "8,000.00元", (stance(A, S.CONFIRMED), stance(R, S.CONFIRMED)))
    sections = [es.Section("劳动报酬", "第1项", (wage, amount))]
    assert es.findings(sections, 2) == "双方确认：\n关于劳动报酬：月工资标准及构成为8,000.00元。"
    assert not es.agreed(amount, 2) and es.open_lines(sections, 2) == []
    assert es.summary(sections[0], 2) == "双方确认 1 项；尚未确认 0 项"


# facts of the employment, not of one claim: asked and printed once for the case (issue 19 review)
COMMON_FACTS = ["入职日期", "离职日期", "工作岗位", "月工资标准及构成"]


def test_the_facts_common_to_the_claims_are_one_section_and_no_claim_repeats_them() -> None:
    types = [T.WAGES, T.OVERTIME, T.ECONOMIC_COMPENSATION]
    assert [c.label for c in es.common_sheet(types)] == COMMON_FACTS
    own = [es.label_of(t, e) for t in types for e in es.own_sheet(t)]
    assert not set(own) & set(COMMON_FACTS)
    assert [label for label in own if label != "证据" and label != "请求金额及计算方法"
            and own.count(label) > 1] == []  # nothing asked twice
    assert "计算基数（月工资）" in own and "离职前十二个月平均工资" in own  # each claim's own base stays its own
    assert [c.label for c in es.common_sheet([T.WORK_INJURY_MEDICAL])] == []  # nothing common to ask


@pytest.mark.parametrize("claim_type", list(T))
def test_each_common_fact_reads_an_element_the_claim_type_has(claim_type: T) -> None:
    """A common fact maps to the claim type's own key (the stored stances and calculator values)."""
    for c in es.common_sheet([claim_type]):
        assert es.element_of(claim_type, c.keys[claim_type]) is not None
    assert len(es.own_sheet(claim_type)) + len(es.common_sheet([claim_type])) == len(es.sheet_of(claim_type))


def test_a_common_fact_the_claims_record_differently_shows_each_and_is_not_settled() -> None:
    assert es.common_known([("劳动报酬", "2022年3月1日"), ("经济补偿", "2022年3月1日")]) == ("2022年3月1日", False)
    assert es.common_known([("劳动报酬", ""), ("经济补偿", "2022年3月1日")]) == ("2022年3月1日", False)
    assert es.common_known([("劳动报酬", "2022年3月1日"), ("加班工资", "2022年3月1日"), ("经济补偿", "2023年1月1日")]) == (
        "2022年3月1日（劳动报酬、加班工资）；2023年1月1日（经济补偿）", True)


def test_a_common_fact_confirmed_as_recorded_before_the_claims_came_to_differ_is_asked_again() -> None:
    both = (stance(A, S.CONFIRMED), stance(R, S.CONFIRMED))
    differs = es.Row("hired_on", "入职日期", "", "2022年3月1日（劳动报酬）；2023年1月1日（经济补偿）", both, differs=True)
    said = es.Row("hired_on", "入职日期", "", differs.known, (stance(A, S.CONFIRMED, "2022年3月1日"),
                                                         stance(R, S.CONFIRMED, "2022年3月1日")), differs=True)
    assert es.confirmed_lines([es.Section("基本情况", "", (differs,))], 2) == []
    assert es.open_lines([es.Section("基本情况", "", (differs,))], 2) == ["基本情况：入职日期"]
    assert es.confirmed_lines([es.Section("基本情况", "", (said,))], 2) == ["关于基本情况：入职日期为2022年3月1日。"]
