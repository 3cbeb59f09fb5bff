"""At 1366×768 (review of issue 18, finding 11): a simplified case's 办理 buttons read whole with no
horizontal scroll (short labels, the full name on hover), the deadline board's 案号 and 最后期限
read whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QScrollArea

from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.deadline_board import WIDEST_CASE_NUMBER
from tests.factories import act, arbitration_input, make_user
from tests.ui.conftest import show_main_window

SHOTS18 = Path("/tmp/shots18")


def simplified_case(ctx, office_id):  # noqa: ANN001, ANN201
    data = arbitration_input(office_id, procedure="simplified", received_on=date(2026, 10, 8),
                             case_number="肇劳人仲案字〔2026〕第1234号")
    case_id = ctx.call(cases.create_case, data=data)
    act(ctx, case_id, "accept", date(2026, 10, 9), clear=True)
    act(ctx, case_id, "form_tribunal", date(2026, 10, 12), arbitrators="陈立新")
    return case_id


def test_the_action_buttons_read_whole_without_a_horizontal_scroll(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    case_id = simplified_case(ctx, admin.office_id)
    window = show_main_window(qtbot, ctx)
    window.open_case(case_id)
    view: CaseView = window.tabs.currentWidget()
    qtbot.wait(100)
    buttons = view.action_buttons
    assert len(buttons) >= 10
    # the 办理 buttons sit under the scrolling summary (never scrolled away), within the pane's width
    assert view.actions_box.width() <= view.left_split.width()
    summary = next(w for w in view.findChildren(QScrollArea) if w.widget().isAncestorOf(view.fields["status"]))
    assert not summary.horizontalScrollBar().isVisible()
    for key, b in buttons.items():
        assert b.visibleRegion().boundingRect().size() == b.size(), key  # shown whole
        assert b.width() >= b.sizeHint().width(), key  # the label is not cut
        assert "（" not in b.text(), key  # the parenthesis goes to the tooltip
    shortened = [b for b in buttons.values() if b.toolTip().split("\n")[0].startswith(b.text() + "（")]
    assert shortened  # e.g. 调解结案（制作仲裁调解书）
    SHOTS18.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS18 / "ui_fix_simplified_actions.png"))
    # a narrower pane: one column, still no horizontal scroll
    view.actions_grid.resize(view.actions_grid.minimumWidth() + 10, view.actions_grid.height())
    assert view.actions_grid.columns == 1


def test_the_board_reads_the_case_number_and_due_date_whole(qtbot, ctx, admin, app_font) -> None:  # noqa: ANN001
    ctx.actor = make_user(ctx, "clerk", Role.CLERK, admin.office_id)
    simplified_case(ctx, admin.office_id)
    window = show_main_window(qtbot, ctx)
    window.show_board()
    board = window.board_page
    fm = board.table.fontMetrics()
    assert board.table.columnWidth(4) > fm.horizontalAdvance(WIDEST_CASE_NUMBER)
    assert board.table.columnWidth(1) > fm.horizontalAdvance("2027-01-01（周五）（未确认）")
