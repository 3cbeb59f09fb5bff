"""The inspector's desk, clicked through: a construction site's 40 workers from intake to closure,
and a refused case to the police and the blacklist."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
)

from hrss_disputes.models.enums import CaseFamily, CaseStatus, OfficeKind, Role
from hrss_disputes.services import cases, complaints, offices
from hrss_disputes.ui.case_edit import ActionDialog, CaseEditDialog, HandlerDialog
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.complaint_dialogs import PaymentDialog, ReviewDialog
from hrss_disputes.ui.complaint_intake import ComplaintIntakeDialog
from hrss_disputes.ui.complaint_panel import OWED_COLUMN
from hrss_disputes.ui.employer_page import EmployerDialog
from hrss_disputes.ui.reference_dialog import ReferenceDialog
from hrss_disputes.ui.worker_table import parse_day, parse_pasted
from tests.factories import VALID_USCC, make_user, resident_id
from tests.services.test_complaints import on_board
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.test_case_life import fill_inputs
from tests.ui.typing import type_text

STAFF: dict = {}


@pytest.fixture
def desk(ctx, admin, qtbot, app_font):  # noqa: ANN001, ANN201
    office = ctx.call(offices.create_office, name="肇庆市端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                      parent_id=admin.office_id, city="肇庆", code="DZJC")
    for name, role in (("zhou", Role.INSPECTOR), ("wu", Role.INSPECTOR), ("lead", Role.SUPERVISOR)):
        STAFF[name] = make_user(ctx, name, role, office)
    STAFF["admin"] = admin
    ctx.actor = STAFF["zhou"]
    return show_main_window(qtbot, ctx)


def sheet(workers: int, owed: str = "9000") -> str:
    """What an inspector copies from the site's Excel roster (a header row, then one per worker)."""
    rows = ["序号\t姓名\t身份证号码\t手机号码\t欠薪金额\t欠薪起始日\t欠薪截止日"]
    rows += [f"{i}\t工人{i:02d}\t{resident_id(i)}\t1380000{i:04d}\t{owed}\t2026/6/1\t2026/8/31"
             for i in range(1, workers + 1)]
    return "\n".join(rows)


def save(qtbot, dlg) -> None:  # noqa: ANN001
    """Click the dialog's 保存/登记; a dialog that refuses fails the test with what it said."""
    box = dlg.findChild(QDialogButtonBox)
    button = next(b for b in box.buttons() if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    if dlg.isVisible():
        said = [w.text() for w in dlg.findChildren(QLabel) if w.isVisible() and "color: #c62828" in w.styleSheet()
                and w.text()]
        dlg.close_unasked()  # the test gives up what it typed
        raise AssertionError(f"{dlg.windowTitle()} refused: {said}")


def register(qtbot, window, workers: int, shots=None) -> CaseView:  # noqa: ANN001
    QGuiApplication.clipboard().setText(sheet(workers))
    seen: list[str] = []

    def fill(dlg: ComplaintIntakeDialog) -> None:
        dlg.received.setDate(QDate(2026, 9, 1))
        dlg.channel.setCurrentIndex(dlg.channel.findData("hotline_12345"))
        type_text(dlg.employer.o_name, "肇庆市鼎盛建筑劳务有限公司")
        dlg.employer.o_code.setText(VALID_USCC)
        dlg.employer.o_address.setText("肇庆市端州区信安大道8号")
        qtbot.mouseClick(dlg.construction, Qt.MouseButton.LeftButton, pos=QPoint(8, dlg.construction.height() // 2))
        assert dlg.project["name"].isEnabled()
        type_text(dlg.project["name"], "端州区江滨花园三期")
        dlg.project["general_contractor"].setText("广东华建建设集团有限公司")
        dlg.project["team_leader"].setText("梁志强")
        dlg.green.setChecked(True)
        dlg.summary.setPlainText("春节前工地停工，班组长称总包未结算，工人多次讨薪未果。")
        qtbot.mouseClick(dlg.workers.paste_btn, Qt.MouseButton.LeftButton)
        seen.append(dlg.workers.totals.text())
        if shots is not None:
            dlg.resize(1366, 768)
            dlg.grab().save(str(shots / "complaint_intake.png"))
        save(qtbot, dlg)

    when_modal(ComplaintIntakeDialog, fill)
    window.new_actions[CaseFamily.COMPLAINT].trigger()
    assert seen == [f"名单 {workers} 人，欠薪合计 {workers * 9000:,.2f} 元"]
    view = window.tabs.currentWidget()
    assert isinstance(view, CaseView) and view.complaint is not None
    return view


def take(qtbot, view: CaseView, key: str, day: date, **values: object) -> None:  # noqa: ANN001
    done: list[bool] = []

    def fill(dlg: ActionDialog) -> None:
        dlg.day.setDate(QDate(day))
        fill_inputs(dlg, values)
        save(qtbot, dlg)
        done.append(dlg.result_detail is not None)
        if not done[-1]:
            dlg.close_unasked()  # the test gives up what it typed

    when_modal(ActionDialog, fill)
    qtbot.mouseClick(view.action_buttons[key], Qt.MouseButton.LeftButton)
    assert done == [True], f"{key} was not saved: {view.detail.status}"


def pay(qtbot, view: CaseView, day: date, rows: range | None) -> None:  # noqa: ANN001
    """登记支付到位: the rows given (all still owed when None) paid in full."""
    done: list[bool] = []

    def fill(dlg: PaymentDialog) -> None:
        dlg.day.setDate(QDate(day))
        if rows is not None:
            for r in rows:
                dlg.table.selectionModel().select(dlg.table.model().index(r, 0),
                                                  dlg.table.selectionModel().SelectionFlag.Select
                                                  | dlg.table.selectionModel().SelectionFlag.Rows)
        qtbot.mouseClick(dlg.fill_btn, Qt.MouseButton.LeftButton)
        save(qtbot, dlg)
        done.append(dlg.result_detail is not None)

    when_modal(PaymentDialog, fill)
    qtbot.mouseClick(view.action_buttons["payment"], Qt.MouseButton.LeftButton)
    assert done == [True]


def owed_column(view: CaseView) -> list[str]:
    t = view.complaint.table
    return [t.item(r, OWED_COLUMN).text() for r in range(t.rowCount())]


def test_forty_workers_from_intake_to_closure(qtbot, ctx, desk, shots) -> None:  # noqa: ANN001
    view = register(qtbot, desk, 40, shots)
    case_id = view.case_id
    assert owed_column(view) == ["9,000.00"] * 40
    assert "欠薪合计 <b>360,000.00</b>" in view.complaint.money.text()
    assert "端州区江滨花园三期" in view.complaint.intake.text() and "梁志强" in view.complaint.intake.text()
    assert "complaint_acceptance" in on_board(ctx, case_id)

    def review(dlg: ReviewDialog) -> None:
        dlg.day.setDate(QDate(2026, 9, 2))
        for box in dlg.answers.values():
            box.setCurrentIndex(box.findData(True))
        assert dlg.outcome.text().startswith("受理并立案")
        save(qtbot, dlg)

    when_modal(ReviewDialog, review)
    qtbot.mouseClick(view.complaint.review_btn, Qt.MouseButton.LeftButton)
    assert view.detail.status is CaseStatus.FILED and view.detail.case_number
    assert {"file", "not_accept"}.isdisjoint(view.action_buttons)  # taken through the review only

    take(qtbot, view, "order", date(2026, 9, 10), due_on=date(2026, 9, 25))
    pay(qtbot, view, date(2026, 9, 20), range(25))
    assert owed_column(view) == ["0.00"] * 25 + ["9,000.00"] * 15
    assert "已支付到位 <b style='color:#2e7d32'>225,000.00</b>" in view.complaint.money.text()
    assert "payment_order" in on_board(ctx, case_id)  # a part payment does not meet the order
    desk.grab().save(str(shots / "complaint_view.png"))

    take(qtbot, view, "order_compensation", date(2026, 9, 28), rate=50, due_on=date(2026, 10, 10))
    assert owed_column(view) == ["0.00"] * 25 + ["13,500.00"] * 15
    assert on_board(ctx, case_id) >= {"compensation_order", "investigation"}
    pay(qtbot, view, date(2026, 10, 9), None)
    assert owed_column(view) == ["0.00"] * 40
    assert "已支付到位 <b style='color:#2e7d32'>427,500.00</b>" in view.complaint.money.text()
    take(qtbot, view, "close", date(2026, 10, 12), reason="欠薪及加付赔偿金已全部支付到位")
    assert view.detail.status is CaseStatus.CLOSED and view.detail.amount_resolved == Decimal("427500.00")
    assert on_board(ctx, case_id) == set()
    desk.show_board()
    assert case_id not in {r.case_id for r in desk.board_page.model.rows}


def test_a_refused_case_to_the_police_and_the_blacklist(qtbot, ctx, desk, shots) -> None:  # noqa: ANN001
    view = register(qtbot, desk, 12)
    case_id = view.case_id
    assert view.detail.status is CaseStatus.RECEIVED
    ctx.call(complaints.review_complaint, case_id=case_id, expected_version=view.detail.version,
             occurred_on=date(2026, 9, 2), review=complaints.cm.Review(True, True, True))
    view.reload()
    take(qtbot, view, "order", date(2026, 9, 10), due_on=date(2026, 9, 25))
    assert "未设置本省数额标准，无法判断" in view.complaint.law.text()

    refused: list[str] = []

    def propose(dlg: ActionDialog) -> None:
        dlg.day.setDate(QDate(2026, 9, 30))
        dlg.inputs["criteria"].setCurrentIndex(dlg.inputs["criteria"].findData("threshold"))
        box = dlg.findChild(QDialogButtonBox)
        qtbot.mouseClick(box.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
        refused.append(dlg.errors._fields["criteria"][1].text())
        dlg.close_unasked()  # the test gives up what it typed

    when_modal(ActionDialog, propose)
    qtbot.mouseClick(view.action_buttons["propose_blacklist"], Qt.MouseButton.LeftButton)
    assert refused[0].startswith("未设置本省数额标准，不能以数额标准提请列入")

    # the administrator enters the province's figures in 设置
    ctx.actor = STAFF["admin"]
    dlg = ReferenceDialog(ctx)
    qtbot.addWidget(dlg)
    tab = dlg.thresholds
    tab.edits["single"].setText("3000")
    tab.edits["group"].setText("50000")
    tab.save()
    assert "5,000.00 元至 20,000.00 元" in tab.errors._fields["single"][1].text()
    tab.edits["single"].setText("10000")
    tab.save()
    assert tab.table.item(0, 1).text() == "10,000.00 元" and tab.table.item(1, 1).text() == "50,000.00 元"
    ctx.actor = STAFF["zhou"]
    view.reload()
    assert "达到数额标准" in view.complaint.law.text()
    assert "12 名劳动者被拖欠共 108,000.00 元，达到十人以上" in view.complaint.law.text()

    take(qtbot, view, "transfer_police", date(2026, 9, 30), police="肇庆市公安局端州分局", reason="经责令支付逾期仍不支付")
    assert "已于 2026-09-30 移送公安机关" in view.complaint.law.text()
    take(qtbot, view, "propose_blacklist", date(2026, 9, 30), criteria="threshold", persons="法定代表人刘某")
    assert "blacklist" not in view.action_buttons  # a supervisor decides
    ctx.actor = STAFF["lead"]
    view.reload()
    take(qtbot, view, "blacklist", date(2026, 10, 8))
    assert "失信名单：列入中" in view.complaint.law.text() and "期满 2029-10-08" in view.complaint.law.text()

    def employer(dlg: EmployerDialog) -> None:
        assert dlg.listings.item(0, 0).text() == "列入中"
        assert dlg.cases.rowCount() == 1
        dlg.resize(1366, 768)
        dlg.grab().save(str(shots / "employer_page.png"))
        dlg.accept()

    when_modal(EmployerDialog, employer)
    qtbot.mouseClick(view.complaint.employer_btn, Qt.MouseButton.LeftButton)
    # a new complaint against the same employer carries the warning
    ctx.actor = STAFF["zhou"]
    warned: list[str] = []

    def intake(dlg: ComplaintIntakeDialog) -> None:
        dlg.employer.o_code.setText(VALID_USCC)
        dlg.employer.edited.emit("org_code")
        warned.append(dlg.warning.text())
        dlg.close_unasked()  # the test gives up what it typed

    when_modal(ComplaintIntakeDialog, intake)
    desk.new_actions[CaseFamily.COMPLAINT].trigger()
    assert warned == ["注意：肇庆市鼎盛建筑劳务有限公司已列入拖欠农民工工资失信联合惩戒名单"]


def test_the_informant_of_a_report_is_hidden_from_other_inspectors(qtbot, ctx, desk) -> None:  # noqa: ANN001
    data = complaints.ComplaintInput(
        office_id=ctx.actor.office_id, received_on=date(2026, 11, 2), kind="report", workers_count=20,
        amount_claimed="150000", informant=complaints.Informant(name="陈某某", phone="13912345678"),
        employer=complaints.PartyInput(kind="organisation", name="肇庆市某某电子厂"))
    case_id = ctx.call(complaints.register_complaint, data=data)
    desk.open_case(case_id)
    mine = desk.tabs.currentWidget()
    assert "陈某某" in mine.complaint.intake.text()
    ctx.actor = STAFF["wu"]
    other = show_main_window(qtbot, ctx)
    other.open_case(case_id)
    view = other.tabs.currentWidget()
    assert "陈某某" not in view.complaint.intake.text() and "13912345678" not in view.complaint.intake.text()
    assert "（保密，仅承办监察员和本监察机构领导可见）" in view.complaint.intake.text()
    texts = [view.parties.item(r, c).text() for r in range(view.parties.rowCount()) for c in range(6)]
    assert not any("陈某某" in t for t in texts)
    assert "陈某某" not in repr(ctx.call(cases.get_case, case_id=case_id))


def test_only_the_units_supervisor_gives_a_report_to_another_inspector(qtbot, ctx, desk) -> None:  # noqa: ANN001
    data = complaints.ComplaintInput(
        office_id=ctx.actor.office_id, received_on=date(2026, 11, 2), kind="report", workers_count=20,
        amount_claimed="150000", informant=complaints.Informant(name="陈某某", phone="13912345678"),
        employer=complaints.PartyInput(kind="organisation", name="肇庆市某某电子厂"))
    case_id = ctx.call(complaints.register_complaint, data=data)
    ctx.actor = STAFF["wu"]  # another inspector: the ordinary edit shows the handler, it does not change it
    other = show_main_window(qtbot, ctx)
    other.open_case(case_id)
    view = other.tabs.currentWidget()
    assert view.handler_btn.isHidden()
    edit = CaseEditDialog(ctx, view.detail, view)
    assert edit.handler.count() == 0 and "handler_id" not in edit.changes()
    assert any("zhou" in label.text() for label in edit.findChildren(QLabel))
    edit.reject()
    ctx.actor = STAFF["lead"]
    boss = show_main_window(qtbot, ctx)
    boss.open_case(case_id)
    view = boss.tabs.currentWidget()
    assert not view.handler_btn.isHidden() and "陈某某" in view.complaint.intake.text()

    def give_to_wu(dlg: HandlerDialog) -> None:
        assert [dlg.handler.itemText(i) for i in range(dlg.handler.count())] == ["wu（监察员）", "zhou（监察员）"]
        dlg.handler.setCurrentIndex(0)
        dlg.grab().save("/tmp/handler_dialog.png")
        save(qtbot, dlg)

    when_modal(HandlerDialog, give_to_wu)
    qtbot.mouseClick(view.handler_btn, Qt.MouseButton.LeftButton)
    assert view.fields["handler"].text() == "wu"
    assert "更换承办人：zhou → wu" in view.events.item(0, 3).text()
    ctx.actor = STAFF["wu"]
    other.tabs.currentWidget().reload()  # the tab wu had open shows the informant now
    assert "陈某某" in other.tabs.currentWidget().complaint.intake.text()
    ctx.actor = make_user(ctx, "inst_lead", Role.SUPERVISOR, STAFF["admin"].office_id)  # the institute above
    above = show_main_window(qtbot, ctx)
    above.open_case(case_id)
    view = above.tabs.currentWidget()
    assert "陈某某" not in view.complaint.intake.text()
    assert view.edit_btn.isHidden() and view.handler_btn.isHidden() and view.actions_box.isHidden()


def test_pasted_rows_follow_their_header() -> None:
    rows = parse_pasted("序号\t姓名\t欠薪金额\t身份证号码\t欠薪起始日\t欠薪截止日\r\n1\t张三\t9000\t441202198503120016\t2026/6/1\t2026年8月31日\r\n")
    assert rows == [{"name": "张三", "amount_owed": "9000", "id_number": "441202198503120016",
                     "period_from": "2026/6/1", "period_to": "2026年8月31日"}]
    assert parse_day(rows[0]["period_to"]) == date(2026, 8, 31)
    assert parse_pasted("李四\t441202198503120024\t13800000002\t8000") == [
        {"name": "李四", "id_number": "441202198503120024", "phone": "13800000002", "amount_owed": "8000"}]
    with pytest.raises(ValueError, match="日期格式应为"):
        parse_day("六月一日")
