"""Approvals where the approver sits (待审批): a clerk or arbitrator asks for a step only a
supervisor takes (中止, 延期 …, domain.approvals), the supervisor approves it from their own
window or refuses it with a reason, and the requester may withdraw it meanwhile.

A request is checked as recording the step would be on the day it is made (the same
workflow._field_checks), and approving records the step through workflow.perform_action as the
supervisor's, dated the approval day, which must pass the same checks again (a period that ran
out meanwhile is not extended). Each request and decision is on the timeline and in the audit
trail; every read and write keeps to the offices the person may see, and a supervisor decides
only for the families their office handles.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select, update
from sqlmodel import Session

from ..domain import approvals as rules
from ..domain.event_notes import event_note
from ..domain.validators import text_length_error
from ..domain.workflows import APPROVERS, Action, find_action, why_not
from ..models.approval import ApprovalRequest
from ..models.case import CaseEvent, DisputeCase
from ..models.enums import (
    OPEN_STATUSES,
    ApprovalStatus,
    CaseFamily,
    CaseStatus,
    EventKind,
    Procedure,
)
from ..models.office import AppUser, Office
from ..models.types import utcnow
from . import audit, award_life, workflow
from .access import office_acts_on, require_office_for
from .cases import _load_case
from .clocks import Clocks
from .context import Actor
from .errors import NotFound, PermissionDenied, ValidationFailed, VersionConflict
from .offices import visible_office_ids

PENDING = ApprovalStatus.PENDING.value


@dataclass(frozen=True)
class ApprovalView:
    """One request as the queue, the case view and the requester see it."""

    id: uuid.UUID
    case_id: uuid.UUID
    case_number: str
    parties: str  # 申请人 v 被申请人
    office_name: str
    action: str
    step: str  # the step's label (延期审理（审批）)
    values_text: str  # what was asked, in the step's words
    status: ApprovalStatus
    requested_by: uuid.UUID
    requested_by_name: str
    requested_at: datetime
    requested_on: date
    clock_label: str  # the clock the step affects ("" when none)
    clock_due: date | None
    decided_by_name: str
    decided_at: datetime | None
    decision_note: str
    # the step an approval recorded as it stands now: re-dated (更正日期), the step on its new date;
    # None when none was recorded, or it was struck out (撤销此步骤) after the approval
    event_id: uuid.UUID | None = None
    step_struck: bool = False
    # a pending request that can no longer be approved (the case closed, or its state no longer
    # allows the step): why; the queue shows it 已失效 and the supervisor clears it (clear_stale)
    stale: str = ""

    @property
    def status_text(self) -> str:
        """The status as shown: an approval whose step was struck out says so."""
        if self.status is ApprovalStatus.APPROVED and self.step_struck:
            return f"{self.status.label}（步骤已撤销）"
        return self.status.label


@dataclass(frozen=True)
class Requestable:
    """A step of the case that needs approval, as the requester's case view offers it: ``why``
    says why it cannot be asked for now (a request already pending), None when it can."""

    action: Action
    why: str | None
    pending: ApprovalView | None


# ---------------------------------------------------------------- reading


def _names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return dict(session.execute(select(AppUser.id, AppUser.display_name).where(AppUser.id.in_(ids))).all())


def _views(session: Session, rows: list[ApprovalRequest], today: date) -> list[ApprovalView]:
    names = _names(session, {r.requested_by for r in rows} | {r.decided_by for r in rows if r.decided_by})
    cases = {c.id: c for c in session.scalars(select(DisputeCase).where(DisputeCase.id.in_({r.case_id for r in rows})))}
    offices = dict(session.execute(select(Office.id, Office.name).where(
        Office.id.in_({c.office_id for c in cases.values()}))).all()) if cases else {}
    clocks = Clocks.load(session) if rows else None
    computed: dict[uuid.UUID, list] = {}
    out: list[ApprovalView] = []
    for r in rows:
        case = cases[r.case_id]
        action = find_action(Procedure(case.procedure), r.action)
        values = rules.decode_values(action, json.loads(r.values or "{}")) if action is not None else {}
        clock_label, clock_due = "", None
        if (key := rules.AFFECTED_CLOCK.get(r.action)) is not None and clocks is not None:
            if case.id not in computed:
                computed[case.id] = clocks.compute(session, case, today)
            if (clock := next((d for d in computed[case.id] if d.key == key), None)) is not None:
                clock_label, clock_due = clock.label, clock.due
        parties = " 诉 ".join(filter(None, [case.applicant_names, case.respondent_names]))
        approved = r.status == ApprovalStatus.APPROVED.value
        step_id, struck = _live_step(session, r.event_id) if approved else (None, False)
        stale = _stale(session, case, action) if r.status == PENDING else ""
        out.append(ApprovalView(
            id=r.id, case_id=case.id, case_number=case.case_number or "（未编号案件）", parties=parties,
            office_name=offices.get(case.office_id, ""), action=r.action,
            step=action.label if action is not None else r.action,
            values_text=event_note(action, values) if action is not None else "",
            status=ApprovalStatus(r.status), requested_by=r.requested_by,
            requested_by_name=names.get(r.requested_by, ""), requested_at=r.requested_at,
            requested_on=r.occurred_on, clock_label=clock_label, clock_due=clock_due,
            decided_by_name=names.get(r.decided_by, "") if r.decided_by else "", decided_at=r.decided_at,
            decision_note=r.decision_note, event_id=step_id, step_struck=struck, stale=stale))
    return out


def _stale(session: Session, case: DisputeCase, action: Action | None) -> str:
    """Why a pending request can no longer be approved, worked out as it is read (a case reopened
    by a 更正 makes it approvable again); "" while it can."""
    if action is None:
        return "该程序已没有此项操作"
    status = CaseStatus(case.status)
    if status not in OPEN_STATUSES:
        return f"案件已{status.label}"
    blocks = {**award_life.blocked(session, case), **workflow._blocks(session, case)}
    return _state_refusal(case, action, blocks) or ""


def _live_step(session: Session, event_id: uuid.UUID | None) -> tuple[uuid.UUID | None, bool]:
    """The step an approval recorded as the corrections left it: (its live id, struck out). A
    re-dated step is followed to its replacement (the 更正 event names it)."""
    event = session.get(CaseEvent, event_id) if event_id is not None else None
    while event is not None and event.corrected_by is not None:
        correction = session.get(CaseEvent, event.corrected_by)
        data = json.loads(correction.data) if correction is not None and correction.data else {}
        if not data.get("replacement"):
            return None, True
        event = session.get(CaseEvent, uuid.UUID(data["replacement"]))
    return (event.id if event is not None else None), False


def may_approve(*, session: Session, user: Actor) -> bool:
    """Whether this user has an approval queue: an approver whose office handles some family."""
    return user.role in APPROVERS and any(office_acts_on(session, user, f) is None for f in CaseFamily)


def approval_queue(*, session: Session, user: Actor, today: date | None = None) -> list[ApprovalView]:
    """The pending requests this supervisor may decide, oldest first: of the cases of their office
    and its sub-offices, of the families their office handles."""
    if user.role not in APPROVERS:
        raise PermissionDenied(f"待审批事项由{'、'.join(r.label for r in APPROVERS)}处理，您的角色是{user.role.label}")
    families = [f.value for f in CaseFamily if office_acts_on(session, user, f) is None]
    query = (select(ApprovalRequest).join(DisputeCase, DisputeCase.id == ApprovalRequest.case_id)
             .where(ApprovalRequest.status == PENDING, DisputeCase.family.in_(families))
             .order_by(ApprovalRequest.requested_at))
    if (ids := visible_office_ids(session, user)) is not None:
        query = query.where(DisputeCase.office_id.in_(ids))
    return _views(session, list(session.scalars(query)), today or date.today())


def may_decide(*, session: Session, user: Actor, case_id: uuid.UUID) -> bool:
    """Whether this user decides the case's requests (the case view offers 批准 there too)."""
    case = _load_case(session, user, case_id)
    return user.role in APPROVERS and office_acts_on(session, user, case.family) is None


def case_requests(*, session: Session, user: Actor, case_id: uuid.UUID,
                  today: date | None = None) -> list[ApprovalView]:
    """The case's pending requests (the case view shows them)."""
    _load_case(session, user, case_id)
    rows = session.scalars(select(ApprovalRequest).where(ApprovalRequest.case_id == case_id,
                                                         ApprovalRequest.status == PENDING)
                           .order_by(ApprovalRequest.requested_at))
    return _views(session, list(rows), today or date.today())


def case_approvals(*, session: Session, user: Actor, case_id: uuid.UUID,
                   today: date | None = None) -> list[ApprovalView]:
    """Every request of the case, decided, withdrawn and pending, in the order asked: what became
    of each (an approval whose step was struck out reads 已批准（步骤已撤销）)."""
    _load_case(session, user, case_id)
    rows = session.scalars(select(ApprovalRequest).where(ApprovalRequest.case_id == case_id)
                           .order_by(ApprovalRequest.requested_at))
    return _views(session, list(rows), today or date.today())


def requestable(*, session: Session, user: Actor, case_id: uuid.UUID) -> list[Requestable]:
    """The steps needing approval this user may ask for on the case now (its state allows them),
    each with why not when one is pending already."""
    case = _load_case(session, user, case_id)
    procedure = Procedure(case.procedure)
    if office_acts_on(session, user, case.family) is not None:
        return []
    pending = {v.action: v for v in case_requests(session=session, user=user, case_id=case_id)}
    blocks = {**award_life.blocked(session, case), **workflow._blocks(session, case)}
    out: list[Requestable] = []
    for action in rules.approval_actions(procedure):
        if rules.request_refusal(procedure, action, user.role) is not None:
            continue
        if action.key not in pending and _state_refusal(case, action, blocks) is not None:
            continue
        p = pending.get(action.key)
        why = (f"已于 {p.requested_on.isoformat()} 由{p.requested_by_name}申请，待审批" if p is not None else None)
        out.append(Requestable(action, why, p))
    return out


# ---------------------------------------------------------------- writing


def _state_refusal(case: DisputeCase, action: Action, blocks: dict[str, str] | None = None) -> str | None:
    """Why the case's state keeps the step from being taken now (as perform_action would say)."""
    status = CaseStatus(case.status)
    if status not in action.from_states:
        return why_not(action, status, next(iter(APPROVERS)))
    return workflow._guard(case, action, blocks or {})


def _action(case: DisputeCase, key: str) -> Action:
    found = find_action(Procedure(case.procedure), key)
    if found is None:
        raise PermissionDenied(f"“{Procedure(case.procedure).label}”程序没有此项操作")
    return found


def request_approval(*, session: Session, user: Actor, case_id: uuid.UUID, action: str,
                     values: dict | None = None, today: date | None = None) -> ApprovalView:
    """申请审批: checked as recording the step would be today, and refused the same way; one
    pending request per case and step."""
    today = today or date.today()
    values = dict(values or {})
    case = _load_case(session, user, case_id)
    found = _action(case, action)
    if (reason := rules.request_refusal(Procedure(case.procedure), found, user.role)) is not None:
        raise PermissionDenied(reason)
    require_office_for(session, user, case.family)
    blocks = {**award_life.blocked(session, case), **workflow._blocks(session, case)}
    if (reason := _state_refusal(case, found, blocks)) is not None:
        raise PermissionDenied(reason)
    if (pending := _pending(session, case.id, found.key)) is not None:
        who = _names(session, {pending.requested_by}).get(pending.requested_by, "")
        raise PermissionDenied(f"本案已有待审批的“{rules.step_name(found)}”申请（{who} "
                               f"{pending.occurred_on.isoformat()} 提出），请等待审批，或由申请人撤回后重新申请")
    errors = workflow._field_checks(session, case, found, values, today, Clocks.load(session), today)
    if errors:
        raise ValidationFailed(errors)
    event = CaseEvent(case_id=case.id, kind=EventKind.APPROVAL_REQUESTED, occurred_on=today, user_id=user.id,
                      note=rules.request_note(found, values),
                      data=json.dumps({"action": found.key}, ensure_ascii=False))
    session.add(event)
    session.flush()
    row = ApprovalRequest(case_id=case.id, action=found.key, occurred_on=today,
                          values=json.dumps(workflow._json_ready(values), ensure_ascii=False),
                          requested_by=user.id, request_event_id=event.id)
    session.add(row)
    session.flush()
    audit.record(session, user_id=user.id, entity="approval_request", entity_id=row.id, case_id=case.id,
                 action="approval_requested", after={**audit.snapshot(row), "note": event.note})
    session.commit()
    return _views(session, [row], today)[0]


def _pending(session: Session, case_id: uuid.UUID, action: str) -> ApprovalRequest | None:
    return session.scalars(select(ApprovalRequest).where(
        ApprovalRequest.case_id == case_id, ApprovalRequest.action == action,
        ApprovalRequest.status == PENDING).limit(1)).first()


def _load_request(session: Session, user: Actor, request_id: uuid.UUID) -> tuple[ApprovalRequest, DisputeCase]:
    row = session.get(ApprovalRequest, request_id)
    if row is None:
        raise NotFound("找不到该审批申请")
    return row, _load_case(session, user, row.case_id)  # another office's: refused as its case is


def _decided_error(session: Session, row: ApprovalRequest) -> VersionConflict:
    """The request was decided (or withdrawn) meanwhile: said with who and when."""
    session.rollback()
    session.refresh(row)
    status = ApprovalStatus(row.status)
    by = row.decided_by or row.requested_by
    who = _names(session, {by}).get(by, "")
    when = row.decided_at.astimezone().strftime("%Y-%m-%d %H:%M") if row.decided_at else ""
    return VersionConflict(f"该申请已由{who}于 {when} {status.label}，不能再审批。请刷新待审批列表。")


def _claim(session: Session, row: ApprovalRequest, user: Actor, status: ApprovalStatus,
           note: str = "", event_id: uuid.UUID | None = None) -> None:
    """Move the request from pending in SQL, so that two deciders cannot both win."""
    result = session.execute(
        update(ApprovalRequest).where(ApprovalRequest.id == row.id, ApprovalRequest.status == PENDING)
        .values(status=status.value, decided_by=user.id, decided_at=utcnow(), decision_note=note, event_id=event_id)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        raise _decided_error(session, row)


def _require_decider(session: Session, user: Actor, row: ApprovalRequest, case: DisputeCase) -> Action:
    found = _action(case, row.action)
    if user.role not in found.roles:
        who = "、".join(r.label for r in APPROVERS)
        raise PermissionDenied(f"“{found.label}”由{who}审批，您的角色是{user.role.label}")
    require_office_for(session, user, case.family)
    if row.status != PENDING:
        raise _decided_error(session, row)
    return found


def _not_before_request(row: ApprovalRequest, today: date) -> None:
    if today < row.occurred_on:
        raise ValidationFailed({"occurred_on": f"审批日期不能早于申请日期 {row.occurred_on.isoformat()}"})


def approve(*, session: Session, user: Actor, request_id: uuid.UUID, today: date | None = None) -> ApprovalView:
    """批准: the step recorded as the approver's, dated today, through perform_action and its
    checks; refused with their reasons (the request stays pending)."""
    today = today or date.today()
    row, case = _load_request(session, user, request_id)
    found = _require_decider(session, user, row, case)
    _not_before_request(row, today)
    requester = _names(session, {row.requested_by}).get(row.requested_by, "")
    before = audit.snapshot(row)

    def mark(event: CaseEvent) -> str:
        _claim(session, row, user, ApprovalStatus.APPROVED, event_id=event.id)
        audit.record(session, user_id=user.id, entity="approval_request", entity_id=row.id, case_id=case.id,
                     action="approval_approved", before=before,
                     after={"status": ApprovalStatus.APPROVED.value, "decided_by": user.id, "event_id": event.id})
        return rules.approved_note(requester, user.display_name)

    values = rules.decode_values(found, json.loads(row.values or "{}"))
    try:
        workflow.perform_action(session=session, user=user, case_id=case.id, expected_version=case.version,
                                action=found.key, occurred_on=today, values=values, today=today, approval=mark)
    except Exception:
        session.rollback()
        raise
    session.refresh(row)
    return _views(session, [row], today)[0]


def refuse(*, session: Session, user: Actor, request_id: uuid.UUID, reason: str,
           today: date | None = None) -> ApprovalView:
    """不予批准, with its reason, on the timeline (APPROVAL_REFUSED)."""
    today = today or date.today()
    row, case = _load_request(session, user, request_id)
    found = _require_decider(session, user, row, case)
    if reason is not None and not isinstance(reason, str):  # the service API: typed text only
        raise ValidationFailed({"reason": "不予批准的理由须为文字"})
    if not (reason or "").strip():
        raise ValidationFailed({"reason": "请填写不予批准的理由"})
    if msg := text_length_error(reason, what="不予批准的理由"):
        raise ValidationFailed({"reason": msg})
    _not_before_request(row, today)
    requester = _names(session, {row.requested_by}).get(row.requested_by, "")
    before = audit.snapshot(row)
    event = CaseEvent(case_id=case.id, kind=EventKind.APPROVAL_REFUSED, occurred_on=today, user_id=user.id,
                      note=rules.refused_note(found, requester, row.occurred_on, reason),
                      data=json.dumps({"action": found.key, "request": row.id.hex}, ensure_ascii=False))
    session.add(event)
    session.flush()
    _claim(session, row, user, ApprovalStatus.REFUSED, note=reason.strip(), event_id=event.id)
    audit.record(session, user_id=user.id, entity="approval_request", entity_id=row.id, case_id=case.id,
                 action="approval_refused", before=before,
                 after={"status": ApprovalStatus.REFUSED.value, "decided_by": user.id, "reason": reason.strip(),
                        "event_id": event.id})
    session.commit()
    session.refresh(row)
    return _views(session, [row], today)[0]


def withdraw(*, session: Session, user: Actor, request_id: uuid.UUID, today: date | None = None) -> ApprovalView:
    """撤回: the requester takes back a request still pending (a 备注 on the timeline says so)."""
    today = today or date.today()
    row, case = _load_request(session, user, request_id)
    if row.requested_by != user.id:
        raise PermissionDenied("只有提出申请的人可以撤回该审批申请")
    if row.status != PENDING:
        raise _decided_error(session, row)
    found = _action(case, row.action)
    before = audit.snapshot(row)
    event = CaseEvent(case_id=case.id, kind=EventKind.NOTE, occurred_on=today, user_id=user.id,
                      note=rules.withdrawn_note(found, row.occurred_on),
                      data=json.dumps({"action": found.key, "request": row.id.hex}, ensure_ascii=False))
    session.add(event)
    session.flush()
    _claim(session, row, user, ApprovalStatus.WITHDRAWN, event_id=event.id)
    audit.record(session, user_id=user.id, entity="approval_request", entity_id=row.id, case_id=case.id,
                 action="approval_withdrawn", before=before,
                 after={"status": ApprovalStatus.WITHDRAWN.value, "event_id": event.id})
    session.commit()
    session.refresh(row)
    return _views(session, [row], today)[0]


def clear_stale(*, session: Session, user: Actor, request_id: uuid.UUID, today: date | None = None) -> ApprovalView:
    """清除失效申请: the supervisor who would decide it closes a request that can no longer be
    approved (its case closed, or its state no longer allows the step), in one click: recorded as
    a withdrawal with the reason (a 备注 on the timeline, the request's decision note), audited.
    A request that can still be approved is decided, not cleared."""
    today = today or date.today()
    row, case = _load_request(session, user, request_id)
    found = _require_decider(session, user, row, case)
    if not (why := _stale(session, case, found)):
        raise PermissionDenied("该申请仍可审批：请批准或不予批准，不能作为失效申请清除")
    _not_before_request(row, today)  # its 备注 is dated today: never before the request
    before = audit.snapshot(row)
    event = CaseEvent(case_id=case.id, kind=EventKind.NOTE, occurred_on=today, user_id=user.id,
                      note=rules.cleared_note(found, row.occurred_on, why),
                      data=json.dumps({"action": found.key, "request": row.id.hex}, ensure_ascii=False))
    session.add(event)
    session.flush()
    _claim(session, row, user, ApprovalStatus.WITHDRAWN, note=f"已失效：{why}", event_id=event.id)
    audit.record(session, user_id=user.id, entity="approval_request", entity_id=row.id, case_id=case.id,
                 action="approval_cleared", before=before,
                 after={"status": ApprovalStatus.WITHDRAWN.value, "decided_by": user.id, "reason": why,
                        "event_id": event.id})
    session.commit()
    session.refresh(row)
    return _views(session, [row], today)[0]
