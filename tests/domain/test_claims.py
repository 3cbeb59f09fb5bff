"""Calculators of legal-rules.md §11, with the worked examples written out: inputs, rule, amount."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain.claims import (
    AwardedItem,
    ElementErrors,
    WageFacts,
    annual_leave_entitlement,
    element_labels,
    n_and_2n_error,
    parse_elements,
    propose,
    service_length,
    storable,
)
from hrss_disputes.domain.finality import AwardFinality, item_finality
from hrss_disputes.models.enums import ClaimType as T

ZQ = WageFacts(minimum_wage=Decimal("1720"), minimum_wage_note="肇庆 2021-12-01 起 1,720元")
ZQ_AVG = WageFacts(minimum_wage=Decimal("1720"), minimum_wage_note="肇庆", average_wage=Decimal("10000"),
                   average_wage_note="肇庆 2025 年 10,000元")


@pytest.mark.parametrize(("start", "end", "n", "text"), [
    (date(2019, 3, 1), date(2024, 8, 31), "6", "5年6个月0天"),  # rest of exactly six months: a full year
    (date(2022, 1, 1), date(2022, 6, 30), "1", "0年6个月0天"),
    (date(2022, 1, 1), date(2022, 6, 29), "0.5", "0年5个月29天"),  # under six months: half a month
    (date(2021, 1, 1), date(2023, 3, 15), "2.5", "2年2个月15天"),
    (date(2020, 1, 1), date(2022, 12, 31), "3", "3年0个月0天"),  # whole years, nothing over
    (date(2024, 5, 10), date(2024, 5, 10), "0.5", "0年0个月1天"),  # one day worked
])
def test_service_length_counts_full_years_and_the_six_month_rule(start, end, n, text) -> None:  # noqa: ANN001
    length = service_length(start, end)
    assert (length.n, length.text) == (Decimal(n), text)


# (claim type, elements, facts, expected amount, rule applied)
CASES = [
    # N: 5 years 6 months → 6 months × 6,000 = 36,000
    (T.ECONOMIC_COMPENSATION, {"start": "2019-03-01", "end": "2024-08-31", "monthly_wage": "6000"}, ZQ_AVG,
     "36000.00", "N = 6"),
    # N with the half month: 2 years 2 months 15 days → 2.5 × 5,000 = 12,500
    (T.ECONOMIC_COMPENSATION, {"start": "2021-01-01", "end": "2023-03-15", "monthly_wage": "5000"}, ZQ_AVG,
     "12500.00", "half month"),
    # below the minimum wage: base raised to 1,720 × 2 years = 3,440
    (T.ECONOMIC_COMPENSATION, {"start": "2022-07-01", "end": "2024-06-30", "monthly_wage": "1500"}, ZQ_AVG,
     "3440.00", "minimum wage floor"),
    # high earner: 40,000 > 3 × 10,000 → base 30,000; 15 years capped at 12 → 360,000
    (T.ECONOMIC_COMPENSATION, {"start": "2008-01-01", "end": "2022-12-31", "monthly_wage": "40000"}, ZQ_AVG,
     "360000.00", "3x and 12-year caps"),
    # high earner with 5 years: only the base is capped → 5 × 30,000 = 150,000
    (T.ECONOMIC_COMPENSATION, {"start": "2018-01-01", "end": "2022-12-31", "monthly_wage": "40000"}, ZQ_AVG,
     "150000.00", "3x cap only"),
    # exactly three times is not above it: no cap, 15 × 30,000 = 450,000
    (T.ECONOMIC_COMPENSATION, {"start": "2008-01-01", "end": "2022-12-31", "monthly_wage": "30000"}, ZQ_AVG,
     "450000.00", "at the line"),
    # 2N: twice the Art 47 standard, 6 × 6,000 × 2 = 72,000
    (T.DAMAGES, {"start": "2019-03-01", "end": "2024-08-31", "monthly_wage": "6000"}, ZQ_AVG, "72000.00", "2N"),
    # 2N of a high earner: 12 × 30,000 × 2 = 720,000
    (T.DAMAGES, {"start": "2008-01-01", "end": "2022-12-31", "monthly_wage": "40000"}, ZQ_AVG, "720000.00",
     "2N capped"),
    # overtime: 4,350 → day 200, hour 25; 10 h × 25 × 150% = 375; 2 rest days × 200 × 200% = 800;
    # 1 holiday × 200 × 300% = 600; total 1,775 − paid 175 = 1,600
    (T.OVERTIME, {"monthly_wage": "4350", "weekday_hours": "10", "rest_days": "2", "holiday_days": "1",
                  "paid": "175"}, ZQ, "1600.00", "150/200/300%"),
    # overtime rounding: 5,000 ÷ 21.75 ÷ 8 × 150% × 3 h = 129.3103… → 129.31
    (T.OVERTIME, {"monthly_wage": "5000", "weekday_hours": "3"}, ZQ, "129.31", "rounded at the end"),
    # wages: 5,000 × 3 months − 2,000 paid = 13,000
    (T.WAGES, {"monthly_wage": "5000", "months": "3", "paid": "2000"}, ZQ, "13000.00", "wages"),
    # half up, not to even: 1,000.25 × 0.5 = 500.125 → 500.13
    (T.WAGES, {"monthly_wage": "1000.25", "months": "0.5"}, ZQ, "500.13", "half up"),
    # paid more than due: nothing owed
    (T.WAGES, {"monthly_wage": "3000", "months": "1", "paid": "3500"}, ZQ, "0.00", "not negative"),
    # double wages, no contract: 2025-04-01 … 2026-02-28 (the day before the first anniversary) = 11 months
    (T.DOUBLE_WAGES, {"hired_on": "2025-03-01", "until": "2026-06-30", "monthly_wage": "5000"}, ZQ,
     "55000.00", "11-month cap"),
    # contract signed 2025-06-16: 2025-04-01 … 2025-06-15 = 2 months + 15/30 = 2.5 × 6,000 = 15,000
    (T.DOUBLE_WAGES, {"hired_on": "2025-03-01", "contract_signed_on": "2025-06-16", "until": "2025-12-31",
                      "monthly_wage": "6000"}, ZQ, "15000.00", "pro-rated by days"),
    # signed within the first month: no double wages
    (T.DOUBLE_WAGES, {"hired_on": "2025-03-01", "contract_signed_on": "2025-03-20", "until": "2025-12-31",
                      "monthly_wage": "6000"}, ZQ, "0.00", "within a month"),
    # annual leave, whole year: 12 years → 10 days − 3 taken = 7 × 200 × 200% = 2,800
    (T.ANNUAL_LEAVE, {"service_years": "12", "hired_on": "2010-03-01", "monthly_wage": "4350", "until": "2025-12-31",
                      "days_taken": "3"}, ZQ, "2800.00", "extra 200%"),
    # leaving on 2025-06-30: 181 ÷ 365 × 10 − 1 = 3.96 → 3 days (fractions dropped) × 400 = 1,200
    (T.ANNUAL_LEAVE, {"service_years": "12", "hired_on": "2018-05-01", "monthly_wage": "4350", "until": "2025-06-30",
                      "days_taken": "1"}, ZQ, "1200.00", "pro-rated, fraction dropped"),
    # notice pay: one month at the previous month's wage
    (T.NOTICE_PAY, {"last_month_wage": "5200"}, ZQ, "5200.00", "one month"),
    # medical costs: receipts − reimbursed
    (T.WORK_INJURY_MEDICAL, {"receipts": "8000.50", "reimbursed": "3000"}, ZQ, "5000.50", "receipts"),
]


@pytest.mark.parametrize(("claim_type", "elements", "facts", "amount", "_rule"), CASES,
                         ids=[c[4] for c in CASES])
def test_calculators_worked_examples(claim_type, elements, facts, amount, _rule) -> None:  # noqa: ANN001
    proposal = propose(claim_type, elements, facts)
    assert proposal is not None and proposal.amount == Decimal(amount)
    assert proposal.lines and proposal.rule


def test_explanations_and_warnings_say_what_was_applied() -> None:
    capped = propose(T.ECONOMIC_COMPENSATION, {"start": "2008-01-01", "end": "2022-12-31",
                                               "monthly_wage": "40000"}, ZQ_AVG)
    assert any("年限最高十二年：15 → 12 个月" in line for line in capped.lines)
    no_average = propose(T.ECONOMIC_COMPENSATION, {"start": "2019-03-01", "end": "2024-08-31",
                                                   "monthly_wage": "40000"}, ZQ)
    assert no_average.amount == Decimal("240000.00")  # uncapped, and it says why
    assert any("未核对三倍封顶" in w for w in no_average.warnings)
    before_2008 = propose(T.DAMAGES, {"start": "2006-05-01", "end": "2010-04-30", "monthly_wage": "3000"}, ZQ_AVG)
    assert any("2008年1月1日前" in w for w in before_2008.warnings)
    low = propose(T.WAGES, {"monthly_wage": "1500", "months": "1"}, ZQ)
    assert any("低于当地最低工资标准" in w for w in low.warnings)
    past_year = propose(T.DOUBLE_WAGES, {"hired_on": "2025-03-01", "until": "2026-06-30",
                                         "monthly_wage": "5000"}, ZQ)
    assert any("视为已订立无固定期限劳动合同" in w for w in past_year.warnings)
    assert propose(T.CONFIRM_RELATIONSHIP, {}, ZQ) is None  # no amount to calculate


@pytest.mark.parametrize(("years", "days"), [(0, 0), (1, 5), (9, 5), (10, 10), (19, 10), (20, 15), (35, 15)])
def test_annual_leave_entitlement_by_cumulative_service(years: int, days: int) -> None:
    assert annual_leave_entitlement(years) == days


# 企业职工带薪年休假实施办法第五条 (a joiner: this year's leave from the remaining calendar days
# at this employer, ÷ 365, fractions dropped) and 第十二条 (on leaving: days already at this
# employer this year ÷ 365 × entitlement − leave taken, fractions dropped). 12 years' cumulative
# service → 10 days a year; daily wage 4,350 ÷ 21.75 = 200, paid at a further 200% = 400 a day.
@pytest.mark.parametrize(("hired_on", "until", "taken", "amount", "worked"), [
    # Art 5: joined 2025-07-01, still employed at year end: 184 ÷ 365 × 10 = 5.04 → 5 days
    ("2025-07-01", "2025-12-31", "0", "2000.00", "184 ÷ 365"),
    # Art 5: the same joiner took 2 days: 5 − 2 = 3 days
    ("2025-07-01", "2025-12-31", "2", "1200.00", "184 ÷ 365"),
    # Art 12: joined 2025-03-01, left 2025-09-30: 214 ÷ 365 × 10 − 1 = 4.86 → 4 days (not 273 days from 1 January)
    ("2025-03-01", "2025-09-30", "1", "1600.00", "214 ÷ 365"),
    # Art 12: joined 2025-10-15, left 2025-11-30: 47 ÷ 365 × 10 = 1.29 → 1 day
    ("2025-10-15", "2025-11-30", "0", "400.00", "47 ÷ 365"),
    # joined in an earlier year: the whole year counts, as before (181 days to 2025-06-30)
    ("2018-05-01", "2025-06-30", "1", "1200.00", "181 ÷ 365"),
    # joined on 1 January and stayed: the whole year's 10 days
    ("2025-01-01", "2025-12-31", "0", "4000.00", None),
])
def test_annual_leave_is_pro_rated_from_the_joining_date_art_5_and_12(hired_on, until, taken, amount,  # noqa: ANN001
                                                                       worked) -> None:  # noqa: ANN001
    proposal = propose(T.ANNUAL_LEAVE, {"service_years": "12", "hired_on": hired_on, "monthly_wage": "4350",
                                        "until": until, "days_taken": taken}, ZQ)
    assert proposal is not None and proposal.amount == Decimal(amount), proposal.lines
    if worked:
        assert any(worked in line for line in proposal.lines), proposal.lines
    assert "第五条" in proposal.rule and "第十二条" in proposal.rule


@pytest.mark.parametrize(("claim_type", "elements", "field", "message"), [
    (T.WAGES, {"months": "2"}, "monthly_wage", "请填写约定月工资（元）"),
    (T.WAGES, {"monthly_wage": "-5", "months": "2"}, "monthly_wage", "约定月工资（元）不能为负数"),
    (T.WAGES, {"monthly_wage": "5000.123", "months": "2"}, "monthly_wage", "约定月工资（元）最多两位小数"),
    (T.WAGES, {"monthly_wage": "五千", "months": "2"}, "monthly_wage", "约定月工资（元）应为数字"),
    (T.ANNUAL_LEAVE, {"service_years": "2.5", "hired_on": "2020-01-01", "monthly_wage": "4000", "until": "2025-12-31"},
     "service_years", "累计工作年限（年）应为整数"),
    (T.ANNUAL_LEAVE, {"service_years": "3", "monthly_wage": "4000", "until": "2025-12-31"}, "hired_on",
     "请填写本单位入职日期"),
    (T.ANNUAL_LEAVE, {"service_years": "3", "hired_on": "2025-09-01", "monthly_wage": "4000", "until": "2025-06-30"},
     "hired_on", "本单位入职日期不能晚于计算截止日期"),
    (T.ECONOMIC_COMPENSATION, {"start": "2025-13-01", "end": "2025-12-01", "monthly_wage": "1"}, "start",
     "入职日期应为日期，例如 2025-03-01"),
    (T.ECONOMIC_COMPENSATION, {"start": "2025-06-01", "end": "2025-01-01", "monthly_wage": "1"}, "end",
     "离职日期不能早于入职日期"),
    # types without a formula have elements too, checked the same way
    (T.CONFIRM_RELATIONSHIP, {"start": "2025-06-01"}, "position", "请填写工作岗位"),
    (T.WORK_INJURY_BENEFITS, {"recognised_on": "2025-06-01", "grade": "十一级"}, "grade", "伤残等级请从列表中选择"),
    (T.OTHER, {"request": "恢复劳动关系" * 100}, "request", "请求内容过长（最多500字）"),
])
def test_bad_elements_are_named_in_chinese(claim_type, elements, field, message) -> None:  # noqa: ANN001
    with pytest.raises(ElementErrors) as e:
        parse_elements(claim_type, elements)  # each field on its own
        propose(claim_type, elements, ZQ)  # the calculator's checks across fields
    assert e.value.errors[field] == message


# Zhaoqing's minimum wage 1,720 → the final-award line is 12 × 1,720 = 20,640 per item.
@pytest.mark.parametrize(("claim_type", "amount", "final"), [
    (T.WAGES, "20640.00", True),  # at the line: final
    (T.WAGES, "20640.01", False),  # a cent over: not
    (T.OVERTIME, "5000", True),  # overtime is 劳动报酬
    (T.ECONOMIC_COMPENSATION, "12000", True),
    (T.DAMAGES, "30000", False),
    (T.DOUBLE_WAGES, "0", True),  # a dismissed claim of these types is final too
    (T.SOCIAL_INSURANCE, "100000", True),  # labour standards: final whatever the amount
    (T.CONFIRM_RELATIONSHIP, None, False),
    (T.NOTICE_PAY, "5000", False),  # not among Art 47(一)'s families by default
])
def test_final_or_non_final_per_item(claim_type, amount, final) -> None:  # noqa: ANN001
    result = item_finality(claim_type, Decimal(amount) if amount else None, Decimal("1720"))
    assert result.final is final, result.reason


def test_the_award_is_final_only_when_every_item_is() -> None:
    final = item_finality(T.WAGES, Decimal("8000"), Decimal("1720"))
    big = item_finality(T.DAMAGES, Decimal("60000"), Decimal("1720"))
    assert AwardFinality((final, final)).final is True
    mixed = AwardFinality((final, big))
    assert mixed.final is False and mixed.mixed and "分别制作" in mixed.summary
    unknown = item_finality(T.WAGES, Decimal("8000"), None)
    assert unknown.final is None and AwardFinality((final, unknown)).final is None
    assert "未录入当地月最低工资标准" in AwardFinality((unknown,)).summary



def test_types_without_a_formula_keep_their_elements_and_propose_nothing() -> None:
    elements = {"start": "2024-03-01", "position": "钢筋工，负责二号楼，每天考勤", "contract": "未订立",
                "evidence": "工牌、工作群聊天记录"}
    values = parse_elements(T.CONFIRM_RELATIONSHIP, elements)
    assert values == {"start": date(2024, 3, 1), "position": "钢筋工，负责二号楼，每天考勤", "contract": "未订立",
                      "evidence": "工牌、工作群聊天记录"}  # commas in words are kept
    assert propose(T.CONFIRM_RELATIONSHIP, elements, ZQ) is None
    assert element_labels(T.CONFIRM_RELATIONSHIP, storable(values))[:2] == [
        ("用工起始日期", "2024-03-01"), ("工作岗位", "钢筋工，负责二号楼，每天考勤")]


# 劳动合同法实施条例第二十五条 (legal-rules.md §11.4): an employer that pays 赔偿金 (2N, LCL Art 87) for
# an unlawful termination pays no 经济补偿 (N) for it: both awarded on one case are refused unless
# the tribunal records that they concern different terminations.
N, D2 = T.ECONOMIC_COMPENSATION, T.DAMAGES


@pytest.mark.parametrize(("items", "refused"), [
    ([(N, "12000", False), (D2, "24000", False)], True),  # the same termination: one or the other
    ([(N, "12000", False), (D2, "24000", True)], False),  # the tribunal found two terminations
    ([(N, "12000", True), (D2, "24000", False)], False),
    ([(N, "12000", False), (D2, "0", False)], False),  # 2N dismissed: N alone
    ([(N, "12000", False), (D2, None, False)], False),  # 2N not decided yet
    ([(N, None, False), (D2, "24000", False)], False),
    ([(N, "12000", False), (N, "3000", False)], False),  # two N items are not N and 2N
    ([(T.WAGES, "5000", False), (D2, "24000", False)], False),
    ([(N, "12000", False), (D2, "24000", True), (D2, "6000", False)], True),  # the unflagged 2N still clashes
])
def test_n_and_2n_for_the_same_termination_exclude_each_other_regs_art_25(items, refused) -> None:  # noqa: ANN001
    msg = n_and_2n_error([AwardedItem(t, Decimal(a) if a else None, sep) for t, a, sep in items])
    assert (msg is not None) is refused
    if refused:
        assert "劳动合同法实施条例第二十五条" in msg and "不同的解除或终止" in msg
