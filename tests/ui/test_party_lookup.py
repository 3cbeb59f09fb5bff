"""The party form's lookup by ID number or credit code: a person known only to another office is
neither shown nor linked; a known record's differing details are asked about before saving."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from hrss_disputes.models.enums import CaseFamily, OfficeKind, Role
from hrss_disputes.services import cases, offices
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.ui.new_case_dialog import NewCaseDialog
from tests.factories import VALID_ID, VALID_USCC, arbitration_input, make_user, resident_id
from tests.ui.modal import when_modal
from tests.ui.test_case_flow import fill_dialog, save
from tests.ui.typing import type_text


def _dialog(qtbot, ctx, family: CaseFamily = CaseFamily.ARBITRATION) -> NewCaseDialog:  # noqa: ANN001
    dlg = NewCaseDialog(ctx, family=family)
    qtbot.addWidget(dlg)
    dlg.resize(1100, 720)
    dlg.show()
    return dlg


def test_a_person_known_only_to_another_office_is_not_shown_when_their_number_is_typed(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    a = ctx.call(offices.create_office, code="TA", name="端州区城东街道劳动争议调解中心",
                 kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    b = ctx.call(offices.create_office, code="TB", name="鼎湖区桂城街道劳动争议调解中心",
                 kind=OfficeKind.TOWNSHIP_CENTRE, parent_id=admin.office_id)
    ctx.actor = make_user(ctx, "med_b", Role.MEDIATOR, b)
    ctx.call(cases.create_case, data=arbitration_input(
        b, family="mediation", procedure="grassroots",
        applicants=[PartyInput(name="桂城工人", id_doc_number=resident_id(7), phone="13800000007",
                               address="鼎湖区桂城某村5号")]))
    ctx.actor = make_user(ctx, "med_a", Role.MEDIATOR, a)
    dlg = _dialog(qtbot, ctx, CaseFamily.MEDIATION)
    type_text(dlg.applicant.p_doc_number, resident_id(7))
    dlg.applicant.p_doc_number.editingFinished.emit()
    assert dlg.applicant.existing.isHidden() and dlg.applicant.p_name.text() == ""
    fill_dialog(qtbot, dlg, name="李四", id_number="", credit_code=VALID_USCC, amount="3000")
    save(qtbot, dlg)  # no question: nothing of B's record is said
    assert dlg.created_id is not None
    applicant = ctx.call(cases.get_case, case_id=dlg.created_id).parties[0].party
    assert (applicant.name, applicant.phone, applicant.address) == ("李四", "13800138000", None)


def test_a_different_name_typed_for_a_known_person_is_asked_about_and_updated(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    first = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))  # 张三, 13800138000
    dlg = _dialog(qtbot, ctx)
    type_text(dlg.applicant.p_doc_number, VALID_ID)
    dlg.applicant.p_doc_number.editingFinished.emit()
    assert "已有当事人记录：张三（涉及 1 件案件）" in dlg.applicant.existing.text()
    assert dlg.applicant.p_name.text() == "张三"  # filled in: this office may see the record
    dlg.applicant.p_name.setText("张叁")
    fill_dialog(qtbot, dlg, name="", id_number="", credit_code=VALID_USCC, amount="3000")
    dlg.applicant.p_phone.setText("13900001111")
    asked: list[str] = []

    def answer(box: QMessageBox) -> None:
        asked.append(box.text())
        box.grab().save("/tmp/party_question.png")
        next(b for b in box.buttons() if b.text() == "更新已登记的记录").click()

    when_modal(QMessageBox, answer)
    save(qtbot, dlg)
    assert asked and "已登记的姓名为“张三”，填写的是“张叁”" in asked[0] and "13800138000" in asked[0]
    assert dlg.created_id is not None
    party = ctx.call(cases.get_case, case_id=first).parties[0].party
    assert (party.name, party.phone) == ("张叁", "13900001111")


def test_known_workers_typed_differently_into_a_worker_list_are_asked_about_once(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    from hrss_disputes.services import complaints
    from hrss_disputes.ui.complaint_dialogs import WorkersDialog
    from tests.services.test_complaints import site_complaint

    unit = ctx.call(offices.create_office, name="肇庆市端州区劳动保障监察大队", kind=OfficeKind.INSPECTION,
                    parent_id=admin.office_id, city="肇庆", code="DZJC")
    ctx.actor = make_user(ctx, "zhou", Role.INSPECTOR, unit)
    earlier = ctx.call(complaints.register_complaint, data=site_complaint(unit, workers=2))
    case_id = ctx.call(complaints.register_complaint, data=site_complaint(unit, workers=0, kind="report",
                                                                          workers_count=5, amount_claimed="50000"))
    dlg = WorkersDialog(ctx, ctx.call(cases.get_case, case_id=case_id))
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.workers.add_rows([{"name": "工人一", "id_number": resident_id(1), "amount_owed": "9000"},
                          {"name": "工人02", "id_number": resident_id(2), "phone": "13700000002", "amount_owed": "9000"}])
    asked: list[str] = []

    def answer(box: QMessageBox) -> None:
        asked.append(box.text())
        box.grab().save("/tmp/workers_question.png")
        next(b for b in box.buttons() if b.text() == "更新已登记的记录").click()

    when_modal(QMessageBox, answer)
    dlg.save()
    assert len(asked) == 1 and "第 1 行：已登记的姓名为“工人01”" in asked[0] and "第 2 行：已登记的联系电话" in asked[0]
    assert dlg.result_detail is not None
    names = [w.name for w in ctx.call(complaints.get_complaint, case_id=earlier).accounts.workers]
    assert names == ["工人一", "工人02"]
