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

The ledger (fixture ``ledger``) adds to these, for issue 18.12, an inspection unit below the institute:

    C1 complaint    received 2026-09-25, filed 2026-09-28, referred to arbitration 2026-10-12 (after 立案)
    C2 complaint    received 2026-10-08, filed 2026-10-09, closed 2026-10-26
    C3 complaint    received 2026-10-20, not accepted 2026-10-22
    C4 complaint    received 2026-10-27, filed 2026-10-28, still open
    L1 arbitration  received 2026-10-12 (from C1), not yet accepted                 in no column
    R1 review       arbitral review of M1's agreement: received 2026-10-16, accepted 2026-10-19,
                    调解书 2026-10-22                                             not a second success
    M4 pre-filing   received 2026-10-26, mediation begun 2026-10-27, still mediating

A mediation case is taken in (受理) when it is accepted, or, without an acceptance (pre-filing
mediation has none), when mediation begins or first gives an outcome: M1 on 10-15, M2 on 10-18,
M3 on 10-08, M4 on 10-27. Closings of cases never taken in (不予受理, withdrawn before acceptance)
are counted apart, so each row balances: 上期未结 + 本期受理 − 本期结案 = 期末未结.

    October 2026     上期未结  本期受理            本期结案                     期末未结  不予受理
    仲裁案件          1 (A2)   3 (A3 A5 R1)        2 (A2 R1: 仲裁调解书 2)       2 (A3 A5)  1 (A4)
    调解案件          0        4 (M1 M2 M3 M4)     3 (M1 M3 调解成功, M2 转仲裁)  1 (M4)     0
    投诉案件          1 (C1)   2 (C2 C4)           2 (C1 移送, C2 结案)          1 (C4)     1 (C3)

    调解成功率   (M1 M3 A2) ÷ (M1 M2 M3 A2) = 3/4 = 75.00%   R1 in neither (M1 was the success)
    仲裁结案率   (A2 R1) ÷ (A2 + A3 A5 R1) = 2/4 = 50.00%
    投诉结案率   (C1 C2) ÷ (C1 + C2 C4) = 2/3 = 66.67%     a referral after 立案 ends the complaint
    year to date: 调解 3/5 (A1 joins the denominator), 仲裁 (A1 A2 R1) ÷ (A1 + A2 A3 A5 R1) = 3/5,
                  投诉 2/3 (nothing open on 1 January)

Overdue (逾期) is counted at the report's date: M4's 15 days from receipt end 2026-11-10, so
October's report made on 2026-11-05 has M4 in time, made on 2026-11-21 overdue.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from hrss_disputes.domain.kpi import NO_RATE, TARGET_NOTE, Period
from hrss_disputes.models.enums import OfficeKind, Role
from hrss_disputes.services import cases, kpi, offices
from tests.factories import act, arbitration_input, award_amounts, make_user
from tests.services.test_complaints import site_complaint

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
    act(ctx, a1, "hold_hearing", date(2026, 1, 8))
    award_amounts(ctx, a1, ["12000.50"])  # the tribunal's decision on the claim, then the award
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


@pytest.fixture
def ledger(ctx, built, admin):  # noqa: ANN001, ANN201
    """``built`` with C1–C4, L1, R1 and M4 of the module's docstring."""
    from hrss_disputes.services import complaints

    institute, township = built
    lead, ctx.actor = ctx.actor, admin
    unit = ctx.call(offices.create_office, code="ZQ-JC", name="肇庆市劳动保障监察支队", kind=OfficeKind.INSPECTION,
                    parent_id=institute)
    ctx.actor = make_user(ctx, "zhou", Role.INSPECTOR, unit)

    def complaint(received: date):  # noqa: ANN202
        return ctx.call(complaints.register_complaint, data=site_complaint(unit, workers=2, received_on=received),
                        today=date(2026, 11, 21))

    c1 = complaint(date(2026, 9, 25))
    act(ctx, c1, "file", date(2026, 9, 28))
    act(ctx, c1, "refer", date(2026, 10, 12), to="arbitration", reason="属劳动争议")
    c2 = complaint(date(2026, 10, 8))
    act(ctx, c2, "file", date(2026, 10, 9))
    act(ctx, c2, "close", date(2026, 10, 26), reason="已支付")
    c3 = complaint(date(2026, 10, 20))
    act(ctx, c3, "not_accept", date(2026, 10, 22), reason="超过两年")
    c4 = complaint(date(2026, 10, 27))
    act(ctx, c4, "file", date(2026, 10, 28))
    ctx.actor = lead
    r1 = case(ctx, institute, date(2026, 10, 16), procedure="arbitral_review")
    act(ctx, r1, "accept", date(2026, 10, 19))
    act(ctx, r1, "mediation_statement", date(2026, 10, 22))
    m4 = case(ctx, institute, date(2026, 10, 26), "mediation", "prefiling")
    act(ctx, m4, "start_mediation", date(2026, 10, 27))
    return institute, township, unit


def test_the_counts_table_balances(ctx, ledger) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import CaseFamily, CaseStatus
    from hrss_disputes.services import report

    institute, _, _ = ledger
    made = ctx.call(report.monthly_report, office_id=institute, period=OCTOBER, today=date(2026, 11, 21))
    table = {f.family: (f.carried, f.accepted, f.closed, f.open_at_end, f.not_taken_in) for f in made.families}
    assert table == {CaseFamily.ARBITRATION: (1, 3, 2, 2, 1), CaseFamily.MEDIATION: (0, 4, 3, 1, 0),
                     CaseFamily.COMPLAINT: (1, 2, 2, 1, 1)}
    for f in made.families:
        assert f.carried + f.accepted - f.closed == f.open_at_end, f.family
    by_family = {f.family: f for f in made.families}
    assert by_family[CaseFamily.ARBITRATION].closed_by_manner == {CaseStatus.MEDIATION_STATEMENT: 2}
    assert by_family[CaseFamily.ARBITRATION].not_taken_in_by_manner == {CaseStatus.NOT_ACCEPTED: 1}
    assert by_family[CaseFamily.COMPLAINT].closed_by_manner == {CaseStatus.REFERRED: 1, CaseStatus.CLOSED: 1}
    # November starts where October ended
    november = ctx.call(report.monthly_report, office_id=institute, period=Period.month(2026, 11),
                        today=date(2026, 11, 21))
    assert {f.family: f.carried for f in november.families} == {f.family: f.open_at_end for f in made.families}
    data = report.as_json(made)["counts"]
    assert data["arbitration"]["closed"] == 2 and data["arbitration"]["not_accepted"] == 1
    assert data["mediation"]["accepted"] == 4 and data["complaint"]["not_accepted_by_manner"] == {"not_accepted": 1}


def test_a_referral_after_filing_is_not_a_second_acceptance(ctx, ledger) -> None:  # noqa: ANN001
    """The complaint figures' 受理 counts 立案 and referrals of complaints never filed: C1, filed in
    September and referred in October, is not taken in again."""
    from hrss_disputes.services import report

    _, _, unit = ledger
    october = ctx.call(report.monthly_report, office_id=unit, period=OCTOBER, today=date(2026, 11, 21)).complaints
    assert (october.received, october.filed, october.accepted) == (3, 2, 2)  # C2 C3 C4; C2 C4; C2 C4


def test_the_rates_of_the_ledger(ctx, ledger) -> None:  # noqa: ANN001
    from hrss_disputes.services import report

    institute, _, _ = ledger
    result = ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER)
    mediation, arbitration, complaint = result.period
    assert (mediation.numerator, mediation.denominator) == (3, 4)  # R1's 调解书 is M1's success, counted once
    assert (arbitration.numerator, arbitration.denominator) == (2, 4)
    assert (complaint.numerator, complaint.denominator) == (2, 3)  # C1's referral after 立案 ends it
    assert [(r.numerator, r.denominator) for r in result.year_to_date] == [(3, 5), (3, 5), (2, 3)]
    # a closure rate's denominator is its numerator and the cases still open at the end
    made = ctx.call(report.monthly_report, office_id=institute, period=OCTOBER, today=date(2026, 11, 21))
    open_at_end = {f.family.value: f.open_at_end for f in made.families}
    assert arbitration.numerator + open_at_end["arbitration"] == arbitration.denominator
    assert complaint.numerator + open_at_end["complaint"] == complaint.denominator
    [october] = ctx.call(kpi.trend, office_id=institute, period=OCTOBER, months=1)
    assert [(r.numerator, r.denominator) for r in october] == [(3, 4), (2, 4), (2, 3)]


def test_overdue_is_counted_at_the_reports_date(ctx, ledger) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import CaseFamily
    from hrss_disputes.services import case_list, report
    from hrss_disputes.services.case_list import CaseQuery

    institute, _, _ = ledger
    early, late = (ctx.call(report.monthly_report, office_id=institute, period=OCTOBER, today=date(2026, 11, d),
                            with_trend=True) for d in (5, 21))
    mediation = {r.made_on: next(f for f in r.families if f.family is CaseFamily.MEDIATION) for r in (early, late)}
    assert (mediation[early.made_on].overdue, mediation[late.made_on].overdue) == (0, 1)  # M4, due 2026-11-10
    assert any("逾期" in c.why for c in late.listed if c.due == date(2026, 11, 10))
    assert not any(c.due == date(2026, 11, 10) for c in early.listed)
    query = CaseQuery(office_id=institute, figure=("family:mediation", "overdue", OCTOBER.start, OCTOBER.end,
                                                   date(2026, 11, 21)))
    assert ctx.call(case_list.count_cases, query=query) == 1


def test_a_period_in_the_future_is_refused_and_an_unfinished_one_labelled(ctx, ledger) -> None:  # noqa: ANN001
    from hrss_disputes.services import report
    from hrss_disputes.services.errors import ValidationFailed

    institute, _, _ = ledger
    with pytest.raises(ValidationFailed, match="尚未开始"):
        ctx.call(report.monthly_report, office_id=institute, period=Period.month(2026, 12), today=date(2026, 11, 21))
    running = ctx.call(report.monthly_report, office_id=institute, period=Period.month(2026, 11),
                       today=date(2026, 11, 21))
    assert running.period_note == "本期尚未结束，数字截至制表日（2026年11月21日）"
    assert report.as_json(running)["period"]["ended"] is False
    done = ctx.call(report.monthly_report, office_id=institute, period=OCTOBER, today=date(2026, 11, 21))
    assert done.period_note == "" and report.as_json(done)["period"]["ended"] is True


def test_october_and_the_year_to_date(ctx, built) -> None:  # noqa: ANN001
    institute, _ = built
    result = ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER)
    assert result.profile == "肇庆市"
    mediation, arbitration, complaint = result.period
    # M1, M3 agreements + A2 statement ÷ M1, M2, M3 closed + A2 closed (A4 not accepted: nowhere)
    assert (mediation.numerator, mediation.denominator, mediation.text, mediation.met) == (3, 4, "75.00%", None)
    assert mediation.annual_target == Decimal("75") and mediation.target is None  # a month is not judged
    # A2 closed on 31 October ÷ (A2 open at 1 October + A3, A5 accepted in October)
    assert (arbitration.numerator, arbitration.denominator, arbitration.text) == (1, 3, "33.33%")
    assert arbitration.needed() is None
    assert (complaint.numerator, complaint.denominator, complaint.text, complaint.met) == (0, 0, NO_RATE, None)
    mediation, arbitration, _ = result.year_to_date
    # A1 (carried over from 2025, awarded in January) joins both year-to-date figures
    assert (mediation.numerator, mediation.denominator, mediation.text, mediation.met) == (3, 5, "60.00%", False)
    assert mediation.target == Decimal("75") and mediation.needed() == 4  # (3+4)/(5+4) = 77.78%
    assert (arbitration.numerator, arbitration.denominator, arbitration.text) == (2, 4, "50.00%")
    assert arbitration.needed() == 2  # 4/4 = 100% > 95%
    assert mediation.period.label == "2026年1—10月累计"


def test_each_rate_is_judged_against_the_target_of_its_period(ctx, built) -> None:  # noqa: ANN001
    """Issue 18.13: the profile's targets are annual. The year to date (a period from 1 January) is
    judged against them; a month, a quarter or a range from another day is shown beside them."""
    from hrss_disputes.services import report

    institute, _ = built
    result = ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER)
    for month, ytd in zip(result.period, result.year_to_date, strict=True):
        assert month.target is None and month.met is None and month.needed_text == ""
        assert month.annual_target == ytd.target == ytd.annual_target
    assert [r.met for r in result.year_to_date] == [False, False, None]  # 60% ≤ 75%, 50% ≤ 95%, "—"
    assert result.year_to_date[1].needed_text == "再结案 2 件"  # (2 + 2) / 4 = 100% > 95%
    january = ctx.call(kpi.office_rates, office_id=institute, period=Period.month(2026, 1)).period
    assert january[1].target == Decimal("95")  # January is the year to date
    assert ctx.call(kpi.office_rates, office_id=institute, period=Period.quarter(2026, 3)).period[1].target is None
    since_january = Period(date(2026, 1, 1), date(2026, 9, 30), "2026-01-01至2026-09-30")
    assert ctx.call(kpi.office_rates, office_id=institute, period=since_january).period[1].target == Decimal("95")
    data = report.as_json(ctx.call(report.monthly_report, office_id=institute, period=OCTOBER,
                                   today=date(2026, 11, 21)))["kpis"]["arbitration_closure"]
    assert (data["month"]["target"], data["month"]["annual_target"], data["month"]["met"]) == (None, 95.0, None)
    assert data["month"]["target_basis"] == "不考核（年度目标>95.00%按累计考核）"
    assert (data["year_to_date"]["target"], data["year_to_date"]["met"]) == (95.0, False)
    [october] = ctx.call(kpi.trend, office_id=institute, period=OCTOBER, months=1)
    assert october[1].met is None and october[1].annual_target == Decimal("95")


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


def test_the_report_command_writes_the_json(ctx, built, db_target, tmp_path, capsys, cli_login) -> None:  # noqa: ANN001
    import json

    from hrss_disputes.cli import main

    out = tmp_path / "report.json"
    assert main(["report", "--db", db_target, "--month", "2026-10", "--format", "json",
                 "--out", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    mediation = data["kpis"]["mediation_success"]
    assert mediation["month"] == {"numerator": 3, "denominator": 4, "rate": 75.0, "rate_text": "75.00%",
                                  "target": None, "met": None, "annual_target": 75.0,
                                  "target_basis": "不考核（年度目标>75.00%按累计考核）",
                                  "period": {"from": "2026-10-01", "to": "2026-10-31", "label": "2026年10月"}}
    assert (mediation["year_to_date"]["target"], mediation["year_to_date"]["met"]) == (75.0, False)
    assert (mediation["year_to_date"]["numerator"], mediation["year_to_date"]["denominator"]) == (3, 5)
    assert data["kpis"]["complaint_closure"]["month"]["rate"] is None
    arbitration = data["counts"]["arbitration"]
    assert (arbitration["carried_over"], arbitration["accepted"], arbitration["closed"]) == (1, 2, 1)
    assert arbitration["closed_by_manner"] == {"mediation_statement": 1}  # A4 was never taken in:
    assert (arbitration["not_accepted"], arbitration["not_accepted_by_manner"]) == (1, {"not_accepted": 1})
    assert arbitration["open_at_end"] == 2  # 1 + 2 − 1
    assert data["counts"]["mediation"]["closed_by_manner"] == {"agreement": 2, "referred": 1}
    assert (data["counts"]["mediation"]["accepted"], data["counts"]["mediation"]["open_at_end"]) == (3, 0)
    assert data["target_profile"] == "肇庆市"
    # taken in during October: A3, A5, M1, M2, M3 (one worker, 12,000.50 claimed each); closed
    # after a recorded 受理: A2 only, 40 days from 21 September to 31 October; no award in October
    assert data["figures"] == {"accepted": 5, "collective": 0, "green_channel": 0, "workers_involved": 5,
                               "amount_claimed": "60002.50", "amount_resolved": "0.00", "causes": {"labour_pay": 5},
                               "final_awards": 0, "average_days_to_close": 40.0}
    capsys.readouterr()
    assert main(["report", "--db", db_target, "--from", "2026-10-01", "--to", "2026-10-31",
                 "--office", "ZQ-DZ-HG"]) == 0
    assert json.loads(capsys.readouterr().out)["kpis"]["mediation_success"]["month"]["numerator"] == 1
    assert main(["report", "--db", db_target, "--month", "2026-13"]) == 2


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
    assert own.profile == "黄岗街道劳动争议调解中心" and own.year_to_date[0].target == Decimal("80")
    assert own.year_to_date[0].met is True  # M3: 1 of 1
    assert ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER).profile == "肇庆市"
    before = ctx.call(kpi.office_rates, office_id=township, period=Period.month(2025, 12))
    assert before.profile == "肇庆市"  # from 2026 on only
    assert any(t.office == "黄岗街道劳动争议调解中心" for t in ctx.call(kpi.list_targets))


def test_the_report_pdf(ctx, built, db_target, tmp_path, cli_login) -> None:  # noqa: ANN001
    from hrss_disputes.cli import main
    from tests.pdf import embedded_fonts, text_of, unembedded_fonts

    out = tmp_path / "report.pdf"
    assert main(["report", "--db", db_target, "--month", "2026-10", "--format", "pdf",
                 "--out", str(out)]) == 0
    pdf = out.read_bytes()
    text = text_of(pdf)
    for part in ("劳动人事争议处理及劳动保障监察工作月报", "肇庆市劳动人事争议仲裁院", "2026年10月", "考核目标：肇庆市",
                 "调解成功率", "75.00%", ">75.00%", "未达标", "仲裁结案率", "33.33%", "再结案2件",
                 "2026年1—10月累计" if "2026年1—10月累计" in text else "累计", "近十二个月走势",
                 "案件情况", "仲裁案件", "调解成功2", "制表人", "二〇", "不予受理等", "上期未结＋本期受理－本期结案＝期末未结",
                 "不考核", "考核目标为年度目标"):
        assert part in text, part
    assert embedded_fonts(pdf) and not unembedded_fonts(pdf)
    assert main(["report", "--db", db_target, "--month", "2026-10", "--format", "pdf"]) == 2


def test_the_report_workbook(ctx, built, db_target, tmp_path, cli_login) -> None:  # noqa: ANN001
    from openpyxl import load_workbook

    from hrss_disputes.cli import main

    out = tmp_path / "report.xlsx"
    assert main(["report", "--db", db_target, "--month", "2026-10", "--format", "xlsx",
                 "--out", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["三项指标", "近十二个月", "案件情况", "统计数字", "欠薪投诉举报", "裁审衔接",
                             "逾期及督办案件"]
    listed = list(wb["逾期及督办案件"].iter_rows(min_row=2, values_only=True))
    assert len(listed) == 2 and {r[5] for r in listed} == {"逾期"}  # A3 and A5: their tribunals not formed in time
    rows = list(wb["三项指标"].iter_rows(min_row=4, values_only=True))
    assert rows[0] == ("调解成功率", "2026年10月", 3, 4, 0.75, 0.75, "不考核", None)  # the annual target beside it
    assert rows[1] == ("调解成功率", "2026年1—10月累计", 3, 5, 0.6, 0.75, "未达标", "再调解成功 4 件")
    assert rows[5][:5] == ("监察举报投诉案件结案率", "2026年1—10月累计", 0, 0, "—")
    assert wb["三项指标"]["E4"].number_format == "0.00%"
    assert any(c.value == TARGET_NOTE for row in wb["三项指标"].iter_rows() for c in row)
    months = list(wb["近十二个月"].iter_rows(min_row=2, values_only=True))
    assert len(months) == 12 and months[-1][0] == "2026年10月" and months[-1][1] == 0.75
    counts = {r[0]: r for r in wb["案件情况"].iter_rows(min_row=2, values_only=True)}
    assert counts["仲裁案件"][1:4] == (1, 2, 1)
    # numbers stay numbers, the unit in the item's name (issue 18.14)
    figures = dict(wb["统计数字"].iter_rows(min_row=2, values_only=True))
    assert figures["本期受理（立案）（件）"] == 5 and figures["涉及劳动者（人）"] == 5
    assert figures["请求金额（元）"] == 60002.5 and figures["平均结案天数（受理至结案）（天）"] == 40.0
    assert figures["受理案件的案由：劳动报酬（件）"] == 5
    assert wb["统计数字"]["B6"].number_format == "#,##0.00"  # 请求金额
    complaints = dict(wb["欠薪投诉举报"].iter_rows(min_row=2, values_only=True))
    assert complaints["收到投诉举报（件）"] == 0 and complaints["追发工资及赔偿金（元）"] == 0
    assert complaints["动用应急周转金垫付（件）"] == 0 and complaints["垫付金额（元）"] == 0
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and re.fullmatch(r"[\d,.]+ ?(件|元|人|天|家|人次)", value)), value


def test_every_figure_drills_down_to_its_cases(ctx, ledger) -> None:  # noqa: ANN001
    from hrss_disputes.services import case_list
    from hrss_disputes.services.case_list import CaseQuery

    institute, _, _ = ledger
    result = ctx.call(kpi.office_rates, office_id=institute, period=OCTOBER)
    for rates in (result.period, result.year_to_date):
        for r in rates:
            for part, expected in (("numerator", r.numerator), ("denominator", r.denominator)):
                query = CaseQuery(office_id=institute, figure=(r.kpi.value, part, r.period.start, r.period.end))
                assert ctx.call(case_list.count_cases, query=query) == expected, (r.label, r.period.label, part)
                assert len(ctx.call(case_list.list_cases, query=query)) == expected


def test_every_count_drills_down_to_its_cases(ctx, ledger) -> None:  # noqa: ANN001
    """Each cell's cases are found by a condition written apart from the counting (期末未结 directly:
    taken in by the end and not closed by it), so the balance is checked, not assumed."""
    from hrss_disputes.services import case_list, report
    from hrss_disputes.services.case_list import CaseQuery

    institute, _, _ = ledger
    made = ctx.call(report.monthly_report, office_id=institute, period=OCTOBER, today=date(2026, 11, 21))
    for f in made.families:
        for part, expected in (("carried", f.carried), ("accepted", f.accepted), ("closed", f.closed),
                               ("open_at_end", f.open_at_end), ("not_taken_in", f.not_taken_in),
                               ("overdue", f.overdue)):
            query = CaseQuery(office_id=institute, figure=(f"family:{f.family.value}", part, OCTOBER.start, OCTOBER.end,
                                                           made.made_on))
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
