"""Issue 20 fix round (UI 3): the main window never needs more than a 1366×768 screen, for every
demo role, with the 待审批 queue showing requests and a case open with every header button shown —
the case's header buttons wrap rather than widen the window, its 办理 steps scroll rather than make
it taller; the queue's 批准… and the status bar's 当前用户 stay on screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from hrss_disputes.services import approvals, demo, offices
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.ui.case_view import CaseView
from hrss_disputes.ui.main_window import MainWindow

SHOTS = Path("/tmp/shots20")
SCREEN = (1366, 768)


def _on_screen(window: QWidget, w: QWidget) -> bool:
    """Shown whole inside the window's 1366×768."""
    rect = QRect(w.mapTo(window, w.rect().topLeft()), w.size())
    return w.isVisible() and not rect.isEmpty() and window.rect().contains(rect)


def test_every_role_fits_a_laptop_screen(qtbot, db, app_font) -> None:  # noqa: ANN001
    ctx = ServiceContext(db)
    loaded = ctx.call(demo.load_demo, cases=150, seed=3, today=date(2026, 11, 21))
    roles: dict[str, str] = {}
    for login in loaded.logins:
        roles.setdefault(login.role.value, login.username)
    supervisors = [u for u in (login.username for login in loaded.logins) if "supervisor" in u]
    users = [*roles.values(), supervisors[0]]
    SHOTS.mkdir(parents=True, exist_ok=True)
    checked_queue = 0
    for username in users:
        ctx.actor = ctx.call(offices.find_actor, username=username)
        window = MainWindow(ctx, db_label="demo")
        qtbot.addWidget(window)
        window.resize(*SCREEN)
        window.show()
        qtbot.waitExposed(window)
        queue = ctx.call(approvals.approval_queue) if ctx.call(approvals.may_approve) else []
        if queue:  # a case with a pending request: its box with 不予批准…/批准… above the 办理 steps
            window.open_case(queue[0].case_id)
        else:
            window.list_page.table.selectRow(0)
            window.list_page.open_current()
        view = window.tabs.currentWidget()
        assert isinstance(view, CaseView), username
        heads = (view.edit_btn, view.handler_btn, view.claim_btn, view.decide_btn, view.elements_btn,
                 view.limitation_btn)
        for b in heads:  # every header button a case can show
            b.show()
        view.badges.setText(view.badges.text() * 4)  # as many status badges as a case may carry
        qtbot.wait(50)
        hint = window.minimumSizeHint()
        assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1], (username, hint.toTuple())
        assert window.size().toTuple() == SCREEN, (username, window.size().toTuple())
        assert _on_screen(window, window.user_label), username
        for b in heads:
            assert _on_screen(window, b), (username, b.text())
        if queue:
            checked_queue += 1
            assert window.approvals.isVisible(), username
            for b in (window.approvals.queue.approve_btn, window.approvals.queue.refuse_btn):
                assert _on_screen(window, b), (username, b.text())
            assert any(v.isVisible() for v in view.action_buttons.values()), username
        window.grab().save(str(SHOTS / f"fix3_fits_{username}.png"))
        for row in range(window.nav.count()):  # every page of the navigation (统计 had a tall chart)
            window.nav.setCurrentRow(row)
            qtbot.wait(20)
            hint = window.minimumSizeHint()
            assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1], (
                username, window.nav.item(row).text(), hint.toTuple())
        window.close()
    assert checked_queue >= 2  # the provincial leader and an institute's supervisor
