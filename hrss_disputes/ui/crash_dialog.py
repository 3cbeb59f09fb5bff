"""A crash is never silent: Qt's own messages go to the log, and an uncaught exception (in the
window's thread or another) is logged and said in a dialog naming the log file, from which the
person goes on working or quits. Every service call commits on its own, so what was saved stays."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QtMsgType, Signal, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from .. import crashlog

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: 10, QtMsgType.QtInfoMsg: 20, QtMsgType.QtWarningMsg: 30,
    QtMsgType.QtCriticalMsg: 40, QtMsgType.QtFatalMsg: 50,
}
_qt_log = logging.getLogger("qt")


def qt_message(mode: QtMsgType, context, message: str) -> None:  # noqa: ANN001
    """Qt's warnings and errors into the log (they would go to a console the build lacks)."""
    try:
        level = _QT_LEVELS.get(mode, 30)
        where = f" ({context.file}:{context.line})" if context is not None and context.file else ""
        _qt_log.log(level, "%s%s", message, where)
    except Exception:  # noqa: S110  a message handler must never raise into Qt
        pass


def crash_box(summary: str, log_file: Path, parent=None, starting: bool = False) -> QMessageBox:  # noqa: ANN001
    """The dialog: 继续使用 / 退出程序; ``starting``: the window never opened, so only 退出程序."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("程序出错")
    box.setText("程序启动时遇到了一个意外错误，无法继续。" if starting
                else "程序遇到了一个意外错误，刚才的操作可能没有完成。")
    box.setInformativeText(
        "已经保存的案件和数据不受影响。\n\n"
        f"错误：{summary}\n\n"
        f"详细情况已记录在日志文件中：\n{log_file}\n\n"
        + ("请把这个日志文件交给系统管理员。" if starting else
           "可以继续使用；如果同样的错误反复出现，请退出程序，并把这个日志文件交给系统管理员。"))
    box.setStyleSheet("QLabel#qt_msgbox_label, QLabel#qt_msgbox_informativelabel { min-width: 480px; }")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
    box.keep = None if starting else box.addButton("继续使用", QMessageBox.ButtonRole.AcceptRole)
    box.quit = box.addButton("退出程序", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.keep or box.quit)
    return box


def starting_failed(exc: BaseException) -> None:
    """An error out of the start (opening the database, the login, the window): logged and
    said; the program then exits."""
    crashlog.log_crash(type(exc), exc, exc.__traceback__, where="启动")
    crash_box(crashlog.describe(exc), crashlog.log_path(), starting=True).exec()


class CrashReporter(QObject):
    """Shows one dialog at a time, in the window's thread (``crashed`` and ``refused`` are queued
    from others)."""

    crashed = Signal(str)
    refused = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.showing = False
        self.box: QMessageBox | None = None
        self.crashed.connect(self.show)
        self.refused.connect(self.warn)

    def report(self, exc: BaseException) -> None:
        self.crashed.emit(crashlog.describe(exc))

    def say(self, exc: BaseException) -> None:
        self.refused.emit(crashlog.mask(str(exc)))

    def warn(self, sentence: str) -> None:
        """A database that cannot be reached (or refuses) under an action: no program fault, its
        Chinese sentence as a warning, and the window goes on."""
        if self.showing:
            return
        self.showing = True
        try:
            app = QApplication.instance()
            self.box = QMessageBox(QMessageBox.Icon.Warning, "数据库", "操作未能完成。",
                                   QMessageBox.StandardButton.Ok, app.activeWindow() if app else None)
            self.box.setInformativeText(sentence)
            self.box.setStyleSheet("QLabel#qt_msgbox_informativelabel { min-width: 420px; }")
            self.box.exec()
        finally:
            self.showing = False
            self.box = None

    def show(self, summary: str) -> None:
        if self.showing:  # a second error while the dialog is up: logged, not stacked
            return
        self.showing = True
        try:
            app = QApplication.instance()
            self.box = crash_box(summary, crashlog.log_path(), app.activeWindow() if app else None)
            self.box.exec()
            if self.box.clickedButton() is self.box.quit and app is not None:
                crashlog.log.info("用户在错误提示后退出程序")
                app.exit(1)
        finally:
            self.showing = False
            self.box = None


def install(app: QApplication) -> CrashReporter:
    """The window's hooks: Qt messages to the log, uncaught exceptions to the log and a dialog;
    a database error (the server gone, a lock) is said as a warning, not as a crash."""
    reporter = CrashReporter(app)
    qInstallMessageHandler(qt_message)
    from ..db import DatabaseError
    from ..services.context import NoLongerAllowed

    # a user disabled elsewhere is no fault: the window signs them out (MainWindow._revoked)
    crashlog.install_hooks(on_crash=reporter.report, expected=(NoLongerAllowed,),
                           said=(DatabaseError,), on_said=reporter.say)
    return reporter
