"""The main window: navigation by case family, the case list, the deadline board, open cases as tabs."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import cipher
from ..db import DatabaseError
from ..domain.permissions import Permission, allowed
from ..domain.workflows import ARBITRATION_STAFF
from ..models.enums import CaseFamily
from ..services import access, accounts, tribunal
from ..services.errors import ServiceError
from .case_list import CaseListPage
from .case_view import CaseView
from .deadline_board import DeadlineBoardPage
from .idle_lock import IdleWatcher

BOARD = "board"  # the navigation entry of the deadline board
STATS = "stats"  # and of the statistics (统计)
NAV = [(None, "全部案件"), (CaseFamily.MEDIATION, "调解案件"), (CaseFamily.ARBITRATION, "仲裁案件"),
       (CaseFamily.COMPLAINT, "欠薪投诉"), (BOARD, "待办期限"), (STATS, "统计")]
BOARD_ROW = [key for key, _ in NAV].index(BOARD)
LIST_TAB, BOARD_TAB, STATS_TAB = 0, 1, 2
FIXED_TABS = 3  # tabs after these are open cases
NEW_LABELS = {CaseFamily.MEDIATION: "新建调解案件…", CaseFamily.ARBITRATION: "新建仲裁申请…",
              CaseFamily.COMPLAINT: "新建欠薪投诉…"}



# a password written into --db can be read by other users of this PC (ps, the task manager)
PASSWORD_IN_ADDRESS = ("　｜ 注意：数据库地址中写有密码，本机其他用户可以看到；"
                       "请改用 .pgpass 保存密码或使用连接配置（service:名称），见 README")

class MainWindow(QMainWindow):
    # a service call through this window's context committed a change (from any thread)
    data_written = Signal()
    user_revoked = Signal(str)  # the refusal's text

    def __init__(self, ctx, db_label: str):  # noqa: ANN001
        super().__init__()
        self.ctx = ctx
        from ..db import display_target, password_in_address

        self.db_label = display_target(db_label)  # shown in the status bar and the login: no password
        self.password_in_address = password_in_address(db_label)  # said quietly in the status bar
        self.setWindowTitle("劳动争议案件管理")
        self._write_pending = False
        self._notice_dismissed = False
        self._stale_cases: set[CaseView] = set()  # open cases to read again when next shown
        self._build()
        self.nav.setCurrentRow(0)
        self.data_written.connect(self._catch_up, Qt.ConnectionType.QueuedConnection)
        self.ctx.on_write.append(self._written)
        self._revoking = False
        self.user_revoked.connect(self._revoked, Qt.ConnectionType.QueuedConnection)
        self.ctx.on_revoked.append(self._revoked_elsewhere)
        from .live_refresh import LiveRefresh

        self.live = LiveRefresh(self)  # others' writes (other PCs, other windows) shown without a restart

    def _build(self) -> None:
        central = QWidget()
        split = QHBoxLayout(central)
        split.setContentsMargins(0, 0, 0, 0)
        split.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        for family, label in NAV:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, family.value if isinstance(family, CaseFamily) else family)
            self.nav.addItem(item)
        self.nav.setFixedWidth(130)
        self.nav.currentRowChanged.connect(self._nav_changed)
        split.addWidget(self.nav)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        self.notice_bar = self._notice_bar()
        right.addWidget(self.notice_bar)
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.tabs.currentChanged.connect(lambda i: self.show_stats() if i == STATS_TAB and not self.stats_page else None)
        self.tabs.currentChanged.connect(self._tab_shown)
        self._make_pages()
        right.addWidget(self.tabs, 1)
        split.addLayout(right, 1)
        self.setCentralWidget(central)

        # actions
        self.new_actions: dict[CaseFamily, QAction] = {}
        for family, label in NEW_LABELS.items():
            act = QAction(label, self)
            act.triggered.connect(lambda _c=False, f=family: self.new_case(f))
            self.new_actions[family] = act
        self.new_action = QAction("新建案件…", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(lambda: self.new_case(None))
        self.find_action = QAction("搜索案件", self)
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.find_action.triggered.connect(self.focus_search)
        close_tab = QAction("关闭当前案件", self)
        close_tab.setShortcut(QKeySequence.StandardKey.Close)
        close_tab.triggered.connect(lambda: self._close_tab(self.tabs.currentIndex()))
        refresh = QAction("刷新", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh_lists)
        board_action = QAction("待办期限", self)
        board_action.setShortcut(QKeySequence("Ctrl+D"))
        board_action.triggered.connect(self.show_board)
        self.calendar_action = QAction("开庭排期", self)  # the week by room or arbitrator (ui.hearing_calendar)
        self.calendar_action.setToolTip("一周的开庭安排：按开庭地点或仲裁员查看，双击打开案件，打印开庭排期表")
        self.calendar_action.triggered.connect(self.hearing_calendar)
        self.hearing_calendar_window = None
        self.hearing_day_action = QAction("开庭日文书（批量打印开庭通知书）…", self)
        self.hearing_day_action.triggered.connect(self.hearing_day)
        self.sittings_action = QAction("流动仲裁庭（安排、开庭安排表、批量通知）…", self)
        self.sittings_action.triggered.connect(self.mobile_sittings)
        switch_user = QAction("切换用户（重新登录）…", self)
        switch_user.triggered.connect(self.switch_user)
        self.lock_action = QAction("锁定窗口", self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        change_password = QAction("修改密码…", self)
        change_password.triggered.connect(self.change_password)
        self.backup_action = QAction("立即备份数据库…", self)
        self.backup_action.triggered.connect(self.backup_now)
        quit_action = QAction("退出", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)

        file_menu = self.menuBar().addMenu("文件(&F)")
        file_menu.addAction(self.new_action)
        for act in self.new_actions.values():
            file_menu.addAction(act)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addSeparator()
        file_menu.addAction(change_password)
        file_menu.addAction(self.lock_action)
        file_menu.addAction(switch_user)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        case_menu = self.menuBar().addMenu("案件(&C)")
        case_menu.addAction(self.find_action)
        case_menu.addAction(board_action)
        case_menu.addAction(refresh)
        case_menu.addAction(close_tab)
        case_menu.addSeparator()
        self.employers_action = QAction("用人单位（档案、重复记录合并）…", self)
        self.employers_action.triggered.connect(self.show_employers)
        case_menu.addAction(self.employers_action)
        case_menu.addSeparator()
        case_menu.addAction(self.calendar_action)
        case_menu.addAction(self.hearing_day_action)
        case_menu.addAction(self.sittings_action)
        self.settings_menu = self.menuBar().addMenu("设置(&S)")
        self.reference_action = QAction("参考数据与期限设置…", self)
        self.reference_action.triggered.connect(self.edit_reference)
        self.settings_menu.addAction(self.reference_action)
        self.arbitrators_action = QAction("仲裁员名册…", self)  # an institute's register (its head, or an administrator)
        self.arbitrators_action.triggered.connect(self.edit_arbitrators)
        self.settings_menu.addAction(self.arbitrators_action)
        self.users_action = QAction("用户管理…", self)
        self.users_action.triggered.connect(self.manage_users)
        self.settings_menu.addAction(self.users_action)
        self.audit_action = QAction("审计日志…", self)
        self.audit_action.triggered.connect(self.show_audit)
        self.settings_menu.addAction(self.audit_action)
        self.encryption_action = QAction("数据库加密…", self)
        self.encryption_action.triggered.connect(self.encryption_settings)
        self.settings_menu.addAction(self.encryption_action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于", self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

        toolbar = self.addToolBar("常用")
        toolbar.setMovable(False)
        new_button = QToolButton()
        new_button.setText("新建")
        new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(new_button)
        for act in self.new_actions.values():
            menu.addAction(act)
        new_button.setMenu(menu)
        toolbar.addWidget(new_button)
        toolbar.addAction(board_action)
        toolbar.addAction(self.calendar_action)
        toolbar.addAction(refresh)

        from .approvals import ApprovalDock

        self.approvals = ApprovalDock(self)  # 待审批: the queue of those who approve (issue 19 point 7)
        self.approvals.queue.open_case.connect(self.open_case)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.approvals)
        case_menu.addAction(self.approvals.toggleViewAction())
        self.user_label = QLabel()
        self.statusBar().addPermanentWidget(self.user_label)
        self.db_status = QLabel()
        self.statusBar().addWidget(self.db_status)
        self._show_db_state()
        self._show_user()
        self.show_start_notice()
        self.idle = IdleWatcher(self.ctx.call(accounts.idle_lock_minutes), self.lock, self)
        self.lock_dialog = None

    def _make_pages(self) -> None:
        """The case list, the deadline board and 统计's place, for the signed-in user."""
        self.list_page = CaseListPage(self.ctx)
        self.list_page.open_case.connect(self.open_case)
        self.tabs.addTab(self.list_page, "案件列表")
        self.board_page = DeadlineBoardPage(self.ctx)
        self.board_page.open_case.connect(self.open_case)
        self.tabs.addTab(self.board_page, "待办期限")
        self.stats_page: QWidget | None = None  # built when first shown: it loads QtCharts
        self.tabs.addTab(QWidget(), "统计")
        for i in range(FIXED_TABS):
            self.tabs.tabBar().setTabButton(i, self.tabs.tabBar().ButtonPosition.RightSide, None)

    def _notice_bar(self) -> QFrame:
        """The start-up notice: the user's overdue deadlines and those due within 3 working days."""
        bar = QFrame()
        bar.setObjectName("notice")
        bar.setStyleSheet("QFrame#notice { background: #fdecea; border-bottom: 1px solid #f5c6c0; }")
        row = QHBoxLayout(bar)
        row.setContentsMargins(12, 6, 8, 6)
        self.notice_label = QLabel()
        self.notice_label.setStyleSheet("color: #8e1c12")
        row.addWidget(self.notice_label, 1)
        view = QPushButton("查看待办期限")
        view.clicked.connect(self.show_board)
        row.addWidget(view)
        close = QToolButton()
        close.setText("×")
        close.setToolTip("关闭提示")
        close.clicked.connect(self._dismiss_notice)
        row.addWidget(close)
        bar.hide()
        return bar

    def show_start_notice(self) -> None:
        """The notice read again (at sign-in and after changes); once closed with ×, it stays
        closed for this user."""
        from ..services.deadline_board import start_notice

        try:
            text = self.ctx.call(start_notice).text
        except (ServiceError, DatabaseError):
            text = ""
        self.notice_label.setText(text)
        self.notice_bar.setVisible(bool(text) and not self._notice_dismissed)

    def _dismiss_notice(self) -> None:
        self._notice_dismissed = True
        self.notice_bar.hide()

    def show_board(self) -> None:
        self.nav.setCurrentRow(BOARD_ROW)
        self.board_page.refresh()
        self.tabs.setCurrentIndex(BOARD_TAB)

    def refresh_lists(self, written_by: CaseView | None = None) -> None:
        """F5, and after every change saved through this window: the list, the deadline board,
        统计 and the open cases (each read again now when on screen, else when next shown; not
        the case tab ``written_by``, which has read itself) and the overdue notice."""
        self._write_pending = False
        self.live.note()  # read before the pages: a write committed from here on is found by the next poll
        self.list_page.refresh()
        self.board_page.invalidate()
        self.approvals.refresh()
        if self.stats_page is not None:
            self.stats_page.invalidate()
        self._stale_cases = {w for i in range(FIXED_TABS, self.tabs.count())
                             if isinstance(w := self.tabs.widget(i), CaseView) and w is not written_by}
        self._tab_shown(self.tabs.currentIndex())
        self.show_start_notice()

    def watching(self) -> bool:
        """Whether others' changes are looked for now (ui.live_refresh): the window on screen, not
        minimised or locked, someone signed in, and its own last write already shown."""
        return (self.isVisible() and not self.isMinimized() and self.lock_dialog is None
                and self.ctx.actor is not None and not self._revoking and not self._write_pending
                and self.centralWidget().isVisible())

    def open_case_views(self) -> list[CaseView]:
        return [w for i in range(FIXED_TABS, self.tabs.count()) if isinstance(w := self.tabs.widget(i), CaseView)]

    def reload_case_when_shown(self, view: CaseView) -> None:
        """The open case is read again now if its tab is the one shown, else when next shown."""
        self._stale_cases.add(view)
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        view = self.tabs.widget(index)
        if view in self._stale_cases:
            self._stale_cases.discard(view)
            view.reload()

    def _written(self) -> None:
        """ServiceContext.on_write: any thread; the refresh runs once in the window's thread,
        however many writes came before it (a batch of papers)."""
        if not self._write_pending:
            self._write_pending = True
            self.data_written.emit()

    def _revoked_elsewhere(self, refused: Exception) -> None:
        """ServiceContext.on_revoked: any thread; the sign-out runs in the window's thread."""
        self.user_revoked.emit(str(refused))

    def _revoked(self, message: str) -> None:
        """The signed-in user was disabled, or their role or office changed: nothing of theirs
        stays on screen; another member of staff signs in, or the program ends."""
        if self._revoking:
            return
        self._revoking = True
        if self.lock_dialog is not None:  # the lock's own login would only refuse them again
            self._drop_lock_dialog()
        self.idle.paused = True
        self._show_work(False)
        self.approvals.allowed = False
        self.approvals.queue.clear()  # it held the user's requests
        self.ctx.actor = None  # the login must not act as them (every call would be refused)
        self.user_label.setText("当前用户：（未登录）")
        self.tabs.blockSignals(True)  # no page is shown (and so read) for nobody meanwhile
        while self.tabs.count():  # the pages held the user's cases and figures
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        self.tabs.blockSignals(False)
        self._sign_in_other("请重新登录", "退出程序", self.close,
                            note=f"{message}。请由其他工作人员登录，或退出程序。")

    def _catch_up(self) -> None:
        if self._write_pending and not self._revoking:  # not already refreshed by the action that wrote
            self.refresh_lists()

    def _show_user(self) -> None:
        """Menus follow the permission table: what the services would refuse is not offered."""
        role = self.ctx.actor.role
        self.user_label.setText(f"当前用户：{self.ctx.actor.label}")
        self.reference_action.setVisible(allowed(role, Permission.EDIT_REFERENCE))
        self.arbitrators_action.setVisible(allowed(role, Permission.KEEP_ARBITRATORS)
                                           and bool(self.ctx.call(tribunal.register_offices)))
        self.users_action.setVisible(allowed(role, Permission.MANAGE_USERS))
        self.audit_action.setVisible(allowed(role, Permission.READ_AUDIT))
        local_admin = allowed(role, Permission.BACKUP) and self.ctx.db.path is not None
        self.backup_action.setVisible(local_admin)
        self.encryption_action.setVisible(local_admin and cipher.available())
        self.settings_menu.menuAction().setVisible(any(
            a.isVisible() for a in (self.reference_action, self.arbitrators_action, self.users_action, self.audit_action,
                                    self.encryption_action)))
        self.hearing_day_action.setVisible(role in ARBITRATION_STAFF)
        self.calendar_action.setVisible(role in ARBITRATION_STAFF)
        if self.hearing_calendar_window is not None:  # another person signed in: their week, not the last one's
            self.hearing_calendar_window.close()
            self.hearing_calendar_window = None
        self.approvals.for_user()
        self.sittings_action.setVisible(role in ARBITRATION_STAFF)
        registrable = self._registrable()
        for family, act in self.new_actions.items():
            act.setVisible(family in registrable)
        self.new_action.setEnabled(bool(registrable))

    def hearing_day(self) -> None:
        from .hearing_day_dialog import HearingDayDialog

        HearingDayDialog(self.ctx, self).exec()
        self.refresh_lists()

    def hearing_calendar(self) -> None:
        """开庭排期, beside the window (not modal): a case opened from it opens here."""
        from .hearing_calendar import HearingCalendar

        if self.hearing_calendar_window is None:
            self.hearing_calendar_window = HearingCalendar(self.ctx, self)
            self.hearing_calendar_window.open_case.connect(self.open_case)
        else:
            self.hearing_calendar_window.reload()
        self.hearing_calendar_window.show()
        self.hearing_calendar_window.raise_()
        self.hearing_calendar_window.activateWindow()

    def mobile_sittings(self) -> None:
        from .sittings_dialog import SittingsDialog

        SittingsDialog(self.ctx, self).exec()
        self.refresh_lists()

    def edit_arbitrators(self) -> None:
        from .arbitrators_dialog import ArbitratorsDialog

        ArbitratorsDialog(self.ctx, self).exec()

    def edit_reference(self) -> None:
        from .reference_dialog import ReferenceDialog

        ReferenceDialog(self.ctx, self).exec()
        self.refresh_lists()
        for i in range(FIXED_TABS, self.tabs.count()):
            if isinstance(view := self.tabs.widget(i), CaseView):
                view.reload()

    # -- navigation
    def _nav_changed(self, row: int) -> None:
        if row < 0:
            return
        family = self.nav.item(row).data(Qt.ItemDataRole.UserRole)
        if family == BOARD:
            self.tabs.setCurrentIndex(BOARD_TAB)
            return
        if family == STATS:
            self.show_stats()
            return
        self.list_page.set_family(family)
        self.tabs.setCurrentIndex(LIST_TAB)

    def show_stats(self) -> None:
        if self.stats_page is None:
            from .dashboard import DashboardPage

            self.stats_page = DashboardPage(self.ctx)
            self.stats_page.drill.connect(self.show_figure)
            placeholder = self.tabs.widget(STATS_TAB)
            self.tabs.removeTab(STATS_TAB)
            placeholder.deleteLater()
            self.tabs.insertTab(STATS_TAB, self.stats_page, "统计")
            self.tabs.tabBar().setTabButton(STATS_TAB, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.tabs.setCurrentIndex(STATS_TAB)

    def show_figure(self, figure: tuple, office_id, label: str) -> None:  # noqa: ANN001
        """The cases behind a figure of the statistics, in the case list."""
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.list_page.show_figure(figure, office_id, label)
        self.tabs.setCurrentIndex(LIST_TAB)

    def current_family(self) -> CaseFamily | None:
        item = self.nav.currentItem()
        value = item.data(Qt.ItemDataRole.UserRole) if item else None
        return CaseFamily(value) if value and value not in (BOARD, STATS) else None

    def focus_search(self) -> None:
        if self.nav.currentRow() >= BOARD_ROW:
            self.nav.setCurrentRow(0)
        self.tabs.setCurrentIndex(LIST_TAB)
        self.list_page.focus_search()

    # -- cases
    def show_employers(self) -> None:
        from .employer_page import EmployersDialog

        dlg = EmployersDialog(self.ctx, self)
        dlg.open_case.connect(self.open_case)
        dlg.exec()

    def _registrable(self) -> list[CaseFamily]:
        """The families the signed-in user may register (their role's, a supervisor's office's),
        in the 新建 menu's order."""
        mine = self.ctx.call(access.registrable_families)
        return [f for f in self.new_actions if f in mine]

    def new_case(self, family: CaseFamily | None) -> None:
        """A new case of ``family``; with none (Ctrl+N), of the list being looked at when the
        role registers that family, else of the first family the role registers."""
        from .new_case_dialog import NewCaseDialog

        families = self._registrable()
        if family is None:
            viewed = self.current_family()
            family = viewed if viewed in families else next(iter(families), None)
        if family is None:
            return
        if family is CaseFamily.COMPLAINT:
            from .complaint_intake import ComplaintIntakeDialog

            dlg = ComplaintIntakeDialog(self.ctx, self)
        else:
            dlg = NewCaseDialog(self.ctx, family, self)
        if dlg.exec() and dlg.created_id is not None:
            self.refresh_lists()
            self.open_case(dlg.created_id)
            self.statusBar().showMessage("案件已保存", 5000)

    def open_case(self, case_id: uuid.UUID, clock: str | None = None) -> None:
        """Show the case in its tab (opening one if needed); ``clock`` selects that deadline."""
        view = next((w for i in range(FIXED_TABS, self.tabs.count())
                     if isinstance(w := self.tabs.widget(i), CaseView) and w.case_id == case_id), None)
        if view is None:
            try:
                view = CaseView(self.ctx, case_id)
            except (ServiceError, DatabaseError) as e:
                QMessageBox.warning(self, "无法打开案件", str(e))
                return
            view.changed.connect(lambda _id, v=view: (self.refresh_lists(written_by=v), self._retitle(v)))
            view.open_linked.connect(self.open_case)
            title = view.detail.case_number if view.detail and view.detail.case_number else "未编号案件"
            index = self.tabs.addTab(view, title)
            self.tabs.setTabToolTip(index, title)
        self.tabs.setCurrentWidget(view)
        if clock:
            view.show_deadline(clock)

    def _retitle(self, view: CaseView) -> None:
        """A case numbered at acceptance shows its number on its tab."""
        index = self.tabs.indexOf(view)
        if index >= 0 and view.detail is not None and view.detail.case_number:
            self.tabs.setTabText(index, view.detail.case_number)
            self.tabs.setTabToolTip(index, view.detail.case_number)

    def _close_tab(self, index: int) -> None:
        if index >= FIXED_TABS:
            widget = self.tabs.widget(index)
            self._stale_cases.discard(widget)
            self.tabs.removeTab(index)
            widget.deleteLater()

    # -- user
    def switch_user(self) -> None:
        """Another member of staff signs in at this computer: their own name and password. The
        cases are hidden meanwhile (the next person must not read them over the login); 返回
        gives them back to the user who chose 切换用户."""
        self.idle.paused = True
        self._show_work(False)

        def back() -> None:
            self._show_work(True)
            self.idle.resume()

        self._sign_in_other("切换用户 — 登录", "返回", back)

    def _switched(self, dlg) -> None:  # noqa: ANN001
        from .app import remember_actor

        remember_actor(self.db_label, dlg.signed_in.actor.username)
        self._revoking = False
        self.become(dlg.signed_in.actor)

    def become(self, actor) -> None:  # noqa: ANN001
        """Another user signed in at this window: every page is made anew for them (the case
        list with its filters and drill-down, the deadline board, 统计, open cases), so nothing
        the previous user saw stays on screen or in a model."""
        self.ctx.actor = actor
        self.live.note()  # the pages below are made from what is committed now
        self._show_user()
        if self.stats_page is not None and self.stats_page.build is not None:
            self.stats_page.build.wait()  # a report being exported finishes for its own user
        self._stale_cases.clear()
        while self.tabs.count():
            page = self.tabs.widget(0)
            self.tabs.removeTab(0)
            page.deleteLater()
        self._make_pages()
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.list_page.set_family(None)
        self.tabs.setCurrentIndex(LIST_TAB)
        self.statusBar().clearMessage()
        self._notice_dismissed = False
        self.show_start_notice()
        self._write_pending = False

    def change_password(self) -> None:
        from .login import ChangePasswordDialog

        dlg = ChangePasswordDialog(self.ctx, self.ctx.actor, parent=self)
        dlg.open()
        dlg.accepted.connect(lambda: self.statusBar().showMessage("密码已修改", 5000))

    def lock(self) -> None:
        """Hide the cases until the signed-in user types their password again."""
        from .login import LoginDialog

        if self.lock_dialog is not None:
            return
        self.idle.paused = True
        self._show_work(False)
        self.lock_dialog = LoginDialog(self.ctx, self.db_label, locked_to=self.ctx.actor.username, parent=self)
        switch = self.lock_dialog.buttons.addButton("切换用户…", QDialogButtonBox.ButtonRole.ResetRole)
        switch.setToolTip("由另一位工作人员登录（当前用户的页面全部关闭）")
        switch.clicked.connect(self._switch_at_lock)
        self.lock_dialog.finished.connect(self._unlocked)
        self.lock_dialog.open()

    def _switch_at_lock(self) -> None:
        """Another member of staff signs in at the locked window; giving up locks it again."""
        self._drop_lock_dialog()
        self._sign_in_other("切换用户 — 登录", "返回", self.lock)

    def _drop_lock_dialog(self) -> None:
        """Close the lock's login without unlocking (its user does not come back this way)."""
        locked, self.lock_dialog = self.lock_dialog, None
        locked.finished.disconnect(self._unlocked)
        locked.done(QDialog.DialogCode.Rejected)
        locked.deleteLater()

    def _sign_in_other(self, title: str, cancel_text: str, gave_up: Callable[[], None], note: str = "") -> None:
        """Another member of staff signs in at the hidden window, which is made anew for them;
        ``gave_up`` when the login is cancelled."""
        from .login import LoginDialog

        dlg = LoginDialog(self.ctx, self.db_label, parent=self)
        dlg.setWindowTitle(title)
        dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel_text)
        if note:
            dlg.message.setText(note)
            dlg.message.show()

        def finished(result: int) -> None:
            dlg.deleteLater()
            if result != QDialog.DialogCode.Accepted or dlg.signed_in is None:
                gave_up()
                return
            self._switched(dlg)
            self._show_work(True)
            self.idle.resume()

        dlg.finished.connect(finished)
        dlg.open()

    def _unlocked(self, result: int) -> None:
        self.lock_dialog = None
        if result != QDialog.DialogCode.Accepted:
            self.close()  # 退出程序: nothing unsaved lives outside the database
            return
        self._show_work(True)
        self.idle.resume()

    def _show_work(self, shown: bool) -> None:
        """The cases, menus and toolbar: hidden and disabled while the window is locked."""
        self.centralWidget().setVisible(shown)
        self.approvals.setVisible(shown and self.approvals.allowed)  # the queue names cases too
        self.menuBar().setEnabled(shown)
        for bar in self.findChildren(QToolBar):
            bar.setEnabled(shown)

    def manage_users(self) -> None:
        from .user_admin import UserAdminDialog

        UserAdminDialog(self.ctx, self).exec()
        self.idle.minutes = self.ctx.call(accounts.idle_lock_minutes)

    def show_audit(self) -> None:
        from .audit_viewer import AuditViewerDialog

        AuditViewerDialog(self.ctx, self).exec()

    def _show_db_state(self) -> None:
        self.db_status.setText(f"数据库：{self.db_label}" + ("（已加密）" if self.ctx.db.encrypted else "")
                               + (PASSWORD_IN_ADDRESS if self.password_in_address else ""))

    def encryption_settings(self) -> None:
        """Encrypt, re-key or decrypt the database: the day's backup finishes first, and the
        window goes on with the database reopened in its new form."""
        from .encryption import EncryptionDialog

        running = getattr(self, "daily_backup", None)
        if running is not None and running.thread is not None and running.thread.is_alive():
            from .app import busy_notice

            notice = busy_notice("正在完成今日自动备份，请稍候…")
            running.thread.join()
            notice.close()
        was_encrypted = self.ctx.db.encrypted
        dlg = EncryptionDialog(self.ctx, self)
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.converted is None:
            return
        self.ctx.db = dlg.converted.db
        self._show_db_state()
        if self.ctx.db.encrypted:
            done = "数据库口令已更改。" if was_encrypted else "数据库已加密。"
        else:
            done = "数据库已取消加密。"
        if dlg.converted.backups_converted:
            done += f"\n备份文件夹中的 {dlg.converted.backups_converted} 个备份已一同转换。"
        if dlg.converted.backups_left:
            done += ("\n以下备份使用其他口令或无法读取，保持原样：\n"
                     + "\n".join(f.name for f in dlg.converted.backups_left))
        QMessageBox.information(self, "数据库加密", done)

    def start_daily_backup(self) -> None:
        """The day's first start copies the database aside in the background (a large file takes
        a while); the status bar says how it went. A failure is said, not fatal."""
        from .daily_backup import DailyBackup

        self.daily_backup = DailyBackup(self.ctx, self)
        self.daily_backup.done.connect(lambda text: self.statusBar().showMessage(text, 15000))
        self.daily_backup.start()

    def backup_now(self) -> None:
        from ..services import backups

        try:
            made = self.ctx.call(backups.backup_now, label="manual")
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "备份未完成", str(e))
            return
        QMessageBox.information(self, "备份完成", f"数据库已备份到：\n{made}")

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802
        self.idle.stop()
        self.live.stop()
        if self._written in self.ctx.on_write:
            self.ctx.on_write.remove(self._written)
        if self._revoked_elsewhere in self.ctx.on_revoked:
            self.ctx.on_revoked.remove(self._revoked_elsewhere)
        super().closeEvent(event)

    def about(self) -> None:
        QMessageBox.about(self, "关于", "劳动争议案件管理 hrss_disputes 0.1\n"
                          "调解、仲裁案件与欠薪投诉的登记、查询和办理。")
