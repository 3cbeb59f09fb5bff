"""Others' changes shown without a restart: the main window asks the database how many writes
were committed (services.changes.server_state, one statement) when it gains focus and every
POLL_MS while it is on screen, unlocked and signed in. When the count moved and the writes were
not the window's own, the case list (keeping its selection and scroll position), the deadline
board, 统计 (on screen: on activation, else at most once a minute) and the 待审批 queue are read
again, and each open case that was changed reloads with a quiet notice naming who changed it; a
case with a dialog open on it waits until the dialog closes (its save is then refused as stale,
naming the other user).

The timer's and the activation's reads run off the window's thread (one at a time; the answer
comes back by signal), so a server that stops answering never freezes the window by itself. A
read that fails, or has no answer after SLOW_MS, puts a line in the status bar (连接中断，正在
重试…) and the timer backs off; meanwhile an action is refused at once with a sentence saying so
(ServiceContext.unreachable: on the window's thread it would hang) and asks again in the
background; the first answer after it takes the line away and reads the screen again. The same statement reads the schema revision: an administrator who upgrades the
database past what this program knows under an open window is named in that line, and every
action is refused with the same sentence (ServiceContext.refusal)."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget

from ..db import DatabaseError, schema_refusal
from ..services import changes
from ..services.errors import ServiceError

if TYPE_CHECKING:
    from .case_view import CaseView
    from .main_window import MainWindow

POLL_MS = 12_000
AWAY_MS = 120_000  # the server did not answer: polls back off to this (a dead server waits CONNECT_TIMEOUT)
SLOW_MS = 4_000  # a poll still unanswered after this: the connection is said to be down
AWAY_SERVER = "⚠ 与数据库服务器的连接中断，正在重试…"
AWAY_FILE = "⚠ 暂时无法读取数据库，正在重试…"
# an action while the line is up is refused at once with this (it would hang the window)
REFUSED_SERVER = "与数据库服务器的连接中断，操作没有进行；连接恢复后（状态栏的提示消失）请重试"
REFUSED_FILE = "暂时无法读取数据库，操作没有进行；请稍后重试"
_log = logging.getLogger(__name__)
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


def upgraded_sentence(revision: str, server: bool) -> str:
    """Why the window stops acting: the database moved past this program's schema under it."""
    where = "服务器上的数据库已升级" if server else "数据库已被新版本的本程序升级"
    return f"{where}到结构版本 {revision}，请关闭本程序并安装新版本"


class LiveRefresh(QObject):
    """Polls the write count for ``window`` and shows what others changed."""

    answered = Signal(object, bool)  # (changes.ServerState or None, activated), from the reading thread
    retry = Signal()  # an action was refused while the database did not answer: ask again now

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.away = False  # the last read failed, or has not answered for SLOW_MS
        self.banner = QLabel()
        self.banner.setObjectName("connectionBanner")
        self.banner.setStyleSheet("#connectionBanner { background: #fdecea; color: #b3261e;"
                                  " padding: 2px 8px; font-weight: bold; }")
        self.banner.hide()
        window.statusBar().insertPermanentWidget(0, self.banner)
        self._reading: threading.Thread | None = None  # the read in flight off the window's thread
        self._stopped = False
        self._slow = QTimer(self)
        self._slow.setSingleShot(True)
        self._slow.setInterval(SLOW_MS)
        self._slow.timeout.connect(lambda: self._show_away(True))
        self.answered.connect(self._answered)
        self.retry.connect(self.poll_soon, Qt.ConnectionType.QueuedConnection)
        window.ctx.on_unreachable.append(self._refused)
        state = self._read_now()
        self.seen: int | None = state.writes if state is not None else None
        # cases to reload when the dialog on them closes, with the latest change seen meanwhile
        self._waiting: dict[CaseView, changes.CaseChange] = {}
        self._stats_at = time.monotonic()  # when 统计 on screen was last read again for others' changes
        self._stats_behind = False  # others wrote since, and 统计 on screen waits for its turn
        self.timer.timeout.connect(self.poll_soon)
        self.timer.start()
        window.installEventFilter(self)

    # -- reading
    def _read(self) -> changes.ServerState | None:
        """One read, in whatever thread; None when the database did not answer."""
        try:
            return self.window.ctx.call(changes.server_state, user=None)
        except (ServiceError, DatabaseError):
            return None

    def _read_now(self) -> changes.ServerState | None:
        """A read in the window's thread (its own actions: note, poll), then taken."""
        state = self._read()
        return state if self._took(state) else None

    def _took(self, state: changes.ServerState | None) -> bool:
        """The answer's bookkeeping: the back-off, the line in the status bar, the schema. True
        when it can be shown."""
        if state is None:
            # the server is away: each read may wait the connect timeout, so the timer backs off
            # (activation still asks at once)
            self.timer.setInterval(min(self.timer.interval() * 2, AWAY_MS))
            self._show_away(True)
            return False
        self.timer.setInterval(POLL_MS)
        if not self._schema_known(state.revision):
            return False
        self._show_away(False)
        return True

    def _schema_known(self, revision: str | None) -> bool:
        ctx = self.window.ctx
        if schema_refusal(revision) is None:
            return True
        sentence = upgraded_sentence(str(revision), ctx.db.path is None)
        if ctx.refusal != sentence:
            _log.warning("数据库结构已升级到 %s，本程序停止操作", revision)
        ctx.refusal = sentence
        self.away = False
        self.banner.setText(f"⚠ {sentence}")
        self.banner.show()
        return False

    def _show_away(self, away: bool) -> None:
        if self.window.ctx.refusal is not None:
            return  # the schema's line stays
        if away and not self.away:
            _log.warning("数据库没有应答，轮询放慢")
        elif self.away and not away:
            _log.info("数据库重新应答")
        self.away = away
        server = self.window.ctx.db.path is None
        self.window.ctx.unreachable = (REFUSED_SERVER if server else REFUSED_FILE) if away else None
        self.banner.setText(AWAY_SERVER if server else AWAY_FILE)
        self.banner.setVisible(away)

    def _refused(self) -> None:
        """ServiceContext.on_unreachable: any thread; the read is started in the window's."""
        if threading.current_thread() is self._reading:
            return  # the poll's own read refused: never a loop of retries
        with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
            self.retry.emit()

    def note(self) -> None:
        """The window is about to read everything again itself (F5, its own write, another
        user signed in): what is committed now counts as seen."""
        state = self._read_now()
        if state is not None:
            self.seen = state.writes

    def stop(self) -> None:
        self._stopped = True
        with contextlib.suppress(ValueError):
            self.window.ctx.on_unreachable.remove(self._refused)
        self.timer.stop()
        self._slow.stop()
        self.window.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            QTimer.singleShot(0, lambda: self.poll_soon(activated=True))  # once the activation itself is handled
        return False

    def poll_soon(self, activated: bool = False) -> None:
        """The timer's and the activation's read, off the window's thread; its answer is shown
        by _answered. Never two at once: a read that hangs (a server stopped mid-answer) holds
        the next ones back until the operating system gives up on its connection."""
        if self._stopped or self._reading is not None or not self.window.watching():
            return
        self._slow.start()
        self._reading = threading.Thread(target=self._read_off_thread, args=(activated,),
                                         name="live-refresh", daemon=True)
        self._reading.start()

    def _read_off_thread(self, activated: bool) -> None:
        try:
            state = self._read()
        except Exception:  # a poll must not crash the window; the next one tries again
            _log.exception("轮询数据库时出错")
            state = None
        with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
            self.answered.emit(state, activated)

    def _answered(self, state: changes.ServerState | None, activated: bool) -> None:
        self._reading = None
        self._slow.stop()
        if self._stopped:
            return
        back = self.away
        if self._took(state) and self.window.watching():
            self._show(state.writes, activated, back)

    def poll(self, activated: bool = False) -> bool:
        """One read in the window's thread; when others committed writes since, show them
        (True). ``activated``: the person just came back to the window, when a pause for 统计
        is expected."""
        if not self.window.watching():
            return False
        back = self.away
        state = self._read_now()
        return state is not None and self._show(state.writes, activated, back)

    def _show(self, count: int, activated: bool, back: bool) -> bool:
        """Show what the count says; ``back``: the database answers again after a silence, so
        everything on screen is read again whether or not the count moved."""
        if count == self.seen and not back:
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
                    modal.finished.connect(lambda _r, v=view: self._dialog_closed(v))
                self._waiting[view] = change  # the notice after the dialog names the latest change
            else:
                view.show_notice(f"此案件已被 {who} 于 {_when(change)} 修改，已刷新")
                w.reload_case_when_shown(view)

    def _dialog_closed(self, view: CaseView) -> None:
        change = self._waiting.pop(view, None)
        if change is None or self.window.tabs.indexOf(view) < 0:  # its tab was closed meanwhile
            return
        view.show_notice(f"此案件已被 {change.by or '其他用户'} 于 {_when(change)} 修改，已刷新")
        view.reload()
