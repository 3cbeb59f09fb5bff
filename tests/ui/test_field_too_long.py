"""A field holds no more than its column keeps (issue 20.4): typing stops at the limit, and a
pasted text that would go past it is refused whole, with the message at the field."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from hrss_disputes.models.case import DisputeCase
from hrss_disputes.models.party import Party
from hrss_disputes.services.lengths import column_limit
from hrss_disputes.ui.new_case_dialog import NewCaseDialog
from tests.factories import VALID_ID, VALID_USCC
from tests.ui.typing import type_text

ACCEPTANCE_SHOTS = Path("/tmp/shots20")


def test_legal_representative_holds_its_column_and_refuses_a_long_paste(qtbot, ctx, app_font, shots) -> None:  # noqa: ANN001
    dlg = NewCaseDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    qtbot.waitExposed(dlg)
    rep, limit = dlg.respondent.o_rep, column_limit(Party, "legal_rep")
    assert rep.maxLength() == limit == 50

    type_text(rep, "王" * (limit + 5))  # typing stops at the column's length
    assert rep.text() == "王" * limit
    rep.clear()

    type_text(dlg.respondent.o_name, "肇庆市鼎盛建筑工程有限公司")
    QApplication.clipboard().setText("某" * (limit + 10))
    rep.setFocus()
    qtbot.keyClick(rep, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # Ctrl+V
    message = dlg.errors._fields["respondents.0.legal_rep"][1]
    assert rep.text() == ""  # refused whole, never cut short unseen
    assert message.isVisible()
    assert message.text() == f"法定代表人不能超过 {limit} 个字（粘贴后有 {limit + 10} 个字），未粘贴"
    qtbot.wait(50)  # let the layout make room for the error line
    for folder in (shots, ACCEPTANCE_SHOTS):
        folder.mkdir(parents=True, exist_ok=True)
        dlg.grab().save(str(folder / "field_too_long.png"))

    QApplication.clipboard().setText("梁志强")  # a paste that fits goes in, and the message goes
    qtbot.keyClick(rep, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert rep.text() == "梁志强" and not message.isVisible()


def test_a_value_a_form_lets_through_is_refused_by_the_service_at_its_field(qtbot, ctx, app_font) -> None:  # noqa: ANN001
    """What gets past a form (its limit lifted here) the service refuses, at the field, and
    nothing is saved."""
    dlg = NewCaseDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    type_text(dlg.applicant.p_name, "黄小梅")
    type_text(dlg.applicant.p_doc_number, VALID_ID)
    type_text(dlg.respondent.o_name, "肇庆市鼎盛建筑工程有限公司")
    type_text(dlg.respondent.o_code, VALID_USCC)
    dlg.claims.table.item(0, 1).setText("12000")
    rep, limit = dlg.respondent.o_rep, column_limit(Party, "legal_rep")
    rep.setMaxLength(32767)
    rep.setText("王" * (limit + 1))
    dlg.save()
    message = dlg.errors._fields["respondents.0.legal_rep"][1]
    assert message.isVisible() and message.text() == f"法定代表人不能超过 {limit} 个字（现有 {limit + 1} 个字）"
    assert dlg.result() == 0 and dlg.created_id is None
    with ctx.db.session() as s:
        assert s.scalar(select(func.count()).select_from(DisputeCase)) == 0


def test_a_longer_value_already_stored_is_shown_whole(qtbot) -> None:  # noqa: ANN001
    """A case number saved before limits were checked (SQLite kept it) is not cut in the edit
    field, where saving would shorten it unseen; the service asks for it to be shortened."""
    from PySide6.QtWidgets import QLineEdit

    from hrss_disputes.ui.forms import FieldErrors, error_label
    from hrss_disputes.ui.length_caps import cap_to_column

    errors, edit = FieldErrors(), QLineEdit("号" * 70)
    qtbot.addWidget(edit)
    errors.register("case_number", edit, error_label())
    assert cap_to_column(edit, "dispute_case", "case_number", label="案号", errors=errors, key="case_number") == 60
    assert edit.text() == "号" * 70
    fresh = QLineEdit()
    qtbot.addWidget(fresh)
    cap_to_column(fresh, "dispute_case", "case_number", label="案号", errors=errors, key="case_number")
    assert fresh.maxLength() == 60
