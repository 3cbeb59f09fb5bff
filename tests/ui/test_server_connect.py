"""The window on a server: the database shown without its password (status bar, login, error
dialogs, the remembered last user) and the server's password asked in a dialog."""

from __future__ import annotations

import os
import socket

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from hrss_disputes import db as dbmod
from hrss_disputes.ui import app as app_module
from hrss_disputes.ui.login import LoginDialog, ServerPasswordDialog
from hrss_disputes.ui.main_window import MainWindow
from tests.pg_accounts import SECRET, account_url, needs_server, server_account_fixture  # noqa: F401
from tests.ui.modal import when_modal

WITH_PASSWORD = f"postgresql+psycopg://app:{SECRET}@srv:5432/hrss"
SHOWN = "postgresql://app@srv:5432/hrss"


def _texts(widget: QWidget) -> str:
    """Every text a person can see on the widget: its title and its labels."""
    return "\n".join([widget.windowTitle(), *(label.text() for label in widget.findChildren(QLabel))])


def _no_secret(text: str, password: str = SECRET) -> None:
    assert password not in text and password.split("@")[0] not in text


def test_the_window_and_its_login_show_the_database_without_its_password(qtbot, ctx, db_target, app_font) -> None:  # noqa: ANN001
    for given in (WITH_PASSWORD, db_target):  # on the PostgreSQL pass db_target has the cluster's password
        window = MainWindow(ctx, db_label=given)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        assert window.db_status.text().startswith(f"数据库：{dbmod.display_target(given)}")
        login = LoginDialog(ctx, given)
        qtbot.addWidget(login)
        assert f"数据库：{dbmod.display_target(given)}" in _texts(login)
        password = dbmod.server_url(given).password if dbmod.is_url(given) else None
        if password:
            _no_secret(_texts(window) + window.statusBar().currentMessage() + _texts(login), password)
        window.close()
    from hrss_disputes.ui.main_window import PASSWORD_IN_ADDRESS

    assert window.db_status.text() == f"数据库：{dbmod.display_target(db_target)}" + (
        "（已加密）" if ctx.db.encrypted else "") + (PASSWORD_IN_ADDRESS if dbmod.password_in_address(db_target) else "")


def test_the_last_user_is_remembered_by_the_shown_database(qapp) -> None:  # noqa: ANN001
    app_module.remember_actor(WITH_PASSWORD, "li_ming")
    assert app_module.last_username(SHOWN) == "li_ming"  # the same key as the URL with its password
    settings = QSettings()
    for key in settings.allKeys():
        _no_secret(key + str(settings.value(key)))
    assert app_module._settings_key(WITH_PASSWORD) == app_module._settings_key(SHOWN)


def test_a_server_that_is_down_is_said_without_the_password(qapp, monkeypatch) -> None:  # noqa: ANN001
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append((title, text)))
    target = f"postgresql://app:{SECRET.replace('@', '%40').replace('/', '%2F')}@127.0.0.1:{port}/hrss"
    assert app_module.start_gui(target) == 1
    [(title, text)] = shown
    assert title == "无法打开数据库" and "服务器未启动" in text
    assert text.endswith(f"数据库：postgresql://app@127.0.0.1:{port}/hrss")
    _no_secret(text)


@needs_server
def test_the_servers_password_asked_in_a_dialog(qtbot, server_account, monkeypatch) -> None:  # noqa: ANN001
    role, database, _ = server_account
    dbmod.upgrade_server(account_url(role, database))
    target = account_url(role, database, password=None)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    opened = []
    dlg = ServerPasswordDialog(dbmod.display_target(target),
                               lambda password: opened.append(dbmod.open_database(target, password=password)) or opened[-1])
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.connect_server()  # nothing typed
    assert "请输入服务器密码" in _texts(dlg) and not opened
    dlg.password.setText("wrong")
    dlg.connect_server()
    assert "用户名或密码不正确" in _texts(dlg) and dlg.result() != ServerPasswordDialog.DialogCode.Accepted
    dlg.password.setText(SECRET)
    dlg.connect_server()
    assert dlg.result() == ServerPasswordDialog.DialogCode.Accepted and dlg.db is opened[-1]
    _no_secret(_texts(dlg).replace(dlg.password.text(), ""))
    dlg.db.dispose()


@needs_server
def test_start_asks_for_the_servers_password_then_goes_on(qtbot, server_account, monkeypatch) -> None:  # noqa: ANN001
    from hrss_disputes.ui.first_start import FirstStartDialog

    role, database, _ = server_account
    dbmod.upgrade_server(account_url(role, database))
    target = account_url(role, database, password=None)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    seen: list[str] = []

    def type_password(dlg: ServerPasswordDialog) -> None:
        seen.append(_texts(dlg))
        dlg.password.setText(SECRET)
        dlg.connect_server()

    def first_start(dlg: FirstStartDialog) -> None:  # connected: the empty database's first start
        seen.append("first start")
        dlg.reject()

    when_modal(ServerPasswordDialog, type_password)
    when_modal(FirstStartDialog, first_start)
    assert app_module.start_gui(target) == 0
    assert seen[1] == "first start"
    assert f"数据库账户 {dbmod.account_label(target)}" in seen[0] and "连接数据库服务器" in seen[0]
