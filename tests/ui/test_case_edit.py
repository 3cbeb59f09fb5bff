"""Editing an open case: saved edits, claims, notes, and a refused stale save that keeps input."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from hrss_disputes.domain.workflows import find_action
from hrss_disputes.models.enums import Procedure, Role
from hrss_disputes.services import cases
from hrss_disputes.ui.case_edit import ActionDialog, CaseEditDialog
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.claim_dialog import ClaimDialog
from tests.factories import arbitration_input, make_user
from tests.ui.typing import type_text


def click_save(qtbot, dlg) -> None:  # noqa: ANN001
    qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_claim_and_note_dialogs(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    dlg = ClaimDialog(ctx, view.detail)
    qtbot.addWidget(dlg)
    type_text(dlg.amount, "1.234")
    click_save(qtbot, dlg)
    assert "两位小数" in dlg.errors._fields["amount_claimed"][1].text()
    dlg.amount.setText("3000")
    click_save(qtbot, dlg)
    assert dlg.result_detail.amount_claimed == 15000.50
    view.show_detail(dlg.result_detail)
    assert view.claims.rowCount() == 2
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    note = ActionDialog(ctx, view.detail, find_action(Procedure.ORDINARY, "note"))
    qtbot.addWidget(note)
    click_save(qtbot, note)
    assert note.errors._fields["text"][1].text() == "请填写备注内容"
    note.inputs["text"].setPlainText("已电话联系申请人补充证据")
    click_save(qtbot, note)
    assert note.result_detail.events[-1].note == "已电话联系申请人补充证据"


def test_stale_edit_is_refused_and_typed_values_stay(qtbot, ctx, admin, app_font, monkeypatch) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    stale = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(cases.update_case, case_id=case_id, expected_version=stale.version, changes={"summary": "先保存的"})
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    dlg = CaseEditDialog(ctx, stale)
    qtbot.addWidget(dlg)
    dlg.summary.setPlainText("我刚写的摘要")
    click_save(qtbot, dlg)
    assert dlg.conflict and "李明" in shown[0]
    assert dlg.summary.toPlainText() == "我刚写的摘要"
    assert ctx.call(cases.get_case, case_id=case_id).summary == "先保存的"


def test_simplified_acceptance_shows_why_it_is_refused(qtbot, ctx, admin, app_font, shots) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, procedure="simplified"))
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    dlg = ActionDialog(ctx, view.detail, find_action(Procedure.SIMPLIFIED, "accept"))
    qtbot.addWidget(dlg)
    dlg.show()
    click_save(qtbot, dlg)
    message = dlg.errors._fields["clear"][1]
    assert message.isVisible() and message.text().startswith("不符合简易处理条件")
    dlg.grab().save(str(shots / "simplified_accept_refused.png"))
    dlg.inputs["clear"].setChecked(True)
    click_save(qtbot, dlg)
    assert dlg.result_detail.events[-1].note.startswith("符合简易处理条件：（一）事实清楚")


def test_an_edit_keeps_a_handler_who_is_not_among_the_offices_staff(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """The combo once fell back to its first name, so saving any change gave the case to someone else."""
    from hrss_disputes.models.enums import OfficeKind, Role
    from hrss_disputes.services import cases, offices
    from hrss_disputes.ui.case_edit import CaseEditDialog
    from tests.factories import arbitration_input, make_user

    township = ctx.call(offices.create_office, code="TA", name="端州区城东街道劳动争议调解中心",
                        kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    make_user(ctx, "med", Role.MEDIATOR, township)
    case_id = ctx.call(cases.create_case, data=arbitration_input(township, family="mediation", procedure="grassroots"))
    detail = ctx.call(cases.get_case, case_id=case_id)  # the administrator registered it: handler from above
    dlg = CaseEditDialog(ctx, detail)
    qtbot.addWidget(dlg)
    assert dlg.handler.currentData() == admin.id and "handler_id" not in dlg.changes()
    dlg.summary.setPlainText("拖欠两个月工资")
    dlg.save()
    assert ctx.call(cases.get_case, case_id=case_id).handler_id == admin.id
