"""Claim items with elements: the proposal stored beside an override, reference wages by the
office's city and date, bad elements refused whole, the final-award test on the case."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hrss_disputes.models.case import CaseEvent, ClaimItem
from hrss_disputes.models.enums import EventKind, Role
from hrss_disputes.models.reference import AverageWage
from hrss_disputes.services import cases, claims
from hrss_disputes.services.cases import ClaimInput
from hrss_disputes.services.errors import ValidationFailed
from tests.factories import arbitration_input, make_user

N_ELEMENTS = {"start": "2019-03-01", "end": "2024-08-31", "monthly_wage": "40000"}  # 5 y 6 m → N = 6


@pytest.fixture
def case_id(ctx, admin):  # noqa: ANN001, ANN201
    cid = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))  # office in 肇庆: 1,720
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    return cid


def _add(ctx, case_id, **kw):  # noqa: ANN001, ANN003, ANN202
    d = ctx.call(cases.get_case, case_id=case_id)
    return ctx.call(claims.add_claim, case_id=case_id, expected_version=d.version, claim=ClaimInput(**kw))


def test_blank_amount_takes_the_proposal_and_an_override_keeps_both(ctx, case_id) -> None:  # noqa: ANN001
    d = _add(ctx, case_id, claim_type="economic_compensation", elements=N_ELEMENTS)
    item = d.claims[-1]
    # no average wage entered for 肇庆 2023: not capped, 6 × 40,000
    assert item.amount_proposed == item.amount_claimed == Decimal("240000.00")
    assert item.elements == {"start": "2019-03-01", "end": "2024-08-31", "monthly_wage": "40000"}
    d = _add(ctx, case_id, claim_type="economic_compensation", elements=N_ELEMENTS, amount_claimed="250000")
    item = d.claims[-1]
    assert (item.amount_proposed, item.amount_claimed) == (Decimal("240000.00"), Decimal("250000.00"))
    assert d.amount_claimed == Decimal("12000.50") + Decimal("240000") + Decimal("250000")


def test_the_city_average_wage_of_the_previous_year_caps_high_earners(ctx, case_id, db) -> None:  # noqa: ANN001
    with db.session() as s:
        s.add(AverageWage(region="肇庆", year=2023, annual=Decimal("96000"), source="测试"))
        s.commit()
    proposal = ctx.call(claims.propose_claim, case_id=case_id, claim_type="economic_compensation",
                        elements=N_ELEMENTS)
    assert proposal.amount == Decimal("144000.00")  # 6 × 3 × 8,000
    assert any("肇庆 2023 年 96,000.00元/年，月均 8,000.00元）的三倍 24,000.00元" in line for line in proposal.lines)


def test_bad_elements_are_refused_at_their_fields_and_nothing_is_saved(ctx, case_id, db) -> None:  # noqa: ANN001
    version = ctx.call(cases.get_case, case_id=case_id).version
    with pytest.raises(ValidationFailed) as e:
        _add(ctx, case_id, claim_type="economic_compensation",
             elements={"start": "2024-06-01", "end": "2024-01-01", "monthly_wage": "abc"}, amount_resolved="x")
    assert e.value.errors == {"elements.monthly_wage": "离职前十二个月平均工资（元）应为数字",
                              "amount_resolved": "金额应为数字，例如 12000.50"}
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(ClaimItem)) == 1
    assert ctx.call(cases.get_case, case_id=case_id).version == version


def test_a_claim_without_a_formula_is_stored_with_its_elements(ctx, case_id) -> None:  # noqa: ANN001
    d = _add(ctx, case_id, claim_type="work_injury_benefits", amount_claimed="56000",
             elements={"recognised_on": "2025-04-10", "grade": "九级", "insured": "未参加",
                       "items": "一次性伤残补助金、停工留薪期工资"})
    item = d.claims[-1]
    assert (item.amount_claimed, item.amount_proposed) == (Decimal("56000.00"), None)
    assert item.elements == {"recognised_on": "2025-04-10", "grade": "九级", "insured": "未参加",
                             "items": "一次性伤残补助金、停工留薪期工资"}
    with pytest.raises(ValidationFailed) as e:
        _add(ctx, case_id, claim_type="work_injury_benefits", elements={"grade": "九级"})
    assert e.value.errors == {"elements.recognised_on": "请填写工伤认定日期"}


def test_finality_forecast_then_per_item_after_the_award(ctx, case_id, db) -> None:  # noqa: ANN001
    _add(ctx, case_id, claim_type="damages", amount_claimed="80000")
    report = ctx.call(claims.award_finality, case_id=case_id, today=date(2026, 11, 21))
    assert report.forecast and "肇庆 2021-12-01 起 1,720元/月" in report.basis
    # wages 12,000.50 ≤ 20,640: final; damages 80,000 claimed: not
    assert [f.final for _, f in report.items] == [True, False] and report.award.mixed

    d = ctx.call(cases.get_case, case_id=case_id)
    wages, damages = d.claims
    d = ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=damages.id,
                 claim=ClaimInput(claim_type="damages", amount_claimed="80000", amount_resolved="20000"))
    with db.session() as s:  # the award itself (the workflow's 作出裁决, recorded here directly)
        s.add(CaseEvent(case_id=case_id, kind=EventKind.AWARDED, occurred_on=date(2026, 11, 20)))
        s.commit()
    report = ctx.call(claims.award_finality, case_id=case_id)
    assert not report.forecast and report.basis.startswith("按裁决日 2026-11-20")
    # wages: nothing awarded yet on that item (0, a dismissed claim) and damages 20,000 ≤ 20,640
    assert [f.final for _, f in report.items] == [True, True] and report.award.final
    assert "终局裁决" in report.award.summary


def test_the_money_types_are_a_setting(ctx, admin, case_id) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import ClaimType
    from hrss_disputes.services import reference_admin

    _add(ctx, case_id, claim_type="notice_pay", amount_claimed="5000")
    notice = ctx.call(claims.award_finality, case_id=case_id).items[-1][1]
    # 代通知金 is left out by this office's reading of Art 47(一), and the reason says so
    assert notice.final is False and "本机构设定" in notice.reason
    options = ctx.call(reference_admin.legal_options, user=admin)
    ctx.call(reference_admin.set_legal_options, user=admin, final_money_types={ClaimType.WAGES, ClaimType.NOTICE_PAY},
             minimum_wage_date=options.minimum_wage_date, remuneration_types=options.remuneration_types,
             move_off_rest_days=options.move_off_rest_days)
    assert ctx.call(claims.award_finality, case_id=case_id).items[-1][1].final is True


def test_a_stale_minimum_wage_is_said_where_finality_rests_on_it(ctx, admin, case_id) -> None:  # noqa: ANN001
    """Only the 2021-12-01 table ships: in 2026 the finality of an award in 肇庆 rests on a figure
    more than two years old, and the report says so with its date and source, until the
    administrator enters a newer one."""
    from hrss_disputes.services import reference_admin

    _add(ctx, case_id, claim_type="wages", amount_claimed="5000")
    report = ctx.call(claims.award_finality, case_id=case_id, today=date(2026, 11, 29))
    assert report.warning is not None and "肇庆" in report.warning and "2021-12-01" in report.warning
    assert "超过2年未更新" in report.warning
    stale = ctx.call(reference_admin.stale_minimum_wages, user=admin, today=date(2026, 11, 29))
    assert ("肇庆", date(2021, 12, 1)) in stale
    ctx.call(reference_admin.add_minimum_wage, user=admin, city="肇庆", monthly="1900",
             effective_from=date(2025, 3, 1), source="测试：粤府函〔2025〕号")
    assert ctx.call(claims.award_finality, case_id=case_id, today=date(2026, 11, 29)).warning is None


def test_n_and_2n_awarded_on_one_case_are_refused_unless_different_terminations(ctx, case_id, admin) -> None:  # noqa: ANN001
    """劳动合同法实施条例第二十五条: the amounts awarded (调解/裁决金额) of 经济补偿 and 赔偿金 on one
    arbitration case exclude each other unless the tribunal records different terminations."""
    _add(ctx, case_id, claim_type="economic_compensation", amount_claimed="12000", amount_resolved="12000")
    with pytest.raises(ValidationFailed) as e:
        _add(ctx, case_id, claim_type="damages", amount_claimed="24000", amount_resolved="24000")
    assert "劳动合同法实施条例第二十五条" in e.value.errors["amount_resolved"]
    d = _add(ctx, case_id, claim_type="damages", amount_claimed="24000")  # claimed in the alternative: fine
    damages = d.claims[-1]
    with pytest.raises(ValidationFailed):
        ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=damages.id,
                 claim=ClaimInput(claim_type="damages", amount_claimed="24000", amount_resolved="24000"))
    d = ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=damages.id,
                 claim=ClaimInput(claim_type="damages", amount_claimed="24000", amount_resolved="24000",
                                  separate_termination=True))
    assert d.claims[-1].separate_termination and d.claims[-1].amount_resolved == Decimal("24000.00")
    # a mediation agreement may pay more than the law requires: the rule is the award's
    med = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, family="mediation",
                                                             procedure="grassroots"))
    ctx.actor = make_user(ctx, "med", Role.MEDIATOR, admin.office_id)
    _add(ctx, med, claim_type="economic_compensation", amount_resolved="12000")
    _add(ctx, med, claim_type="damages", amount_resolved="24000")


def test_the_award_step_is_refused_while_n_and_2n_are_both_awarded(ctx, admin, db) -> None:  # noqa: ANN001
    """劳动合同法实施条例第二十五条 at 作出裁决 too: amounts recorded before the rule existed (or written
    around the service) do not reach an award."""
    from tests.factories import act, heard_case

    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    with db.session() as s:
        for item in s.scalars(select(ClaimItem).where(ClaimItem.case_id == case_id)):
            item.amount_resolved = Decimal("10000")
        s.add(ClaimItem(case_id=case_id, claim_type="damages", amount_claimed=Decimal("72000"),
                        amount_resolved=Decimal("50000"), position=3))
        s.commit()
    with pytest.raises(ValidationFailed) as e:
        act(ctx, case_id, "award", date(2026, 11, 12))
    assert "劳动合同法实施条例第二十五条" in e.value.errors["amount"]


def test_a_clerk_does_not_set_the_amount_awarded_on_an_arbitration_case(ctx, case_id, admin, db) -> None:  # noqa: ANN001
    """Review of issue 18, finding 3: on an arbitration case the 调解/裁决金额 is the tribunal's (its
    裁决结果, or its 调解书, LDMAF Art 42, 46): a clerk's add or edit that sets or changes it is
    refused at the field and nothing is saved; the clerk still corrects the rest of the claim."""
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    before = ctx.call(cases.get_case, case_id=case_id)
    wage = before.claims[0]
    with pytest.raises(ValidationFailed) as e:
        _add(ctx, case_id, claim_type="overtime", amount_claimed="3000", amount_resolved="1000")
    assert set(e.value.errors) == {"amount_resolved"} and "仲裁庭" in e.value.errors["amount_resolved"]
    with pytest.raises(ValidationFailed) as e:
        ctx.call(claims.update_claim, case_id=case_id, expected_version=before.version, claim_id=wage.id,
                 claim=ClaimInput(claim_type="wages", amount_claimed="12000.50", amount_resolved="1000"))
    assert "仲裁庭" in e.value.errors["amount_resolved"]
    after = ctx.call(cases.get_case, case_id=case_id)
    assert after.version == before.version and after.amount_resolved is None and len(after.claims) == 1
    # a claim without an awarded amount, and a correction leaving it alone, are the clerk's
    d = _add(ctx, case_id, claim_type="overtime", amount_claimed="3000")
    d = ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=wage.id,
                 claim=ClaimInput(claim_type="wages", amount_claimed="11000", description="更正"))
    assert d.claims[0].amount_claimed == Decimal("11000.00") and d.claims[0].amount_resolved is None
    # the arbitrator records it (a mediation statement's amounts)
    ctx.actor = make_user(ctx, "arb2", Role.ARBITRATOR, admin.office_id)
    d = ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=wage.id,
                 claim=ClaimInput(claim_type="wages", amount_claimed="11000", amount_resolved="9000"))
    assert d.claims[0].amount_resolved == Decimal("9000.00")
    # ... and the clerk's later correction that keeps it is saved, one that clears it is refused
    ctx.actor = make_user(ctx, "clerk2", Role.CLERK, admin.office_id)
    d = ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=wage.id,
                 claim=ClaimInput(claim_type="wages", amount_claimed="11000", amount_resolved="9000.00",
                                  description="更正二"))
    with pytest.raises(ValidationFailed) as e:
        ctx.call(claims.update_claim, case_id=case_id, expected_version=d.version, claim_id=wage.id,
                 claim=ClaimInput(claim_type="wages", amount_claimed="11000"))
    assert "仲裁庭" in e.value.errors["amount_resolved"]
    # a mediation case's agreed amount is the mediating staff's to record, a clerk's included
    med = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, family="mediation",
                                                             procedure="grassroots"))
    assert _add(ctx, med, claim_type="overtime", amount_resolved="500").claims[-1].amount_resolved == Decimal("500.00")
