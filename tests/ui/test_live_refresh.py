"""Two people at once: two windows on one database, each with its own user. What A saves shows in
B's list and open case when B's window is activated (no restart), quietly named; B's save on the
old version is refused naming A; a poll when nothing changed reads one row."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import event

from hrss_disputes.models.enums import Cause, Role
from hrss_disputes.services import accounts, cases, changes, offices
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.services.parties import PartyInput
from hrss_disputes.ui.case_edit import CaseEditDialog
from hrss_disputes.ui.main_window import LIST_TAB
from tests.factories import TEST_PASSWORD, arbitration_input
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.test_case_edit import click_save

SHOTS20 = Path("/tmp/shots20")


def _both(a, b, name: str) -> None:  # noqa: ANN001
    """The two windows side by side in one picture (A left, B right)."""
    left, right = a.grab(), b.grab()
    both = QPixmap(left.width() + right.width() + 12, max(left.height(), right.height()))
    both.fill()
    painter = QPainter(both)
    painter.drawPixmap(QPoint(0, 0), left)
    painter.drawPixmap(QPoint(left.width() + 12, 0), right)
    painter.end()
    SHOTS20.mkdir(parents=True, exist_ok=True)
    both.save(str(SHOTS20 / name))


def _activate(window) -> None:  # noqa: ANN001
    """The person clicks into the window (the offscreen platform does not activate on its own)."""
    window.activateWindow()
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))


def _list_row(window, case_id) -> int:  # noqa: ANN001
    model = window.list_page.model
    return next(i for i in range(model.rowCount()) if model.row_at(i).id == case_id)


def _statements(db) -> list[str]:  # noqa: ANN001
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


def test_b_sees_as_change_after_activation_and_bs_stale_save_names_a(
        qtbot, ctx, admin, db, app_font, monkeypatch) -> None:  # noqa: ANN001
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    for n in range(30):  # enough rows that the list scrolls
        ctx.call(cases.create_case, data=arbitration_input(
            admin.office_id, applicants=[PartyInput(name=f"工人{n:02d}")]))
    b_id = ctx.call(accounts.create_account, username="chen", display_name="陈书记员", role=Role.CLERK,
                    office_id=admin.office_id, password=TEST_PASSWORD)
    ctx_b = ServiceContext(db, ctx.call(offices.get_actor, user_id=b_id))
    win_a = show_main_window(qtbot, ctx)
    win_b = show_main_window(qtbot, ctx_b)
    win_b.open_case(case_id)
    view_b = win_b.open_case_views()[0]
    win_b.tabs.setCurrentIndex(LIST_TAB)
    table = win_b.list_page.table
    table.verticalScrollBar().setValue(3)
    table.selectRow(_list_row(win_b, case_id))
    top_case = win_b.list_page.model.row_at(table.rowAt(0)).id

    statements = _statements(db)
    assert not win_b.live.poll()  # nothing changed: one read of one row, nothing refreshed
    assert len(statements) == 1 and "audit_head" in statements[0] and "alembic_version" in statements[0]

    # A (李明, administrator) changes the case and registers a new one, through A's own window's context
    old = ctx.call(cases.get_case, case_id=case_id)
    ctx.call(cases.update_case, case_id=case_id, expected_version=old.version,
             changes={"cause": Cause.SOCIAL_INSURANCE.value, "summary": "李明补充的摘要"})
    new_id = ctx.call(cases.create_case, data=arbitration_input(
        admin.office_id, applicants=[PartyInput(name="新来的申请人")]))
    qtbot.waitUntil(lambda: not win_a._write_pending)  # A's window shows its own writes at once
    assert not win_a.live.poll()  # and does not take them for others'
    row = _list_row(win_b, case_id)
    assert win_b.list_page.model.row_at(row).cause is Cause.LABOUR_PAY  # B: not yet
    _both(win_a, win_b, "refresh_before.png")

    _activate(win_b)  # B clicks into the window
    qtbot.waitUntil(lambda: win_b.list_page.model.row_at(_list_row(win_b, case_id)).cause is Cause.SOCIAL_INSURANCE)
    assert any(win_b.list_page.model.row_at(i).id == new_id for i in range(win_b.list_page.model.rowCount()))
    current = table.currentIndex()  # the selected case stays selected, the list where it was
    assert current.isValid() and win_b.list_page.model.row_at(current.row()).id == case_id
    assert win_b.list_page.model.row_at(table.rowAt(0)).id == top_case  # a new row above did not move it
    _both(win_a, win_b, "refresh_after_list.png")
    assert view_b.notice.isVisible() is False  # its tab is not on screen: read when shown
    assert "此案件已被 李明" in view_b.notice.text() and "已刷新" in view_b.notice.text()
    win_b.tabs.setCurrentWidget(view_b)
    assert view_b.detail.summary == "李明补充的摘要" and view_b.notice.isVisible()
    _both(win_a, win_b, "refresh_after_case.png")

    # B opens 编辑案件信息 on the case; A saves again meanwhile; B's dialog is not yanked, B's save is refused
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: shown.append(a[2]))
    seen_by_b = view_b.detail.version

    def in_dialog(dlg: CaseEditDialog) -> None:
        now = ctx.call(cases.get_case, case_id=case_id)
        ctx.call(cases.update_case, case_id=case_id, expected_version=now.version, changes={"summary": "李明又改了"})
        assert win_b.live.poll()  # the timer's poll, with B's dialog open on the case
        assert view_b.detail.version == seen_by_b  # not reloaded under the dialog
        assert "关闭对话框后刷新" in view_b.notice.text()
        shot = view_b.grab()  # the tab with its notice, the dialog over it as B sees them
        painter = QPainter(shot)
        form = dlg.grab()
        painter.drawPixmap(QPoint((shot.width() - form.width()) // 2, 40), form)
        painter.end()
        shot.save(str(SHOTS20 / "refresh_dialog_open.png"))
        dlg.summary.setPlainText("陈书记员写的摘要")
        click_save(qtbot, dlg)
        assert dlg.conflict and "李明" in shown[0]
        assert dlg.summary.toPlainText() == "陈书记员写的摘要"  # what B typed stays for B to compare
        dlg.close_unasked()

    when_modal(CaseEditDialog, in_dialog)
    view_b.edit_case()
    assert shown and "该案件已被 李明" in shown[0]
    assert view_b.detail.summary == "李明又改了" and "已刷新" in view_b.notice.text()
    assert ctx.call(cases.get_case, case_id=case_id).summary == "李明又改了"
    view_b.resize(1366, 700)
    view_b.grab().save(str(SHOTS20 / "refresh_case_tab.png"))


def test_no_poll_while_locked_or_hidden(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    window = show_main_window(qtbot, ctx)
    other = ServiceContext(db, admin)
    other.call(cases.create_case, data=arbitration_input(admin.office_id))
    window.lock()
    statements = _statements(db)
    assert not window.live.poll() and not statements  # locked: nothing read, nothing shown
    window.lock_dialog.done(1)  # (as if the password was typed)
    window.hide()
    assert not window.live.poll() and not statements
    window.show()
    assert window.live.poll() and window.list_page.model.rowCount() == 1


def test_the_board_on_screen_shows_anothers_new_case_and_keeps_its_selection(qtbot, ctx, admin, db, app_font) -> None:  # noqa: ANN001
    ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    window = show_main_window(qtbot, ctx)
    window.show_board()
    board = window.board_page
    before = board.model.rowCount()
    assert before
    board.table.selectRow(before - 1)
    picked = board.model.rows[before - 1]
    elsewhere = ServiceContext(db, admin)  # the same person at another PC
    elsewhere.call(cases.create_case, data=arbitration_input(
        admin.office_id, applicants=[PartyInput(name="另一台电脑登记的")]))
    assert window.live.poll()
    assert board.model.rowCount() > before
    current = board.model.rows[board.table.currentIndex().row()]
    assert (current.case_id, current.clock) == (picked.case_id, picked.clock)


def test_statistics_on_screen_wait_for_activation_or_a_minute(qtbot, ctx, admin, db, app_font, monkeypatch) -> None:  # noqa: ANN001
    """统计 takes a while on a large office: others' writes every few seconds must not redo it at
    every poll; it catches up when the person comes back to the window, or once a minute."""
    from hrss_disputes.ui import live_refresh
    from tests.ui.conftest import show_stats

    window, page = show_stats(qtbot, ctx)
    reloads: list[int] = []
    monkeypatch.setattr(page, "reload", lambda: reloads.append(1))
    elsewhere = ServiceContext(db, admin)
    elsewhere.call(cases.create_case, data=arbitration_input(admin.office_id))
    assert window.live.poll() and not reloads  # the timer's poll: the list and board read, 统计 waits
    assert not window.live.poll(activated=True)  # nothing new, but the person came back: 统计 catches up
    assert reloads == [1]
    monkeypatch.setattr(live_refresh, "STATS_EVERY_S", 0.0)  # a minute later
    elsewhere.call(cases.create_case, data=arbitration_input(admin.office_id))
    assert window.live.poll() and reloads == [1, 1]


def test_a_server_that_does_not_answer_makes_the_polls_back_off(qtbot, ctx, app_font, monkeypatch) -> None:  # noqa: ANN001
    """Each unanswered read doubles the wait up to AWAY_MS and says so in the status bar; the
    first answer after it takes the line away and reads the screen again."""
    from hrss_disputes.db import DatabaseError
    from hrss_disputes.ui import live_refresh

    window = show_main_window(qtbot, ctx)
    real = changes.server_state

    reads: list[str] = []

    def away(**_kw):  # noqa: ANN003, ANN202
        reads.append(threading.current_thread().name)
        raise DatabaseError("无法连接数据库服务器")

    away.while_refused = True  # as server_state: the poll is how the window learns the server is back
    monkeypatch.setattr(changes, "server_state", away)
    intervals = []
    for _ in range(4):
        assert not window.live.poll()
        intervals.append(window.live.timer.interval())
    assert intervals == [24_000, 48_000, 96_000, live_refresh.AWAY_MS]
    assert window.live.banner.isVisible() and "正在重试" in window.live.banner.text()
    qtbot.waitUntil(lambda: window.live._reading is None)  # the activation's read is answered
    asked = len(reads)
    with pytest.raises(DatabaseError, match="操作没有进行"):  # an action meanwhile: refused at once ...
        ctx.call(cases.list_cases, query=cases.CaseQuery())
    qtbot.waitUntil(lambda: len(reads) > asked)  # ... and the window asks again in the background
    assert reads[-1] == "live-refresh"
    qtbot.waitUntil(lambda: window.live._reading is None)
    monkeypatch.setattr(changes, "server_state", real)
    assert window.live.poll()  # back: nothing new, but the screen is read again
    assert window.live.timer.interval() == live_refresh.POLL_MS and not window.live.banner.isVisible()
    assert not window.live.poll()  # and then only when something changed


def test_the_notice_after_the_dialog_names_the_latest_change(qtbot, ctx, admin, db, app_font, monkeypatch) -> None:  # noqa: ANN001
    """Issue 20 fix round (UI 10): A saves twice while B's 编辑案件信息 is open; once the dialog
    closes, B's tab says when A changed it last, not first."""
    from hrss_disputes.ui import live_refresh

    monkeypatch.setattr(live_refresh, "_when", lambda change: change.at.isoformat())  # two saves in one minute told apart
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    b_id = ctx.call(accounts.create_account, username="chen", display_name="陈书记员", role=Role.CLERK,
                    office_id=admin.office_id, password=TEST_PASSWORD)
    ctx_b = ServiceContext(db, ctx.call(offices.get_actor, user_id=b_id))
    win_b = show_main_window(qtbot, ctx_b)
    win_b.open_case(case_id)
    view_b = win_b.open_case_views()[0]
    said: list[str] = []

    def in_dialog(dlg: CaseEditDialog) -> None:
        for text in ("李明第一次改的", "李明第二次改的"):
            now = ctx.call(cases.get_case, case_id=case_id)
            ctx.call(cases.update_case, case_id=case_id, expected_version=now.version, changes={"summary": text})
            assert win_b.live.poll()
            said.append(view_b.notice.toolTip())
        dlg.close_unasked()

    when_modal(CaseEditDialog, in_dialog)
    view_b.edit_case()
    assert said[0] != said[1] and all("关闭对话框后刷新" in s for s in said)
    latest = said[1].split(" 于 ")[1].split(" 修改")[0]
    assert view_b.notice.toolTip() == f"此案件已被 李明 于 {latest} 修改，已刷新"
    assert view_b.detail.summary == "李明第二次改的"
