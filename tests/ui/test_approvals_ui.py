"""Acceptance of issue 19 point 7: an approval requested by a clerk is approved from the
supervisor's own window (the 待审批 queue), and the timeline shows the request and the step."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPlainTextEdit, QPushButton, QSpinBox

from hrss_disputes.models.enums import CaseStatus, EventKind, Role
from hrss_disputes.services import accounts, approvals, cases, offices, workflow
from hrss_disputes.services.context import Actor, ServiceContext
from hrss_disputes.ui.approvals import DecisionDialog, RequestApprovalDialog
from hrss_disputes.ui.login import LoginDialog
from tests.factories import TEST_PASSWORD, arbitration_input
from tests.ui.modal import when_modal
from tests.ui.typing import type_text

SHOTS = Path("/tmp/shots19")
PASSWORD = "Shenpi2026ok"
TODAY = date.today()  # the window dates a request and an approval today


def _staff(ctx, username: str, name: str, role: Role, office) -> Actor:  # noqa: ANN001
    admin = ctx.call(offices.first_admin)
    uid = ctx.call(accounts.create_account, user=admin, username=username, display_name=name, role=role,
                   office_id=office, password=TEST_PASSWORD)
    actor = ctx.call(offices.get_actor, user_id=uid)
    ctx.call(accounts.change_password, user=actor, old_password=TEST_PASSWORD, new_password=PASSWORD)
    return actor


def _accepted_case(ctx, clerk, office, number: str, applicant: str) -> object:  # noqa: ANN001
    from hrss_disputes.services.parties import PartyInput

    data = arbitration_input(office, case_number=number, received_on=TODAY - timedelta(days=4),
                             applicants=[PartyInput(name=applicant)])
    case_id = ctx.call(cases.create_case, user=clerk, data=data)
    d = ctx.call(cases.get_case, user=clerk, case_id=case_id)
    ctx.call(workflow.perform_action, user=clerk, case_id=case_id, expected_version=d.version, action="accept",
             occurred_on=TODAY - timedelta(days=3), values={}, today=TODAY)
    return case_id


def _sign_in_as(qtbot, window, username: str) -> None:  # noqa: ANN001
    def sign_in(dlg: LoginDialog) -> None:
        dlg.username.setText(username)
        type_text(dlg.password, PASSWORD)
        dlg.sign_in()

    when_modal(LoginDialog, sign_in)
    window.switch_user()
    qtbot.waitUntil(lambda: window.ctx.actor.username == username, timeout=5000)
    qtbot.wait(50)


def _timeline(view) -> list[tuple[str, str, str]]:  # noqa: ANN001
    t = view.events
    return [(t.item(r, 1).text(), t.item(r, 2).text(), t.item(r, 3).text()) for r in range(t.rowCount())]


def test_a_clerks_request_is_approved_from_the_supervisors_window(qtbot, ctx, admin, window) -> None:  # noqa: ANN001
    office = admin.office_id
    clerk = _staff(ctx, "wangxm", "王晓梅", Role.CLERK, office)
    arbitrator = _staff(ctx, "liuj", "刘俊", Role.ARBITRATOR, office)
    _staff(ctx, "chenzr", "陈主任", Role.SUPERVISOR, office)
    case_id = _accepted_case(ctx, clerk, office, "肇劳人仲案字〔2026〕301号", "张三")
    # two more requests in the queue, from the arbitrator on other cases
    for number, name, action, values in (
            ("肇劳人仲案字〔2026〕302号", "李四", "suspend", {"ground": "6"}),
            ("肇劳人仲案字〔2026〕305号", "王五", "supervise", {"leader": "陈主任", "due_on": TODAY + timedelta(days=20)})):
        other = _accepted_case(ctx, arbitrator, office, number, name)
        ServiceContext(ctx.db, arbitrator).call(approvals.request_approval, case_id=other, action=action, values=values)
    assert not window.approvals.isVisible()  # the administrator approves nothing

    # the clerk signs in, opens the case and asks for 延期审理
    _sign_in_as(qtbot, window, "wangxm")
    assert not window.approvals.isVisible() and not window.approvals.toggleViewAction().isVisible()
    window.open_case(case_id)
    view = window.tabs.currentWidget()
    assert "extend_award" not in view.action_buttons  # the supervisor's step, not hers
    ask = view.action_buttons["request:extend_award"]
    assert ask.text() == "申请延期审理" and ask.isEnabled()

    def fill(dlg: RequestApprovalDialog) -> None:
        assert dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).text() == "申请审批"
        assert not dlg.day.isEnabled()  # dated the request day
        days = dlg.inputs["days"]
        assert isinstance(days, QSpinBox)
        days.setValue(15)
        dlg.save()  # refused as the step would be, at its field
        assert dlg.isVisible() and dlg.errors._fields["reason"][1].text() == "请填写理由"
        reason = dlg.inputs["reason"]
        assert isinstance(reason, QPlainTextEdit)
        type_text(reason, "需等待工伤认定结论")
        dlg.save()

    when_modal(RequestApprovalDialog, fill)
    qtbot.mouseClick(ask, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.pending.isVisible(), timeout=5000)
    ask = view.action_buttons["request:extend_award"]
    assert not ask.isEnabled() and f"已于 {TODAY.isoformat()} 由王晓梅申请，待审批" in ask.toolTip()
    assert view.pending.title() == "待审批的申请"
    assert view.pending.rows[0].findChild(type(view.title)).text().startswith(f"<b>延期审理</b>：王晓梅 {TODAY.isoformat()} 申请")
    assert ("申请审批", "王晓梅", "申请延期审理：延长天数：15；理由：需等待工伤认定结论") in _timeline(view)
    view.tabs.setCurrentWidget(view.events_page)  # 办理经过 (the timeline under its 更正… bar)
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "approval_requested.png"))

    # the supervisor signs in at her own window: the queue, with its count, of the office's requests
    _sign_in_as(qtbot, window, "chenzr")
    dock = window.approvals
    qtbot.waitUntil(dock.isVisible, timeout=5000)
    assert dock.windowTitle() == "待审批（3）"
    table = dock.queue.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    mine = next(r for r in rows if r[0] == "肇劳人仲案字〔2026〕301号")
    assert mine[1] == "张三 诉 肇庆市鼎盛建筑工程有限公司" and mine[2] == "延期审理（审批）"
    assert mine[3] == "延长天数：15；理由：需等待工伤认定结论" and mine[4] == "王晓梅"
    assert mine[6] == "审理期限" and mine[7] != "—"
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.resize(1366, 768)
    table.selectRow(rows.index(mine))
    qtbot.wait(100)
    window.grab().save(str(SHOTS / "approval_queue.png"))

    def approve(dlg: DecisionDialog) -> None:
        assert "经王晓梅申请，陈主任批准" in " ".join(w.text() for w in dlg.findChildren(type(view.title)))
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(DecisionDialog, approve)
    qtbot.mouseClick(dock.queue.approve_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.windowTitle() == "待审批（2）", timeout=5000)
    assert "肇劳人仲案字〔2026〕301号" not in [table.item(r, 0).text() for r in range(table.rowCount())]

    # the case's timeline shows the request and the step, and who made each
    dock.queue.table.clearSelection()
    window.open_case(case_id)
    view = window.tabs.currentWidget()
    timeline = _timeline(view)
    assert ("申请审批", "王晓梅", "申请延期审理：延长天数：15；理由：需等待工伤认定结论") in timeline
    assert (EventKind.EXTENDED.label, "陈主任", "经王晓梅申请，陈主任批准；延长天数：15；理由：需等待工伤认定结论") in timeline
    assert not view.pending.isVisible()


def test_a_refusal_needs_its_reason_in_the_dialog(qtbot, ctx, admin, window) -> None:  # noqa: ANN001
    office = admin.office_id
    clerk = _staff(ctx, "wangxm", "王晓梅", Role.CLERK, office)
    _staff(ctx, "chenzr", "陈主任", Role.SUPERVISOR, office)
    case_id = _accepted_case(ctx, clerk, office, "肇劳人仲案字〔2026〕310号", "赵六")
    ServiceContext(ctx.db, clerk).call(approvals.request_approval, case_id=case_id, action="suspend",
                                       values={"ground": "6"})
    _sign_in_as(qtbot, window, "chenzr")
    dock = window.approvals
    qtbot.waitUntil(dock.isVisible, timeout=5000)

    def refuse(dlg: DecisionDialog) -> None:
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()  # no reason yet
        assert dlg.isVisible() and dlg.errors._fields["reason"][1].text() == "请填写不予批准的理由"
        type_text(dlg.reason, "鉴定结论已作出，无须中止")
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    when_modal(DecisionDialog, refuse)
    qtbot.mouseClick(dock.queue.refuse_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.windowTitle() == "待审批", timeout=5000)
    window.open_case(case_id)
    timeline = _timeline(window.tabs.currentWidget())
    assert ("不予批准", "陈主任", f"不予批准王晓梅 {TODAY.isoformat()} 提出的中止审理申请；理由：鉴定结论已作出，无须中止") in timeline


def test_withdrawn_from_the_case_and_approved_from_the_case_by_the_supervisor(qtbot, ctx, admin, window) -> None:  # noqa: ANN001
    office = admin.office_id
    clerk = _staff(ctx, "wangxm", "王晓梅", Role.CLERK, office)
    _staff(ctx, "chenzr", "陈主任", Role.SUPERVISOR, office)
    case_id = _accepted_case(ctx, clerk, office, "肇劳人仲案字〔2026〕320号", "孙七")
    as_clerk = ServiceContext(ctx.db, clerk)
    as_clerk.call(approvals.request_approval, case_id=case_id, action="suspend", values={"ground": "5"})

    _sign_in_as(qtbot, window, "wangxm")
    window.open_case(case_id)
    view = window.tabs.currentWidget()
    assert not view.action_buttons["request:suspend"].isEnabled()
    withdraw = next(b for b in view.pending.findChildren(QPushButton) if b.text() == "撤回申请")
    qtbot.mouseClick(withdraw, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.pending.isVisible(), timeout=5000)
    assert view.action_buttons["request:suspend"].isEnabled()
    assert (EventKind.NOTE.label, "王晓梅", f"撤回 {TODAY.isoformat()} 提出的中止审理审批申请") in _timeline(view)

    as_clerk.call(approvals.request_approval, case_id=case_id, action="suspend", values={"ground": "5"})
    _sign_in_as(qtbot, window, "chenzr")
    window.open_case(case_id)
    view = window.tabs.currentWidget()
    assert view.pending.isVisible() and not [b for b in view.pending.findChildren(QPushButton) if b.text() == "撤回申请"]
    own = view.action_buttons["suspend"]  # the supervisor's own step: decided through the request
    assert not own.isEnabled() and "王晓梅已申请中止审理" in own.toolTip()
    approve = next(b for b in view.pending.findChildren(QPushButton) if b.text() == "批准…")
    when_modal(DecisionDialog, lambda dlg: dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click())
    qtbot.mouseClick(approve, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.pending.isVisible(), timeout=5000)
    assert view.detail.status is CaseStatus.SUSPENDED
    assert any(w == "陈主任" and n.startswith("经王晓梅申请，陈主任批准；中止事由：") for _k, w, n in _timeline(view))
    assert window.approvals.windowTitle() == "待审批"


def test_an_approval_the_checks_refuse_on_the_day_is_said_and_the_request_stays(qtbot, ctx, admin, window) -> None:  # noqa: ANN001
    """劳动争议调解仲裁法第四十三条: asked in time, approved after the award period ran out: refused in
    the dialog with the reason, and the request stays in the queue."""
    from hrss_disputes.services.parties import PartyInput

    office = admin.office_id
    clerk = _staff(ctx, "wangxm", "王晓梅", Role.CLERK, office)
    _staff(ctx, "chenzr", "陈主任", Role.SUPERVISOR, office)
    accepted = TODAY - timedelta(days=70)
    case_id = ctx.call(cases.create_case, user=clerk, data=arbitration_input(
        office, case_number="肇劳人仲案字〔2026〕330号", received_on=accepted - timedelta(days=1),
        applicants=[PartyInput(name="周八")]))
    ctx.call(workflow.perform_action, user=clerk, case_id=case_id, expected_version=1, action="accept",
             occurred_on=accepted, values={}, today=accepted)
    ctx.call(approvals.request_approval, user=clerk, case_id=case_id, action="extend_award",
             values={"days": 10, "reason": "案情复杂"}, today=accepted + timedelta(days=10))
    _sign_in_as(qtbot, window, "chenzr")
    dock = window.approvals
    qtbot.waitUntil(dock.isVisible, timeout=5000)
    said: list[str] = []

    def approve(dlg: DecisionDialog) -> None:
        dlg.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
        said.append(dlg.general_error.text() if dlg.isVisible() and dlg.general_error.isVisible() else "")
        dlg.reject()

    when_modal(DecisionDialog, approve)
    qtbot.mouseClick(dock.queue.approve_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert "届满后不能再延长" in said[0] and "劳动争议调解仲裁法第四十三条" in said[0]
    assert dock.windowTitle() == "待审批（1）"
