"""A case walked through its whole life by clicking the case view's action buttons."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from hrss_disputes.models.enums import CaseStatus, Role
from hrss_disputes.services import cases, workflow
from hrss_disputes.ui.case_edit import ActionDialog
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.parties_picker import PartiesPicker
from hrss_disputes.ui.tribunal_picker import SOLE, THREE, TribunalPicker
from tests.factories import arbitration_input, decide, make_user, office_clerk, register_arbitrators
from tests.ui.conftest import SHOTS
from tests.ui.modal import when_modal


def fill_inputs(dlg: ActionDialog, values: dict[str, object], on: date | None = None) -> None:
    """Type or pick each value in the action dialog's field of that name (a party served signs
    for the paper on ``on``, today when not given)."""
    for name, value in values.items():
        w = dlg.inputs[name]
        if isinstance(w, TribunalPicker):  # 仲裁庭: "首席、仲裁员、仲裁员" picked seat by seat from the register
            names = str(value).split("、")
            w.form.setCurrentIndex(w.form.findData(SOLE if len(names) == 1 else THREE))
            for box, name in zip(w.shown_seats(), names, strict=True):
                box.setCurrentIndex(next(i for i in range(box.count()) if box.itemText(i).startswith(name)))
        elif isinstance(w, PartiesPicker):  # 受送达人: tick each party named, with the day of receipt
            for party in value:  # type: ignore[attr-defined]
                w.box(party).setChecked(True)
                w.date_of(party).setDate(QDate(on or date.today()))
        elif isinstance(w, QDateEdit):
            w.setDate(QDate(value))
        elif isinstance(w, QSpinBox):
            w.setValue(value)
        elif isinstance(w, QComboBox):
            w.setCurrentIndex(w.findData(value))
        elif isinstance(w, QCheckBox):
            w.setChecked(bool(value))
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(str(value))
        elif isinstance(w, QLineEdit):
            w.setText(str(value))


def take(qtbot, view: CaseView, key: str, on: date | None = None, **values: object) -> None:  # noqa: ANN001
    """Click the action's button, fill its dialog as a person would, dated ``on`` (today when not
    given), and save; a refusal closes the dialog and fails the test with its messages."""
    done: list[bool] = []

    def fill(dlg: ActionDialog) -> None:
        fill_inputs(dlg, values, on)
        dlg.day.setDate(QDate(on or date.today()))
        save = dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
        done.append(dlg.result_detail is not None)
        if dlg.result_detail is None:
            done.append(" ".join(label.text() for label in dlg.findChildren(QLabel) if label.text()))  # type: ignore[arg-type]
            dlg.close_unasked()  # the test gives up what it typed

    when_modal(ActionDialog, fill)
    qtbot.mouseClick(view.action_buttons[key], Qt.MouseButton.LeftButton)
    assert done == [True], f"{key} was not saved: {done[1:]}"


def shown_buttons(view: CaseView) -> set[str]:
    """The steps offered to take now (not the 申请审批 buttons of the steps a supervisor takes)."""
    return {key for key in view.action_buttons if not key.startswith(("request:", "blocked:"))}


def test_prefiling_mediation_fails_converts_and_ends_in_an_award(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    # walked over the last six weeks: the award waits for the respondent's ten working days to
    # answer (LDMAF 30), which a long holiday can stretch to three weeks
    start = date.fromordinal(date.today().toordinal() - 45)

    def day(n: int) -> date:
        return date.fromordinal(start.toordinal() + n)

    data = arbitration_input(admin.office_id, family="mediation", procedure="prefiling", received_on=start)
    mediation_id = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    view = CaseView(ctx, mediation_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    assert shown_buttons(view) == {a.key for a in ctx.call(workflow.allowed_actions, case_id=mediation_id)}
    take(qtbot, view, "start_mediation", day(0))
    take(qtbot, view, "no_agreement", day(5), reason="被申请人不同意支付")
    take(qtbot, view, "refer_to_arbitration", day(5))
    assert view.detail.status is CaseStatus.REFERRED
    arbitration = ctx.call(cases.list_cases, query=cases.CaseQuery(family="arbitration"))[0]

    view = CaseView(ctx, arbitration.id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    take(qtbot, view, "accept", day(6))
    assert shown_buttons(view) == {a.key for a in ctx.call(workflow.allowed_actions, case_id=arbitration.id)}
    register_arbitrators(ctx, admin.office_id, "陈首席", "林仲裁", "黄仲裁")
    clerk = office_clerk(ctx, admin.office_id).id.hex
    view.reload()  # the institute has a clerk now: 组成仲裁庭 is no longer greyed out (没有可选的书记员)
    take(qtbot, view, "form_tribunal", day(7), arbitrators="陈首席、林仲裁、黄仲裁", clerk=clerk)
    take(qtbot, view, "serve", day(8), document="application_copy", method="post",
         recipients=["肇庆市鼎盛建筑工程有限公司"])
    from tests.factories import room  # 开庭地点: a room of the institute, chosen from its list

    place = room(ctx, admin.office_id).hex
    view.reload()  # the institute has a room now: 确定开庭 is no longer greyed out (没有可选的开庭地点)
    from hrss_disputes.domain.calendar import WorkCalendar

    heard = WorkCalendar().roll_forward(day(30))[0]  # a working day: a rest day would be warned first
    take(qtbot, view, "schedule_hearing", day(9), hearing_on=heard, place=place)
    qtbot.waitExposed(view)
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "case_view_actions.png"))
    take(qtbot, view, "hold_hearing", heard)
    decide(ctx, arbitration.id, [("supported", None, "")])  # 裁决结果 on the claims tab (its own test)
    view.reload()
    take(qtbot, view, "award", date.fromordinal(heard.toordinal() + 1))  # its type and amount are the decision's: nothing typed again
    assert view.detail.amount_resolved == Decimal("12000.50")
    assert view.detail.status is CaseStatus.AWARDED
    states = {d.key: d.state.value for d in view.deadline_list}
    assert states["award"] == "met" and states["tribunal"] == "met" and states["service"] == "met"
    assert "award" not in shown_buttons(view)


def test_green_channel_wage_claim_mediated_at_the_hearing(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    today = date.today()
    data = arbitration_input(admin.office_id, received_on=today, green_channel=True)
    case_id = ctx.call(cases.create_case, data=data)
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.show()
    take(qtbot, view, "accept")
    assert "green_target" in {d.key for d in view.deadline_list}
    register_arbitrators(ctx, admin.office_id, "陈仲裁")
    view.reload()  # someone to choose now: 组成仲裁庭 is no longer greyed (没有可选的仲裁庭组成人员)
    take(qtbot, view, "form_tribunal", arbitrators="陈仲裁", clerk=ctx.actor.id.hex)
    take(qtbot, view, "hold_hearing")
    assert "mediation_statement" not in shown_buttons(view)  # the tribunal's step (LDMAF 42), not the clerk's
    ctx.actor = make_user(ctx, "arb", Role.ARBITRATOR, admin.office_id)
    view.reload()
    take(qtbot, view, "mediation_statement", amount="9000")
    assert view.detail.status is CaseStatus.MEDIATION_STATEMENT
    green = next(d for d in view.deadline_list if d.key == "green_target")
    assert green.state.value == "met"
