"""仲裁时效 recorded on a case: checked at the fields, saved with the case's version, carried over
to the arbitration a mediation turns into, where the mediation counts as an interruption."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.limitation import Interruption, Suspension, Verdict
from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases, workflow
from hrss_disputes.services.cases import ClaimInput
from hrss_disputes.services.errors import ValidationFailed, VersionConflict
from hrss_disputes.services.limitation import LimitationInput, case_limitation, save_limitation
from tests.factories import arbitration_input, make_user

TODAY = date(2026, 11, 21)


def _save(ctx, case_id, data: LimitationInput, version: int | None = None):  # noqa: ANN001, ANN202
    if version is None:
        version = ctx.call(cases.get_case, case_id=case_id).version
    return ctx.call(save_limitation, case_id=case_id, expected_version=version, data=data, today=TODAY)


def test_facts_saved_and_judged(ctx, admin) -> None:  # noqa: ANN001
    # received 2026-11-02; wages and economic compensation claimed
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, claims=[
        ClaimInput(claim_type="wages", amount_claimed="12000.50"),
        ClaimInput(claim_type="economic_compensation", amount_claimed="9000")]))
    before = {r.key: r.verdict for r in ctx.call(case_limitation, case_id=case_id)}
    assert before == {"limitation_pay": Verdict.NOT_LIMITED, "limitation": Verdict.UNKNOWN}
    d = _save(ctx, case_id, LimitationInput(
        known_on=date(2025, 9, 30), employment_ended_on=date(2025, 9, 30),
        interruptions=[Interruption(date(2025, 10, 20), "向用人单位发出书面催告函")],
        suspensions=[Suspension(date(2025, 10, 25), date(2025, 10, 28), "因病住院无法主张权利")]))
    assert d.rights_known_on == date(2025, 9, 30) and d.interruptions[0].reason == "向用人单位发出书面催告函"
    assert d.events[-1].note == "修改：仲裁时效"
    found = {r.key: r for r in ctx.call(case_limitation, case_id=case_id)}
    # both restart on 10-20 (the demand), the stay 10-25 … 10-28 adds 3 days: 2026-10-23 (Fri);
    # applying on 2026-11-02 is 10 days late
    assert found["limitation"].last_day == date(2026, 10, 23)
    assert found["limitation"].verdict is Verdict.LAPSED and found["limitation"].days_over == 10


def test_bad_facts_are_refused_at_their_fields_and_nothing_is_saved(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    with pytest.raises(ValidationFailed) as e:
        _save(ctx, case_id, LimitationInput(
            known_on=date(2026, 11, 5),  # after the case was received (11-02)
            interruptions=[Interruption(date(2026, 1, 5), " ")],
            suspensions=[Suspension(date(2026, 3, 1), date(2026, 2, 1), "不可抗力")]))
    assert e.value.errors == {
        "known_on": "知道权利被侵害之日不能晚于收案日期 2026-11-02",
        "interruptions.0.reason": "请填写中断事由（如向用人单位书面主张、向有关部门投诉）",
        "suspensions.0.end": "中止事由消除之日不能早于开始日期",
    }
    assert ctx.call(cases.get_case, case_id=case_id).rights_known_on is None


def test_a_reason_too_long_is_refused_at_its_field(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    with pytest.raises(ValidationFailed) as e:
        _save(ctx, case_id, LimitationInput(
            interruptions=[Interruption(date(2026, 1, 5), "主" * 2001)],
            suspensions=[Suspension(date(2026, 2, 1), date(2026, 3, 1), "抗" * 2001)]))
    assert e.value.errors == {
        "interruptions.0.reason": "中断事由过长（最多2000字，现有2001字）",
        "suspensions.0.reason": "中止事由过长（最多2000字，现有2001字）",
    }


def test_an_old_version_is_refused(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    version = ctx.call(cases.get_case, case_id=case_id).version
    _save(ctx, case_id, LimitationInput(known_on=date(2026, 1, 5)), version)
    with pytest.raises(VersionConflict):
        _save(ctx, case_id, LimitationInput(known_on=date(2026, 2, 5)), version)
    assert ctx.call(cases.get_case, case_id=case_id).rights_known_on == date(2026, 1, 5)


def test_the_mediation_carries_its_facts_and_counts_as_an_interruption(ctx, admin) -> None:  # noqa: ANN001
    data = arbitration_input(admin.office_id, family="mediation", procedure="prefiling",
                             received_on=date(2026, 10, 12),
                             claims=[ClaimInput(claim_type="damages", amount_claimed="30000")])
    case_id = ctx.call(cases.create_case, data=data)
    _save(ctx, case_id, LimitationInput(known_on=date(2025, 10, 20)))
    [mediation] = ctx.call(case_limitation, case_id=case_id)
    assert mediation.verdict is Verdict.WITHIN and mediation.last_day == date(2026, 10, 20)
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    for action, on, values in (("start_mediation", date(2026, 10, 12), {}),
                               ("no_agreement", date(2026, 11, 9), {"reason": "被申请人不同意支付"}),
                               ("refer_to_arbitration", date(2026, 11, 9), {})):
        d = ctx.call(cases.get_case, case_id=case_id)
        ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action=action,
                 occurred_on=on, values=values, today=TODAY)
    [arb] = [c for c in ctx.call(cases.list_cases, query=cases.CaseQuery(family="arbitration"))]
    assert ctx.call(cases.get_case, case_id=arb.id).rights_known_on == date(2025, 10, 20)
    [result] = ctx.call(case_limitation, case_id=arb.id)
    # without the mediation the year ended 2026-10-20, before the conversion on 11-09; the mediation
    # application on 10-12 interrupted it: 2027-10-12
    assert result.verdict is Verdict.WITHIN and result.last_day == date(2027, 10, 12)
    assert "申请调解（来源案件）：时效中断" in "\n".join(result.lines)


def test_complaints_have_no_arbitration_limitation(ctx, admin) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "insp", Role.INSPECTOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, family="complaint",
                                                                 procedure="complaint"))
    assert ctx.call(case_limitation, case_id=case_id) == []
    with pytest.raises(ValidationFailed):
        _save(ctx, case_id, LimitationInput(known_on=date(2026, 1, 5)))


def test_which_claims_count_as_remuneration_is_a_setting(ctx, admin, db) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import ClaimType
    from hrss_disputes.services import reference_admin

    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, claims=[
        ClaimInput(claim_type="double_wages", amount_claimed="20000")]))
    assert [r.verdict for r in ctx.call(case_limitation, case_id=case_id)] == [Verdict.UNKNOWN]
    options = ctx.call(reference_admin.legal_options, user=admin)
    ctx.call(reference_admin.set_legal_options, user=admin, final_money_types=options.final_money_types,
             minimum_wage_date=options.minimum_wage_date, move_off_rest_days=options.move_off_rest_days,
             remuneration_types={ClaimType.WAGES, ClaimType.OVERTIME, ClaimType.DOUBLE_WAGES})
    assert [r.verdict for r in ctx.call(case_limitation, case_id=case_id)] == [Verdict.NOT_LIMITED]
