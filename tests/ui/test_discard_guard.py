"""Issue 19 point 6 (fix round): Esc on a dialog with typed content asks 放弃已填写的内容？ before
anything typed is thrown away — 继续填写 keeps the dialog and the text, 放弃 closes it; a dialog
with nothing typed closes at once. One guard (ui.forms.DiscardGuard) serves every form dialog."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog, QMessageBox

from hrss_disputes.domain.workflows import find_action
from hrss_disputes.models.enums import Procedure
from hrss_disputes.services import cases
from hrss_disputes.ui.case_edit import ActionDialog, CaseEditDialog
from hrss_disputes.ui.new_case_dialog import NewCaseDialog
from tests.factories import arbitration_input
from tests.ui.modal import when_modal
from tests.ui.typing import type_text

SHOTS = Path("/tmp/shots19")


def _esc_after(dlg: QDialog, type_into, answer: str | None) -> tuple[list[str], bool]:  # noqa: ANN001
    """Run ``dlg`` modally, type into it, press Esc and answer the question (if one comes) with
    ``answer``: the questions asked and whether the dialog was still open afterwards."""
    asked: list[str] = []
    still_open: list[bool] = []

    def on_box(box: QMessageBox) -> None:
        asked.append(box.windowTitle())
        if answer == "shot":
            box.grab().save(str(SHOTS / "fix5_discard_question.png"))
        chosen = "放弃" if answer in ("放弃", "shot") else "继续填写"
        next(b for b in box.buttons() if b.text() == chosen).click()

    def on_dialog(d: QDialog) -> None:
        type_into(d)
        when_modal(QMessageBox, on_box)
        QTest.keyClick(d, Qt.Key.Key_Escape)
        still_open.append(d.isVisible())
        if d.isVisible():
            d.close_unasked()

    when_modal(type(dlg), on_dialog)
    dlg.exec()
    return asked, still_open[0]


@pytest.fixture
def detail(ctx, admin):  # noqa: ANN001, ANN201
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id, received_on=date.today()))
    return ctx.call(cases.get_case, case_id=case_id)


def _postpone(ctx, detail) -> ActionDialog:  # noqa: ANN001
    dlg = ActionDialog(ctx, detail, find_action(Procedure.ORDINARY, "postpone_hearing"))
    dlg.resize(1366, 768)
    return dlg


def _type_reason(d: ActionDialog) -> None:
    type_text(d.inputs["reason"], "申请人住院")


def test_esc_with_typed_reason_asks_and_continuing_keeps_the_text(qtbot, ctx, detail, app_font) -> None:  # noqa: ANN001
    dlg = _postpone(ctx, detail)
    qtbot.addWidget(dlg)
    asked, still_open = _esc_after(dlg, _type_reason, "继续填写")
    assert asked == ["放弃已填写的内容？"]
    assert still_open
    assert dlg.inputs["reason"].toPlainText() == "申请人住院"


def test_esc_with_typed_reason_then_discard_closes(qtbot, ctx, detail, app_font) -> None:  # noqa: ANN001
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg = _postpone(ctx, detail)
    qtbot.addWidget(dlg)
    asked, still_open = _esc_after(dlg, _type_reason, "shot")
    assert asked == ["放弃已填写的内容？"]
    assert not still_open
    assert dlg.result() == QDialog.DialogCode.Rejected


def test_esc_with_nothing_typed_closes_without_asking(qtbot, ctx, detail, app_font) -> None:  # noqa: ANN001
    dlg = _postpone(ctx, detail)
    qtbot.addWidget(dlg)
    asked, still_open = _esc_after(dlg, lambda d: None, "继续填写")
    assert asked == [] and not still_open


@pytest.mark.parametrize("make, type_into", [
    (lambda ctx, detail: CaseEditDialog(ctx, detail),
     lambda d: type_text(d.summary, "补充说明")),
    (lambda ctx, detail: NewCaseDialog(ctx),
     lambda d: type_text(d.applicant.p_name, "张三")),
], ids=["编辑案件信息", "新建案件"])
def test_other_form_dialogs_ask_too(qtbot, ctx, detail, app_font, make, type_into) -> None:  # noqa: ANN001
    dlg = make(ctx, detail)
    qtbot.addWidget(dlg)
    asked, still_open = _esc_after(dlg, type_into, "继续填写")
    assert asked == ["放弃已填写的内容？"] and still_open


def test_the_close_button_asks_as_esc_does(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """A form dialog's own 关闭 button is a way out like Esc: typed content is asked about first."""
    from PySide6.QtWidgets import QPushButton

    from hrss_disputes.models.enums import Role
    from hrss_disputes.ui.arbitrators_dialog import ArbitratorsDialog
    from tests.factories import make_user

    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    asked: list[str] = []
    still_open: list[bool] = []

    def on_dialog(d: ArbitratorsDialog) -> None:
        type_text(d.name, "新仲裁员")
        when_modal(QMessageBox, lambda box: (asked.append(box.text()), next(
            b for b in box.buttons() if b.text() == "继续填写").click()))
        next(b for b in d.findChildren(QPushButton) if b.text() == "关闭").click()
        still_open.append(d.isVisible())
        d.close_unasked()

    dlg = ArbitratorsDialog(ctx)
    qtbot.addWidget(dlg)
    when_modal(ArbitratorsDialog, on_dialog)
    dlg.exec()
    assert asked == ["已填写的内容尚未保存，关闭后将不保留。"] and still_open == [True]
