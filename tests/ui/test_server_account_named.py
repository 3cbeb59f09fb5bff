"""The server-password dialog names the database account (user@host/db) from the start, for a
profile as for a URL, never the password."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from hrss_disputes.ui.login import ServerPasswordDialog


def _texts(dialog: ServerPasswordDialog) -> str:
    return "\n".join([dialog.windowTitle(), *(label.text() for label in dialog.findChildren(QLabel))])


def _never(_password: str):  # noqa: ANN202
    raise AssertionError("not connected in this test")


def test_the_dialog_names_the_account_of_a_profile_from_the_start(qtbot, tmp_path: Path, monkeypatch, app_font) -> None:  # noqa: ANN001
    (tmp_path / "pg_service.conf").write_text("[分中心]\nhost=srv.local\nport=5433\ndbname=hrss\nuser=hrss_app\n",
                                              encoding="utf-8")
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "pg_service.conf"))
    dialog = ServerPasswordDialog("service:分中心", _never)
    qtbot.addWidget(dialog)
    dialog.resize(560, 240)
    dialog.show()
    shown = _texts(dialog)
    assert "数据库账户 hrss_app@srv.local:5433/hrss" in shown, shown
    assert "service:分中心" in shown
    dialog.grab().save("/tmp/shots20/fix1_server_password_profile.png")


def test_the_dialog_names_the_account_of_a_url_without_its_password(qtbot, app_font) -> None:  # noqa: ANN001
    dialog = ServerPasswordDialog("postgresql://app:S3cret-pw@db.example/hrss", _never)
    qtbot.addWidget(dialog)
    shown = _texts(dialog)
    assert "数据库账户 app@db.example/hrss" in shown, shown
    assert "S3cret-pw" not in shown


def test_a_password_inside_the_address_is_noticed_quietly(qtbot, ctx, app_font) -> None:  # noqa: ANN001
    from hrss_disputes.ui.main_window import MainWindow

    for given, noticed in (("postgresql://app:S3cret-pw@srv:5432/hrss", True),
                           ("postgresql://app@srv:5432/hrss?password=S3cret-pw", True),
                           ("postgresql://app@srv:5432/hrss", False), ("service:办公室", False), ("hrss.db", False)):
        window = MainWindow(ctx, db_label=given)
        qtbot.addWidget(window)
        window.resize(1366, 768)
        window.show()
        status = window.db_status.text()
        assert "S3cret-pw" not in status
        assert ("其他用户" in status and ".pgpass" in status) is noticed, status
        if noticed and "?" not in given:
            window.grab().save("/tmp/shots20/fix1_password_in_address_notice.png")
        window.close()


def test_the_started_window_notices_a_password_in_its_own_address(qtbot, ctx, db_target, app_font, monkeypatch) -> None:  # noqa: ANN001
    """start_gui hands the window its --db as given (shown without the password): on the server
    pass the test database's URL carries the cluster's password, a file has none."""
    from hrss_disputes import db as dbmod
    from hrss_disputes.ui import app as app_module
    from hrss_disputes.ui.login import LoginDialog
    from tests.conftest import PG_URL
    from tests.factories import TEST_PASSWORD
    from tests.ui.modal import when_modal

    monkeypatch.setattr(app_module, "last_username", lambda _label: "admin")

    def sign_in(dlg: LoginDialog) -> None:
        dlg.password.setText(TEST_PASSWORD)
        dlg.sign_in()

    when_modal(LoginDialog, sign_in)
    window = app_module.start_gui(db_target)
    qtbot.addWidget(window)
    status = window.db_status.text()
    assert dbmod.password_in_address(db_target) is bool(PG_URL)
    assert ("其他用户" in status and ".pgpass" in status) is bool(PG_URL), status
    assert status.startswith(f"数据库：{dbmod.display_target(db_target)}")
    password = dbmod.server_url(db_target).password if PG_URL else None
    assert not password or password not in status
    backup = getattr(window, "daily_backup", None)
    if backup is not None and backup.thread is not None:
        backup.thread.join(30)
    window.close()
