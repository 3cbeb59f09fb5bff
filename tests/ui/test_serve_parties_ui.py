"""登记送达 in the window (issue 18 point 1): each party ticked with its own date of receipt, the
errors at the field, then one line per party in the 期限 tab and on the deadline board."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from hrss_disputes.domain.workflows import find_action
from hrss_disputes.models.enums import EventKind, PartyKind, Procedure, Role
from hrss_disputes.services import cases
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.ui.case_edit import ActionDialog
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.parties_picker import PartiesPicker
from tests.factories import VALID_USCC_2, act, arbitration_input, make_user, recipients
from tests.ui.conftest import show_main_window

WORKER, EMPLOYER, SUBCONTRACTOR = "张三", "肇庆市鼎盛建筑工程有限公司", "肇庆市顺安劳务有限公司"


def _case(ctx, admin):  # noqa: ANN001, ANN201
    """A worker against two companies, received Mon 2 Nov 2026, accepted Tue 3 Nov, handled by 陈."""
    arb = make_user(ctx, "chen", Role.ARBITRATOR, admin.office_id)
    data = arbitration_input(admin.office_id, handler_id=arb.id)
    data.respondents = [*data.respondents, PartyInput(kind=PartyKind.ORGANISATION, name=SUBCONTRACTOR,
                                                      credit_code=VALID_USCC_2)]
    case_id = ctx.call(cases.create_case, data=data)
    ctx.actor = arb
    act(ctx, case_id, "accept", date(2026, 11, 3))
    return case_id


def _serve_form(qtbot, ctx, admin):  # noqa: ANN001, ANN202
    """A new case and its 登记送达 form, shown."""
    case_id = _case(ctx, admin)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    dlg = ActionDialog(ctx, view.detail, find_action(Procedure.ORDINARY, "serve"))
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return case_id, view, dlg


def _save(qtbot, dlg: ActionDialog) -> None:  # noqa: ANN001
    qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def test_the_serve_form_asks_each_party_and_its_date(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    case_id, view, dlg = _serve_form(qtbot, ctx, admin)
    picker = dlg.inputs["recipients"]
    assert isinstance(picker, PartiesPicker)
    assert [b.text() for b, _ in picker.rows.values()] == [f"{WORKER}（申请人）", f"{EMPLOYER}（被申请人）",
                                                           f"{SUBCONTRACTOR}（被申请人）"]
    assert "occurred_on" not in dlg.errors.keys()  # noqa: SIM118  (the dates are each party's own: no 办理日期)
    dlg.inputs["document"].setCurrentIndex(dlg.inputs["document"].findData("application_copy"))
    dlg.inputs["method"].setCurrentIndex(dlg.inputs["method"].findData("post"))
    error = dlg.errors._fields["recipients"][1]

    _save(qtbot, dlg)
    assert error.text() == "请至少选择一名受送达人" and dlg.result_detail is None

    qtbot.mouseClick(picker.box(EMPLOYER), Qt.MouseButton.LeftButton)
    assert picker.box(EMPLOYER).isChecked() and picker.date_of(EMPLOYER).isEnabled()
    assert not picker.date_of(SUBCONTRACTOR).isEnabled()
    picker.date_of(EMPLOYER).setDate(QDate(date.today() + timedelta(days=1)))
    _save(qtbot, dlg)
    assert error.text() == f"{EMPLOYER}的签收日期不能晚于今天"

    picker.date_of(EMPLOYER).setDate(QDate(2026, 11, 2))  # the day before the acceptance
    _save(qtbot, dlg)
    assert error.text().startswith(f"{EMPLOYER}：签收日期不能早于“受理”的日期 2026-11-03")
    assert len(ctx.call(cases.get_case, case_id=case_id).events) == len(view.detail.events)  # nothing saved

    picker.date_of(EMPLOYER).setDate(QDate(2026, 11, 5))
    qtbot.mouseClick(picker.box(SUBCONTRACTOR), Qt.MouseButton.LeftButton)
    picker.date_of(SUBCONTRACTOR).setDate(QDate(2026, 11, 10))
    _save(qtbot, dlg)
    assert dlg.result_detail is not None
    served = [e for e in dlg.result_detail.events if e.kind is EventKind.SERVED]
    assert [(e.occurred_on, e.note) for e in served] == [
        (date(2026, 11, 5), f"仲裁申请书副本（邮寄送达（仲裁专递））：{EMPLOYER} 2026-11-05；{SUBCONTRACTOR} 2026-11-10")]


def test_an_award_not_yet_made_is_refused_at_the_document_field(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    """LDMAF 47–50: nobody receives an award before it is made: the form says so at 送达文书."""
    case_id, view, dlg = _serve_form(qtbot, ctx, admin)
    dlg.inputs["document"].setCurrentIndex(dlg.inputs["document"].findData("award"))
    dlg.inputs["method"].setCurrentIndex(dlg.inputs["method"].findData("direct"))
    picker = dlg.inputs["recipients"]
    qtbot.mouseClick(picker.box(WORKER), Qt.MouseButton.LeftButton)
    picker.date_of(WORKER).setDate(QDate(2026, 11, 6))
    _save(qtbot, dlg)
    assert dlg.errors._fields["document"][1].text() == "尚未作出裁决，不能登记送达仲裁裁决书：须先登记“作出裁决”"
    assert dlg.result_detail is None
    assert len(ctx.call(cases.get_case, case_id=case_id).events) == len(view.detail.events)  # nothing saved


def test_the_deadlines_tab_and_the_board_show_one_line_per_party(qtbot, ctx, admin, app_font, shots) -> None:  # noqa: ANN001
    case_id = _case(ctx, admin)
    act(ctx, case_id, "form_tribunal", date(2026, 11, 4), arbitrators="陈立新、王芳、黄国强")
    # LDMAF 30: each respondent's 10 working days from its own receipt: Thu 5 Nov → Thu 19 Nov,
    # Tue 10 Nov → Tue 24 Nov
    act(ctx, case_id, "serve", date(2026, 11, 5), document="application_copy", method="post",
        recipients=[*recipients(ctx, case_id, date(2026, 11, 5), EMPLOYER),
                    *recipients(ctx, case_id, date(2026, 11, 10), SUBCONTRACTOR)])
    # LDMAF 35: a hearing far ahead; only the worker has its notice yet
    hearing = date.today() + timedelta(days=60)
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 6), hearing_on=hearing, place="本委第一仲裁庭")
    act(ctx, case_id, "serve", date(2026, 11, 9), document="hearing_notice", method="direct",
        recipients=recipients(ctx, case_id, date(2026, 11, 9), WORKER))

    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    view.tabs.setCurrentIndex(view.tabs.indexOf(view.deadline_page))
    shown = {view.deadlines.item(r, 0).text(): (view.deadlines.item(r, 1).text(), view.deadlines.item(r, 3).text())
             for r in range(view.deadlines.rowCount())}
    assert shown[f"答辩期（{EMPLOYER}）"] == ("2026-11-19", "送达 2026-11-05")
    assert shown[f"答辩期（{SUBCONTRACTOR}）"] == ("2026-11-24", "送达 2026-11-10")
    assert f"答辩期（{WORKER}）" not in shown
    assert {f"开庭通知送达期限（{name}）" for name in (WORKER, EMPLOYER, SUBCONTRACTOR)} <= set(shown)
    row = list(shown).index(f"答辩期（{SUBCONTRACTOR}）")
    view.deadlines.selectRow(row)
    assert f"{SUBCONTRACTOR} 2026-11-10 收到仲裁申请书副本" in view.deadline_text.text()
    view.grab().save(str(shots / "party_clocks.png"))

    w = show_main_window(qtbot, ctx)
    w.show_board()
    page = w.board_page
    labels = [page.model.index(r, 3).data() for r in range(page.model.rowCount())]
    assert f"开庭通知送达期限（{EMPLOYER}）" in labels and f"开庭通知送达期限（{SUBCONTRACTOR}）" in labels
    assert f"开庭通知送达期限（{WORKER}）" not in labels  # served: met
    page.grab().save(str(shots / "party_board.png"))

    # double-clicking a party's line opens the case on that party's clock
    r = labels.index(f"开庭通知送达期限（{SUBCONTRACTOR}）")
    rect = page.table.visualRect(page.model.index(r, 3))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    opened = w.tabs.currentWidget()
    assert isinstance(opened, CaseView)
    assert opened.deadline_list[opened.deadlines.currentRow()].label == f"开庭通知送达期限（{SUBCONTRACTOR}）"
