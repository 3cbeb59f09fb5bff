"""The workflow tables enforced by the service: allowed actions pass, everything else is refused."""

from __future__ import annotations

from datetime import date

import pytest

from hrss_disputes.domain.workflows import WORKFLOWS
from hrss_disputes.models.enums import CaseStatus, Procedure, Role
from hrss_disputes.services import cases, workflow
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.factories import (
    act_or_refused,
    arbitration_input,
    award_amounts,
    make_user,
    office_clerk,
    recipients,
    register_arbitrators,
    room,
    tribunal_values,
)

TODAY = date(2026, 11, 21)
ALL_KEYS = sorted({a.key for actions in WORKFLOWS.values() for a in actions})


def act(ctx, case_id, action: str, on: date = date(2026, 11, 10), **values):  # noqa: ANN001, ANN201
    d = ctx.call(cases.get_case, case_id=case_id)
    if action == "serve" and "recipients" not in values:
        values["recipients"] = recipients(ctx, case_id, on)
    if action == "form_tribunal" and isinstance(values.get("arbitrators"), str):  # chosen from the register
        values = tribunal_values(ctx, d.office_id, values["arbitrators"])
    if action == "schedule_hearing" and "place" in values and len(str(values["place"])) != 32:  # a room named: 09:30, an hour
        values = {"starts": "09:30", "minutes": 60, **values, "place": room(ctx, d.office_id, values["place"]).hex}
    return ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action=action,
                    occurred_on=on, values=values, today=TODAY)


@pytest.mark.parametrize("procedure", [Procedure.ORDINARY, Procedure.SIMPLIFIED, Procedure.COLLECTIVE])
def test_every_action_outside_the_table_is_refused_by_the_service(ctx, admin, procedure) -> None:  # noqa: ANN001
    data = arbitration_input(admin.office_id, procedure=procedure)
    if procedure is Procedure.COLLECTIVE:
        data.workers_involved = 12
    case_id = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    act(ctx, case_id, "accept", date(2026, 11, 3), clear=procedure is Procedure.SIMPLIFIED)
    register_arbitrators(ctx, admin.office_id, "陈立新")  # 组成仲裁庭, 确定开庭 offered once there is
    office_clerk(ctx, admin.office_id)  # someone and somewhere to choose
    room(ctx, admin.office_id)
    allowed = {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    assert "form_tribunal" in allowed and "accept" not in allowed
    assert "suspend" not in allowed  # an approval: supervisors only
    for key in ALL_KEYS:
        if key in allowed:
            continue
        with pytest.raises(PermissionDenied):
            act(ctx, case_id, key)
    assert ctx.call(cases.get_case, case_id=case_id).status is CaseStatus.ACCEPTED


def test_refusals_say_why(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    with pytest.raises(PermissionDenied, match="须由书记员、仲裁员、领导办理|须由仲裁员、书记员、领导办理"):
        act(ctx, case_id, "accept")  # the administrator handles no cases
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    with pytest.raises(PermissionDenied, match="当前状态为“待审查”，不能办理“作出裁决”"):
        act(ctx, case_id, "award")
    with pytest.raises(PermissionDenied, match="没有此项操作"):
        act(ctx, case_id, "file")  # a complaint's action


def test_field_rules_tribunal_size_extension_cap_and_conversion(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, procedure="simplified"))
    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    ctx.actor = arb
    act(ctx, case_id, "accept", date(2026, 11, 3), agreed=True)
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "form_tribunal", arbitrators="甲、乙、丙")
    assert err.value.errors["arbitrators"] == "简易处理由一名仲裁员独任仲裁"
    act(ctx, case_id, "form_tribunal", arbitrators="陈仲裁")
    ctx.actor = boss
    act(ctx, case_id, "extend_award", days=10, reason="案情复杂")
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "extend_award", days=10, reason="再次延期")
    assert "还可延长 5 日" in err.value.errors["days"]
    ctx.actor = arb
    d = act(ctx, case_id, "convert_to_ordinary", date(2026, 11, 12), reason="案情复杂")
    assert d.procedure is Procedure.ORDINARY
    award = next(x for x in ctx.call(workflow.case_deadlines, case_id=case_id, today=TODAY) if x.key == "award")
    assert award.due == date(2026, 12, 28)  # 11-03 + 45 + 10 = 12-28: still from the original acceptance


def test_failed_prefiling_mediation_converts_to_a_linked_arbitration(ctx, admin) -> None:  # noqa: ANN001
    data = arbitration_input(admin.office_id, family="mediation", procedure="prefiling")
    case_id = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    act(ctx, case_id, "start_mediation", date(2026, 11, 2))
    act(ctx, case_id, "no_agreement", date(2026, 11, 9), reason="被申请人不同意支付")
    d = act(ctx, case_id, "refer_to_arbitration", date(2026, 11, 9))
    assert d.status is CaseStatus.REFERRED
    new = ctx.call(cases.list_cases, query=cases.CaseQuery(family="arbitration"))
    assert len(new) == 1
    converted = ctx.call(cases.get_case, case_id=new[0].id)
    assert converted.received_on == date(2026, 11, 9) and converted.status is CaseStatus.RECEIVED
    assert [p.party.name for p in converted.parties] == [p.party.name for p in d.parties]
    assert converted.amount_claimed == d.amount_claimed
    assert "调解不成转入" in converted.events[0].note
    clocks = {x.key: x for x in ctx.call(workflow.case_deadlines, case_id=converted.id, today=TODAY)}
    assert clocks["acceptance"].due == date(2026, 11, 16)  # 5 working days from the conversion


def test_supervised_listing_set_and_lifted_by_a_supervisor_only(ctx, admin) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    ctx.actor = arb
    with pytest.raises(PermissionDenied):
        act(ctx, case_id, "supervise", leader="王局长", due_on=date(2026, 12, 31))
    ctx.actor = boss
    d = act(ctx, case_id, "supervise", leader="王局长", due_on=date(2026, 12, 31))
    assert d.supervised
    assert "supervise" not in {a.key for a in ctx.call(workflow.allowed_actions, case_id=case_id)}
    d = act(ctx, case_id, "lift_supervision", reason="已结案")
    assert not d.supervised


def test_simplified_acceptance_checks_rules_56_and_57_and_says_why(ctx, admin, db) -> None:  # noqa: ANN001
    from decimal import Decimal

    from hrss_disputes.models.reference import AverageWage

    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, procedure="simplified"))
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    with pytest.raises(ValidationFailed) as err:  # nothing ticked, no provincial wage entered
        act(ctx, case_id, "accept", date(2026, 11, 3))
    assert err.value.errors["clear"].startswith("不符合简易处理条件：第五十六条所列情形均不具备")
    assert "未录入广东省2025年职工平均工资" in err.value.errors["clear"]
    with pytest.raises(ValidationFailed) as err:  # a condition holds but the respondent cannot be found
        act(ctx, case_id, "accept", date(2026, 11, 3), clear=True, respondent_missing=True)
    assert "（三）被申请人下落不明" in err.value.errors["clear"]
    with db.session() as s:
        s.add(AverageWage(region="广东省", year=2025, annual=Decimal("120000"), source="测试"))
        s.commit()
    d = act(ctx, case_id, "accept", date(2026, 11, 3))  # 12,000.50 ≤ 120,000: Art 56(二) alone suffices
    assert d.status is CaseStatus.ACCEPTED
    assert d.events[-1].note.startswith("符合简易处理条件：（二）标的额 12,000.50元 不超过")
    # not eligible at all: convert to ordinary before acceptance instead
    other = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, procedure="simplified"))
    assert act(ctx, other, "convert_to_ordinary", date(2026, 11, 3), reason="不宜简易处理").procedure \
        is Procedure.ORDINARY


def test_collective_case_representatives_three_to_five_applicants(ctx, admin) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import CasePartyRole
    from hrss_disputes.services.parties import PartyInput

    workers = [PartyInput(name=n) for n in ("甲一", "乙二", "丙三", "丁四", "戊五", "己六")]
    data = arbitration_input(admin.office_id, procedure="collective", applicants=workers, workers_involved=40)
    case_id = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    for names, message in (("甲一、乙二", "代表人应为三至五人（仲裁规则第六十三条），现填写 2 人"),
                           ("甲一、乙二、丙三、丁四、戊五、己六", "现填写 6 人"),
                           ("甲一、乙二、外人", "外人 不是本案申请人")):
        with pytest.raises(ValidationFailed) as err:
            act(ctx, case_id, "elect_representatives", date(2026, 11, 3), representatives=names)
        assert message in err.value.errors["representatives"]
    act(ctx, case_id, "elect_representatives", date(2026, 11, 3), representatives="甲一、乙二、丁四")
    d = act(ctx, case_id, "elect_representatives", date(2026, 11, 4), representatives="甲一 乙二 丙三")
    reps = [p.party.name for p in d.parties if p.role is CasePartyRole.REPRESENTATIVE]
    assert reps == ["甲一", "乙二", "丙三"]  # the later election replaces the earlier one
    assert len([p for p in d.parties if p.role is CasePartyRole.APPLICANT]) == 6  # the represented workers
    act(ctx, case_id, "accept", date(2026, 11, 4))
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, "form_tribunal", date(2026, 11, 5), arbitrators="陈仲裁")
    assert err.value.errors["arbitrators"] == "集体争议应当由三名仲裁员组成仲裁庭"


@pytest.mark.parametrize(("to", "family", "procedure"), [("mediation", "mediation", Procedure.PREFILING),
                                                         ("arbitration", "arbitration", Procedure.ORDINARY)])
def test_a_complaint_that_is_a_dispute_is_referred_to_a_linked_case(ctx, admin, to, family, procedure) -> None:  # noqa: ANN001
    data = arbitration_input(admin.office_id, family="complaint", procedure="complaint")
    ctx.actor = make_user(ctx, "insp", Role.INSPECTOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=data)
    d = act(ctx, case_id, "refer", date(2026, 11, 5), to=to, reason="双方对是否存在劳动关系有争议")
    assert d.status is CaseStatus.REFERRED
    [link] = d.linked
    assert link.relation == "转出案件"
    new = ctx.call(cases.get_case, case_id=link.id)
    assert (new.family.value, new.procedure) == (family, procedure)
    assert new.received_on == date(2026, 11, 5) and "移送" in new.events[0].note
    assert [c.amount_claimed for c in new.claims] == [c.amount_claimed for c in d.claims]
    assert [(x.relation, x.id) for x in new.linked] == [("来源案件", case_id)]


# A period that has run out cannot be extended: the approval must fall on or before its last day.
# 劳动争议调解仲裁法第四十三条 (award: 45 days from acceptance, extension ≤ 15 days) and
# 劳动保障监察条例第十七条 (investigation: 60 working days from filing, +30 with approval).
# A suspension (仲裁规则第四十七条) pauses the award period the same way: one dated after the period
# ran out would take the case off the overdue list, so it is refused too.
@pytest.mark.parametrize(("family", "clock", "action", "days", "article"), [
    ("arbitration", "award", "extend_award", 10, "劳动争议调解仲裁法第四十三条"),
    ("arbitration", "award", "suspend", None, "仲裁规则第四十七条"),
    ("complaint", "investigation", "extend_investigation", 20, "劳动保障监察条例第十七条"),
])
@pytest.mark.parametrize(("after_due", "refused"), [(0, False), (1, True), (30, True)])
def test_a_period_that_has_run_out_cannot_be_extended(ctx, admin, family, clock, action, days, article,  # noqa: ANN001
                                                      after_due, refused) -> None:  # noqa: ANN001
    from datetime import timedelta

    from hrss_disputes.domain.deadlines import State
    from hrss_disputes.models.enums import OfficeKind
    from hrss_disputes.services import complaints, offices
    from tests.services.test_complaints import site_complaint

    if family == "arbitration":
        case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date(2026, 6, 29)))
        ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
        act(ctx, case_id, "accept", date(2026, 7, 1))
        act(ctx, case_id, "form_tribunal", date(2026, 7, 3), arbitrators="甲、乙、丙")
        boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    else:
        office = ctx.call(offices.create_office, name="肇庆市端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                          parent_id=admin.office_id, city="肇庆", code="DZJC")
        ctx.actor = make_user(ctx, "zhou", Role.INSPECTOR, office)
        case_id = ctx.call(complaints.register_complaint, data=site_complaint(office, received_on=date(2026, 5, 4)),
                           today=TODAY)
        act(ctx, case_id, "file", date(2026, 5, 6))
        boss = make_user(ctx, "lead", Role.SUPERVISOR, office)
    before = next(x for x in ctx.call(workflow.case_deadlines, case_id=case_id, today=TODAY) if x.key == clock)
    assert before.state is State.OVERDUE and before.due is not None
    ctx.actor = boss
    on = before.due + timedelta(days=after_due)
    values = {"ground": "6"} if action == "suspend" else {"days": days, "reason": "案情复杂"}
    if not refused:
        act(ctx, case_id, action, on, **values)
        return
    with pytest.raises(ValidationFailed) as err:
        act(ctx, case_id, action, on, **values)
    message = err.value.errors["occurred_on"]
    assert f"已于 {before.due.isoformat()} 届满" in message and article in message
    after = next(x for x in ctx.call(workflow.case_deadlines, case_id=case_id, today=TODAY) if x.key == clock)
    assert after.state is State.OVERDUE and after.due == before.due  # still overdue


# A step cannot be dated before the step it follows. The timeline is ordered by date, so a step
# dated earlier than the steps already recorded would silently reorder the case (a 调解结案 before
# the acceptance had reopened it). Proceedings start with the acceptance (劳动争议调解仲裁法第二十九条),
# the award or 调解书 follows the hearing (第四十二条、第四十六条), resumption follows suspension
# (仲裁规则第四十七条), a complaint's investigation follows its filing (劳动保障监察条例第十七条); a
# note, or a receipt that came back by post (送达回证), may be recorded later with its own earlier date.
ARB = [("accept", date(2026, 11, 3), {}), ("form_tribunal", date(2026, 11, 5), {"arbitrators": "甲、乙、丙"})]
HEARD = [*ARB, ("hold_hearing", date(2026, 11, 10), {})]
BOSS = "supervisor"


@pytest.mark.parametrize(("steps", "action", "on", "values", "refused"), [
    # the example: 调解结案 dated before the acceptance (第二十九条)
    (ARB[:1], "mediation_statement", date(2026, 11, 2), {}, "不能早于“受理”的日期 2026-11-03"),
    (ARB[:1], "mediation_statement", date(2026, 11, 3), {}, None),  # the same day is fine
    # an award dated before the hearing recorded (第四十六条)
    (HEARD, "award", date(2026, 11, 8), {}, "不能早于已记录的“开庭审理”（2026-11-10）"),
    (HEARD, "award", date(2026, 11, 12), {}, None),
    # resumption before the suspension (仲裁规则第四十七条)
    ([*ARB, ("suspend", date(2026, 11, 9), {"ground": "6", BOSS: True})], "resume", date(2026, 11, 8), {},
     "不能早于“中止审理”的日期 2026-11-09"),
    # a withdrawal dated before a service already recorded while the case was pending
    ([*ARB, ("serve", date(2026, 11, 9), {"document": "application_copy", "method": "post"})], "withdraw",
     date(2026, 11, 6), {}, "之后已记录“送达”（2026-11-09）"),
    # a receipt recorded late, with its own earlier date: accepted (the case was pending then)
    (HEARD, "serve", date(2026, 11, 4), {"document": "application_copy", "method": "post"}, None),
    # … but not a service dated before the acceptance, nor a hearing notice before the hearing was set
    (HEARD, "serve", date(2026, 11, 2), {"document": "application_copy", "method": "post"},
     "不能早于“受理”的日期 2026-11-03"),
    ([*ARB, ("schedule_hearing", date(2026, 11, 9), {"hearing_on": date(2026, 11, 20), "place": "第一仲裁庭"})],
     "serve", date(2026, 11, 8), {"document": "hearing_notice", "method": "direct"}, "不能早于“确定开庭日期”"),
    # a note may carry any date from the receipt on
    (HEARD, "note", date(2026, 11, 2), {"text": "申请人来电补充证据线索"}, None),
    # lifting a listing before it was set
    ([("supervise", date(2026, 11, 9), {"leader": "王局长", "due_on": date(2026, 12, 31), BOSS: True})],
     "lift_supervision", date(2026, 11, 8), {"reason": "已结案", BOSS: True}, "不能早于“挂牌督办”"),
])
def test_a_step_cannot_be_dated_before_the_step_it_follows(ctx, admin, steps, action, on, values,  # noqa: ANN001
                                                           refused) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    arb = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    for key, day, given in steps:
        ctx.actor = boss if given.get(BOSS) else arb
        act(ctx, case_id, key, day, **{k: x for k, x in given.items() if k != BOSS})
    ctx.actor = boss if values.get(BOSS) else arb
    if action == "award":  # 第四十六条: the award holds a decision on each claim
        award_amounts(ctx, case_id, ["12000.50"])
    act_or_refused(ctx, case_id, action, on, refused, **{k: x for k, x in values.items() if k != BOSS})


@pytest.mark.parametrize(("family", "steps", "action", "on", "values", "refused"), [
    # a grassroots agreement dated before the acceptance recorded (劳动争议调解仲裁法第十四条)
    ("mediation", [("accept", date(2026, 11, 5), {})], "agreement", date(2026, 11, 4), {},
     "不能早于已记录的“受理”（2026-11-05）"),
    ("mediation", [("accept", date(2026, 11, 5), {})], "agreement", date(2026, 11, 6), {}, None),
])
def test_mediation_steps_follow_their_timeline(ctx, admin, family, steps, action, on, values,  # noqa: ANN001
                                               refused) -> None:  # noqa: ANN001
    data = arbitration_input(admin.office_id, family=family, procedure="grassroots")
    case_id = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "med", Role.MEDIATOR, admin.office_id)
    for key, day, given in steps:
        act(ctx, case_id, key, day, **given)
    act_or_refused(ctx, case_id, action, on, refused, **values)
