"""Issue 19 fix round, points 4.3–4.4 in the window: the requester's case says what became of their
request (不予批准 with its reason); a request that can no longer be approved reads 已失效 with why
in the supervisor's 待审批 and is cleared there in one click."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from hrss_disputes.models.enums import Role
from hrss_disputes.services import approvals, cases, workflow
from hrss_disputes.ui.approvals import ApprovalQueue
from hrss_disputes.ui.case_view import CaseView
from tests.factories import arbitration_input, make_user

SHOTS = Path("/tmp/shots19")
TODAY = date.today()


def _accepted(ctx, clerk, office) -> object:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, user=clerk, data=arbitration_input(office, received_on=TODAY - timedelta(days=4)))
    ctx.call(workflow.perform_action, user=clerk, case_id=case_id, expected_version=1, action="accept",
             occurred_on=TODAY - timedelta(days=3), values={}, today=TODAY)
    return case_id


def test_the_requester_is_told_and_a_stale_request_is_cleared(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    office = admin.office_id
    clerk = make_user(ctx, "lin", Role.CLERK, office)
    boss = make_user(ctx, "boss", Role.SUPERVISOR, office)
    refused_case, closed_case = _accepted(ctx, clerk, office), _accepted(ctx, clerk, office)
    asked = ctx.call(approvals.request_approval, user=clerk, case_id=refused_case, action="suspend", values={"ground": "6"})
    ctx.call(approvals.refuse, user=boss, request_id=asked.id, reason="鉴定结论已作出，无须中止")

    # the clerk opens her case: what became of her request, with the reason
    ctx.actor = clerk
    view = CaseView(ctx, refused_case)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    assert view.pending.isVisible() and view.pending.title() == "审批结果"
    said = " ".join(w.text() for w in view.pending.findChildren(QLabel))
    assert f"<b>中止审理</b>：您 {TODAY.isoformat()} 的申请，boss {TODAY.isoformat()} 不予批准。理由：鉴定结论已作出，无须中止" in said
    view.grab().save(str(SHOTS / "fix4_told.png"))

    # a request whose case is closed meanwhile: 已失效 in the queue, cleared in one click
    ctx.call(approvals.request_approval, user=clerk, case_id=closed_case, action="extend_award",
             values={"days": 10, "reason": "案情复杂"})
    d = ctx.call(cases.get_case, user=clerk, case_id=closed_case)
    ctx.call(workflow.perform_action, user=clerk, case_id=closed_case, expected_version=d.version, action="withdraw",
             occurred_on=TODAY, values={}, today=TODAY)
    ctx.actor = boss
    queue = ApprovalQueue(ctx)
    qtbot.addWidget(queue)
    queue.resize(1366, 300)
    queue.show()
    queue.refresh()
    assert queue.table.rowCount() == 1
    assert queue.table.item(0, 3).text() == "【已失效：案件已撤回】延长天数：10；理由：案情复杂"
    queue.table.selectRow(0)
    assert queue.clear_btn.isEnabled() and not queue.approve_btn.isEnabled() and not queue.refuse_btn.isEnabled()
    queue.grab().save(str(SHOTS / "fix4_stale_queue.png"))
    qtbot.mouseClick(queue.clear_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: queue.table.rowCount() == 0, timeout=5000)
    note = ctx.call(cases.get_case, case_id=closed_case).events[-1].note
    assert note == f"{TODAY.isoformat()} 提出的延期审理审批申请已失效（案件已撤回），予以清除"
