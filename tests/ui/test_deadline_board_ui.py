"""An arbitrator starts the program: the notice names the overdue deadline, the board lists it,
double-clicking it opens the case on that deadline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from hrss_disputes.models.enums import Role
from hrss_disputes.services import cases
from hrss_disputes.services.deadline_board import Bucket, Scope
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.main_window import BOARD_TAB, FIXED_TABS
from tests.factories import arbitration_input, make_user
from tests.ui.conftest import show_main_window


@pytest.fixture
def arbitrator_window(qtbot, ctx, admin, app_font):  # noqa: ANN001, ANN201
    arb = make_user(ctx, "chen", Role.ARBITRATOR, admin.office_id)
    today = date.today()
    # received 30 days ago and never accepted: the 5-working-day acceptance review is overdue
    for name, age, flags in (("陈逾期", 30, {}), ("黄绿通", 20, {"green_channel": True}), ("林新收", 0, {})):
        data = arbitration_input(admin.office_id, received_on=today - timedelta(days=age), handler_id=arb.id,
                                 applicants=[PartyInput(name=name)])
        for k, v in flags.items():
            setattr(data, k, v)
        ctx.call(cases.create_case, data=data)
    ctx.actor = arb
    return show_main_window(qtbot, ctx)


def test_notice_board_and_opening_a_deadline(qtbot, arbitrator_window, shots) -> None:  # noqa: ANN001
    w = arbitrator_window
    assert w.notice_bar.isVisible()
    assert w.notice_label.text().startswith("您承办案件中有 2 个期限已逾期")
    w.grab().save(str(shots / "start_notice.png"))

    button = next(b for b in w.notice_bar.findChildren(QPushButton) if b.text() == "查看待办期限")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert w.tabs.currentIndex() == BOARD_TAB
    page = w.board_page
    assert page.scope.currentData() is Scope.MINE
    rows = page.model.rows
    # the green-channel case first among the overdue, though its deadline came later
    assert [(r.applicant_names, r.bucket) for r in rows[:2]] == [("黄绿通", Bucket.OVERDUE),
                                                                  ("陈逾期", Bucket.OVERDUE)]
    assert rows[2].applicant_names == "林新收" and rows[2].bucket is not Bucket.OVERDUE
    assert page.model.index(1, 2).data().startswith("逾期 ")
    assert "已逾期 <b>2</b>" in page.summary.text()
    page.grab().save(str(shots / "deadline_board.png"))

    # filtering to the overdue group keeps two rows
    page.bucket.setCurrentIndex(page.bucket.findData(Bucket.OVERDUE))
    assert len(page.model.rows) == 2

    # double-click the second row: its case opens on the 受理审查期限 row of the deadlines tab
    target = page.model.rows[1]
    rect = page.table.visualRect(page.model.index(1, 3))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = w.tabs.currentWidget()
    assert isinstance(view, CaseView) and view.case_id == target.case_id
    assert view.tabs.currentIndex() == 0
    selected = view.deadlines.currentRow()
    assert view.deadline_list[selected].key == target.clock == "acceptance"
    assert "受理审查期限" in view.deadline_text.text()
    view.grab().save(str(shots / "case_view_from_board.png"))

    # back on the board, Enter opens the selected row's case too (the tab already open is reused)
    w.tabs.setCurrentIndex(BOARD_TAB)
    page.table.setFocus()
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert w.tabs.currentWidget().case_id == page.model.rows[0].case_id
    assert w.tabs.count() == FIXED_TABS + 2  # the case opened before and this one


def test_no_notice_when_nothing_is_due(qtbot, window) -> None:  # noqa: ANN001
    assert not window.notice_bar.isVisible()
    window.show_board()
    assert window.tabs.currentIndex() == BOARD_TAB
    assert window.board_page.summary.text() == "没有未完成的期限。"
