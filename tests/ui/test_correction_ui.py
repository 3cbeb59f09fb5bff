"""Issue 19 point 5 from the window: a step entered with a wrong date is corrected from the case's
real timeline (办理经过 → 更正…), the struck step stays struck through with the reason, and the
clocks follow the corrected date."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from hrss_disputes.models.enums import EventKind, Role
from hrss_disputes.services import accounts, cases, corrections, offices, workflow
from hrss_disputes.services.context import Actor
from hrss_disputes.ui.correction_dialog import CorrectionDialog
from hrss_disputes.ui.forms import qdate_to_date
from tests.factories import TEST_PASSWORD, arbitration_input
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.typing import type_text

SHOTS = Path("/tmp/shots19")
TODAY = date.today()  # the window corrects today: the clerk who recorded the step, the same day


def _clerk(ctx) -> Actor:  # noqa: ANN001
    admin = ctx.call(offices.first_admin)
    uid = ctx.call(accounts.create_account, user=admin, username="wangxm", display_name="王晓梅", role=Role.CLERK,
                   office_id=admin.office_id, password=TEST_PASSWORD)
    actor = ctx.call(offices.get_actor, user_id=uid)
    ctx.call(accounts.change_password, user=actor, old_password=TEST_PASSWORD, new_password="Gengzheng2026")
    return actor


def _act(ctx, case_id, action: str, on: date, **values) -> None:  # noqa: ANN001, ANN003
    d = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(workflow.perform_action, case_id=case_id, expected_version=d.version, action=action, occurred_on=on,
             values=values, today=TODAY)


def _row(view, kind: EventKind, struck: bool) -> int:  # noqa: ANN001
    return next(r for r, e in enumerate(view.timeline) if e.kind is kind and (e.corrected_by is not None) == struck)


def test_a_wrong_date_is_corrected_from_the_timeline_and_the_clocks_follow(qtbot, ctx, app_font) -> None:  # noqa: ANN001
    ctx.actor = _clerk(ctx)
    received, right, wrong = TODAY - timedelta(days=12), TODAY - timedelta(days=11), TODAY - timedelta(days=1)
    case_id = ctx.call(cases.create_case, data=arbitration_input(
        ctx.actor.office_id, case_number="肇劳人仲案字〔2026〕519号", received_on=received))
    _act(ctx, case_id, "accept", wrong)  # 受理 typed with yesterday's date instead of the day it was accepted
    _act(ctx, case_id, "note", wrong, text="已电话通知被申请人领取申请书副本")
    _act(ctx, case_id, "serve", wrong, document="application_copy", method="post",
         recipients=[{"party": cp.party.id, "on": wrong} for cp in ctx.call(cases.get_case, case_id=case_id).parties])
    served = next(e for e in ctx.call(cases.get_case, case_id=case_id).events if e.kind is EventKind.SERVED)
    d = ctx.call(cases.get_case, case_id=case_id)  # the service was entered by mistake: struck out first
    ctx.call(corrections.correct_step, case_id=case_id, event_id=served.id, expected_version=d.version,
             how="strike", reason="副本尚未寄出，误登记送达")
    window = show_main_window(qtbot, ctx)
    window.open_case(case_id)
    view = window.tabs.currentWidget()
    before = next(x for x in view.deadline_list if x.key == "award")  # 审理期限: 45 days from 受理 (LDMAF 43)
    assert wrong.isoformat() in before.start_event and before.due >= wrong + timedelta(days=45)

    view.tabs.setCurrentWidget(view.events_page)
    # 收案 is never corrected: the button says why
    view.events.selectRow(_row(view, EventKind.RECEIVED, False))
    assert not view.correct_btn.isEnabled() and "收案是案件的起点" in view.correct_btn.toolTip()
    # the struck service stays on the timeline, struck through, with its reason
    r = _row(view, EventKind.SERVED, True)
    assert view.events.item(r, 1).font().strikeOut() and "误登记送达" in view.events.cellWidget(r, 3).text()

    view.events.selectRow(_row(view, EventKind.ACCEPTED, False))
    assert view.correct_btn.isEnabled()

    def fix(dlg: CorrectionDialog) -> None:
        assert not dlg.strike.isEnabled() and "不能撤销" in dlg.strike.toolTip()  # 受理 gave the case its number
        assert dlg.redate.isChecked() and dlg.day.isEnabled()
        assert dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).text() == "更正"
        assert qdate_to_date(dlg.day.date()) == wrong
        dlg.day.setDate(right)
        dlg.save()  # no reason yet: said at the field, nothing written
        assert dlg.isVisible() and dlg.errors._fields["reason"][1].text() == "请填写更正理由"
        type_text(dlg.reason, "受理日期录错，应为审查通过之日")
        dlg.save()

    when_modal(CorrectionDialog, fix)
    qtbot.mouseClick(view.correct_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(e.kind is EventKind.CORRECTED and "受理" in e.note for e in view.timeline), timeout=5000)

    struck = _row(view, EventKind.ACCEPTED, True)
    assert view.events.item(struck, 0).text() == wrong.isoformat() and view.events.item(struck, 1).font().strikeOut()
    assert "受理日期录错" in view.events.cellWidget(struck, 3).text()
    live = _row(view, EventKind.ACCEPTED, False)
    assert view.events.item(live, 0).text() == right.isoformat() and not view.events.item(live, 1).font().strikeOut()
    # the step on its right date: still the clerk's as recorded, with who re-dated it and from what
    assert f"王晓梅于 {TODAY.isoformat()} 更正日期（原为 {wrong.isoformat()}）" in view.events.item(live, 3).text()
    assert view.fields["accepted_on"].text() == right.isoformat()
    award = next(x for x in view.deadline_list if x.key == "award")  # the 审理期限 follows the corrected 受理
    assert right.isoformat() in award.start_event and right + timedelta(days=45) <= award.due < before.due
    shown = view.deadlines.item(view.deadline_list.index(award), 1).text()  # the 期限 tab shows it
    assert shown.startswith(award.due.isoformat())
    # the step is struck: nothing more to correct on it
    view.events.selectRow(struck)
    assert not view.correct_btn.isEnabled() and view.correct_btn.toolTip() == "该步骤已被更正"

    view.events.clearSelection()
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "timeline_corrected.png"))


def test_a_correction_reason_too_long_is_said_at_its_field(qtbot, ctx, app_font) -> None:  # noqa: ANN001
    ctx.actor = _clerk(ctx)
    case_id = ctx.call(cases.create_case, data=arbitration_input(
        ctx.actor.office_id, case_number="肇劳人仲案字〔2026〕520号", received_on=TODAY - timedelta(days=5)))
    _act(ctx, case_id, "accept", TODAY - timedelta(days=2))
    _act(ctx, case_id, "withdraw", TODAY - timedelta(days=1))
    window = show_main_window(qtbot, ctx)
    window.open_case(case_id)
    view = window.tabs.currentWidget()
    view.tabs.setCurrentWidget(view.events_page)
    view.events.selectRow(_row(view, EventKind.WITHDRAWN, False))
    seen: list[str] = []

    def fix(dlg: CorrectionDialog) -> None:
        assert dlg.strike.isChecked()
        dlg.reason.setPlainText("误" * 2001)  # pasted
        dlg.save()
        seen.append(dlg.errors._fields["reason"][1].text())
        assert dlg.isVisible()
        dlg.reason.setPlainText("申请人并未撤回，误录")
        dlg.save()

    when_modal(CorrectionDialog, fix)
    qtbot.mouseClick(view.correct_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(e.kind is EventKind.CORRECTED for e in view.timeline), timeout=5000)
    assert seen == ["更正理由过长（最多2000字，现有2001字）"]
    assert ctx.call(cases.get_case, case_id=case_id).closed_on is None


def test_the_requester_reads_an_approval_whose_step_was_struck_as_such(qtbot, ctx, app_font) -> None:  # noqa: ANN001
    from hrss_disputes.services import approvals

    clerk = ctx.actor = _clerk(ctx)
    admin = ctx.call(offices.first_admin)
    uid = ctx.call(accounts.create_account, user=admin, username="chenzr", display_name="陈主任",
                   role=Role.SUPERVISOR, office_id=admin.office_id, password=TEST_PASSWORD)
    boss = ctx.call(offices.get_actor, user_id=uid)
    case_id = ctx.call(cases.create_case, data=arbitration_input(
        clerk.office_id, case_number="肇劳人仲案字〔2026〕521号", received_on=TODAY - timedelta(days=10)))
    _act(ctx, case_id, "accept", TODAY - timedelta(days=8))
    asked = ctx.call(approvals.request_approval, case_id=case_id, action="extend_award",
                     values={"days": 15, "reason": "案情复杂，需调取社保记录"})
    ctx.call(approvals.approve, user=boss, request_id=asked.id)
    d = ctx.call(cases.get_case, user=boss, case_id=case_id)
    extended = next(e for e in d.events if e.kind is EventKind.EXTENDED)
    ctx.call(corrections.correct_step, user=boss, case_id=case_id, event_id=extended.id, expected_version=d.version,
             how="strike", reason="误批，案件无须延期")
    window = show_main_window(qtbot, ctx)
    window.open_case(case_id)
    view = window.tabs.currentWidget()
    said = [w.text() for w in view.pending.rows if hasattr(w, "text")]
    assert any("陈主任" in t and "已批准（步骤已撤销）" in t for t in said), said
    view.tabs.setCurrentWidget(view.events_page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(50)
    window.grab().save(str(SHOTS / "fix3_approval_step_struck.png"))
