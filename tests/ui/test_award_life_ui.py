"""The case view shows the award's life after it is made (裁审衔接), recorded through the action form."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from hrss_disputes.domain.workflows import find_action
from hrss_disputes.models.enums import Procedure
from hrss_disputes.ui.case_edit import ActionDialog
from hrss_disputes.ui.case_view import CaseView
from tests.services.test_award_life import awarded_case
from tests.ui.test_case_edit import click_save


def test_a_suit_recorded_in_the_form_shows_on_the_case_view(qtbot, ctx, admin, app_font, shots) -> None:  # noqa: ANN001
    case_id = awarded_case(ctx, admin)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    assert view.after_life.isVisible()
    offered = set(view.action_buttons)
    assert "record_suit" in offered and not offered & {"record_set_aside", "record_court_outcome"}  # non-final, no suit
    assert "肇庆市鼎盛建筑工程有限公司：2026-11-16 收到，起诉期限至 2026-12-01" in view.after_life_text.text()

    dlg = ActionDialog(ctx, view.detail, find_action(Procedure.ORDINARY, "record_suit"))
    qtbot.addWidget(dlg)
    party = dlg.inputs["party"]
    assert [party.itemText(i) for i in range(party.count())] == ["（请选择）", "申请人 张三", "被申请人 肇庆市鼎盛建筑工程有限公司"]
    dlg.day.setDate(QDate(2026, 11, 14))
    party.setCurrentIndex(2)  # the employer received it on 11-16: a suit on 11-14 is refused at its date
    dlg.inputs["court"].setText("肇庆市端州区人民法院")
    dlg.inputs["court_case_number"].setText("（2026）粤1202民初501号")
    click_save(qtbot, dlg)
    assert "起诉日期不能早于收到之日" in dlg.errors._fields["occurred_on"][1].text()
    dlg.day.setDate(QDate(2026, 11, 20))
    party.setCurrentIndex(1)
    click_save(qtbot, dlg)
    view.show_detail(dlg.result_detail)
    text = view.after_life_text.text()
    assert "因起诉不生效" in text and "张三 于 2026-11-20 向肇庆市端州区人民法院起诉，案号 （2026）粤1202民初501号" in text
    assert dlg.result_detail.closed_on == date(2026, 11, 12)
    assert "record_court_outcome" in view.action_buttons  # offered once a suit is recorded
    assert "apply_enforcement" not in view.action_buttons  # the award does not take effect (LDMAF 50, 51)
    qtbot.wait(100)  # the old buttons go, the new ones are laid out
    view.grab().save(str(shots / "award_after_life.png"))
