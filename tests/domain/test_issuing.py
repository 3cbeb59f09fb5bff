"""Which papers exist once, how a paper is dated, which issued ones are current (review of issue
18, findings 4 and 5; legal-rules.md §12.2: an error in an award is corrected by 补正; LDMAF Art 35:
the hearing notice tells the parties the date and place, so a moved hearing gets a new one)."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.issuing import ONCE, IssuedFact, current, date_error, once_refusal

TODAY = date(2026, 11, 29)
TIMELINE = [("received", date(2026, 10, 8)), ("accepted", date(2026, 10, 9)), ("hearing_scheduled", date(2026, 10, 14)),
            ("hearing_held", date(2026, 11, 5)), ("hearing_scheduled", date(2026, 11, 6)),
            ("hearing_held", date(2026, 11, 12)), ("awarded", date(2026, 11, 20))]


@pytest.mark.parametrize(("doc_type", "on", "corrects_on", "error"), [
    ("award", date(2026, 11, 30), None, "签发日期不能晚于今天"),
    ("award", date(2026, 11, 19), None, "签发日期不能早于“作出裁决”的日期 2026-11-20"),  # LDMAF 46: after the award
    ("award", date(2026, 11, 20), None, None),
    ("award", date(2026, 11, 21), date(2026, 11, 22), "补正的签发日期不能早于被补正文书的签发日期 2026-11-22"),
    ("hearing_notice", date(2026, 11, 5), None, "签发日期不能早于“确定开庭日期”的日期 2026-11-06"),  # the latest
    ("hearing_notice", date(2026, 11, 6), None, None),
    ("acceptance_notice", date(2026, 10, 7), None, "签发日期不能早于收案日期 2026-10-08"),
    ("tribunal_notice", date(2026, 10, 9), None, None),  # no tribunal recorded: nothing to follow
    ("service_receipt", date(2026, 10, 8), None, None),
    # 要素式 (issue 19 point 4): the 要素表 goes out after acceptance, the 庭审笔录 prints the hearing set
    ("element_sheet", date(2026, 10, 8), None, "签发日期不能早于“受理”的日期 2026-10-09"),
    ("hearing_record", date(2026, 11, 5), None, "签发日期不能早于“确定开庭日期”的日期 2026-11-06"),
    ("hearing_record", date(2026, 11, 6), None, None),
])
def test_a_paper_is_dated_like_a_step(doc_type, on, corrects_on, error) -> None:  # noqa: ANN001
    assert date_error(doc_type, on, today=TODAY, received_on=date(2026, 10, 8), timeline=TIMELINE,
                      corrects_on=corrects_on) == error


@pytest.mark.parametrize(("doc_type", "once"), [
    ("award", True), ("mediation_statement", True), ("acceptance_notice", True), ("decision_withdrawal", True),
    ("hearing_notice", False), ("tribunal_notice", False), ("extension_notice", False), ("service_receipt", False),
])
def test_the_decisions_are_issued_once_the_notices_again(doc_type, once) -> None:  # noqa: ANN001
    assert (doc_type in ONCE) is once
    assert once_refusal(doc_type, "某文书", []) is None
    assert (once_refusal(doc_type, "某文书", [date(2026, 11, 20)]) is not None) is once


D = date(2026, 11, 20)


@pytest.mark.parametrize(("papers", "ids"), [
    ([IssuedFact(1, None, None, D), IssuedFact(2, None, None, D), IssuedFact(3, None, None, D)], [3]),  # moved twice
    ([IssuedFact(1, None, True, D), IssuedFact(2, None, False, D)], [1, 2]),  # a split award: both parts
    ([IssuedFact(1, None, True, D), IssuedFact(2, None, False, D), IssuedFact(3, 2, False, D)], [1, 3]),  # 补正 of one
    ([IssuedFact(1, None, None, D), IssuedFact(2, 1, None, D)], [2]),
    ([IssuedFact(1, None, None, D, "张三"), IssuedFact(2, None, None, D, "某公司"), IssuedFact(3, None, None, D, "张三")],
     [2, 3]),  # a hearing notice to each party: the latest to each
    ([IssuedFact(1, None, True, D), IssuedFact(2, None, False, D), IssuedFact(3, None, True, date(2026, 11, 21))],
     [3]),  # a second award (old data): only the latest issue
])
def test_the_current_papers(papers, ids) -> None:  # noqa: ANN001
    assert current(papers) == ids
