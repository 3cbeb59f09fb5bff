"""Issue 19's acceptance walk in one clerk's day, in the real windows: she accepts a case (its
date typed wrong), chooses a three-member tribunal from the register, books a room for a hearing ten days
ahead (an overlapping booking is warned), and the case is on her board and on each arbitrator's; a 回避
replaces an arbitrator, who leaves the board; the wrong 受理 date is corrected from the timeline
and the 审理期限 follows."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from hrss_disputes.models.enums import EventKind, HearingStatus, Role
from hrss_disputes.services import cases, hearings, tribunal, workflow
from hrss_disputes.services.deadline_board import Scope
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.ui.case_edit import ActionDialog
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.correction_dialog import CorrectionDialog
from hrss_disputes.ui.deadline_board import DeadlineBoardPage
from hrss_disputes.ui.hearing_form import TITLE
from hrss_disputes.ui.tribunal_picker import THREE
from tests.factories import arbitration_input, make_user, room, tribunal_values
from tests.ui.modal import when_modal
from tests.ui.typing import type_text

TODAY = date.today()
RECEIVED, ACCEPTED, TYPED = TODAY - timedelta(days=6), TODAY - timedelta(days=5), TODAY - timedelta(days=1)
# ten days ahead, a weekend moved to the Monday: the notice's five working days (LDMAF 35) are left
HEARING = TODAY + timedelta(days=10)
HEARING += timedelta(days=(7 - HEARING.weekday()) % 7 if HEARING.weekday() > 4 else 0)


def _pick(box, text: str) -> None:  # noqa: ANN001
    box.setCurrentIndex(next(i for i in range(box.count()) if box.itemText(i).startswith(text)))


def _save(qtbot, dlg) -> None:  # noqa: ANN001
    qtbot.mouseClick(dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save),
                     Qt.MouseButton.LeftButton)


def act(ctx, case_id, action: str, on: date, **values) -> None:  # noqa: ANN001, ANN003
    """A step recorded through the service as the acting user, today being today."""
    if action == "schedule_hearing":
        values["place"] = room(ctx, ctx.call(cases.get_case, case_id=case_id).office_id, values["place"]).hex
    if action == "form_tribunal":
        values = tribunal_values(ctx, ctx.call(cases.get_case, case_id=case_id).office_id, values["arbitrators"])
    version = ctx.call(cases.get_case, case_id=case_id).version
    ctx.call(workflow.perform_action, case_id=case_id, expected_version=version, action=action, occurred_on=on,
             values=values, today=TODAY)


def _on_board(ctx, qtbot, who, case_id) -> bool:  # noqa: ANN001
    ctx.actor = who
    page = DeadlineBoardPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert page.scope.currentData() is Scope.MINE
    return case_id in {r.case_id for r in page.model.rows}


def test_a_clerks_day_with_the_tribunal_a_booking_a_recusal_and_a_correction(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    office = admin.office_id
    boss = make_user(ctx, "boss", Role.SUPERVISOR, office)
    clerk = make_user(ctx, "lin", Role.CLERK, office)
    arbitrators = {name: make_user(ctx, name, Role.ARBITRATOR, office) for name in ("chen", "zhou", "wu", "zheng")}
    register = {name: ctx.call(tribunal.save_arbitrator, user=boss, office_id=office,
                                data=tribunal.ArbitratorInput("", "full_time", user_id=who.id))
                for name, who in arbitrators.items()}
    first_room = room(ctx, office, "第一仲裁庭")
    # another case already holds the room that morning
    ctx.actor = clerk
    other = ctx.call(cases.create_case, data=arbitration_input(office, applicants=[PartyInput(name="李四")],
                                                               received_on=RECEIVED))
    act(ctx, other, "accept", ACCEPTED)
    act(ctx, other, "form_tribunal", ACCEPTED, arbitrators="周志明")
    act(ctx, other, "schedule_hearing", TYPED, hearing_on=HEARING, starts="09:30", minutes=90, place="第一仲裁庭")
    other_number = ctx.call(cases.get_case, case_id=other).case_number

    case_id = ctx.call(cases.create_case, data=arbitration_input(office, received_on=RECEIVED))
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()

    def accept(dlg: ActionDialog) -> None:  # dated yesterday by mistake
        dlg.day.setDate(QDate(TYPED))
        _pick(dlg.inputs["handler"], "lin")
        _save(qtbot, dlg)

    when_modal(ActionDialog, accept)
    qtbot.mouseClick(view.action_buttons["accept"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.detail.accepted_on == TYPED, timeout=10000)

    def form(dlg: ActionDialog) -> None:
        dlg.day.setDate(QDate(TYPED))
        picker = dlg.inputs["arbitrators"]
        picker.form.setCurrentIndex(picker.form.findData(THREE))
        for box, name in zip(picker.shown_seats(), ("chen", "zhou", "wu"), strict=True):
            _pick(box, name)
        _pick(dlg.inputs["clerk"], "lin")
        _save(qtbot, dlg)

    when_modal(ActionDialog, form)
    qtbot.mouseClick(view.action_buttons["form_tribunal"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.fields["tribunal"].text() != "未组庭", timeout=10000)
    assert view.fields["tribunal"].text() == "首席仲裁员 chen\n仲裁员 zhou\n仲裁员 wu"

    warnings: list[str] = []

    def go_on(box: QMessageBox) -> None:
        if box.windowTitle() == TITLE:
            warnings.append(box.text())
            qtbot.mouseClick(next(b for b in box.buttons() if b.text() == "仍然安排"), Qt.MouseButton.LeftButton)

    def book(dlg: ActionDialog) -> None:
        dlg.inputs["hearing_on"].setDate(QDate(HEARING))
        dlg.inputs["starts"].setTime(QTime(10, 0))
        dlg.inputs["place"].setCurrentIndex(dlg.inputs["place"].findData(first_room.hex))
        when_modal(QMessageBox, go_on)
        _save(qtbot, dlg)

    when_modal(ActionDialog, book)
    qtbot.mouseClick(view.action_buttons["schedule_hearing"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.fields["next_hearing"].text().startswith(HEARING.isoformat()), timeout=10000)
    assert len(warnings) == 1 and f"第一仲裁庭 {HEARING.isoformat()} 09:30–11:00 已安排 {other_number}" in warnings[0]
    [booked] = [h for h in ctx.call(hearings.case_hearings, case_id=case_id) if h.status is HearingStatus.SCHEDULED]
    assert (booked.hearing_on, booked.time, booked.place_name) == (HEARING, "10:00", "第一仲裁庭")

    # on the clerk's board and on each arbitrator's: 我承办的案件
    assert _on_board(ctx, qtbot, clerk, case_id)
    for name in ("chen", "zhou", "wu"):
        assert _on_board(ctx, qtbot, arbitrators[name], case_id), name
    assert not _on_board(ctx, qtbot, arbitrators["zheng"], case_id)

    # 回避: zhou is replaced by zheng from today; the board follows
    ctx.actor = clerk
    party = next(cp.party for cp in ctx.call(cases.get_case, case_id=case_id).parties if cp.party.name == "张三")
    act(ctx, case_id, "request_recusal", TODAY, party=party.id.hex, person=register["zhou"].hex,
        ground="2", reason="zhou系被申请人法定代表人的亲属")
    ctx.actor = boss
    request = next(e for e in ctx.call(cases.get_case, case_id=case_id).events if e.kind is EventKind.RECUSAL_REQUESTED)
    act(ctx, case_id, "decide_recusal", TODAY, request=request.id.hex, outcome="granted",
        replacement=register["zheng"].hex)
    assert not _on_board(ctx, qtbot, arbitrators["zhou"], case_id)
    assert _on_board(ctx, qtbot, arbitrators["zheng"], case_id)

    # the wrong 受理 date corrected from the timeline by the clerk who typed it, the same day
    ctx.actor = clerk
    view.reload()
    award_before = next(x for x in view.deadline_list if x.key == "award")
    view.tabs.setCurrentWidget(view.events_page)
    view.events.selectRow(next(r for r, e in enumerate(view.timeline) if e.kind is EventKind.ACCEPTED))

    def fix(dlg: CorrectionDialog) -> None:
        dlg.redate.setChecked(True)
        dlg.day.setDate(ACCEPTED)
        type_text(dlg.reason, "受理日期录错，应为审查通过之日")
        dlg.save()

    when_modal(CorrectionDialog, fix)
    qtbot.mouseClick(view.correct_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.detail.accepted_on == ACCEPTED, timeout=10000)
    award = next(x for x in view.deadline_list if x.key == "award")
    assert ACCEPTED.isoformat() in award.start_event and award.due < award_before.due
    assert view.fields["tribunal"].text() == "首席仲裁员 chen\n仲裁员 wu\n仲裁员 zheng"
