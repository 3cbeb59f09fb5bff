"""Issue 19 fix round, point 4.1–4.2 in the window: a 回避申请 recorded by the clerk is in the
supervisor's 待审批 as its own row and opens the 回避决定 form with that request chosen; the case
says 回避申请待决定; before any request, 回避决定 is shown disabled with why."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases, tribunal, workflow
from hrss_disputes.services.tribunal import ArbitratorInput
from hrss_disputes.ui.approvals import RECUSAL_STEP, ApprovalQueue
from hrss_disputes.ui.case_edit import ActionDialog
from hrss_disputes.ui.case_view import CaseView
from tests.factories import arbitration_input, make_user
from tests.ui.modal import when_modal

SHOTS = Path("/tmp/shots19")


def _pick(box, name: str) -> None:  # noqa: ANN001
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemText(i).startswith(name)))


def test_a_recusal_request_reaches_the_supervisors_queue_and_is_decided_there(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    boss = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    clerk = make_user(ctx, "lin", Role.CLERK, admin.office_id)
    ids = {name: ctx.call(tribunal.save_arbitrator, user=boss, office_id=admin.office_id,
                          data=ArbitratorInput(name, "part_time", profession="律师")).hex
           for name in ("陈立新", "王芳", "黄国强", "周志明")}
    today = date.today()
    ctx.actor = clerk
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=today - timedelta(days=3)))
    for version, (key, values) in enumerate((
            ("accept", {}),
            ("form_tribunal", {"arbitrators": [ids["陈立新"], ids["王芳"], ids["黄国强"]], "clerk": clerk.id.hex})), 1):
        ctx.call(workflow.perform_action, case_id=case_id, expected_version=version, action=key,
                 occurred_on=today - timedelta(days=3 - version), values=values)

    # before any request the 主任 sees 回避决定 disabled, saying why
    ctx.actor = boss
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    assert "decide_recusal" not in view.action_buttons
    off = view.action_buttons["blocked:decide_recusal"]
    assert not off.isEnabled() and off.toolTip().endswith("没有可选的回避申请")
    assert not view.pending.isVisible()

    # the clerk records the party's request: the case says it waits for a decision
    ctx.actor = clerk
    party = next(v for v, label in ctx.call(tribunal_choices, case_id=case_id, source="parties") if "张三" in label)
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action="request_recusal",
             occurred_on=today, values={"party": party, "person": ids["王芳"], "ground": "2", "reason": "系表妹"})
    view.reload()
    assert view.pending.isVisible() and view.pending.title() == "回避申请待决定"
    assert "回避申请待决定" in view.badges.text()  # in the case's header too
    assert "request:decide_recusal" not in view.action_buttons  # nobody asks for it through 申请审批
    assert not [b for b in view.pending.findChildren(type(off)) if b.text() == "回避决定…"]  # not hers to decide

    # the 主任 reading the case decides from its box as well
    ctx.actor = boss
    view.reload()
    assert [b for b in view.pending.findChildren(type(off)) if b.text() == "回避决定…"]
    assert view.action_buttons["decide_recusal"].isEnabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)
    view.grab().save(str(SHOTS / "fix4_recusal_case.png"))

    # the 主任's 待审批 lists it by itself; its row opens the 回避决定 form with the request chosen
    queue = ApprovalQueue(ctx)
    qtbot.addWidget(queue)
    queue.resize(1366, 300)
    queue.show()
    queue.refresh()
    table = queue.table
    assert table.rowCount() == 1 and table.item(0, 2).text() == RECUSAL_STEP
    assert table.item(0, 3).text().startswith("申请人 张三以“与本案有利害关系”为由申请仲裁员 王芳回避")
    assert table.item(0, 4).text() == "lin"
    queue.table.selectRow(0)
    assert queue.recusal_btn.isEnabled() and not queue.approve_btn.isEnabled() and not queue.refuse_btn.isEnabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    queue.grab().save(str(SHOTS / "fix4_recusal_queue.png"))
    counts: list[int] = []
    queue.count_changed.connect(counts.append)

    def decide(dlg: ActionDialog) -> None:
        assert dlg.inputs["request"].currentIndex() == 1  # this request, chosen
        _pick(dlg.inputs["outcome"], "决定回避")
        _pick(dlg.inputs["replacement"], "仲裁员 周志明")
        dlg.grab().save(str(SHOTS / "fix4_recusal_decision.png"))
        qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)

    when_modal(ActionDialog, decide)
    qtbot.mouseClick(queue.recusal_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: counts == [0], timeout=10000)
    assert table.rowCount() == 0
    people = ctx.call(tribunal.case_people, case_id=case_id, today=today)
    assert people.tribunal_text == "首席仲裁员 陈立新、仲裁员 黄国强、仲裁员 周志明"


def tribunal_choices(*, session, user, case_id, source):  # noqa: ANN001, ANN201
    from hrss_disputes.services import field_sources

    return field_sources.choices(session=session, user=user, case_id=case_id, source=source)
