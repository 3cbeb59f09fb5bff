"""Others' changes shown without a restart: the main window asks the database how many writes
were committed (services.changes.write_count, one primary-key read) when it gains focus and every
POLL_MS while it is on screen, unlocked and signed in. When the count moved and the writes were
not the window's own, the case list (keeping its selection and scroll position), the deadline
board, 统计 (on screen: on activation, else at most once a minute) and the 待审批 queue are read
again, and each open case that was changed reloads with a quiet notice naming who changed it; a
case with a dialog open on it waits until the dialog closes (its save is then refused as stale,
naming the other user). A server that does not answer makes the timer back off."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ..db import DatabaseError
from ..services import changes
from ..services.errors import ServiceError

if TYPE_CHECKING:
    from .case_view import CaseView
    from .main_window import MainWindow

POLL_MS = 12_000
AWAY_MS = 120_000  # the server did not answer: polls back off to this (a dead server waits CONNECT_TIMEOUT)
STATS_EVERY_S = 60.0  # 统计 on screen is worked out again by the timer at most this often (it takes a while)


def _when(change: changes.CaseChange) -> str:
    return change.at.astimezone().strftime("%H:%M")


def _opened_from(dialog: QWidget, view: QWidget) -> bool:
    """Whether the dialog belongs to the case view (its parent, at any depth; isAncestorOf
    stops at the dialog's own window)."""
    parent = dialog.parentWidget()
    while parent is not None and parent is not view:
        parent = parent.parentWidget()
    return parent is view


class LiveRefresh(QObject):
    """Polls the write count for ``window`` and shows what others changed."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.seen: int | None = self._count()
        self._waiting: set[CaseView] = set()  # cases to reload when the dialog on them closes
        self._stats_at = time.monotonic()  # when 统计 on screen was last read again for others' changes
        self._stats_behind = False  # others wrote since, and 统计 on screen waits for its turn
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        window.installEventFilter(self)

    def _count(self) -> int | None:
        try:
            count = self.window.ctx.call(changes.write_count, user=None)
        except (ServiceError, DatabaseError):
            # the server is away: each poll would hold the window for the connect timeout, so
            # the timer backs off (activation still asks at once)
            self.timer.setInterval(min(self.timer.interval() * 2, AWAY_MS))
            return None
        self.timer.setInterval(POLL_MS)
        return count

    def note(self) -> None:
        """The window is about to read everything again itself (F5, its own write, another
        user signed in): what is committed now counts as seen."""
        count = self._count()
        if count is not None:
            self.seen = count

    def stop(self) -> None:
        self.timer.stop()
        self.window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            QTimer.singleShot(0, lambda: self.poll(activated=True))  # once the activation itself is handled
        return False

    def poll(self, activated: bool = False) -> bool:
        """One read; when others committed writes since, show them (True). ``activated``: the
        person just came back to the window, when a pause for 统计 is expected."""
        if not self.window.watching():
            return False
        count = self._count()
        if count is None:
            return False
        if count == self.seen:
            if self._stats_behind:
                self._stats(activated)
            return False
        since, self.seen = self.seen, count
        self.show_changes(since, activated)
        return True

    def _stats(self, now: bool) -> None:
        """统计 read again: when not on screen only marked (read when shown); on screen, on
        activation, else at most every STATS_EVERY_S (a busy office writes all the time)."""
        page = self.window.stats_page
        if page is None:
            self._stats_behind = False
        elif now or not page.isVisible() or time.monotonic() - self._stats_at >= STATS_EVERY_S:
            self._stats_behind = False
            self._stats_at = time.monotonic()
            page.invalidate()
        else:
            self._stats_behind = True

    def show_changes(self, since: int | None, activated: bool = False) -> None:
        """Everything on screen read again (the list in place); the open cases written after
        序号 ``since`` reload with a notice (none named when ``since`` is not known)."""
        w = self.window
        w.list_page.refresh_in_place()
        w.board_page.invalidate()
        w.approvals.refresh()
        self._stats(activated)
        w.show_start_notice()
        views = {v.case_id: v for v in w.open_case_views()}
        if since is None or not views:
            return
        try:
            found = w.ctx.call(changes.changed_cases, since=since, case_ids=list(views))
        except (ServiceError, DatabaseError):
            return
        modal = QApplication.activeModalWidget()
        for change in found:
            view = views[change.case_id]
            who = change.by or "其他用户"
            if change.gone:
                view.show_notice(f"此案件已被 {who} 于 {_when(change)} 修改，您已不能查看其最新内容")
            elif isinstance(modal, QDialog) and _opened_from(modal, view):
                view.show_notice(f"此案件已被 {who} 于 {_when(change)} 修改，关闭对话框后刷新")
                if view not in self._waiting:
                    self._waiting.add(view)
                    modal.finished.connect(lambda _r, v=view, c=change: self._dialog_closed(v, c))
            else:
                view.show_notice(f"此案件已被 {who} 于 {_when(change)} 修改，已刷新")
                w.reload_case_when_shown(view)

    def _dialog_closed(self, view: CaseView, change: changes.CaseChange) -> None:
        self._waiting.discard(view)
        if self.window.tabs.indexOf(view) < 0:  # its tab was closed meanwhile
            return
        view.show_notice(f"此案件已被 {change.by or '其他用户'} 于 {_when(change)} 修改，已刷新")
        view.reload()
