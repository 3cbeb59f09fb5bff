"""The three rates counted from cases built by hand, each written out with its dates and outcome.

Office: 肇庆市劳动人事争议仲裁院 (target profile 肇庆市: >75% / >95% / >98%) with a township centre
below it. Period: October 2026, and 2026 up to October.

    A1 arbitration  received 2025-12-20, accepted 2025-12-22, award 2026-01-10   carried over from 2025
    A2 arbitration  received 2026-09-20, accepted 2026-09-21, mediation statement 2026-10-31 (last day)
    A3 arbitration  received 2026-10-09, accepted 2026-10-10, still open
    A4 arbitration  received 2026-10-12, not accepted 2026-10-14                  counts nowhere
    M1 grassroots   received 2026-10-05, agreement 2026-10-15
    M2 pre-filing   received 2026-10-03, no agreement 2026-10-18, converted to arbitration A5 the same day
    A5 arbitration  received 2026-10-18 (from M2), accepted 2026-10-20, still open
    M3 grassroots   at the township centre: received 2026-10-06, agreement 2026-10-08
    no complaints                                                               complaint rate "—"
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain.kpi import NO_RATE, Period
from hrss_disputes.models.enums import OfficeKind, Role
from hrss_disputes.services import cases, kpi, offices
from tests.factories import act, arbitration_input, make_user

OCTOBER = Period.month(2026, 10)


def case(ctx, office_id, received: date, family: str = "arbitration", procedure: str = "ordinary"):  # noqa: ANN001, ANN201
    return ctx.call(cases.create_case, data=arbitration_input(office_id, family=family, procedure=procedure,
                                                              received_on=received))


@pytest.fixture
def built(ctx, admin):  # noqa: ANN001, ANN201
    institute = admin.office_id
    township = ctx.call(offices.create_office, code="ZQ-DZ-HG", name="黄岗街道劳动争议调解中心",
                        kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=institute)
    ctx.actor = make_user(ctx, "lead", Role.SUPERVISOR, institute)  # 领导 may take every action
    a1 = case(ctx, institute, date(2025, 12, 20))
    act(ctx, a1, "accept", date(2025, 12, 22))
    act(ctx, a1, "form_tribunal", date(2025, 12, 24), arbitrators="陈立新")
    act(ctx, a1, "award", date(2026, 1, 10))
    a2 = case(ctx, institute, date(2026, 9, 20))
    act(ctx, a2, "accept", date(2026, 9, 21))
    act(ctx, a2, "mediation_statement", date(2026, 10, 31))
    a3 = case(ctx, institute, date(2026, 10, 9))
    act(ctx, a3, "accept", date(2026, 10, 10))
    a4 = case(ctx, institute, date(2026, 10, 12))
    act(ctx, a4, "not_accept", date(2026, 10, 14), reason="不属于劳动争议")
    m1 = case(ctx, institute, date(2026, 10, 5), "mediation", "grassroots")
    act(ctx, m1, "agreement", date(2026, 10, 15))
    m2 = case(ctx, institute, date(2026, 10, 3), "mediation", "prefiling")
    act(ctx, m2, "no_agreement", date(2026, 10, 18), reason="双方差距较大")
    detail = act(ctx, m2, "refer_to_arbitration", date(2026, 10, 18))
    [a5] = [link.id for link in detail.linked]
    act(ctx, a5, "accept", date(2026, 10, 20))
    m3 = case(ctx, township, date(2026, 10, 6), "mediation", "grassroots")
    act(ctx, m3, "agreement", date(2026, 10, 8))
    return institute, township


def test_october_and_the_year_to_date(ctx, built) -> None:  # noqa: ANN001
    institute, _ = built
    result = ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER)
    assert result.profile == "肇庆市"
    mediation, arbitration, complaint = result.period
    # M1, M3 agreements + A2 statement ÷ M1, M2, M3 closed + A2 closed (A4 not accepted: nowhere)
    assert (mediation.numerator, mediation.denominator, mediation.text, mediation.met) == (3, 4, "75.00%", False)
    assert mediation.target == Decimal("75") and mediation.needed() == 1  # (3+1)/(4+1) = 80%
    # A2 closed on 31 October ÷ (A2 open at 1 October + A3, A5 accepted in October)
    assert (arbitration.numerator, arbitration.denominator, arbitration.text) == (1, 3, "33.33%")
    assert arbitration.needed() == 2  # 3/3 = 100% > 95%
    assert (complaint.numerator, complaint.denominator, complaint.text, complaint.met) == (0, 0, NO_RATE, None)
    mediation, arbitration, _ = result.year_to_date
    # A1 (carried over from 2025, awarded in January) joins both year-to-date figures
    assert (mediation.numerator, mediation.denominator, mediation.text) == (3, 5, "60.00%")
    assert (arbitration.numerator, arbitration.denominator, arbitration.text) == (2, 4, "50.00%")
    assert mediation.period.label == "2026年1—10月累计"


def test_a_sub_office_counts_only_its_own_cases(ctx, built) -> None:  # noqa: ANN001
    _, township = built
    mediation, arbitration, _ = ctx.call(kpi.office_rates, office_id=township, period=OCTOBER).period
    assert (mediation.numerator, mediation.denominator) == (1, 1)  # M3
    assert (arbitration.numerator, arbitration.denominator) == (0, 0)


def test_the_month_before_and_after(ctx, built) -> None:  # noqa: ANN001
    institute, _ = built
    september = ctx.call(kpi.office_rates, office_id=institute, period=Period.month(2026, 9)).period
    assert (september[1].numerator, september[1].denominator) == (0, 1)  # A2 accepted in September, open
    november = ctx.call(kpi.office_rates, office_id=institute, period=Period.month(2026, 11)).period
    assert (november[1].numerator, november[1].denominator) == (0, 2)  # A3 and A5 carried over
    assert november[0].text == NO_RATE  # nothing mediated or closed in November


def test_rates_per_handler(ctx, built, admin) -> None:  # noqa: ANN001
    institute, _ = built
    rows = ctx.call(kpi.person_rates, office_id=institute, period=OCTOBER)
    assert sum(r[1].denominator for _, r in rows) == 3  # the arbitration denominator split by handler


def test_the_report_command_writes_the_json(ctx, built, tmp_path, capsys, cli_login) -> None:  # noqa: ANN001
    import json

    from hrss_disputes.cli import main

    out = tmp_path / "report.json"
    assert main(["report", "--db", str(tmp_path / "test.db"), "--month", "2026-10", "--format", "json",
                 "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    mediation = data["kpis"]["mediation_success"]
    assert mediation["month"] == {"numerator": 3, "denominator": 4, "rate": 75.0, "rate_text": "75.00%",
                                  "target": 75.0, "met": False,
                                  "period": {"from": "2026-10-01", "to": "2026-10-31", "label": "2026年10月"}}
    assert (mediation["year_to_date"]["numerator"], mediation["year_to_date"]["denominator"]) == (3, 5)
    assert data["kpis"]["complaint_closure"]["month"]["rate"] is None
    arbitration = data["counts"]["arbitration"]
    assert (arbitration["carried_over"], arbitration["accepted"], arbitration["closed"]) == (1, 2, 2)
    assert arbitration["closed_by_manner"] == {"mediation_statement": 1, "not_accepted": 1}
    assert data["counts"]["mediation"]["closed_by_manner"] == {"agreement": 2, "referred": 1}
    assert data["target_profile"] == "肇庆市"
    # accepted in October: A3 and A5 (one worker, 12,000.50 claimed each); closed after acceptance:
    # A2 only, 40 days from 21 September to 31 October; no award in October
    assert data["figures"] == {"accepted": 2, "collective": 0, "green_channel": 0, "workers_involved": 2,
                               "amount_claimed": "24001.00", "amount_resolved": "0.00", "causes": {"labour_pay": 2},
                               "final_awards": 0, "average_days_to_close": 40.0}
    capsys.readouterr()
    assert main(["report", "--db", str(tmp_path / "test.db"), "--from", "2026-10-01", "--to", "2026-10-31",
                 "--office", "ZQ-DZ-HG"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"]["mediation_success"]["month"]["numerator"] == 1
    assert main(["report", "--db", str(tmp_path / "test.db"), "--month", "2026-13"]) == 2


def test_an_office_sets_its_own_targets(ctx, built, admin) -> None:  # noqa: ANN001
    from hrss_disputes.services.errors import PermissionDenied, ValidationFailed

    institute, township = built
    with pytest.raises(PermissionDenied):  # the acting user is the supervisor
        ctx.call(kpi.set_office_target, office_id=township, year=2026, mediation_success="80",
                 arbitration_closure="95", complaint_closure="98")
    ctx.actor = admin
    with pytest.raises(ValidationFailed) as e:
        ctx.call(kpi.set_office_target, office_id=township, year=2026, mediation_success="八十",
                 arbitration_closure="100", complaint_closure="98.125")
    assert set(e.value.errors) == {"mediation_success", "arbitration_closure", "complaint_closure"}
    ctx.call(kpi.set_office_target, office_id=township, year=2026, mediation_success="80",
             arbitration_closure="95", complaint_closure="98")
    own = ctx.call(kpi.office_rates, office_id=township, period=OCTOBER)
    assert own.profile == "黄岗街道劳动争议调解中心" and own.period[0].target == Decimal("80")
    assert own.period[0].met is True  # M3: 1 of 1
    assert ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER).profile == "肇庆市"
    before = ctx.call(kpi.office_rates, office_id=township, period=Period.month(2025, 12))
    assert before.profile == "肇庆市"  # from 2026 on only
    assert any(t.office == "黄岗街道劳动争议调解中心" for t in ctx.call(kpi.list_targets))


def test_the_report_pdf(ctx, built, tmp_path, cli_login) -> None:  # noqa: ANN001
    from hrss_disputes.cli import main
    from tests.pdf import embedded_fonts, text_of, unembedded_fonts

    out = tmp_path / "report.pdf"
    assert main(["report", "--db", str(tmp_path / "test.db"), "--month", "2026-10", "--format", "pdf",
                 "--out", str(out)]) == 0
    pdf = out.read_bytes()
    text = text_of(pdf)
    for part in ("劳动人事争议处理及劳动保障监察工作月报", "肇庆市劳动人事争议仲裁院", "2026年10月", "考核目标：肇庆市",
                 "调解成功率", "75.00%", ">75.00%", "未达标", "仲裁结案率", "33.33%", "再结案2件",
                 "2026年1—10月累计" if "2026年1—10月累计" in text else "累计", "近十二个月走势",
                 "案件情况", "仲裁案件", "调解成功2", "制表人", "二〇"):
        assert part in text, part
    assert embedded_fonts(pdf) and not unembedded_fonts(pdf)
    assert main(["report", "--db", str(tmp_path / "test.db"), "--month", "2026-10", "--format", "pdf"]) == 2


def test_the_report_workbook(ctx, built, tmp_path, cli_login) -> None:  # noqa: ANN001
    from openpyxl import load_workbook

    from hrss_disputes.cli import main

    out = tmp_path / "report.xlsx"
    assert main(["report", "--db", str(tmp_path / "test.db"), "--month", "2026-10", "--format", "xlsx",
                 "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["三项指标", "近十二个月", "案件情况", "统计数字", "欠薪投诉举报", "逾期及督办案件"]
    listed = list(wb["逾期及督办案件"].iter_rows(min_row=2, values_only=True))
    assert len(listed) == 2 and {r[5] for r in listed} == {"逾期"}  # A3 and A5: their tribunals not formed in time
    rows = list(wb["三项指标"].iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("调解成功率", "2026年10月", 3, 4, 0.75, 0.75, "未达标", "再调解成功 1 件")
    assert rows[5][:5] == ("监察举报投诉案件结案率", "2026年1—10月累计", 0, 0, "—")
    assert wb["三项指标"]["E4"].number_format == "0.00%"
    months = list(wb["近十二个月"].iter_rows(min_row=2, values_only=True))
    assert len(months) == 12 and months[-1][0] == "2026年10月" and months[-1][1] == 0.75
    counts = {r[0]: r for r in wb["案件情况"].iter_rows(min_row=2, values_only=True)}
    assert counts["仲裁案件"][1:4] == (1, 2, 2)
    # numbers stay numbers, the unit in the item's name (issue 18.14)
    figures = dict(wb["统计数字"].iter_rows(min_row=2, values_only=True))
    assert figures["本期受理（立案）（件）"] == 2 and figures["涉及劳动者（人）"] == 2
    assert figures["请求金额（元）"] == 24001.0 and figures["平均结案天数（受理至结案）（天）"] == 40.0
    assert figures["受理案件的案由：劳动报酬（件）"] == 2
    assert wb["统计数字"]["B6"].number_format == "#,##0.00"  # 请求金额
    complaints = dict(wb["欠薪投诉举报"].iter_rows(min_row=2, values_only=True))
    assert complaints["收到投诉举报（件）"] == 0 and complaints["追发工资及赔偿金（元）"] == 0
    assert complaints["动用应急周转金垫付（件）"] == 0 and complaints["垫付金额（元）"] == 0
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and re.fullmatch(r"[\d,.]+ ?(件|元|人|天|家|人次)", value)), value


def test_every_figure_drills_down_to_its_cases(ctx, built) -> None:  # noqa: ANN001
    from hrss_disputes.services import case_list
    from hrss_disputes.services.case_list import CaseQuery

    institute, _ = built
    result = ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER)
    for rates in (result.period, result.year_to_date):
        for r in rates:
            for part, expected in (("numerator", r.numerator), ("denominator", r.denominator)):
                query = CaseQuery(office_id=institute, figure=(r.kpi.value, part, r.period.start, r.period.end))
                assert ctx.call(case_list.count_cases, query=query) == expected, (r.label, r.period.label, part)
                assert len(ctx.call(case_list.list_cases, query=query)) == expected


def test_every_count_drills_down_to_its_cases(ctx, built) -> None:  # noqa: ANN001
    from hrss_disputes.services import case_list, report
    from hrss_disputes.services.case_list import CaseQuery

    institute, _ = built
    made = ctx.call(report.monthly_report, office_id=institute, period=OCTOBER)
    for f in made.families:
        for part, expected in (("carried", f.carried), ("accepted", f.accepted),
                               ("closed", sum(f.closed_by_manner.values())), ("open_at_end", f.open_at_end),
                               ("overdue", f.overdue)):
            query = CaseQuery(office_id=institute, figure=(f"family:{f.family.value}", part, OCTOBER.start, OCTOBER.end))
            assert ctx.call(case_list.count_cases, query=query) == expected, (f.family, part)


def test_withdrawals_after_settlement_count_as_mediated_when_set(ctx, built, admin) -> None:  # noqa: ANN001
    """A6: arbitration received 2026-10-02, accepted 2026-10-03, withdrawn after settling on 2026-10-25."""
    from hrss_disputes.services import case_list
    from hrss_disputes.services.case_list import CaseQuery

    institute, _ = built
    a6 = case(ctx, institute, date(2026, 10, 2))
    act(ctx, a6, "accept", date(2026, 10, 3))
    act(ctx, a6, "withdraw", date(2026, 10, 25), settled=True)
    mediation = ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER).period[0]
    assert (mediation.numerator, mediation.denominator) == (3, 5)  # the default: not a success
    assert "撤回的不计为调解成功（含和解撤回）" in mediation.options
    ctx.actor = admin
    ctx.call(kpi.set_settled_withdrawals_mediated, value=True)
    mediation = ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER).period[0]
    assert (mediation.numerator, mediation.denominator, mediation.text) == (4, 5, "80.00%")
    assert "和解后撤回的计为调解成功" in mediation.options
    query = CaseQuery(office_id=institute, figure=("mediation_success", "numerator", OCTOBER.start, OCTOBER.end))
    assert ctx.call(case_list.count_cases, query=query) == 4
    [october] = ctx.call(kpi.trend, office_id=institute, period=OCTOBER, months=1)
    assert october[0].numerator == 4
