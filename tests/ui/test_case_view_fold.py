"""Issue 19 fix round: at 1366×768 the 办理 buttons are shown without scrolling, even when the
summary names the tribunal, the clerk, the next hearing and the hearings held."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hrss_disputes.models.enums import Role
from hrss_disputes.ui.case_view import CaseView
from tests.factories import act, heard_case, make_user

SHOTS = Path("/tmp/shots19")


def test_the_steps_are_above_the_fold(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "chen", Role.ARBITRATOR, admin.office_id)
    case_id = heard_case(ctx, admin.office_id)
    act(ctx, case_id, "schedule_hearing", date(2026, 11, 6), hearing_on=date(2026, 12, 3), place="本委第一仲裁庭")
    view = CaseView(ctx, case_id)
    qtbot.addWidget(view)
    view.resize(1366, 768 - 120)  # the window's menus, toolbar, tabs and status bar take the rest
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)
    assert view.fields["tribunal"].text() and view.fields["next_hearing"].text() != "未安排"
    shown = [b for b in view.action_buttons.values() if b.isVisible()]
    assert shown
    for b in shown:  # each button whole on the screen, not scrolled away
        assert b.visibleRegion().boundingRect().size() == b.size(), b.text()
    summary = view.left_split.widget(0)
    assert summary.verticalScrollBar().isVisible()  # the summary scrolls instead
    SHOTS.mkdir(parents=True, exist_ok=True)
    view.grab().save(str(SHOTS / "fix5_case_view.png"))
