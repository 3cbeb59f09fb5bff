"""Issue 20 fix round (UI 9): a scrolling form that refuses brings its first error into view — a
refused 210-character worker name's message sat below the fold of the complaint form at 1366×768,
so 登记 seemed to do nothing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QPoint, QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QScrollArea, QWidget

from hrss_disputes.models.enums import OfficeKind, Role
from hrss_disputes.services import offices
from hrss_disputes.ui.complaint_intake import ComplaintIntakeDialog
from hrss_disputes.ui.new_case_dialog import NewCaseDialog
from tests.factories import VALID_USCC, make_user, resident_id
from tests.ui.typing import type_text

SHOTS = Path("/tmp/shots20")


def _in_view(scroll: QScrollArea, w: QWidget) -> bool:
    viewport = scroll.viewport()
    rect = QRect(w.mapTo(viewport, QPoint(0, 0)), w.size())
    return w.isVisible() and viewport.rect().contains(rect)


def _save(qtbot, dlg) -> None:  # noqa: ANN001
    box = dlg.findChild(QDialogButtonBox)
    button = next(b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.wait(50)


def test_a_refused_worker_name_is_scrolled_into_view(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    office = ctx.call(offices.create_office, name="肇庆市端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                      parent_id=admin.office_id, city="肇庆", code="DZJC")
    ctx.actor = make_user(ctx, "zhou", Role.INSPECTOR, office)
    dlg = ComplaintIntakeDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.received.setDate(QDate(2026, 9, 1))
    dlg.channel.setCurrentIndex(dlg.channel.findData("hotline_12345"))
    type_text(dlg.employer.o_name, "肇庆市鼎盛建筑劳务有限公司")
    dlg.employer.o_code.setText(VALID_USCC)
    dlg.employer.o_address.setText("肇庆市端州区信安大道8号")
    qtbot.mouseClick(dlg.construction, Qt.MouseButton.LeftButton, pos=QPoint(8, dlg.construction.height() // 2))
    type_text(dlg.project["name"], "端州区江滨花园三期")
    QGuiApplication.clipboard().setText("序号\t姓名\t身份证号码\t手机号码\t欠薪金额\t欠薪起始日\t欠薪截止日\n"
                                        f"1\t{'王' * 210}\t{resident_id(1)}\t13800000001\t9000\t2026/6/1\t2026/8/31")
    qtbot.mouseClick(dlg.workers.paste_btn, Qt.MouseButton.LeftButton)
    dlg.scroll.verticalScrollBar().setValue(0)  # the person is at the top of the form
    _save(qtbot, dlg)
    assert dlg.isVisible()  # refused
    assert "姓名" in dlg.workers_error.text()
    assert _in_view(dlg.scroll, dlg.workers_error), dlg.scroll.verticalScrollBar().value()
    SHOTS.mkdir(parents=True, exist_ok=True)
    dlg.grab().save(str(SHOTS / "fix3_complaint_scrolled_to_error.png"))
    dlg.close_unasked()


def test_a_field_error_below_the_fold_of_the_new_case_form_is_shown(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    dlg = NewCaseDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    qtbot.waitExposed(dlg)
    type_text(dlg.applicant.p_name, "黄小梅")
    dlg.scroll.verticalScrollBar().setValue(0)
    _save(qtbot, dlg)  # the respondent is missing, further down
    assert dlg.isVisible()
    key = next(k for k in dlg.errors._fields if k.startswith("respondents.") and dlg.errors._fields[k][1].isVisible())
    widget, label = dlg.errors._fields[key]
    assert _in_view(dlg.scroll, label), key
    assert widget.hasFocus() or widget.isAncestorOf(QGuiApplication.focusObject())
    dlg.close_unasked()
