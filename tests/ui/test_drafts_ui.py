"""Drafts are never lost (issue 19 point 6): what is typed into the award dialog is kept as a draft,
survives Esc (asked 放弃草稿？, kept) and a restart, shows on the 文书 tab, and is discarded on request."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from hrss_disputes.db import DatabaseError, open_database
from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases, drafts
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.document_dialog import DocumentDialog
from tests.factories import award_amounts, heard_case, make_user
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.typing import type_text

SHOTS18 = Path("/tmp/shots18")
TYPED = "申请人于2024年3月入职，被申请人未足额支付工资。"


def open_award(qtbot, ctx, case_id) -> DocumentDialog:  # noqa: ANN001
    dlg = DocumentDialog(ctx, ctx.call(cases.get_case, case_id=case_id), "award", "仲裁裁决书")
    qtbot.addWidget(dlg)
    dlg.setModal(True)  # as the 文书 tab runs it (exec): Esc asks
    dlg.resize(1366, 768)
    dlg.show()
    return dlg


def answer(choice: str, asked: list[str]) -> None:
    def click(box: QMessageBox) -> None:
        asked.append(box.windowTitle())
        next(b for b in box.buttons() if b.text() == choice).click()

    when_modal(QMessageBox, click)


def test_a_draft_survives_esc_and_a_restart(qtbot, ctx, admin, app_font, db_target: str) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    award_amounts(ctx, case_id, ["12000.50", "20000", None])
    dlg = open_award(qtbot, ctx, case_id)
    edit = dlg.writings["本委查明"]
    edit.clear()
    type_text(edit, TYPED)
    qtbot.waitUntil(lambda: dlg.has_draft, timeout=3000)  # saved a second after the last keystroke
    type_text(edit, "另查明")  # typed after the last save: Esc keeps it too
    asked: list[str] = []
    answer("返回继续编辑", asked)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert asked == ["放弃草稿？"] and dlg.isVisible()  # 返回: still here, nothing lost
    answer("保留草稿并关闭", asked)
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dlg.isVisible(), timeout=3000)
    assert len(asked) == 2
    again = open_award(qtbot, ctx, case_id)
    assert again.writings["本委查明"].toPlainText() == TYPED + "另查明"
    assert again.draft_note.isVisible() and again.draft_note.text().startswith("已恢复 ")
    again._close_rejected()
    # a restart: a new context on the same database (the file or server database ctx opened)
    restarted_db = open_database(db_target)
    try:
        fresh = ServiceContext(restarted_db, ctx.actor)
        restored = open_award(qtbot, fresh, case_id)
        assert restored.writings["本委查明"].toPlainText() == TYPED + "另查明"
        assert "保存的草稿" in restored.draft_note.text()
        qtbot.waitUntil(lambda: restored.pane.document is not None and restored.pane.document.pageCount() >= 1)
        qtbot.wait(800)  # the preview page drawn
        SHOTS18.mkdir(parents=True, exist_ok=True)
        restored.grab().save(str(SHOTS18 / "i19_draft_restored.png"))
        # 放弃草稿 deletes it
        answer("放弃草稿", asked)
        qtbot.keyClick(restored.writings["本委查明"], Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not restored.isVisible(), timeout=3000)
        assert fresh.call(drafts.load_draft, case_id=case_id, doc_type="award") is None
    finally:
        restarted_db.dispose()


def test_the_documents_tab_lists_the_drafts_and_opens_ones_own(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb2", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings={"本委认为": "另一位仲裁员的意见。"})
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    ctx.call(drafts.save_draft, case_id=case_id, doc_type="award", writings={"本委查明": TYPED})
    window = show_main_window(qtbot, ctx)
    window.resize(1366, 768)
    window.open_case(case_id)
    view: CaseView = window.tabs.currentWidget()
    view.tabs.setCurrentWidget(view.documents)
    panel = view.documents
    assert panel.drafts_box.isVisible() and panel.draft_table.rowCount() == 2
    users = [panel.draft_table.item(r, 1).text() for r in range(2)]
    assert sorted(users) == ["arb", "arb2"] and panel.draft_table.item(0, 0).text() == "仲裁裁决书"
    panel.draft_table.selectRow(users.index("arb2"))
    assert not panel.draft_btn.isEnabled() and "arb2的草稿" in panel.draft_btn.toolTip()
    panel.draft_table.selectRow(users.index("arb"))
    assert panel.draft_btn.isEnabled()
    SHOTS18.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS18 / "i19_draft_list.png"))
    seen: list[str] = []

    def check(dlg: DocumentDialog) -> None:
        seen.append(dlg.writings["本委查明"].toPlainText())
        dlg._close_rejected()

    when_modal(DocumentDialog, check)
    qtbot.mouseClick(panel.draft_btn, Qt.MouseButton.LeftButton)
    assert seen == [TYPED]


def test_a_draft_that_cannot_be_saved_stays_in_the_dialog(qtbot, ctx, admin, app_font, monkeypatch) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    dlg = open_award(qtbot, ctx, case_id)

    def locked(**_kw) -> None:  # noqa: ANN003
        raise DatabaseError("数据库被占用")

    monkeypatch.setattr(drafts, "save_draft", locked)
    edit = dlg.writings["本委查明"]
    edit.clear()
    type_text(edit, TYPED)
    qtbot.waitUntil(lambda: dlg.draft_error.isVisible(), timeout=3000)
    assert "草稿未能保存：数据库被占用" in dlg.draft_error.text() and "仍在本窗口中" in dlg.draft_error.text()
    asked: list[str] = []
    answer("保留草稿并关闭", asked)  # keeping fails: the dialog stays open with the text
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    qtbot.wait(200)
    assert asked == ["放弃草稿？"] and dlg.isVisible() and edit.toPlainText() == TYPED
    monkeypatch.undo()
    assert dlg.save_draft() and not dlg.draft_error.isVisible()
    assert ctx.call(drafts.load_draft, case_id=case_id, doc_type="award").writings["本委查明"] == TYPED
    dlg._close_rejected()
