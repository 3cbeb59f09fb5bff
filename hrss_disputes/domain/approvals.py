"""Steps that need a supervisor's approval (审批), asked for by the staff who work the case.

Which steps: those of domain.workflows whose only role is the approver (APPROVERS: 中止审理（审批）,
延期审理（审批）, 延长审查期限（审批）, 挂牌督办 …), read from the tables, never listed here. Who may
ask: the roles that take the procedure's other steps (an arbitration's arbitrators and clerks, a
complaint's inspectors, a township's mediators), the approver excepted, who takes the step
himself. The words of the timeline (申请…, 经…申请，…批准) are said here too.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from ..models.enums import Procedure, Role
from .event_notes import event_note
from .workflows import APPROVERS, EVERYONE_ON_CASES, EXTENDS, WORKFLOWS, Action

# the clock a request affects, shown to the approver beside its due date: the one an extension
# lengthens; the award period, which a suspension stops (仲裁规则第四十七条)
AFFECTED_CLOCK: dict[str, str] = {**EXTENDS, "suspend": "award"}


# steps only the approver takes that answer a request the staff have already recorded on the case:
# that request reaches the approver by itself (a 回避申请 is listed in 待审批 as its own kind of row,
# services.tribunal.recusal_queue), so nobody asks for them through 申请审批
ANSWERS_A_REQUEST: dict[str, str] = {"decide_recusal": "回避申请"}


def needs_approval(action: Action) -> bool:
    """A step only the approver takes: the staff ask for it (申请审批) instead."""
    return action.roles == APPROVERS and action.key not in ANSWERS_A_REQUEST


def approval_actions(procedure: Procedure) -> tuple[Action, ...]:
    return tuple(a for a in WORKFLOWS[procedure] if needs_approval(a))


def requester_roles(procedure: Procedure) -> frozenset[Role]:
    """Who may ask for the procedure's approvals: the roles of its other steps (not the 备注 open
    to everyone), the approver excepted."""
    roles: frozenset[Role] = frozenset()
    for a in WORKFLOWS[procedure]:
        if not needs_approval(a) and a.roles != EVERYONE_ON_CASES:
            roles |= a.roles
    return roles - APPROVERS


def request_refusal(procedure: Procedure, action: Action, role: Role) -> str | None:
    """Why a person of ``role`` may not ask for ``action`` on a case of ``procedure``; None when they may."""
    if (request := ANSWERS_A_REQUEST.get(action.key)) is not None:
        return f"“{action.label}”无须申请审批：已登记的{request}自动列入领导的“待审批”"
    if not needs_approval(action):
        return f"“{action.label}”不需要审批，请直接办理"
    if role in APPROVERS:
        return f"“{action.label}”由您直接办理，无须申请审批"
    roles = requester_roles(procedure)
    if role not in roles:
        who = "、".join(r.label for r in Role if r in roles)
        return f"“{action.label}”的审批申请由{who}提出，您的角色是{role.label}"
    return None


def step_name(action: Action) -> str:
    """The step without its （审批） mark: 延期审理（审批） → 延期审理."""
    return re.sub(r"（审批）$", "", action.label)


def request_note(action: Action, values: Mapping[str, Any]) -> str:
    """The 说明 of 申请审批: what was asked ("申请延期审理：延长天数：15；理由：…")."""
    said = event_note(action, values)
    return f"申请{step_name(action)}" + (f"：{said}" if said else "")


def approved_note(requester: str, approver: str) -> str:
    """Put before the approved step's own words: who asked and who approved."""
    return f"经{requester}申请，{approver}批准"


def refused_note(action: Action, requester: str, requested_on: date, reason: str) -> str:
    return f"不予批准{requester} {requested_on.isoformat()} 提出的{step_name(action)}申请；理由：{reason.strip()}"


def withdrawn_note(action: Action, requested_on: date) -> str:
    return f"撤回 {requested_on.isoformat()} 提出的{step_name(action)}审批申请"


def cleared_note(action: Action, requested_on: date, why: str) -> str:
    """A request that can no longer be approved, cleared by the supervisor (recorded as withdrawn)."""
    return f"{requested_on.isoformat()} 提出的{step_name(action)}审批申请已失效（{why}），予以清除"


def decode_values(action: Action, stored: Mapping[str, Any]) -> dict[str, Any]:
    """The request's values as the step's form gives them (a date field back to a date)."""
    out = dict(stored)
    for f in action.fields:
        if f.type == "date" and isinstance(out.get(f.name), str):
            with contextlib.suppress(ValueError):  # else the step's own checks name it at its field
                out[f.name] = date.fromisoformat(out[f.name])
    return out
