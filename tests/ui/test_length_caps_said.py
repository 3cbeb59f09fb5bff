"""Issue 20 fix round (UI 4, UI 5): an editable combo box (行业) refuses a too-long paste whole with
the message at the field (Ctrl+V reached the combo, not its line edit's guard, and the text was cut
to 50 unseen); typing past a limit says so at the field too (it stopped without a word), and the
message goes with the next edit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hrss_disputes.models.party import Party
from hrss_disputes.services.lengths import column_limit
from hrss_disputes.ui.new_case_dialog import NewCaseDialog
from tests.ui.typing import type_text


def _dialog(qtbot, ctx) -> NewCaseDialog:  # noqa: ANN001
    dlg = NewCaseDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def test_a_long_paste_into_the_industry_combo_is_refused_whole(qtbot, ctx, app_font) -> None:  # noqa: ANN001
    dlg = _dialog(qtbot, ctx)
    combo, limit = dlg.respondent.o_industry, column_limit(Party, "industry")
    combo.setCurrentText("")
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    QApplication.clipboard().setText("业" * (limit + 10))
    qtbot.keyClick(combo, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # as a person pastes: the combo has the focus
    message = dlg.errors._fields["respondents.0.industry"][1]
    assert combo.currentText() == ""  # refused whole, not cut to 50
    assert message.isVisible()
    assert message.text() == f"行业不能超过 {limit} 个字（粘贴后有 {limit + 10} 个字），未粘贴"
    QApplication.clipboard().setText("建筑业")  # one that fits goes in, and the message goes
    qtbot.keyClick(combo, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert combo.currentText() == "建筑业" and not message.isVisible()


def test_typing_past_a_limit_is_said_at_the_field(qtbot, ctx, app_font) -> None:  # noqa: ANN001
    dlg = _dialog(qtbot, ctx)
    rep, limit = dlg.respondent.o_rep, column_limit(Party, "legal_rep")
    message = dlg.errors._fields["respondents.0.legal_rep"][1]
    type_text(rep, "王" * limit)
    assert not message.isVisible()
    type_text(rep, "王")  # one more: refused, and said
    assert rep.text() == "王" * limit
    assert message.isVisible()
    assert message.text() == f"法定代表人不能超过 {limit} 个字，多出的字未录入"
    qtbot.keyClick(rep, Qt.Key.Key_Backspace)  # the next edit takes the message away
    assert not message.isVisible()
