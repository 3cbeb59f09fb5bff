"""Issue 19 fix round, point 4.3: a request that can no longer be approved — its case closed, or
its state no longer allows the step — reads 已失效 with why in the queue (worked out as it is
read), and the supervisor clears it in one click, recorded like a withdrawal and audited; a
request that can still be approved is not cleared."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from hrss_disputes.models.audit import AuditEntry
from hrss_disputes.models.enums import ApprovalStatus, EventKind
from hrss_disputes.services import approvals, cases
from hrss_disputes.services.errors import PermissionDenied, ValidationFailed
from tests.services.test_approvals import _act, _request
from tests.services.test_approvals import institute as institute  # noqa: F401  (the fixture)


def test_a_request_on_a_closed_case_is_stale_and_cleared(ctx, institute) -> None:  # noqa: ANN001, F811
    _office, clerk, boss, case_id = institute
    asked = _request(ctx, clerk, case_id)
    assert ctx.call(approvals.approval_queue, user=boss, today=date(2026, 11, 10))[0].stale == ""
    with pytest.raises(PermissionDenied):  # still approvable: decided, not cleared
        ctx.call(approvals.clear_stale, user=boss, request_id=asked.id, today=date(2026, 11, 11))
    ctx.actor = clerk
    _act(ctx, case_id, "withdraw", date(2026, 11, 11))
    queued = ctx.call(approvals.approval_queue, user=boss, today=date(2026, 11, 12))
    assert [(q.id, q.stale) for q in queued] == [(asked.id, "案件已撤回")]
    with pytest.raises(PermissionDenied):  # the requester withdraws; the clerk does not clear
        ctx.call(approvals.clear_stale, user=clerk, request_id=asked.id, today=date(2026, 11, 12))
    with pytest.raises(ValidationFailed):  # its 备注 would be dated before the request
        ctx.call(approvals.clear_stale, user=boss, request_id=asked.id, today=date(2026, 11, 9))
    cleared = ctx.call(approvals.clear_stale, user=boss, request_id=asked.id, today=date(2026, 11, 12))
    assert cleared.status is ApprovalStatus.WITHDRAWN and cleared.decided_by_name == "boss"
    assert cleared.decision_note == f"已失效：{queued[0].stale}"
    assert ctx.call(approvals.approval_queue, user=boss, today=date(2026, 11, 12)) == []
    note = ctx.call(cases.get_case, user=boss, case_id=case_id).events[-1]
    assert (note.kind, note.user_name) == (EventKind.NOTE, "boss")
    assert note.note == f"2026-11-10 提出的延期审理审批申请已失效（{queued[0].stale}），予以清除"
    with ctx.db.session() as s:
        assert "approval_cleared" in s.scalars(select(AuditEntry.action).where(AuditEntry.entity_id == asked.id)).all()


def test_a_request_the_state_no_longer_allows_is_stale(ctx, institute) -> None:  # noqa: ANN001, F811
    _office, clerk, boss, case_id = institute
    asked = _request(ctx, clerk, case_id, action="suspend", ground="6")
    ctx.actor = boss
    _act(ctx, case_id, "suspend", date(2026, 11, 11), ground="6")  # suspended meanwhile, directly
    stale = ctx.call(approvals.approval_queue, user=boss, today=date(2026, 11, 12))[0].stale
    assert stale == "案件当前状态为“中止”，不能办理“中止审理（审批）”"  # the state's own words (why_not)
    assert ctx.call(approvals.clear_stale, user=boss, request_id=asked.id, today=date(2026, 11, 12)).status \
        is ApprovalStatus.WITHDRAWN
