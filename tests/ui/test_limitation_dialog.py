"""A clerk records when the worker knew of the infringement and a written demand that interrupted
the period; a demand with no reason is refused at its field; the deadlines tab then warns."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases
from hrss_disputes.services.cases import ClaimInput
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.limitation_dialog import LimitationDialog
from tests.factories import arbitration_input, make_user
from tests.ui.modal import when_modal
from tests.ui.typing import type_text


def save(qtbot, dlg) -> None:  # noqa: ANN001
    qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_limitation_recorded_in_the_dialog_and_shown_with_the_deadlines(qtbot, ctx, admin, app_font,  # noqa: ANN001
                                                                       shots) -> None:
    # received 2026-11-02: wages (employment ongoing) and damages for unlawful dismissal
    data = arbitration_input(admin.office_id, claims=[ClaimInput(claim_type="wages", amount_claimed="8000"),
                                                      ClaimInput(claim_type="damages", amount_claimed="30000")])
    case_id = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 720)
    view.show()
    labels = [view.deadlines.item(r, 0).text() for r in range(view.deadlines.rowCount())]
    assert labels[-2:] == ["仲裁时效（劳动报酬）", "仲裁时效（其他请求）"]
    assert view.deadlines.item(len(labels) - 1, 2).text() == "待填写起算日"

    def fill(dlg: LimitationDialog) -> None:
        dlg.known.check.setChecked(True)
        dlg.known.edit.setDate(QDate(2025, 9, 1))
        qtbot.mouseClick(dlg.interruptions.add_btn, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dlg.interruptions.add_btn, Qt.MouseButton.LeftButton)
        (first, _), (second, reason2) = dlg.interruptions.rows
        first[0].setDate(QDate(2025, 10, 8))
        second[0].setDate(QDate(2025, 12, 15))
        type_text(reason2, "向用人单位邮寄书面催告函")
        save(qtbot, dlg)  # the first row has no reason
        assert dlg.isVisible()
        assert dlg.errors._fields["interruptions.0.reason"][1].text().startswith("请填写中断事由")
        delete_first = next(b for b in dlg.interruptions.findChildren(QPushButton) if b.text() == "删除")
        qtbot.mouseClick(delete_first, Qt.MouseButton.LeftButton)
        assert [r.text() for _, r in dlg.interruptions.rows] == ["向用人单位邮寄书面催告函"]
        qtbot.mouseClick(dlg.suspensions.add_btn, Qt.MouseButton.LeftButton)
        (start, end), reason = dlg.suspensions.rows[0]
        start.setDate(QDate(2026, 1, 10))
        end.setDate(QDate(2026, 1, 20))
        type_text(reason, "台风停航，无法前往仲裁院")
        dlg.resize(760, 560)
        dlg.grab().save(str(shots / "limitation_dialog.png"))
        save(qtbot, dlg)

    assert ctx.call(cases.get_case, case_id=case_id).rights_known_on is None  # nothing half-saved before
    when_modal(LimitationDialog, fill)
    qtbot.mouseClick(view.limitation_btn, Qt.MouseButton.LeftButton)
    d = view.detail
    assert d.rights_known_on == date(2025, 9, 1) and [i.reason for i in d.interruptions] == ["向用人单位邮寄书面催告函"]
    row = view.deadlines.rowCount() - 1
    # restarted on 2025-12-15, plus 10 days' stay: 2026-12-25, the application on 2026-11-02 is in time
    assert view.deadlines.item(row, 1).text().startswith("2026-12-25")
    assert view.deadlines.item(row, 2).text() == "未超过时效"
    assert view.deadlines.item(row - 1, 2).text() == "不受时效限制"
    view.deadlines.selectRow(row)
    assert "时效中断，自该日起重新计算一年" in view.deadline_text.text()
    view.grab().save(str(shots / "case_view_limitation.png"))
