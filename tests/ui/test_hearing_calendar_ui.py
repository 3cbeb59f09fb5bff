"""确定开庭 in the real step form warns of an overlapping booking (and books it only when told to go
on); the 开庭排期 week opens a case from its slot and prints the 开庭排期表 (A4 landscape)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox, QPushButton

from hrss_disputes.models.enums import HearingStatus, Role
from hrss_disputes.services import cases, hearings
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.ui.case_edit import ActionDialog
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.hearing_calendar import HearingCalendar
from hrss_disputes.ui.hearing_form import TITLE
from tests.factories import act, arbitration_input, make_user, room
from tests.pdf import text_of
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal

HEARING = date.today() + timedelta(days=21)  # well past the notice's five working days


def _tried_case(ctx, office_id, applicant: str):  # noqa: ANN001, ANN202
    case_id = ctx.call(cases.create_case, data=arbitration_input(office_id, applicants=[PartyInput(name=applicant)]))
    act(ctx, case_id, "accept", date(2026, 11, 3))
    act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators="陈立新、王芳、黄国强")
    return case_id


def _booked(ctx, case_id) -> list:  # noqa: ANN001
    return [h for h in ctx.call(hearings.case_hearings, case_id=case_id) if h.status is HearingStatus.SCHEDULED]


def test_an_overlapping_booking_is_warned_in_the_form(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    first = _tried_case(ctx, admin.office_id, "张三")
    act(ctx, first, "schedule_hearing", date(2026, 11, 16), hearing_on=HEARING, starts="09:30", minutes=90,
        place="第一仲裁庭")
    number = ctx.call(cases.get_case, case_id=first).case_number
    second = _tried_case(ctx, admin.office_id, "李四")
    view = CaseView(ctx, second)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    warnings: list[str] = []
    answers = iter(["返回修改", "仍然安排"])

    def answer(box: QMessageBox) -> None:
        if box.windowTitle() != TITLE:
            return
        warnings.append(box.text())
        wanted = next(answers)
        qtbot.mouseClick(next(b for b in box.buttons() if b.text() == wanted), Qt.MouseButton.LeftButton)

    def fill(dlg: ActionDialog) -> None:
        assert dlg.inputs["starts"].time() == QTime(9, 30) and dlg.inputs["minutes"].value() == 60  # the defaults
        dlg.inputs["hearing_on"].setDate(QDate(HEARING))
        dlg.inputs["starts"].setTime(QTime(10, 0))
        place = dlg.inputs["place"]
        place.setCurrentIndex(place.findData(room(ctx, admin.office_id).hex))
        save = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        when_modal(QMessageBox, answer)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # 返回修改: the form stays, nothing booked
        assert dlg.isVisible() and dlg.result_detail is None and _booked(ctx, second) == []
        when_modal(QMessageBox, answer)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # 仍然安排: booked

    when_modal(ActionDialog, fill)
    qtbot.mouseClick(view.action_buttons["schedule_hearing"], Qt.MouseButton.LeftButton)
    when = f"{HEARING.isoformat()} 09:30–11:00 已安排 {number}"
    assert len(warnings) == 2
    for line in (f"第一仲裁庭 {when}", f"仲裁员 陈立新 {when}", f"仲裁员 王芳 {when}", f"仲裁员 黄国强 {when}"):
        assert line in warnings[0], warnings[0]
    [booked] = _booked(ctx, second)
    assert (booked.hearing_on, booked.time, booked.minutes, booked.place_name) == (HEARING, "10:00", 60, "第一仲裁庭")
    assert "schedule_hearing" not in view.action_buttons  # one booking at a time
    assert view.detail.events[-1].note.startswith(f"开庭：{HEARING.isoformat()} 10:00–11:00（60分钟）；地点：第一仲裁庭")


def test_the_week_opens_a_case_and_prints_its_schedule(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    window = show_main_window(qtbot, ctx)
    heard = _tried_case(ctx, admin.office_id, "张三")
    act(ctx, heard, "schedule_hearing", date(2026, 11, 16), hearing_on=HEARING, starts="14:30", minutes=60,
        place="第二仲裁庭")
    window.calendar_action.trigger()
    calendar = window.hearing_calendar_window
    assert isinstance(calendar, HearingCalendar) and calendar.isVisible()
    while calendar.week.monday + timedelta(days=7) <= HEARING:  # 下一周 until the hearing's week
        qtbot.mouseClick(calendar.next_btn, Qt.MouseButton.LeftButton)
    assert [r.label for r in calendar.week.rows] == ["第二仲裁庭"]
    col = HEARING.weekday() + 1
    number = ctx.call(cases.get_case, case_id=heard).case_number
    chief = calendar.week.rows[0].days[col - 1][0].arbitrators[0]
    assert calendar.table.item(0, col).text() == f"14:30–15:30 {number} 张三诉肇庆市鼎盛建筑工程有限公司（首席 {chief}）"
    calendar.by_arbitrator.setChecked(True)
    assert [calendar.table.item(r, 0).text() for r in range(3)] == sorted(["陈立新", "王芳", "黄国强"])
    assert calendar.table.item(0, col).text().endswith("（第二仲裁庭）")  # an arbitrator's row names the room
    opened = window.tabs.count()
    rect = calendar.table.visualItemRect(calendar.table.item(0, col))
    qtbot.mouseClick(calendar.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(calendar.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.tabs.count() == opened + 1
    assert isinstance(view := window.tabs.currentWidget(), CaseView) and view.case_id == heard
    pdf = ctx.call(hearings.week_pdf, day=HEARING, by=calendar.by)
    import io

    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = text_of(pdf).replace("\n", "")
    assert "开庭排期表" in text and "陈立新" in text and "14:30" in text and number in text


def test_the_case_view_lists_every_hearing_and_says_what_waits(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = _tried_case(ctx, admin.office_id, "张三")
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 9), hearing_on=date(2026, 11, 24), starts="09:30",
        minutes=90, place="第一仲裁庭")
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    # the status stays the procedure's stage (已组庭 until a hearing is held); the booking is said beside it
    assert "已组庭" in view.badges.text() and "待开庭 11-24 09:30" in view.badges.text()
    act(ctx, case_id, "postpone_hearing", date(2026, 11, 20), reason="申请人住院治疗")
    view.reload()
    assert "开庭已延期，待重新确定开庭" in view.badges.text()
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 20), hearing_on=HEARING, starts="14:30", minutes=60,
        place="第二仲裁庭")
    view.reload()
    assert view.fields["hearings"].text().split("\n") == [
        "2026-11-24 09:30–11:00 第一仲裁庭（延期）：申请人住院治疗",
        f"{HEARING.isoformat()} 14:30–15:30 第二仲裁庭（待开庭）"]
    assert f"待开庭 {HEARING.month}-{HEARING.day:02d} 14:30" in view.badges.text()
    qtbot.waitExposed(view)
    qtbot.wait(50)  # laid out again for the longer texts
    view.grab().save("/tmp/shots19/case_view_hearings.png")


def test_the_administrator_keeps_the_places_in_the_reference_dialog(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    from hrss_disputes.ui.reference_dialog import ReferenceDialog

    dlg = ReferenceDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(1366, 768)
    dlg.show()
    tab = dlg.places
    dlg.tabs.setCurrentWidget(tab)
    tab.kind.setCurrentIndex(tab.kind.findData("room"))
    qtbot.mouseClick(next(b for b in tab.findChildren(QPushButton) if b.text() == "新增开庭地点"),
                     Qt.MouseButton.LeftButton)
    assert tab.errors._fields["name"][1].text().startswith("请填写名称")  # said at the field, nothing saved
    assert ctx.call(hearings.list_places) == []
    tab.name.setText("第一仲裁庭")
    tab.address.setText("肇庆市端州区信安大道1号三楼")
    qtbot.mouseClick(next(b for b in tab.findChildren(QPushButton) if b.text() == "新增开庭地点"),
                     Qt.MouseButton.LeftButton)
    assert tab.table.rowCount() == 1 and tab.table.item(0, 1).text() == "第一仲裁庭"
    tab.table.selectRow(0)
    tab.active.setChecked(False)  # no longer used: kept, not offered
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.table.item(0, 4).text() == "已停用" and tab.save_button.isEnabled()  # still chosen, to correct again
    [place] = ctx.call(hearings.list_places)
    assert (place.name, place.address, place.active) == ("第一仲裁庭", "肇庆市端州区信安大道1号三楼", False)
    dlg.grab().save("/tmp/shots19/reference_places.png")


def test_the_tribunal_postpones_in_the_form(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """延期开庭 from the case view: no party chosen (the commission's own motion), a reason; the
    booking is kept as postponed and the case waits for a new 确定开庭."""
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    case_id = _tried_case(ctx, admin.office_id, "张三")
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 16), hearing_on=HEARING, place="第一仲裁庭")
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.show()
    done: list[bool] = []

    def fill(dlg: ActionDialog) -> None:
        assert "开庭通知送达期限不再计算" in " ".join(label.text() for label in dlg.findChildren(QLabel))
        dlg.inputs["reason"].setPlainText("首席仲裁员因公出差")
        qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                         Qt.MouseButton.LeftButton)
        done.append(dlg.result_detail is not None)

    when_modal(ActionDialog, fill)
    qtbot.mouseClick(view.action_buttons["postpone_hearing"], Qt.MouseButton.LeftButton)
    assert done == [True]
    assert "开庭已延期，待重新确定开庭" in view.badges.text()
    assert view.fields["hearings"].text().endswith("（延期）：首席仲裁员因公出差")
    assert {"schedule_hearing"} <= set(view.action_buttons) and "postpone_hearing" not in view.action_buttons


def test_a_suspended_case_shows_its_hearing_postponed_until_resumed(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """Review of issue 19: 中止审理 takes the booked hearing off the calendar; the case view says it
    was postponed by the suspension and that a new 确定开庭 follows 恢复审理."""
    ctx.actor = make_user(ctx, "boss", Role.SUPERVISOR, admin.office_id)
    case_id = _tried_case(ctx, admin.office_id, "张三")
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 9), hearing_on=date(2026, 11, 24), starts="09:30",
        minutes=90, place="第一仲裁庭")
    act(ctx, case_id, "suspend", date(2026, 11, 20), ground="6")
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    assert view.fields["hearings"].text() == "2026-11-24 09:30–11:00 第一仲裁庭（延期）：中止审理"
    assert "中止审理，开庭已延期：恢复审理后重新确定开庭" in view.badges.text()
    assert "待开庭" not in view.badges.text()
    view.grab().save("/tmp/shots19/fix2_suspended_case.png")
