"""The administrator corrects the calendar and the day settings: open cases' deadlines follow;
wages are added with their source; nobody else may change them."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.calendar import DayKind
from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases, reference_admin, workflow
from hrss_disputes.services.deadline_board import BoardQuery, Scope, board
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.factories import arbitration_input, make_user

TODAY = date(2026, 11, 20)


def _acceptance_due(ctx, case_id):  # noqa: ANN001, ANN202
    return next(d.due for d in ctx.call(workflow.case_deadlines, case_id=case_id, today=TODAY)
                if d.key == "acceptance")


def test_a_calendar_correction_moves_open_deadlines_and_the_board(ctx, admin) -> None:  # noqa: ANN001
    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date(2026, 11, 16),
                                                                 handler_id=arb.id))
    assert _acceptance_due(ctx, case_id) == date(2026, 11, 23)  # Mon 16 + 5 working days
    # a (made-up) local rest day on Wed 18 Nov pushes it a working day on
    done = ctx.call(reference_admin.set_calendar_day, day=date(2026, 11, 18), workday=False, note="测试：调休", today=TODAY)
    assert done == 1
    assert _acceptance_due(ctx, case_id) == date(2026, 11, 24)
    ctx.actor = arb
    [row] = ctx.call(board, query=BoardQuery(scope=Scope.MINE), today=TODAY).rows
    assert row.due_on == date(2026, 11, 24)  # the stored deadline was worked out again too
    ctx.actor = admin
    ctx.call(reference_admin.remove_calendar_day, day=date(2026, 11, 18), today=TODAY)
    assert _acceptance_due(ctx, case_id) == date(2026, 11, 23)


def test_day_kind_and_days_settings(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date(2026, 11, 16)))
    ctx.call(reference_admin.set_clock_setting, clock="acceptance", kind=DayKind.CALENDAR, today=TODAY)
    assert _acceptance_due(ctx, case_id) == date(2026, 11, 23)  # 16 + 5 = Sat 21 → next working day Mon 23
    settings = {s.key: s for s in ctx.call(reference_admin.clock_settings)}
    assert settings["acceptance"].kind is DayKind.CALENDAR and settings["acceptance"].unsure
    assert settings["award"].kind is DayKind.CALENDAR and not settings["award"].unsure
    with pytest.raises(ValidationFailed) as e:
        ctx.call(reference_admin.set_clock_setting, clock="award", kind=DayKind.CALENDAR, days=60)
    assert e.value.errors["days"] == "该期限的天数由法律规定"
    ctx.call(reference_admin.set_clock_setting, clock="review", kind=DayKind.WORKING, days=10)
    assert {s.key: s for s in ctx.call(reference_admin.clock_settings)}["review"].days == 10


def test_wages_with_sources_and_refusals(ctx, admin) -> None:  # noqa: ANN001
    with pytest.raises(ValidationFailed) as e:
        ctx.call(reference_admin.add_minimum_wage, city="肇庆", monthly="-1", effective_from=None, source="")
    assert set(e.value.errors) == {"monthly", "effective_from", "source"}
    ctx.call(reference_admin.add_minimum_wage, city="肇庆", monthly="1,850", effective_from=date(2025, 3, 1),
             source="粤府函〔2025〕测试")
    with pytest.raises(ValidationFailed) as e:
        ctx.call(reference_admin.add_minimum_wage, city="肇庆", monthly="1900", effective_from=date(2025, 3, 1),
                 source="重复")
    assert e.value.errors["effective_from"] == "肇庆该日期起的标准已录入"
    ctx.call(reference_admin.add_average_wage, region="广东省", year=2025, annual="125000", source="省统计局")
    assert [(w.region, w.year) for w in ctx.call(reference_admin.list_average_wages)] == [("广东省", 2025)]
    assert any(w.monthly == 1850 for w in ctx.call(reference_admin.list_minimum_wages))
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    with pytest.raises(PermissionDenied):
        ctx.call(reference_admin.set_calendar_day, day=date(2027, 1, 1), workday=False, note="元旦")


def test_how_the_law_is_read_is_the_offices_setting_with_defaults(ctx, admin) -> None:  # noqa: ANN001
    """The ⚠ choices of legal-rules.md (§4.1, §4.8, §11, §11.6): shown with their defaults, changed
    by the administrator only, checked, audited, and a default stored as no setting."""
    from hrss_disputes.domain.finality import DEFAULT_MONEY_TYPES
    from hrss_disputes.models.enums import ClaimType
    from hrss_disputes.services import audit_trail

    options = ctx.call(reference_admin.legal_options)
    assert options.final_money_types == DEFAULT_MONEY_TYPES and options.minimum_wage_date == "award"
    assert options.remuneration_types == {ClaimType.WAGES, ClaimType.OVERTIME} and options.move_off_rest_days
    changed = ctx.call(reference_admin.set_legal_options, final_money_types=DEFAULT_MONEY_TYPES | {ClaimType.NOTICE_PAY},
                       minimum_wage_date="application", remuneration_types=options.remuneration_types,
                       move_off_rest_days=False)
    assert ClaimType.NOTICE_PAY in changed.final_money_types and changed.minimum_wage_date == "application"
    assert not changed.move_off_rest_days
    assert len([e for e in ctx.call(audit_trail.list_entries) if e.entity == "设置"]) == 3  # one per change
    for bad, field in (({"remuneration_types": {ClaimType.OVERTIME}}, "remuneration_types"),
                       ({"final_money_types": {ClaimType.CONFIRM_RELATIONSHIP}}, "final_money_types"),
                       ({"minimum_wage_date": "yesterday"}, "minimum_wage_date")):
        with pytest.raises(ValidationFailed) as refused:
            ctx.call(reference_admin.set_legal_options, **{**vars(options), **bad})
        assert field in refused.value.errors
    back = ctx.call(reference_admin.set_legal_options, **vars(options))  # the defaults again
    assert back == options
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    with pytest.raises(PermissionDenied):
        ctx.call(reference_admin.set_legal_options, **vars(options))
