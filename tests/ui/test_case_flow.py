"""A clerk registers a case through the dialog, finds it by typing, opens it with Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import func, select

from hrss_disputes.models.case import DisputeCase
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.new_case_dialog import NewCaseDialog
from tests.factories import VALID_ID, VALID_USCC
from tests.ui.modal import when_modal
from tests.ui.typing import type_text


def fill_dialog(qtbot, dlg: NewCaseDialog, *, name: str, id_number: str, credit_code: str, amount: str) -> None:  # noqa: ANN001
    type_text(dlg.applicant.p_name, name)
    type_text(dlg.applicant.p_doc_number, id_number)
    type_text(dlg.applicant.p_phone, "13800138000")
    type_text(dlg.respondent.o_name, "肇庆市鼎盛建筑工程有限公司")
    type_text(dlg.respondent.o_code, credit_code)
    dlg.claims.table.item(0, 1).setText(amount)


def save(qtbot, dlg: NewCaseDialog) -> None:  # noqa: ANN001
    button = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def case_count(ctx) -> int:  # noqa: ANN001
    with ctx.db.session() as s:
        return s.scalar(select(func.count()).select_from(DisputeCase))


def test_create_find_and_open_a_case(qtbot, window, ctx, shots) -> None:  # noqa: ANN001
    def handle_dialog(dlg: NewCaseDialog) -> None:
        dlg.resize(1100, 720)
        dlg.grab().save(str(shots / "new_case_dialog.png"))
        fill_dialog(qtbot, dlg, name="黄小梅", id_number=VALID_ID, credit_code=VALID_USCC, amount="12000.50")
        save(qtbot, dlg)

    when_modal(NewCaseDialog, handle_dialog)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    assert case_count(ctx) == 1
    # the new case opened in a tab; go back to the list and search for it
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)  # Ctrl+F
    assert window.tabs.currentIndex() == 0 and window.list_page.search.hasFocus()
    window._close_tab(1)
    type_text(window.list_page.search, "小梅")
    model = window.list_page.model
    qtbot.waitUntil(lambda: model.total == 1)
    assert model.row_at(0).applicant_names == "黄小梅"
    type_text(window.list_page.search, "不存在的人")
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    window.list_page.search.clear()
    type_text(window.list_page.search, "黄小梅")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    table = window.list_page.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)  # Enter opens the case
    view = window.tabs.currentWidget()
    assert isinstance(view, CaseView)
    assert view.detail.parties[0].party.name == "黄小梅"
    assert view.fields["claimed"].text() == "12,000.50 元"
    assert view.parties.item(1, 2).text() == VALID_USCC
    window.grab().save(str(shots / "case_view.png"))


def test_bad_input_is_shown_at_the_field_and_nothing_is_saved(qtbot, ctx, app_font, shots) -> None:  # noqa: ANN001
    dlg = NewCaseDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1100, 720)
    dlg.show()
    fill_dialog(qtbot, dlg, name="黄小梅", id_number="110105194912310021",
                credit_code="91350100M000100Y44", amount="-100")
    save(qtbot, dlg)
    assert dlg.isVisible() and dlg.created_id is None
    assert case_count(ctx) == 0
    errors = dlg.errors._fields
    assert "校验位" in errors["applicants.0.id_doc_number"][1].text()
    assert errors["applicants.0.id_doc_number"][1].isVisible()
    assert "统一社会信用代码校验位" in errors["respondents.0.credit_code"][1].text()
    assert "第1项：金额不能为负数" in dlg.claims.error.text()
    qtbot.wait(50)  # let the layout make room for the error lines
    dlg.grab().save(str(shots / "new_case_dialog_errors.png"))
    # correcting the fields lets it save
    dlg.applicant.p_doc_number.setText(VALID_ID)
    dlg.respondent.o_code.setText(VALID_USCC)
    dlg.claims.table.item(0, 1).setText("100")
    save(qtbot, dlg)
    assert dlg.created_id is not None and case_count(ctx) == 1


def test_error_appears_when_leaving_the_field(qtbot, ctx, app_font) -> None:  # noqa: ANN001
    dlg = NewCaseDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    type_text(dlg.applicant.p_doc_number, "1101051949")
    dlg.applicant.p_doc_number.editingFinished.emit()
    label = dlg.errors._fields["applicants.0.id_doc_number"][1]
    assert "应为18位" in label.text()
    # fields not yet visited stay quiet
    assert not dlg.errors._fields["respondents.0.org_name"][1].isVisible()


def test_list_screenshot_with_demo_data(qtbot, tmp_path, app_font, shots) -> None:  # noqa: ANN001
    from hrss_disputes.db import open_database
    from hrss_disputes.services import demo, offices
    from hrss_disputes.services.context import ServiceContext
    from hrss_disputes.ui.main_window import MainWindow

    db = open_database(str(tmp_path / "demo.db"))
    ctx = ServiceContext(db)
    from datetime import date

    ctx.call(demo.load_demo, cases=800, seed=3, today=date(2026, 11, 21))
    ctx.actor = ctx.call(offices.find_actor, username=demo.DEMO_START_USER)
    w = MainWindow(ctx, db_label=str(tmp_path / "demo.db"))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitUntil(lambda: w.list_page.model.total == 800)
    assert w.list_page.count_label.text() == "共 800 件"
    w.grab().save(str(shots / "case_list.png"))
    w.nav.setCurrentRow(3)  # 欠薪投诉
    qtbot.waitUntil(lambda: w.list_page.model.total is not None and w.list_page.model.total > 0)
    assert {w.list_page.model.row_at(i).family.value for i in range(w.list_page.model.rowCount())} == {"complaint"}
    w.list_page.table.selectRow(0)
    w.list_page.open_current()
    w.grab().save(str(shots / "complaint_view_demo.png"))
    db.dispose()


def test_shipped_font_is_registered(app_font) -> None:  # noqa: ANN001
    assert app_font == "WenQuanYi Micro Hei"
    assert QApplication.font().family() == "WenQuanYi Micro Hei"
