"""The administrator enters next year's holiday and a minimum wage in the settings dialog."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt

from hrss_disputes.services import reference_admin
from hrss_disputes.ui.reference_dialog import ReferenceDialog


def _opened(qtbot, ctx, window, size: tuple[int, int] | None = None) -> ReferenceDialog:  # noqa: ANN001
    dlg = ReferenceDialog(ctx, window)
    qtbot.addWidget(dlg)
    if size:
        dlg.resize(*size)
    dlg.show()
    return dlg


def test_admin_adds_a_holiday_and_a_wage_with_messages_at_the_fields(qtbot, ctx, window, shots) -> None:  # noqa: ANN001
    assert window.settings_menu.menuAction().isVisible()  # the administrator sees 设置
    dlg = _opened(qtbot, ctx, window)
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


def test_admin_sets_the_office_s_case_number_pattern(qtbot, ctx, admin, window, shots) -> None:  # noqa: ANN001
    from hrss_disputes.models.enums import Role
    from hrss_disputes.services import case_numbers, cases
    from tests.factories import act, arbitration_input, make_user
    from tests.ui.typing import type_text

    dlg = _opened(qtbot, ctx, window, (1100, 640))
    tab = dlg.numbering
    dlg.tabs.setCurrentWidget(tab)
    assert tab.table.item(0, 3).text() == f"劳人仲案字〔{date.today().year}〕1号"
    tab.prefix.setText("肇")
    tab.table.selectRow(0)
    tab.pattern.setText("")
    type_text(tab.pattern, "{代字}劳人仲案字〔{年}〕第{序号}号")
    tab.table.selectRow(1)
    tab.pattern.setText("")
    type_text(tab.pattern, "{代字}劳人仲受字第{序号}号")  # no year: refused at the field
    tab.save()
    assert "必须含有 {年}" in tab.errors._fields["pattern"][1].text()
    tab.pattern.setText("")
    type_text(tab.pattern, "{代字}劳人仲受字〔{年}〕{序号}号")
    tab.save()
    assert "已保存" in tab.done.text()
    year = date.today().year
    assert tab.table.item(0, 3).text() == f"肇劳人仲案字〔{year}〕第1号"
    dlg.grab().save(str(shots / "reference_numbering.png"))
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    assert ctx.call(cases.get_case, case_id=case_id).case_number == "肇劳人仲案字〔2026〕第1号"
    _, rows = ctx.call(case_numbers.office_patterns, office_id=admin.office_id, year=2026)
    assert rows[0].next_number == "肇劳人仲案字〔2026〕第2号" and rows[0].own and not rows[1].own


def test_admin_sets_an_office_s_kpi_targets(qtbot, ctx, admin, window, shots) -> None:  # noqa: ANN001
    from hrss_disputes.domain.kpi import Period
    from hrss_disputes.services import kpi

    dlg = _opened(qtbot, ctx, window, (1100, 640))
    tab = dlg.targets
    dlg.tabs.setCurrentWidget(tab)
    assert tab.table.rowCount() == 5 and tab.table.item(0, 0).text() == "广东省（默认）"
    tab.year.setValue(2026)
    tab.edits["mediation_success"].setText("70")
    tab.edits["arbitration_closure"].setText("九十")
    tab.edits["complaint_closure"].setText("97")
    tab.save()
    assert tab.errors._fields["arbitration_closure"][1].text() == "应为百分数，例如 90 或 92.5"
    tab.edits["arbitration_closure"].setText("92.5")
    tab.save()
    assert tab.table.rowCount() == 6 and "已保存" in tab.done.text()
    dlg.grab().save(str(shots / "reference_targets.png"))
    result = ctx.call(kpi.office_rates, office_id=admin.office_id, period=Period.month(2026, 10))
    assert [r.target for r in result.year_to_date] == [Decimal("70"), Decimal("92.5"), Decimal("97")]
    assert [r.annual_target for r in result.period] == [Decimal("70"), Decimal("92.5"), Decimal("97")]
    assert not tab.settled.isChecked()
    tab.settled.click()
    assert ctx.call(kpi.settled_option) is True and tab.done.text() == "统计口径已保存"


def test_admin_sets_how_the_law_is_read(qtbot, ctx, window, shots) -> None:  # noqa: ANN001
    """The ⚠ choices have a screen: each shown against its default with its basis; a refusal is
    said at its field and nothing is saved; a change is saved and shown."""
    from hrss_disputes.models.enums import ClaimType, Procedure

    dlg = _opened(qtbot, ctx, window, (1280, 720))
    legal = dlg.legal
    dlg.tabs.setCurrentWidget(legal)
    assert legal.table.rowCount() == 5 and legal.table.item(3, 1).text() == "顺延"
    assert legal.table.item(4, 1).text() == "简易处理" and "本机构设置" in legal.table.item(4, 3).text()
    legal.remuneration.boxes[ClaimType.WAGES].setChecked(False)
    qtbot.mouseClick(legal.buttons.itemAt(1).widget(), Qt.MouseButton.LeftButton)
    assert "工资属于劳动报酬" in legal.errors._fields["remuneration_types"][1].text()
    assert ctx.call(reference_admin.legal_options).remuneration_types == {ClaimType.WAGES, ClaimType.OVERTIME}
    legal.remuneration.boxes[ClaimType.WAGES].setChecked(True)
    legal.money.boxes[ClaimType.NOTICE_PAY].setChecked(True)
    legal.rest_days.setChecked(False)
    legal.papers.boxes[Procedure.ORDINARY].setChecked(True)  # 书面审理 in ordinary cases too
    qtbot.mouseClick(legal.buttons.itemAt(1).widget(), Qt.MouseButton.LeftButton)
    saved = ctx.call(reference_admin.legal_options)
    assert ClaimType.NOTICE_PAY in saved.final_money_types and not saved.move_off_rest_days
    assert saved.paper_procedures == {Procedure.ORDINARY, Procedure.SIMPLIFIED}
    assert legal.table.item(4, 1).text() == "普通程序、简易处理"
    assert "代通知金" in legal.table.item(0, 1).text() and legal.table.item(3, 1).text() == "不顺延"
    dlg.grab().save(str(shots / "reference_legal.png"))
