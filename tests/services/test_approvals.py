"""Approvals where the approver sits (issue 19 point 7): the staff ask for a step only a supervisor
takes (延期审理, 中止审理 … domain.approvals), the supervisor approves it from the queue as the step
dated the approval day, or refuses it with a reason; the requester may withdraw it. Office limits
hold everywhere."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from hrss_disputes.domain.approvals import approval_actions, request_note, requester_roles
from hrss_disputes.domain.workflows import find_action
from hrss_disputes.models.approval import ApprovalRequest
from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.case import CaseEvent
from hrss_disputes.models.enums import (
    ApprovalStatus,
    CaseStatus,
    EventKind,
    OfficeKind,
    Procedure,
    Role,
)
from hrss_disputes.services import approvals, cases, offices, workflow
from hrss_disputes.services.errors import (
    NotFound,
    PermissionDenied,
    ValidationFailed,
    VersionConflict,
)
from tests.factories import arbitration_input, make_user

EXTEND = {"days": 15, "reason": "案情复杂，需调取社保记录"}


def _act(ctx, case_id, action: str, on: date, **values):  # noqa: ANN001, ANN202
    d = ctx.call(cases.get_case, case_id=case_id)
    return ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action=action,
                    occurred_on=on, values=values, today=on)


@pytest.fixture
def institute(ctx, admin):  # noqa: ANN001, ANN201
    """A district institute under the city's, with its clerk and supervisor, and an arbitration case
    accepted on 2026-11-03 (award period to 2026-12-18)."""
    office = ctx.call(offices.create_office, code="DZ", name="肇庆市端州区劳动人事争议仲裁院",
                      kind=OfficeKind.INSTITUTE, parent_id=admin.office_id, city="肇庆")
    clerk = make_user(ctx, "clerk", Role.CLERK, office)
    boss = make_user(ctx, "boss", Role.SUPERVISOR, office)
    ctx.actor = clerk
    case_id = ctx.call(cases.create_case, data=arbitration_input(office, case_number="端劳人仲案字〔2026〕7号"))
    _act(ctx, case_id, "accept", date(2026, 11, 3))
    return office, clerk, boss, case_id


def _request(ctx, user, case_id, action="extend_award", on=date(2026, 11, 10), **values):  # noqa: ANN001, ANN201
    return ctx.call(approvals.request_approval, user=user, case_id=case_id, action=action,
                    values=values or dict(EXTEND), today=on)


def _events(ctx, user, case_id) -> list[tuple[EventKind, str, str]]:  # noqa: ANN001
    d = ctx.call(cases.get_case, user=user, case_id=case_id)
    return [(e.kind, e.user_name, e.note) for e in d.events]


def _audit(ctx, request_id) -> list[str]:  # noqa: ANN001
    with ctx.db.session() as s:
        return list(s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == request_id)
                              .order_by(AuditEntry.seq)))


# ---------------------------------------------------------------- the tables


def test_the_steps_needing_approval_are_read_from_the_tables() -> None:
    # every step whose only role is the supervisor's, in each procedure; nobody lists them by hand
    keys = {p: {a.key for a in approval_actions(p)} for p in Procedure}
    assert {"suspend", "extend_award", "supervise", "lift_supervision"} <= keys[Procedure.ORDINARY]
    assert "extend_review" in keys[Procedure.ARBITRAL_REVIEW]
    assert {"extend_investigation", "blacklist", "remove_blacklist"} <= keys[Procedure.COMPLAINT]
    assert "form_tribunal" not in keys[Procedure.ORDINARY] and "resume" not in keys[Procedure.ORDINARY]
    # who asks: those who take the procedure's other steps, not the supervisor who approves
    assert requester_roles(Procedure.ORDINARY) == {Role.ARBITRATOR, Role.CLERK}
    assert requester_roles(Procedure.COMPLAINT) == {Role.INSPECTOR}
    assert requester_roles(Procedure.GRASSROOTS) == {Role.MEDIATOR}
    extend = find_action(Procedure.ORDINARY, "extend_award")
    assert request_note(extend, EXTEND) == "申请延期审理：延长天数：15；理由：案情复杂，需调取社保记录"


# ---------------------------------------------------------------- request, approve


def test_a_clerks_request_is_approved_from_the_supervisors_queue(ctx, institute) -> None:  # noqa: ANN001
    office, clerk, boss, case_id = institute
    offered = {r.action.key: r.why for r in ctx.call(approvals.requestable, user=clerk, case_id=case_id)}
    assert offered == {"suspend": None, "extend_award": None, "supervise": None}  # what the state allows
    version = ctx.call(cases.get_case, user=clerk, case_id=case_id).version

    asked = _request(ctx, clerk, case_id)
    assert asked.status is ApprovalStatus.PENDING and asked.requested_by_name == "clerk"
    after = ctx.call(cases.get_case, user=clerk, case_id=case_id)
    assert after.status is CaseStatus.ACCEPTED and after.version == version  # nothing taken yet
    assert _events(ctx, clerk, case_id)[-1] == (EventKind.APPROVAL_REQUESTED, "clerk",
                                                "申请延期审理：延长天数：15；理由：案情复杂，需调取社保记录")
    # one pending request per case and step: the button says why
    why = {r.action.key: r.why for r in ctx.call(approvals.requestable, user=clerk, case_id=case_id)}
    assert why["extend_award"] == "已于 2026-11-10 由clerk申请，待审批" and why["suspend"] is None
    with pytest.raises(PermissionDenied, match="已有待审批的“延期审理”申请"):
        _request(ctx, clerk, case_id, days=5, reason="再申请")

    queue = ctx.call(approvals.approval_queue, user=boss, today=date(2026, 11, 12))
    assert [(q.case_number, q.parties, q.step, q.values_text, q.requested_by_name, q.requested_on) for q in queue] == [
        ("端劳人仲案字〔2026〕7号", "张三 诉 肇庆市鼎盛建筑工程有限公司", "延期审理（审批）",
         "延长天数：15；理由：案情复杂，需调取社保记录", "clerk", date(2026, 11, 10))]
    assert (queue[0].clock_label, queue[0].clock_due) == ("审理期限", date(2026, 12, 18))

    done = ctx.call(approvals.approve, user=boss, request_id=asked.id, today=date(2026, 11, 12))
    assert done.status is ApprovalStatus.APPROVED and done.decided_by_name == "boss"
    kind, who, note = _events(ctx, boss, case_id)[-1]
    assert (kind, who) == (EventKind.EXTENDED, "boss")
    assert note == "经clerk申请，boss批准；延长天数：15；理由：案情复杂，需调取社保记录"
    award = next(x for x in ctx.call(workflow.case_deadlines, user=boss, case_id=case_id, today=date(2026, 11, 12))
                 if x.key == "award")
    assert award.due == date(2027, 1, 4)  # 12-18 + 15 = 01-02, a Saturday: the Monday after
    assert ctx.call(approvals.approval_queue, user=boss) == []
    with ctx.db.session() as s:
        row = s.get(ApprovalRequest, asked.id)
        step = s.get(CaseEvent, row.event_id)
        assert step.kind == EventKind.EXTENDED and row.decided_by == boss.id and step.user_id == boss.id
        assert json.loads(row.values) == EXTEND
    assert _audit(ctx, asked.id) == ["approval_requested", "approval_approved"]


def test_a_request_is_checked_as_the_step_would_be_and_refused_the_same_way(ctx, institute) -> None:  # noqa: ANN001
    _office, clerk, _boss, case_id = institute
    with pytest.raises(ValidationFailed) as err:
        _request(ctx, clerk, case_id, days=20, reason="案情复杂")
    assert err.value.errors == {"days": "延长天数不能大于 15"}
    with pytest.raises(ValidationFailed) as err:
        _request(ctx, clerk, case_id, action="suspend", ground=None)
    assert err.value.errors == {"ground": "请选择中止事由"}
    with pytest.raises(PermissionDenied, match="不能办理“恢复审理”|不需要审批"):
        _request(ctx, clerk, case_id, action="resume")  # not an approval: taken directly
    with pytest.raises(PermissionDenied, match="由您直接办理"):
        _request(ctx, _boss, case_id)
    with ctx.db.session() as s:
        assert s.scalars(select(ApprovalRequest)).all() == []
    assert _events(ctx, clerk, case_id)[-1][0] is EventKind.ACCEPTED  # nothing written


def test_approval_is_checked_on_the_approval_day(ctx, admin) -> None:  # noqa: ANN001
    """劳动争议调解仲裁法第四十三条: an extension after the award period ran out is refused at approval,
    with its reason, and the request stays pending (it can still be refused or withdrawn)."""
    clerk = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    ctx.actor = clerk
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date(2026, 6, 29)))
    _act(ctx, case_id, "accept", date(2026, 7, 1))  # award period to 2026-08-15, a Saturday: 08-17
    asked = _request(ctx, clerk, case_id, on=date(2026, 8, 14))
    with pytest.raises(ValidationFailed) as err:
        ctx.call(approvals.approve, user=boss, request_id=asked.id, today=date(2026, 8, 20))
    assert "已于 2026-08-17 届满，届满后不能再延长" in err.value.errors["occurred_on"]
    assert [q.id for q in ctx.call(approvals.approval_queue, user=boss, today=date(2026, 8, 20))] == [asked.id]
    assert EventKind.EXTENDED not in [k for k, _w, _n in _events(ctx, boss, case_id)]
    assert _audit(ctx, asked.id) == ["approval_requested"]
    # approved on the period's last day it goes through
    ctx.call(approvals.approve, user=boss, request_id=asked.id, today=date(2026, 8, 17))
    assert _events(ctx, boss, case_id)[-1][0] is EventKind.EXTENDED


# ---------------------------------------------------------------- refuse, withdraw, twice


def test_an_approval_whose_step_is_struck_says_so_and_follows_a_redated_step(ctx, institute) -> None:  # noqa: ANN001
    """An approved request points at the step it recorded: re-dated, at the step on its new date;
    struck, at none, and it reads 已批准（步骤已撤销） (review of issue 19, fix round point 4)."""
    from hrss_disputes.services import corrections

    _office, clerk, boss, case_id = institute
    asked = _request(ctx, clerk, case_id)
    done = ctx.call(approvals.approve, user=boss, request_id=asked.id, today=date(2026, 11, 12))
    extended = next(e for e in ctx.call(cases.get_case, user=boss, case_id=case_id).events
                    if e.kind is EventKind.EXTENDED)
    assert (done.status_text, done.event_id) == ("已批准", extended.id)

    def fix(how: str, on: date | None = None):  # noqa: ANN202
        d = ctx.call(cases.get_case, user=boss, case_id=case_id)
        live = next(e for e in d.events if e.kind is EventKind.EXTENDED and e.corrected_by is None)
        return ctx.call(corrections.correct_step, user=boss, case_id=case_id, event_id=live.id,
                        expected_version=d.version, how=how, reason="录入错误", occurred_on=on)

    d = fix("redate", date(2026, 11, 11))
    [now] = [e for e in d.events if e.kind is EventKind.EXTENDED and e.corrected_by is None]
    [view] = ctx.call(approvals.case_approvals, user=clerk, case_id=case_id)
    assert (view.status, view.status_text, view.event_id) == (ApprovalStatus.APPROVED, "已批准", now.id)
    fix("strike")
    [view] = ctx.call(approvals.case_approvals, user=clerk, case_id=case_id)
    assert (view.status, view.status_text, view.event_id) == (ApprovalStatus.APPROVED, "已批准（步骤已撤销）", None)
    assert ctx.call(approvals.case_requests, user=clerk, case_id=case_id) == []  # the pending ones only
    _request(ctx, clerk, case_id, on=date(2026, 11, 13))  # asked again


def test_refusal_needs_a_reason_and_goes_on_the_timeline(ctx, institute) -> None:  # noqa: ANN001
    _office, clerk, boss, case_id = institute
    asked = _request(ctx, clerk, case_id, action="suspend", ground="6")
    with pytest.raises(ValidationFailed) as err:
        ctx.call(approvals.refuse, user=boss, request_id=asked.id, reason="  ", today=date(2026, 11, 11))
    assert err.value.errors == {"reason": "请填写不予批准的理由"}
    with pytest.raises(ValidationFailed) as err:  # a reason has a limit, as a step's has
        ctx.call(approvals.refuse, user=boss, request_id=asked.id, reason="理" * 2001, today=date(2026, 11, 11))
    assert err.value.errors == {"reason": "不予批准的理由过长（最多2000字，现有2001字）"}
    with pytest.raises(ValidationFailed) as err:  # a request's own 理由 is the step's field
        _request(ctx, clerk, case_id, days=15, reason="理" * 2001)
    assert err.value.errors["reason"] == "理由过长（最多2000字，现有2001字）"
    done = ctx.call(approvals.refuse, user=boss, request_id=asked.id, reason="鉴定结论已作出", today=date(2026, 11, 11))
    assert done.status is ApprovalStatus.REFUSED and done.decision_note == "鉴定结论已作出"
    assert _events(ctx, boss, case_id)[-1] == (
        EventKind.APPROVAL_REFUSED, "boss", "不予批准clerk 2026-11-10 提出的中止审理申请；理由：鉴定结论已作出")
    assert ctx.call(cases.get_case, user=boss, case_id=case_id).status is CaseStatus.ACCEPTED
    assert _audit(ctx, asked.id) == ["approval_requested", "approval_refused"]
    _request(ctx, clerk, case_id, action="suspend", ground="6", on=date(2026, 11, 12))  # asked again


def test_the_requester_may_withdraw_a_pending_request(ctx, institute) -> None:  # noqa: ANN001
    office, clerk, boss, case_id = institute
    other = make_user(ctx, "arb", Role.ARBITRATOR, office)
    asked = _request(ctx, clerk, case_id)
    with pytest.raises(PermissionDenied, match="只有提出申请的人可以撤回"):
        ctx.call(approvals.withdraw, user=other, request_id=asked.id, today=date(2026, 11, 11))
    done = ctx.call(approvals.withdraw, user=clerk, request_id=asked.id, today=date(2026, 11, 11))
    assert done.status is ApprovalStatus.WITHDRAWN
    assert _events(ctx, clerk, case_id)[-1] == (EventKind.NOTE, "clerk", "撤回 2026-11-10 提出的延期审理审批申请")
    assert ctx.call(approvals.approval_queue, user=boss) == []
    with pytest.raises(VersionConflict, match="已撤回"):
        ctx.call(approvals.approve, user=boss, request_id=asked.id, today=date(2026, 11, 12))
    assert _audit(ctx, asked.id) == ["approval_requested", "approval_withdrawn"]


def test_a_request_decided_meanwhile_cannot_be_decided_again(ctx, institute) -> None:  # noqa: ANN001
    office, clerk, boss, case_id = institute
    deputy = make_user(ctx, "deputy", Role.SUPERVISOR, office)
    asked = _request(ctx, clerk, case_id)
    # both supervisors' queues show it; the first to decide wins
    assert [q.id for q in ctx.call(approvals.approval_queue, user=deputy)] == [asked.id]
    ctx.call(approvals.approve, user=boss, request_id=asked.id, today=date(2026, 11, 12))
    with pytest.raises(VersionConflict, match="已由boss于 .* 已批准，不能再审批"):
        ctx.call(approvals.approve, user=deputy, request_id=asked.id, today=date(2026, 11, 12))
    with pytest.raises(VersionConflict, match="已批准"):
        ctx.call(approvals.refuse, user=deputy, request_id=asked.id, reason="不同意", today=date(2026, 11, 12))
    with pytest.raises(VersionConflict):
        ctx.call(approvals.withdraw, user=clerk, request_id=asked.id, today=date(2026, 11, 12))
    kinds = [k for k, _w, _n in _events(ctx, boss, case_id)]
    assert kinds.count(EventKind.EXTENDED) == 1 and EventKind.APPROVAL_REFUSED not in kinds


def test_the_status_claim_in_sql_stops_a_second_decider_who_read_it_pending(ctx, institute) -> None:  # noqa: ANN001
    """Two supervisors read the request pending at once: the second's UPDATE finds it decided."""
    from hrss_disputes.services.approvals import _claim

    office, clerk, boss, case_id = institute
    asked = _request(ctx, clerk, case_id)
    with ctx.db.session() as first, ctx.db.session() as second:
        row1, row2 = first.get(ApprovalRequest, asked.id), second.get(ApprovalRequest, asked.id)
        assert row1.status == row2.status == "pending"
        _claim(first, row1, boss, ApprovalStatus.REFUSED, note="不同意")
        first.commit()
        with pytest.raises(VersionConflict, match="不予批准"):
            _claim(second, row2, boss, ApprovalStatus.APPROVED)


# ---------------------------------------------------------------- offices


def test_another_offices_supervisor_neither_sees_nor_decides(ctx, admin, institute) -> None:  # noqa: ANN001
    _office, clerk, boss, case_id = institute
    other = ctx.call(offices.create_office, user=admin, code="GY", name="肇庆市高要区劳动人事争议仲裁院",
                     kind=OfficeKind.INSTITUTE, parent_id=admin.office_id, city="肇庆")
    stranger = make_user(ctx, "stranger", Role.SUPERVISOR, other)
    city = make_user(ctx, "city", Role.SUPERVISOR, admin.office_id)  # the city institute above both
    asked = _request(ctx, clerk, case_id)
    assert ctx.call(approvals.approval_queue, user=stranger) == []
    assert [q.id for q in ctx.call(approvals.approval_queue, user=city)] == [asked.id]  # its sub-office's
    for call, extra in ((approvals.approve, {}), (approvals.refuse, {"reason": "不同意"})):
        with pytest.raises(PermissionDenied, match="不属于您所在机构"):
            ctx.call(call, user=stranger, request_id=asked.id, today=date(2026, 11, 12), **extra)
    with pytest.raises(PermissionDenied, match="不属于您所在机构"):
        ctx.call(approvals.case_requests, user=stranger, case_id=case_id)
    stranger_clerk = make_user(ctx, "clerk2", Role.CLERK, other)
    with pytest.raises(PermissionDenied, match="不属于您所在机构"):
        _request(ctx, stranger_clerk, case_id, action="suspend", ground="6")
    with pytest.raises(NotFound):
        ctx.call(approvals.approve, user=boss, request_id=case_id, today=date(2026, 11, 12))
    assert [q.id for q in ctx.call(approvals.approval_queue, user=boss)] == [asked.id]


def test_a_supervisor_decides_only_for_the_families_the_office_handles(ctx, admin) -> None:  # noqa: ANN001
    """An inspection unit under the city institute: the institute's supervisor sees the unit's
    complaints but takes no complaint steps, so its requests are not in his queue; the unit's own
    supervisor decides them."""
    from hrss_disputes.services import complaints
    from tests.services.test_complaints import site_complaint

    unit = ctx.call(offices.create_office, name="肇庆市端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                    parent_id=admin.office_id, city="肇庆", code="DZJC")
    inspector = make_user(ctx, "zhou", Role.INSPECTOR, unit)
    lead = make_user(ctx, "lead", Role.SUPERVISOR, unit)
    city = make_user(ctx, "city", Role.SUPERVISOR, admin.office_id)
    ctx.actor = inspector
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(unit, received_on=date(2026, 11, 2)),
                       today=date(2026, 11, 2))
    _act(ctx, case_id, "file", date(2026, 11, 3))
    asked = _request(ctx, inspector, case_id, action="extend_investigation", on=date(2026, 11, 4), days=20,
                     reason="涉及人数众多")
    assert ctx.call(approvals.approval_queue, user=city) == []
    assert ctx.call(approvals.may_approve, user=city) and ctx.call(approvals.may_approve, user=lead)
    assert not ctx.call(approvals.may_approve, user=inspector)
    with pytest.raises(PermissionDenied, match="不办理欠薪投诉"):
        ctx.call(approvals.approve, user=city, request_id=asked.id, today=date(2026, 11, 5))
    queue = ctx.call(approvals.approval_queue, user=lead, today=date(2026, 11, 5))
    assert [(q.id, q.clock_label) for q in queue] == [(asked.id, queue[0].clock_label)] and queue[0].clock_due
    ctx.call(approvals.approve, user=lead, request_id=asked.id, today=date(2026, 11, 5))
    assert _events(ctx, lead, case_id)[-1][2].startswith("经zhou申请，lead批准；延长工作日：20")
    with pytest.raises(PermissionDenied):
        ctx.call(approvals.approval_queue, user=inspector)


def test_the_demo_has_requests_waiting_in_each_institutes_queue(db) -> None:  # noqa: ANN001
    """services.demo: a new user sees the queue working; the requests went through the service's
    checks, so each can be approved on the demo's day."""
    from hrss_disputes.models.office import AppUser, Office
    from hrss_disputes.services.context import ServiceContext, actor_of
    from hrss_disputes.services.demo import load_demo

    today = date(2026, 11, 21)
    with db.session() as s:
        load_demo(session=s, cases=400, seed=7, today=today)
        boss = actor_of(s.scalars(select(AppUser).join(Office, Office.id == AppUser.office_id).where(
            AppUser.role == Role.SUPERVISOR, Office.code == "ZQ")).one())
    ctx = ServiceContext(db, boss)
    queue = ctx.call(approvals.approval_queue, today=today)
    assert queue and {q.action for q in queue} <= {"extend_award", "suspend"} and len(queue) <= 2
    assert all(q.case_number.startswith("肇劳人仲案字") and q.clock_due >= today for q in queue)
    ctx.call(approvals.approve, request_id=queue[0].id, today=today)
    assert len(ctx.call(approvals.approval_queue, today=today)) == len(queue) - 1
