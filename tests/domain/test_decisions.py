"""The tribunal's decision on a claim item and what an award needs first (LDMAF Art 46: the award
states the result on each claim; Art 35: a hearing; 书面审理 only where this office allows it)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hrss_disputes.domain.decisions import (
    Decided,
    check_decision,
    deciding_refusal,
    hearing_error,
    papers_refusal,
    undecided,
)
from hrss_disputes.models.enums import CaseStatus, ClaimDecision, ClaimType, Procedure

T, D, P = ClaimType, ClaimDecision, Procedure
CLAIMED = Decimal("12000.50")


@pytest.mark.parametrize(("claim_type", "claimed", "decision", "amount", "reason", "expected"), [
    # LDMAF 46: a result on each claim. 支持 awards what was claimed (typed or not)
    (T.WAGES, CLAIMED, "supported", None, "", Decided(D.SUPPORTED, CLAIMED, "")),
    (T.WAGES, CLAIMED, "supported", "12,000.50", "", Decided(D.SUPPORTED, CLAIMED, "")),
    (T.WAGES, CLAIMED, "supported", "9000", "", {"amount": "支持的，裁决金额即请求金额 12,000.50 元；金额不同的请选择部分支持"}),
    (T.OTHER, None, "supported", None, "", Decided(D.SUPPORTED, None, "")),  # no amount claimed
    # 部分支持: an amount above 0, below the claim
    (T.WAGES, CLAIMED, "partial", "8000", "加班时数仅部分有据", Decided(D.PARTIAL, Decimal("8000.00"), "加班时数仅部分有据")),
    (T.WAGES, CLAIMED, "partial", None, "", {"amount": "部分支持的，请填写裁决支付的金额"}),
    (T.WAGES, CLAIMED, "partial", "0", "", {"amount": "部分支持的，裁决金额须大于 0；不支持的请选择驳回"}),
    (T.WAGES, CLAIMED, "partial", "12000.50", "", {"amount": "部分支持的，裁决金额须少于请求金额 12,000.50 元；全部支持的请选择支持"}),
    (T.WAGES, CLAIMED, "partial", "abc", "", {"amount": "金额应为数字，例如 12000.50"}),
    (T.OTHER, None, "partial", "500", "", Decided(D.PARTIAL, Decimal("500.00"), "")),
    # 驳回: with the reason, no amount
    (T.OVERTIME, CLAIMED, "rejected", None, "申请人未能举证", Decided(D.REJECTED, Decimal("0.00"), "申请人未能举证")),
    (T.OVERTIME, CLAIMED, "rejected", None, "  ", {"reason": "驳回的，请填写驳回理由（写入裁决书“本委认为”）"}),
    (T.OVERTIME, CLAIMED, "rejected", "100", "无据", {"amount": "驳回的请求不裁决支付金额，请清空裁决金额"}),
    # 确认劳动关系 is found or not, never paid
    (T.CONFIRM_RELATIONSHIP, None, "supported", None, "", Decided(D.SUPPORTED, None, "")),
    (T.CONFIRM_RELATIONSHIP, None, "partial", "1", "", {"decision": "确认劳动关系只能支持或驳回"}),
    (T.CONFIRM_RELATIONSHIP, None, "rejected", None, "双方系承揽关系", Decided(D.REJECTED, None, "双方系承揽关系")),
    # never a default
    (T.WAGES, CLAIMED, None, None, "", {"decision": "请选择裁决结果：支持、部分支持或驳回"}),
    (T.WAGES, CLAIMED, "dismissed", None, "", {"decision": "请选择裁决结果：支持、部分支持或驳回"}),
])
def test_a_decision_is_checked_as_ldmaf_46_requires(claim_type, claimed, decision, amount, reason, expected) -> None:  # noqa: ANN001
    assert check_decision(claim_type, claimed, decision, amount, reason) == expected


def test_the_undecided_items_are_named_with_their_place() -> None:
    assert undecided([("劳动报酬", "supported"), ("加班工资", None), ("经济补偿", "rejected")]) == [
        "第2项“加班工资”尚未作出裁决：请在请求事项中选择支持、部分支持或驳回"]


@pytest.mark.parametrize(("procedure", "heard", "on_papers", "allowed", "refused"), [
    (P.ORDINARY, True, False, {P.SIMPLIFIED}, None),  # LDMAF 35: heard
    (P.SIMPLIFIED, False, True, {P.SIMPLIFIED}, None),  # on the papers, as this office allows
    (P.SIMPLIFIED, False, False, {P.SIMPLIFIED}, "尚未开庭审理，也未决定书面审理"),
    (P.ORDINARY, False, False, {P.SIMPLIFIED}, "普通程序案件不适用书面审理"),
    (P.ORDINARY, False, True, {P.SIMPLIFIED}, "普通程序案件不适用书面审理"),  # the setting was narrowed since
    (P.ORDINARY, False, True, {P.SIMPLIFIED, P.ORDINARY}, None),  # an office that allows it
])
def test_an_award_follows_a_hearing_or_a_decision_on_the_papers(procedure, heard, on_papers, allowed, refused) -> None:  # noqa: ANN001
    msg = hearing_error(procedure, heard, on_papers, allowed)
    assert (msg is None) if refused is None else (refused in msg and "劳动争议调解仲裁法第三十五条" in msg)


def test_deciding_on_the_papers_is_this_office_s_setting() -> None:
    assert papers_refusal(P.SIMPLIFIED) is None
    why = papers_refusal(P.COLLECTIVE)
    assert "集体争议案件不适用书面审理" in why and "可书面审理的程序：简易处理" in why and "本机构设置" in why


@pytest.mark.parametrize(("status", "refused"), [
    (CaseStatus.ACCEPTED, "第三十一条"),  # LDMAF 31: no tribunal yet
    (CaseStatus.TRIBUNAL_FORMED, None), (CaseStatus.HEARING, None), (CaseStatus.SUSPENDED, None),
    (CaseStatus.AWARDED, "补正"),  # LDMAF 46: the award holds the decisions; an error is corrected by 补正
    (CaseStatus.WITHDRAWN, "不再"),
])
def test_the_tribunal_decides_while_it_hears_the_case_not_after_its_award(status, refused) -> None:  # noqa: ANN001
    why = deciding_refusal(status)
    assert why is None if refused is None else refused in why
