"""Start-up: refusing bad database files with a message, and the first-start choices."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from hrss_disputes.services import cases, offices
from hrss_disputes.services.cases import CaseQuery
from hrss_disputes.ui import app as app_module
from hrss_disputes.ui.first_start import FirstStartDialog
from tests.ui.typing import type_text


def test_a_file_that_is_not_a_database_gets_a_message(qapp, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    bad = tmp_path / "案件台账.xlsx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, title, text: shown.append((title, text)))
    assert app_module.start_gui(str(bad)) == 1
    assert shown[0][0] == "无法打开数据库"
    assert "不是本程序的数据库" in shown[0][1]


def test_first_start_empty_database(qtbot, db, app_font) -> None:  # noqa: ANN001
    from hrss_disputes.services.context import ServiceContext

    ctx = ServiceContext(db)
    dlg = FirstStartDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.empty_radio.setChecked(True)
    dlg.start()
    assert dlg.actor is None
    assert dlg.errors._fields["office_name"][1].text() == "请填写机构名称"
    type_text(dlg.office_name, "端州区城东街道劳动争议调解中心")
    type_text(dlg.admin_name, "陈静")
    dlg.password.setText("chenjing2026")
    dlg.password_again.setText("chenjing2027")
    dlg.start()
    assert dlg.actor is None
    assert dlg.errors._fields["password_again"][1].text() == "两次输入的密码不一致"
    dlg.password.setText("short1")
    dlg.password_again.setText("short1")
    dlg.start()
    assert dlg.errors._fields["password"][1].text() == "密码至少 8 位"
    dlg.password.setText("Chenjing2026")
    dlg.password_again.setText("Chenjing2026")
    dlg.start()
    assert dlg.actor is not None and dlg.actor.display_name == "陈静"
    from hrss_disputes.services import accounts

    assert ctx.call(accounts.authenticate, username="admin", password="Chenjing2026").actor == dlg.actor
    ctx.actor = dlg.actor
    assert [o.name for o in ctx.call(offices.list_offices)] == ["端州区城东街道劳动争议调解中心"]


def test_first_start_with_demo_data(qtbot, db, app_font) -> None:  # noqa: ANN001
    from hrss_disputes.services.context import ServiceContext

    ctx = ServiceContext(db)
    dlg = FirstStartDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.demo_cases.setValue(300)
    dlg.start()
    assert dlg.actor is not None and dlg.actor.role.value == "supervisor"  # the demo opens as 省仲裁委领导
    ctx.actor = dlg.actor
    from hrss_disputes.services import accounts
    from hrss_disputes.ui.first_start import DemoLoginsDialog

    logins = {x.username: x for x in dlg.demo_logins}
    admin = logins["admin"]
    assert ctx.call(accounts.authenticate, username="admin", password=admin.password).actor.role.value == "admin"
    shown = DemoLoginsDialog(dlg.demo_logins)
    qtbot.addWidget(shown)
    assert shown.table.rowCount() == len(logins)
    assert {shown.table.item(r, 4).text() for r in range(shown.table.rowCount())} == {x.password for x in logins.values()}
    assert ctx.call(cases.count_cases, query=CaseQuery()) == 300


@pytest.mark.sqlite_only("the daily backup at start is a SQLite file's copy; a server is backed up by its "
                         "administrator's scheduled backup command")
def test_a_start_backs_up_once_a_day_and_opens_on_the_login(qtbot, ctx, db, app_font, monkeypatch) -> None:  # noqa: ANN001
    from hrss_disputes.backup import list_backups
    from hrss_disputes.ui.login import LoginDialog
    from tests.factories import TEST_PASSWORD
    from tests.ui.modal import when_modal

    monkeypatch.setattr(app_module, "last_username", lambda _label: "admin")
    path = db.path
    db.dispose()

    def sign_in(dlg: LoginDialog) -> None:
        assert dlg.username.text() == "admin"
        type_text(dlg.password, "wrong-one-1")
        dlg.sign_in()
        assert "用户名或密码不正确" in dlg.message.text()
        type_text(dlg.password, TEST_PASSWORD)
        dlg.sign_in()

    when_modal(LoginDialog, sign_in)
    window = app_module.start_gui(str(path))
    qtbot.addWidget(window)
    assert window.ctx.actor.username == "admin"
    window.daily_backup.thread.join(30)  # made in the background, said in the status bar
    qtbot.waitUntil(lambda: "今日自动备份已完成" in window.statusBar().currentMessage())
    assert [label for _f, label, _w in list_backups(path)] == ["daily"]
    window.close()
    def right_away(dlg: LoginDialog) -> None:
        type_text(dlg.password, TEST_PASSWORD)
        dlg.sign_in()

    when_modal(LoginDialog, right_away)
    second = app_module.start_gui(str(path))  # a second start the same day: no second backup
    qtbot.addWidget(second)
    second.daily_backup.thread.join(30)
    assert len(list_backups(path)) == 1 and not list((path.parent / "backups").glob("*.partial"))
    for w in (window, second):
        w.close()
        w.ctx.db.dispose()
