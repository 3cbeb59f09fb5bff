"""Simplified procedure eligibility (Rules2017 Arts 56–57), cases from legal-rules.md §5."""

from __future__ import annotations

from decimal import Decimal

import pytest

from hrss_disputes.domain.simplified import SimplifiedFacts, eligibility


# Rules2017 56–57: any one condition suffices, any exclusion bars it.
@pytest.mark.parametrize(("clear", "agreed", "amount", "average", "excluded", "eligible", "says"), [
    (True, False, "500000", "120000", (), True, "（一）事实清楚"),
    (False, False, "80000", "120000", (), True, "（二）标的额 80,000.00元 不超过"),
    (False, True, "500000", "120000", (), True, "（三）双方当事人同意简易处理"),
    (False, False, "120000.01", "120000", (), False, "第五十六条所列情形均不具备"),
    (True, True, "1000", "120000", ("respondent_missing",), False, "（三）被申请人下落不明"),
    (False, False, "1000", None, (), False, "未录入广东省上年度职工年平均工资"),
    (True, False, "1000", None, (), True, "（一）"),  # the amount test unknown, another condition holds
])
def test_simplified_eligibility(clear, agreed, amount, average, excluded, eligible, says) -> None:  # noqa: ANN001
    result = eligibility(SimplifiedFacts(clear, agreed, Decimal(amount), Decimal(average) if average else None,
                                         excluded=frozenset(excluded)))
    assert result.eligible is eligible and says in result.text
