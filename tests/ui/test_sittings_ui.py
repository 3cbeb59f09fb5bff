"""流动仲裁庭 in the window: a supervisor opens the sitting, finds cases by name, adds them at the
default timetable, is told at the field what is wrong (nothing half-saved), prints the list and
issues the notices in one batch."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from hrss_disputes.models.enums import Role
from hrss_disputes.services import documents, sittings
from hrss_disputes.ui.hearing_day_dialog import save_to_folder
from hrss_disputes.ui.pdf_view import PdfDialog
from hrss_disputes.ui.sittings_dialog import SittingsDialog
from tests.services.test_sittings import TODAY, institute
from tests.ui.conftest import SHOTS
from tests.ui.modal import when_modal


def _open(qtbot, ctx) -> SittingsDialog:  # noqa: ANN001
    dlg = SittingsDialog(ctx, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _check(dlg: SittingsDialog, *rows: int) -> None:
    for r in rows:
        dlg.results.item(r, 0).setCheckState(Qt.CheckState.Checked)


def test_a_supervisor_adds_cases_and_issues_the_notices(qtbot, ctx, admin, db, app_font, tmp_path: Path) -> None:  # noqa: ANN001
    inst = institute(ctx, admin, db)
    view = inst.add(inst.plan(), [inst.case(0), inst.case(1)])
    others = [inst.case(n) for n in range(2, 6)]
    inst.as_(inst.supervisor)
    dlg = _open(qtbot, ctx)
    assert dlg.sittings.rowCount() == 1 and dlg.view is not None and dlg.view.id == view.id
    assert [dlg.timetable.item(r, 0).text() for r in range(2)] == ["09:00–10:00", "10:00–11:00"]

    dlg.search.setText("")
    qtbot.mouseClick(dlg.find_btn, Qt.MouseButton.LeftButton)
    assert dlg.results.rowCount() == len(others)
    _check(dlg, 0, 2)  # the default timetable goes on after the cases booked
    assert [dlg.results.item(r, 1).text() for r in (0, 2)] == ["11:00", "12:00"]
    dlg.results.item(2, 1).setText("10点")  # a time typed wrong: said at the list, nothing booked
    qtbot.mouseClick(dlg.add_btn, Qt.MouseButton.LeftButton)
    assert dlg.add_error.isVisible() and "不是有效时间" in dlg.add_error.text()
    assert dlg.timetable.rowCount() == 2
    dlg.results.item(2, 1).setText("14:00")
    qtbot.mouseClick(dlg.add_btn, Qt.MouseButton.LeftButton)
    assert not dlg.add_error.isVisible()
    assert [dlg.timetable.item(r, 0).text() for r in range(4)] == ["09:00–10:00", "10:00–11:00", "11:00–12:00",
                                                                    "14:00–15:00"]
    assert dlg.sittings.item(0, 2).text() == "4" and "已加入 2 件" in dlg.status.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dlg.grab().save(str(SHOTS / "mobile_sitting.png"))

    # the list, shown to print or save
    shown = []
    when_modal(PdfDialog, lambda pdf_dlg: (shown.append(pdf_dlg.windowTitle()), pdf_dlg.accept()))
    qtbot.mouseClick(dlg.print_btn, Qt.MouseButton.LeftButton)
    assert shown == ["流动仲裁庭开庭安排表"]

    # the notices in one batch, saved to a folder (the 开庭日文书 batch)
    dlg.issue_notices(lambda hearings: save_to_folder(tmp_path, hearings), "保存")
    qtbot.waitUntil(lambda: dlg.batch.isFinished(), timeout=30000)
    qtbot.waitUntil(lambda: "已签发并保存 4 份" in dlg.status.text(), timeout=10000)
    assert len(list(tmp_path.glob("*开庭通知书.pdf"))) == 4
    assert [dlg.timetable.item(r, 5).text() for r in range(4)] == ["已签发"] * 4
    case_ids = [c.case_id for c in dlg.view.cases]
    assert sum(len(ctx.call(documents.list_issued, case_id=c)) for c in case_ids) == 4


def test_a_plan_without_a_place_is_refused_at_the_field(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    inst = institute(ctx, admin, db)
    inst.as_(inst.supervisor)
    dlg = _open(qtbot, ctx)
    assert dlg.view is None and dlg.save_btn.text() == "新建安排"  # nothing planned yet: a new plan
    dlg.arbitrators[0].setCurrentIndex(1)
    dlg.arbitrators[1].setCurrentIndex(2)
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    errors = {label.text() for label in dlg.plan.findChildren(type(dlg.general)) if label.isVisible()}
    assert "请选择流动仲裁庭点" in errors and "请选择书记员" in errors
    assert any("第三十一条" in e for e in errors) and dlg.sittings.rowCount() == 0
    dlg.place.setCurrentIndex(1)
    dlg.arbitrators[1].setCurrentIndex(0)
    dlg.clerk.setCurrentIndex(1)
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert dlg.sittings.rowCount() == 1 and dlg.view is not None and dlg.view.tribunal.startswith("独任仲裁员")
    assert dlg.add_box.isEnabled() and "请加入案件" in dlg.status.text()


def test_the_clerk_reads_and_prints_but_does_not_plan(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    inst = institute(ctx, admin, db)
    inst.add(inst.plan(), [inst.case(0)])
    inst.as_(inst.clerk)
    assert inst.clerk.role is Role.CLERK
    dlg = _open(qtbot, ctx)
    assert dlg.timetable.rowCount() == 1 and dlg.print_btn.isEnabled() and dlg.notices_btn.isEnabled()
    assert not dlg.add_box.isVisible() and not dlg.save_btn.isVisible() and not dlg.new_btn.isVisible()
    assert not dlg.place.isEnabled()


def test_a_case_is_taken_out_with_a_reason(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QInputDialog

    inst = institute(ctx, admin, db)
    inst.add(inst.plan(), [inst.case(0), inst.case(1)])
    inst.as_(inst.supervisor)
    dlg = _open(qtbot, ctx)
    qtbot.mouseClick(dlg.remove_btn, Qt.MouseButton.LeftButton)  # nothing chosen: said under the list
    assert dlg.timetable_error.isVisible() and "请先在上表中选择" in dlg.timetable_error.text()
    dlg.timetable.selectRow(0)

    def answer(box: QInputDialog) -> None:
        assert "肇劳人仲案字〔2026〕101号" in box.labelText()
        box.setTextValue("申请人住院，无法到庭")
        box.accept()

    when_modal(QInputDialog, answer)
    qtbot.mouseClick(dlg.remove_btn, Qt.MouseButton.LeftButton)
    assert dlg.timetable.rowCount() == 1 and dlg.timetable.item(0, 1).text() == "肇劳人仲案字〔2026〕102号"
    assert "已撤出" in dlg.status.text() and dlg.sittings.item(0, 2).text() == "1"


def test_people_booked_elsewhere_that_day_are_shown(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    inst = institute(ctx, admin, db)
    inst.add(inst.plan(), [inst.case(0)])
    inst.plan(arbitrator_ids=(inst.arbitrators[0],))  # the same day, point, chief and clerk
    inst.as_(inst.supervisor)
    dlg = _open(qtbot, ctx)
    dlg.sittings.selectRow(1 if dlg.view.cases else 0)  # the second sitting, which has no case yet
    assert dlg.view.cases == () and dlg.clash_label.isVisible()
    assert "仲裁员 梁正仁 当日 09:00–10:00 另在大湾镇流动仲裁庭点审理" in dlg.clash_label.text()


def test_a_new_day_saved_moves_the_cases(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    from datetime import date

    from PySide6.QtCore import QDate

    inst = institute(ctx, admin, db)
    inst.add(inst.plan(), [inst.case(0), inst.case(1)])
    inst.as_(inst.supervisor)
    dlg = _open(qtbot, ctx)
    dlg.sits_on.setDate(QDate(2026, 11, 24))  # too soon to notify the parties: said at the date, nothing moved
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    errors = [label.text() for label in dlg.plan.findChildren(type(dlg.general)) if label.isVisible()]
    assert any("第三十五条" in e and "101号" in e for e in errors)
    assert ctx.call(sittings.get_sitting, sitting_id=dlg.view.id).sits_on == date(2026, 12, 3)
    dlg.sits_on.setDate(QDate(2026, 12, 10))
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert dlg.view.sits_on == date(2026, 12, 10) and dlg.status.text() == "已保存修改"
    assert dlg.sittings.item(0, 0).text() == "2026-12-10" and dlg.timetable.rowCount() == 2


def test_the_main_window_opens_it_from_the_case_menu(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    from tests.factories import make_user
    from tests.ui.conftest import show_main_window

    inst = institute(ctx, admin, db)
    inst.as_(make_user(ctx, "mediator", Role.MEDIATOR, inst.township))
    assert not show_main_window(qtbot, ctx).sittings_action.isVisible()  # a township's mediator hears no arbitration
    inst.as_(inst.supervisor)
    window = show_main_window(qtbot, ctx)
    assert window.sittings_action.isVisible()
    opened = []
    when_modal(SittingsDialog, lambda dlg: (opened.append(dlg.sittings.rowCount()), dlg.accept()))
    window.sittings_action.trigger()
    assert opened == [0]


def test_a_case_moves_to_another_time(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QInputDialog

    inst = institute(ctx, admin, db)
    inst.add(inst.plan(), [inst.case(0), inst.case(1)])
    inst.as_(inst.supervisor)
    dlg = _open(qtbot, ctx)
    dlg.timetable.selectRow(0)
    when_modal(QInputDialog, lambda box: (box.setTextValue("10:30"), box.accept()))
    qtbot.mouseClick(dlg.time_btn, Qt.MouseButton.LeftButton)  # overlaps the 10:00 case: said under the list
    assert dlg.timetable_error.isVisible() and "重叠" in dlg.timetable_error.text()
    dlg.timetable.selectRow(0)
    when_modal(QInputDialog, lambda box: (box.setTextValue("15:00"), box.accept()))
    qtbot.mouseClick(dlg.time_btn, Qt.MouseButton.LeftButton)
    assert [dlg.timetable.item(r, 0).text() for r in range(2)] == ["10:00–11:00", "15:00–16:00"]
    assert "改为 15:00 开庭" in dlg.status.text() and not dlg.timetable_error.isVisible()


def test_standing_down_a_travelling_arbitrator_is_warned_first(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    """The register screen says whom the arbitrator still sits for before standing them down; No keeps them."""
    from PySide6.QtWidgets import QMessageBox

    from hrss_disputes.ui.arbitrators_dialog import ArbitratorsDialog

    inst = institute(ctx, admin, db)
    inst.add(inst.plan(), [inst.case(0)])
    inst.as_(inst.supervisor)
    dlg = ArbitratorsDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    row = [a.name for a in dlg.rows].index("区伟明")
    said: list[str] = []
    for answer in (QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes):
        dlg.table.setCurrentCell(row, 0)
        dlg.active.setChecked(False)
        when_modal(QMessageBox, lambda box, a=answer: (said.append(box.text()), box.button(a).click()))
        qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
        active = {a.name: a.active for a in dlg.rows}["区伟明"]
        assert active is (answer == QMessageBox.StandardButton.No)
    assert len(said) == 2 and said[0].startswith("区伟明仍是以下未结案件的仲裁庭成员：肇劳人仲案字〔2026〕101号；")
    assert "2026-12-03 大湾镇流动仲裁庭点" in said[0]


def test_the_timetable_shows_its_hints_whole_and_a_rest_day_is_warned(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    """At 1366×768 the 提示 of a case whose tribunal does not travel is shown whole (wrapped, the row
    as tall as it needs); a Sunday chosen in the form is warned at once, a working day is not."""
    from datetime import date

    from PySide6.QtCore import QDate

    inst = institute(ctx, admin, db)
    own, fresh = inst.case(0), inst.case(1)
    from tests.factories import act
    act(inst.as_(inst.clerk), own, "form_tribunal", date(2026, 11, 5),
        arbitrators=[inst.arbitrators[3].hex], clerk=inst.clerk.id.hex)
    inst.add(inst.plan(), [own, fresh])
    inst.as_(inst.supervisor)
    dlg = _open(qtbot, ctx)
    note = dlg.timetable.item(0, 6)
    assert note.text() == "本案仲裁庭成员苏国梁不在本次出庭仲裁员之列" and note.toolTip() == note.text()
    rect = dlg.timetable.visualItemRect(note)
    needed = dlg.timetable.fontMetrics().boundingRect(rect, int(Qt.TextFlag.TextWordWrap), note.text())
    assert needed.width() <= rect.width() and needed.height() <= rect.height()  # nothing cut off
    assert not dlg.clash_label.isVisible()
    dlg.sits_on.setDate(QDate(2026, 12, 6))
    assert dlg.clash_label.isVisible() and "2026-12-06（星期日）是休息日（周末）" in dlg.clash_label.text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dlg.grab().save(str(SHOTS / "fix1_sitting_sunday.png"))
    dlg.sits_on.setDate(QDate(2026, 12, 3))
    assert not dlg.clash_label.isVisible()
    qtbot.wait(50)  # the layout takes the hidden warning's room back
    assert dlg.grab().save(str(SHOTS / "fix1_sitting_hints.png"))


def test_a_stood_down_arbitrator_is_named_in_the_form_and_replaced(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    from hrss_disputes.services import tribunal
    from hrss_disputes.ui.forms import select_data

    inst = institute(ctx, admin, db)
    inst.add(inst.plan(), [inst.case(0)])
    inst.as_(inst.supervisor).call(tribunal.save_arbitrator, office_id=inst.office, arbitrator_id=inst.arbitrators[1],
                                   data=tribunal.ArbitratorInput("区伟明", "part_time", active=False))
    dlg = _open(qtbot, ctx)
    assert dlg.arbitrators[1].currentText() == "区伟明（已停用）"
    dlg.note.setText("改在三楼")
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert "区伟明已在仲裁员名册中停用，请另选仲裁员接替" in dlg.errors._fields["arbitrators"][1].text()
    assert dlg.grab().save(str(SHOTS / "fix1_sitting_stood_down.png"))
    assert select_data(dlg.arbitrators[1], inst.arbitrators[3])
    qtbot.mouseClick(dlg.save_btn, Qt.MouseButton.LeftButton)
    assert dlg.status.text() == "已保存修改" and dlg.view.tribunal == "首席仲裁员 梁正仁；仲裁员 苏国梁、冯嘉欣"


def test_a_case_whose_tribunal_the_sitting_cannot_form_is_refused_under_the_list(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    """A collective case (three arbitrators) at a sole arbitrator's sitting: said where the cases are chosen."""
    from datetime import date

    from hrss_disputes.services import cases
    from hrss_disputes.services.parties import PartyInput
    from tests.factories import act, arbitration_input
    from tests.services.test_sittings import APPLICANTS

    inst = institute(ctx, admin, db)
    inst.plan(arbitrator_ids=(inst.arbitrators[0],))
    clerk = inst.as_(inst.clerk)
    collective = clerk.call(cases.create_case, data=arbitration_input(
        inst.office, procedure="collective", collective=True, workers_involved=12,
        applicants=[PartyInput(name=n) for n in APPLICANTS], case_number="肇劳人仲案字〔2026〕201号"))
    act(clerk, collective, "accept", date(2026, 11, 3))
    inst.as_(inst.supervisor)
    dlg = _open(qtbot, ctx)
    qtbot.mouseClick(dlg.find_btn, Qt.MouseButton.LeftButton)
    assert dlg.results.item(0, 5).text() == "已受理·未组庭" and "组成仲裁庭" in dlg.results.item(0, 5).toolTip()
    _check(dlg, 0)
    qtbot.mouseClick(dlg.add_btn, Qt.MouseButton.LeftButton)
    assert dlg.add_error.isVisible() and dlg.add_error.text().startswith("肇劳人仲案字〔2026〕201号：组成仲裁庭：")
    assert dlg.grab().save(str(SHOTS / "fix1_sitting_cannot_form.png"))
    assert dlg.timetable.rowCount() == 0
