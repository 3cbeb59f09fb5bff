"""A crash in the window is logged and said in a Chinese dialog naming the log file; the person
goes on working (the data saved stays) or quits. Qt's own warnings go to the log too."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer, qWarning
from PySide6.QtWidgets import QMessageBox

from hrss_disputes import crashlog
from hrss_disputes.models.enums import CaseFamily
from hrss_disputes.services import cases
from hrss_disputes.services.cases import CaseQuery
from hrss_disputes.ui import crash_dialog
from tests.factories import arbitration_input
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal


@pytest.fixture
def hooked(qapp, tmp_path: Path, monkeypatch):  # noqa: ANN001, ANN201
    saved = sys.excepthook, threading.excepthook
    log_file = crashlog.setup_logging(tmp_path / "logs")
    monkeypatch.setattr(sys, "stderr", None)  # a windowed build on Windows has no console
    reporter = crash_dialog.install(qapp)
    yield log_file, reporter
    from PySide6.QtCore import qInstallMessageHandler

    qInstallMessageHandler(None)
    crashlog.shutdown_logging()
    sys.excepthook, threading.excepthook = saved
    reporter.deleteLater()


@pytest.mark.qt_no_exception_capture
def test_a_crash_in_a_slot_shows_the_dialog_and_the_work_goes_on(qtbot, qapp, ctx, admin, app_font, shots, hooked,
                                                                   monkeypatch) -> None:  # noqa: ANN001
    log_file, reporter = hooked
    window = show_main_window(qtbot, ctx)
    case_id = ctx.call(cases.create_case, data=arbitration_input(admin.office_id))
    seen: dict = {}

    def answer(box: QMessageBox) -> None:
        seen["title"], seen["text"] = box.windowTitle(), box.text() + box.informativeText()
        seen["buttons"] = [b.text() for b in box.buttons()]
        box.grab().save(str(shots / "crash_dialog.png"))
        box.keep.click()

    when_modal(QMessageBox, answer)
    exits: list[int] = []
    monkeypatch.setattr(qapp, "exit", exits.append)

    def boom() -> None:
        raise ZeroDivisionError("申请人 440783198503120013 的金额")

    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: "buttons" in seen and not reporter.showing, timeout=5000)
    assert seen["title"] == "程序出错"
    assert str(log_file) in seen["text"] and "已经保存的案件和数据不受影响" in seen["text"]
    assert "继续使用" in seen["buttons"] and "退出程序" in seen["buttons"]
    assert not exits and window.isVisible()  # 继续使用: the window goes on
    text = log_file.read_text(encoding="utf-8")
    assert "ZeroDivisionError" in text and "440783********0013" in text and "198503120" not in text
    ids = [r.id for r in ctx.call(cases.list_cases, query=CaseQuery(family=CaseFamily.ARBITRATION))]
    assert case_id in ids  # what was saved before the crash is there

    when_modal(QMessageBox, lambda box: box.quit.click())
    QTimer.singleShot(0, boom)
    qtbot.waitUntil(lambda: exits == [1], timeout=5000)  # 退出程序


@pytest.mark.qt_no_exception_capture
def test_a_crash_in_another_thread_is_said_in_the_window(qtbot, app_font, hooked) -> None:  # noqa: ANN001
    log_file, reporter = hooked
    seen: list[str] = []
    when_modal(QMessageBox, lambda box: (seen.append(box.informativeText()), box.keep.click()))

    def boom() -> None:
        raise OSError("磁盘已满")

    t = threading.Thread(target=boom, name="report-build")
    t.start()
    t.join()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "错误：OSError: 磁盘已满" in seen[0] and str(log_file) in seen[0]
    assert "线程 report-build" in log_file.read_text(encoding="utf-8")


def test_qt_warnings_go_to_the_log(qapp, hooked) -> None:  # noqa: ANN001
    log_file, _ = hooked
    qWarning("QPainter::begin: 13812345678")
    text = log_file.read_text(encoding="utf-8")
    assert "WARNING" in text and "qt: QPainter::begin: 138****5678" in text


def test_an_error_while_starting_is_logged_and_said(qapp, hooked, monkeypatch, shots) -> None:  # noqa: ANN001
    """Out of start_gui (before any window): the dialog offers only 退出程序 and run_gui exits 1."""
    from hrss_disputes.ui import app as app_module

    log_file, _ = hooked

    def broken(_db: str | None) -> None:
        raise RuntimeError("登录窗口出错")

    monkeypatch.setattr(app_module, "start_gui", broken)
    monkeypatch.setattr(crashlog, "setup_logging", lambda: log_file)  # the test's log, not the data folder
    monkeypatch.setattr(crashlog, "enable_fatal_log", lambda: None)
    seen: list[list[str]] = []

    def answer(box: QMessageBox) -> None:
        seen.append([b.text() for b in box.buttons()])
        box.grab().save(str(shots / "crash_dialog_start.png"))
        box.quit.click()

    when_modal(QMessageBox, answer)
    assert app_module.run_gui(None) == 1
    assert seen == [["退出程序"]]
    assert "RuntimeError: 登录窗口出错" in log_file.read_text(encoding="utf-8")


@pytest.mark.qt_no_exception_capture
def test_a_database_error_out_of_a_slot_is_a_warning_not_a_crash(qtbot, app_font, hooked, shots) -> None:  # noqa: ANN001
    """A server gone while a tab opens or a dialog fills (db.DatabaseError reaching the hook) is no
    program fault: its Chinese sentence in a warning, a warning in the log, and the window goes on."""
    from hrss_disputes.db import DatabaseError

    log_file, reporter = hooked
    seen: list[tuple[str, str, QMessageBox.Icon, list[str]]] = []

    def answer(box: QMessageBox) -> None:
        box.grab().save(str(shots / "database_error_warning.png"))
        seen.append((box.windowTitle(), box.text() + box.informativeText(), box.icon(),
                     [b.text() for b in box.buttons()]))
        box.accept()

    when_modal(QMessageBox, answer)
    sentence = "无法连接数据库服务器 127.0.0.1:54329，请检查网络或联系系统管理员"

    def gone() -> None:
        raise DatabaseError(sentence)

    QTimer.singleShot(0, gone)
    qtbot.waitUntil(lambda: bool(seen) and not reporter.showing, timeout=5000)
    title, text, icon, buttons = seen[0]
    assert title != "程序出错" and sentence in text and icon == QMessageBox.Icon.Warning
    assert "退出程序" not in buttons and "日志" not in text and "DatabaseError" not in text
    logged = log_file.read_text(encoding="utf-8")
    assert sentence in logged and "未处理的异常" not in logged and "CRITICAL" not in logged

    seen.clear()  # a real fault still gets the crash dialog
    when_modal(QMessageBox, lambda box: (seen.append((box.windowTitle(), "", box.icon(), [])), box.keep.click()))
    QTimer.singleShot(0, lambda: 1 / 0)
    qtbot.waitUntil(lambda: bool(seen) and not reporter.showing, timeout=5000)
    assert seen[0][0] == "程序出错"
