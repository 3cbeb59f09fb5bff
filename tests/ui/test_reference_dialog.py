"""The administrator enters next year's holiday and a minimum wage in the settings dialog."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt

from hrss_disputes.services import reference_admin
from hrss_disputes.ui.reference_dialog import ReferenceDialog


def test_admin_adds_a_holiday_and_a_wage_with_messages_at_the_fields(qtbot, ctx, window, shots) -> None:  # noqa: ANN001
    assert window.settings_menu.menuAction().isVisible()  # the administrator sees 设置
    dlg = ReferenceDialog(ctx, window)
    qtbot.addWidget(dlg)
    dlg.show()
    cal = dlg.calendar
    cal.day.setDate(QDate(2027, 2, 8))
    save = cal.save_button
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert cal.errors._fields["note"][1].text().startswith("请填写依据")
    cal.note.setText("2027年春节（国务院办公厅通知）")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert cal.table.rowCount() == 1 and cal.table.item(0, 1).text() == "休息日"
    assert "期限已重新计算" in cal.done.text()
    assert [d.day for d in ctx.call(reference_admin.list_calendar_days)] == [date(2027, 2, 8)]
    dlg.tabs.setCurrentWidget(dlg.clocks)
    dlg.clocks.table.selectRow(0)
    dlg.grab().save(str(shots / "reference_clocks.png"))
    dlg.tabs.setCurrentWidget(dlg.minimum)
    dlg.minimum.city.setText("肇庆")
    dlg.minimum.monthly.setText("一千")
    dlg.minimum.save()
    assert dlg.minimum.errors._fields["monthly"][1].text() == "金额应为数字，例如 12000.50"
    dlg.minimum.monthly.setText("1850")
    dlg.minimum.source.setText("测试文件")
    dlg.minimum.save()
    assert any(w.monthly == 1850 for w in ctx.call(reference_admin.list_minimum_wages))
    dlg.grab().save(str(shots / "reference_wages.png"))
