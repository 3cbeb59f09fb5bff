"""Start-up: the Qt application, the shipped font, the database, the first-start choice."""

from __future__ import annotations

import sys
import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from ..paths import font_path

if TYPE_CHECKING:
    from ..db import Database

APP_FONT_SIZE = 10

STYLE = """
QLineEdit[invalid="true"], QComboBox[invalid="true"], QDateEdit[invalid="true"],
QSpinBox[invalid="true"], QPlainTextEdit[invalid="true"] { border: 1px solid #c62828; }
QListWidget#nav { background: #f3f5f8; border: none; font-size: 11pt; }
QListWidget#nav::item { padding: 8px 12px; }
QListWidget#nav::item:selected { background: #1565c0; color: white; }
QTableView { gridline-color: #e0e0e0; }
"""


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("hrss_disputes")
    app.setOrganizationName("hrss_disputes")
    app.setApplicationDisplayName("劳动争议案件管理")
    install_font(app)
    app.setStyleSheet(STYLE)
    return app


def install_font(app: QApplication) -> str | None:
    """Register the shipped CJK font so Chinese renders without any system font."""
    font_id = QFontDatabase.addApplicationFont(str(font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        return None
    font = QFont(families[0], APP_FONT_SIZE)
    font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
    app.setFont(font)
    return families[0]


def _settings_key(db_label: str) -> str:
    """Keyed by the database as shown (display_target): a server password never goes into the
    settings, not even hashed."""
    from ..db import display_target

    return "last_user/" + str(uuid.uuid5(uuid.NAMESPACE_URL, display_target(db_label)))


def last_username(db_label: str) -> str:
    """Who last signed in to this database on this computer (the login's default user name)."""
    return str(QSettings().value(_settings_key(db_label)) or "")


def sign_in(ctx, db_label: str):  # noqa: ANN001, ANN201
    """The login; None when the person gave up. An upgraded database whose administrators have
    no password yet asks for the administrator's first."""
    from ..services import accounts
    from .login import FirstPasswordDialog, LoginDialog

    admins = ctx.call(accounts.admins_without_password)
    if admins:
        first = FirstPasswordDialog(ctx, admins)
        return first.actor if first.exec() == FirstPasswordDialog.DialogCode.Accepted else None
    dlg = LoginDialog(ctx, db_label, username=last_username(db_label))
    if dlg.exec() != LoginDialog.DialogCode.Accepted or dlg.signed_in is None:
        return None
    return dlg.signed_in.actor


def remember_actor(db_label: str, username: str) -> None:
    QSettings().setValue(_settings_key(db_label), username)


def busy_notice(text: str) -> QProgressDialog:
    """A notice without buttons for a long step of start-up; the caller closes it."""
    dlg = QProgressDialog(text, "", 0, 0)
    dlg.setWindowTitle("劳动争议案件管理")
    dlg.setCancelButton(None)
    dlg.setMinimumDuration(0)
    dlg.show()
    QApplication.processEvents()
    return dlg


def _deadlines_current(ctx) -> bool:  # noqa: ANN001
    """Work the stored deadlines out anew when the rules or the holiday data have changed."""
    from ..db import DatabaseError
    from ..services import clocks

    try:
        if ctx.call(clocks.cache_is_current):
            return True
        dlg = busy_notice("正在按新的期限规则和节假日安排重新计算各案件期限，请稍候…")
        try:
            ctx.call(clocks.rebuild_cache)
        finally:
            dlg.close()
    except DatabaseError as e:
        QMessageBox.critical(None, "无法计算期限", str(e))
        return False
    return True


def run_gui(db_arg: str | None) -> int:
    """The window's start, every import on this one thread. (A thread that imported the
    database layer while this one went on with Qt failed about one start in 20: PySide6 hooks
    every import, two threads importing wait on each other's module locks, and Python hands one
    a half-initialised module: "partially initialized module 'asyncio'", a pydantic circular
    import. Without the imports, Qt's own start overlaps ~25 ms of it: nothing worth a thread.
    tests/ui/test_start_imports.py holds it.)"""
    from .. import crashlog
    from .crash_dialog import install, starting_failed

    log_file = crashlog.setup_logging()
    crashlog.enable_fatal_log()
    make_app()
    install(QApplication.instance())
    crashlog.log.info("程序启动（窗口），日志：%s", log_file)
    try:
        window = start_gui(db_arg)
    except Exception as e:  # before the window exists there is nothing to go on with
        starting_failed(e)
        return 1
    if isinstance(window, int):
        return window
    return QApplication.instance().exec()


def start_gui(db_arg: str | None):  # noqa: ANN201
    """Open the database and show the main window; an int is the exit code of a refusal."""
    make_app()
    from .. import crashlog
    from ..db import (
        DatabaseError,
        PassphraseNeeded,
        ServerPasswordNeeded,
        display_target,
        open_database,
        resolve_target,
    )
    from ..services import offices
    from ..services.context import ServiceContext

    target = resolve_target(db_arg)
    label = display_target(target)  # what is shown, logged and remembered: never a password
    crashlog.log.info("数据库：%s", label)
    notice: list[QProgressDialog] = []

    def upgrading(_old_revision: str | None) -> None:
        notice.append(busy_notice("正在升级数据库（已先备份原文件），请稍候…"))

    def open_with(key: str | None, password: str | None = None) -> Database:
        try:
            return open_database(target, on_upgrade=upgrading, key=key, password=password)
        finally:
            for dlg in notice:
                dlg.close()
            notice.clear()

    try:
        try:
            db = open_with(None)
        except PassphraseNeeded:
            from .encryption import PassphraseDialog

            ask = PassphraseDialog(label, open_with)
            if ask.exec() != PassphraseDialog.DialogCode.Accepted or ask.db is None:
                return 0
            db = ask.db
        except ServerPasswordNeeded:
            from .login import ServerPasswordDialog

            server = ServerPasswordDialog(label, lambda password: open_with(None, password))
            if server.exec() != ServerPasswordDialog.DialogCode.Accepted or server.db is None:
                return 0
            db = server.db
    except DatabaseError as e:
        QMessageBox.critical(None, "无法打开数据库", f"{e}\n\n数据库：{label}")
        return 1
    from .encryption import tidy_at_start

    tidy_at_start(db)  # what an interrupted backup, conversion or restore left; plain backups encrypted
    ctx = ServiceContext(db)
    try:
        empty = ctx.call(offices.is_empty)
    except DatabaseError as e:
        QMessageBox.critical(None, "无法读取数据库", f"{e}\n\n数据库：{label}")
        return 1
    if empty:
        from .first_start import FirstStartDialog

        dlg = FirstStartDialog(ctx)
        if dlg.exec() != FirstStartDialog.DialogCode.Accepted or dlg.actor is None:
            return 0
        ctx.actor = dlg.actor
        if dlg.demo_logins:
            from .first_start import DemoLoginsDialog

            DemoLoginsDialog(dlg.demo_logins).exec()
    else:
        if not _deadlines_current(ctx):
            return 1
        ctx.actor = sign_in(ctx, label)
        if ctx.actor is None:
            return 0
    remember_actor(label, ctx.actor.username)

    from .main_window import MainWindow

    window = MainWindow(ctx, db_label=target)  # shown without its password; a password in it is noticed
    window.resize(1366, 768)
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
    window.show()
    window.start_daily_backup()
    return window
