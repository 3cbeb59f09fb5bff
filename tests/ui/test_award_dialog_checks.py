"""The award dialog (review of issue 18, findings 9 and 10): it checks what 签发 would refuse
before asking 确定签发, and its note on the minimum wage finality rests on follows the 签发日期."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases
from hrss_disputes.ui.document_dialog import DocumentDialog
from tests.factories import award_amounts, heard_case, make_user
from tests.ui.test_documents_ui import issued_count

SHOTS18 = Path("/tmp/shots18")


def award_dialog(qtbot, ctx, admin) -> DocumentDialog:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "20000", None])
    dlg = DocumentDialog(ctx, ctx.call(cases.get_case, case_id=case_id), "award", "仲裁裁决书")
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    return dlg


def test_the_award_dialog_checks_the_sections_before_asking(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    dlg = award_dialog(qtbot, ctx, admin)
    assert dlg.issue_btn.isEnabled()
    dlg.writings["本委查明"].setPlainText("")
    dlg.writings["本委认为"].setPlainText("  ")
    asked: list[str] = []

    def answer_no() -> None:
        if isinstance(box := QApplication.activeModalWidget(), QMessageBox):
            asked.append(box.text())
            box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(300, answer_no)
    qtbot.mouseClick(dlg.issue_btn, Qt.MouseButton.LeftButton)
    qtbot.wait(400)
    assert asked == []  # nothing asked while a required section is blank
    for section in ("本委查明", "本委认为"):
        label = dlg.errors._fields[f"writing:{section}"][1]
        assert label.isVisible() and label.text() == f"请填写“{section}”"
    assert issued_count(ctx) == 0
    # once filled, 签发 asks, and No leaves nothing issued
    dlg.writings["事实与理由及被申请人答辩"].setPlainText("申请人称被申请人拖欠工资。")
    dlg.writings["本委查明"].setPlainText("申请人于2024年3月入职。")
    dlg.writings["本委认为"].setPlainText("被申请人应当足额支付劳动报酬。")
    QTimer.singleShot(300, answer_no)
    qtbot.mouseClick(dlg.issue_btn, Qt.MouseButton.LeftButton)
    qtbot.wait(400)
    assert len(asked) == 1 and "确定签发" in asked[0] and issued_count(ctx) == 0


def test_the_finality_note_follows_the_issue_date(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    dlg = award_dialog(qtbot, ctx, admin)
    dlg.issue_date.setDate(QDate(2026, 11, 20))
    qtbot.waitUntil(lambda: "2026-11-20" in dlg.wage_warning.text(), timeout=3000)
    assert dlg.wage_warning.isVisible() and "按裁决日 2026-11-20 适用的最低工资标准" in dlg.wage_warning.text()
    SHOTS18.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS18 / "ui_fix_award_note_date.png"))


def test_the_items_left_to_the_tribunal_follow_the_issue_date(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """No minimum wage in force on the 签发日期 chosen (肇庆's first figure is of 2021-12-01): the
    items whose finality then rests on it are asked of the tribunal; a date with a figure asks none."""
    dlg = award_dialog(qtbot, ctx, admin)
    assert dlg.finality == {} and dlg.finality_box is None
    dlg.issue_date.setDate(QDate(2021, 6, 1))
    # a box laid into a shown dialog is shown at the next turn of the event loop, not at once
    qtbot.waitUntil(lambda: dlg.finality_box is not None and dlg.finality_box.isVisible(), timeout=10000)
    assert dlg.finality
    first = next(iter(dlg.finality.values()))
    first.setCurrentIndex(first.findData(True))
    dlg.issue_date.setDate(QDate(2021, 6, 2))  # the same items: what was chosen stays
    qtbot.wait(900)
    assert next(iter(dlg.finality.values())).currentData() is True
    dlg.issue_date.setDate(QDate(2026, 11, 20))
    qtbot.waitUntil(lambda: not dlg.finality, timeout=10000)
    assert dlg.finality_box is None
