"""The report's 裁审衔接 figures (services.court_links), on a ledger worked by hand.

Three awards made 2026-11-12, each served on the worker 11-13 and the employer 11-16:
- A, non-final (compensation 36,000 元 over 12 × 1,720): the worker sues 11-19, the employer 11-20
  (one case: 起诉 1), the court amends the first 11-21 (改判 1);
- B, final (wages 12,000.50 元): the employer applies to set it aside 11-18 (申请撤销 1), the
  intermediate court sets it aside 11-20 (撤销 1);
- C, final: the worker applies for enforcement 11-19 (强制执行 1; effective since made, LDMAF 47).
November: 作出裁决 3, 起诉 1, 申请撤销 1, 被撤销 1, 改判或撤销 1, 强制执行 1. October: all 0.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook

from hrss_disputes.documents.kpi_report import render_report
from hrss_disputes.documents.kpi_workbook import render_workbook
from hrss_disputes.domain.kpi import Period
from hrss_disputes.models.enums import Role
from hrss_disputes.services import report
from tests.factories import act, make_user
from tests.pdf import text_of
from tests.services.test_award_life import _parties, awarded_case

EMPLOYER = "肇庆市鼎盛建筑工程有限公司"


def _ledger(ctx, admin) -> None:  # noqa: ANN001
    a = awarded_case(ctx, admin, user="arb_a")
    act(ctx, a, "record_suit", date(2026, 11, 19), party=_parties(ctx, a)["张三"], court="端州区人民法院",
        court_case_number="（2026）粤1202民初501号")
    act(ctx, a, "record_suit", date(2026, 11, 20), party=_parties(ctx, a)[EMPLOYER], court="端州区人民法院",
        court_case_number="（2026）粤1202民初502号")
    act(ctx, a, "record_court_outcome", date(2026, 11, 21), court_case_number="（2026）粤1202民初501号",
        outcome="amended")
    b = awarded_case(ctx, admin, ("wages", "12000.50"), user="arb_b")
    act(ctx, b, "record_set_aside", date(2026, 11, 18), party=_parties(ctx, b)[EMPLOYER], court="肇庆市中级人民法院",
        court_case_number="（2026）粤12民特7号")
    act(ctx, b, "record_set_aside_outcome", date(2026, 11, 20), court_case_number="（2026）粤12民特7号",
        outcome="set_aside")
    c = awarded_case(ctx, admin, ("wages", "12000.50"), user="arb_c")
    act(ctx, c, "apply_enforcement", date(2026, 11, 19), party=_parties(ctx, c)["张三"], court="端州区人民法院",
        court_case_number="（2026）粤1202执100号")


def test_the_months_court_links_figures(ctx, admin) -> None:  # noqa: ANN001
    _ledger(ctx, admin)
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    nov = ctx.call(report.monthly_report, office_id=admin.office_id, period=Period.month(2026, 11),
                   today=date(2026, 12, 5), with_trend=True)
    expected = {"awards": 3, "sued": 1, "set_aside_applied": 1, "set_aside": 1, "changed_by_court": 1, "enforcement": 1}
    assert report.as_json(nov)["court_links"] == expected
    oct_ = ctx.call(report.monthly_report, office_id=admin.office_id, period=Period.month(2026, 10),
                    today=date(2026, 12, 5))
    assert report.as_json(oct_)["court_links"] == dict.fromkeys(expected, 0)

    text = text_of(render_report(nov, report.LISTED_MAX)).replace("\n", "")
    assert "裁审衔接" in text and "终局裁决被裁定撤销" in text
    sheet = load_workbook(io.BytesIO(render_workbook(nov)))["裁审衔接"]
    rows = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(2, 8)}
    assert sheet.cell(1, 1).value == "统计项目（单位）"
    assert rows == {"本期作出裁决（件）": 3, "当事人不服裁决起诉（件）": 1, "用人单位申请撤销终局裁决（件）": 1,
                    "终局裁决被裁定撤销（件）": 1, "法院判决改判或撤销（件）": 1, "申请强制执行（件）": 1}
