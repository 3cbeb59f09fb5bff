"""The encrypted database as people meet it: chosen on a new database, its passphrase asked at
every start before the login, and encrypted, re-keyed or decrypted by the administrator."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from hrss_disputes import cipher
from hrss_disputes.services.context import ServiceContext
from hrss_disputes.ui import app as app_module
from hrss_disputes.ui.encryption import EncryptionDialog, PassphraseDialog
from hrss_disputes.ui.first_start import FirstStartDialog
from hrss_disputes.ui.login import LoginDialog
from tests.ui.conftest import show_main_window
from tests.ui.modal import when_modal
from tests.ui.typing import type_text

pytestmark = pytest.mark.sqlite_only("SQLCipher encrypts a SQLite file and its backups; a server database has no "
                                     "encryption choice (its server, roles and disk protect it)")

KEY = "城东街道调解中心笔记本2026"


def test_a_new_database_chosen_encrypted_opens_with_its_passphrase(qtbot, db, app_font, shots, monkeypatch) -> None:  # noqa: ANN001
    ctx = ServiceContext(db)
    dlg = FirstStartDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.resize(620, 700)
    dlg.empty_radio.setChecked(True)
    type_text(dlg.office_name, "端州区城东街道劳动争议调解中心")
    type_text(dlg.admin_name, "陈静")
    dlg.password.setText("Chenjing2026")
    dlg.password_again.setText("Chenjing2026")
    dlg.encryption.setChecked(True)
    dlg.encryption.fields.passphrase.setText("短口令")
    dlg.start()
    assert dlg.actor is None
    assert dlg.errors._fields["passphrase"][1].text() == "数据库口令至少 10 位（可以是一句话）"
    dlg.encryption.fields.passphrase.setText(KEY)
    dlg.encryption.fields.again.setText(KEY + "!")
    dlg.start()
    assert dlg.errors._fields["passphrase_again"][1].text() == "两次输入的口令不一致"
    dlg.show()
    dlg.grab().save(str(shots / "first_start_encryption.png"))
    dlg.encryption.fields.again.setText(KEY)
    dlg.start()
    assert dlg.actor is not None and ctx.db.encrypted  # the context goes on with the encrypted file
    assert cipher.looks_encrypted(db.path) and "陈静".encode() not in db.path.read_bytes()
    ctx.db.dispose()

    # the next start asks the passphrase before the login; a wrong one is said at the field
    monkeypatch.setattr(app_module, "last_username", lambda _label: "admin")

    def unlock(ask: PassphraseDialog) -> None:
        ask.resize(560, 200)
        type_text(ask.passphrase, "不是这个口令啊不是这个")
        ask.unlock()
        assert ask.errors._fields["passphrase"][1].text() == "数据库口令不正确（或该文件不是本程序的数据库）"
        ask.grab().save(str(shots / "passphrase_wrong.png"))
        ask.passphrase.clear()
        type_text(ask.passphrase, KEY)
        ask.unlock()

    def sign_in(login: LoginDialog) -> None:
        type_text(login.password, "Chenjing2026")
        login.sign_in()

    when_modal(PassphraseDialog, unlock)
    when_modal(LoginDialog, sign_in)
    window = app_module.start_gui(str(db.path))
    qtbot.addWidget(window)
    assert window.ctx.actor.display_name == "陈静" and window.ctx.db.encrypted
    assert window.db_status.text().endswith("（已加密）")
    window.daily_backup.thread.join(30)
    backups = list((db.path.parent / "backups").glob("*.db"))
    assert len(backups) == 1 and cipher.key_opens(backups[0], KEY)  # the day's backup is encrypted too
    window.close()
    window.ctx.db.dispose()


def test_demo_data_chosen_encrypted(qtbot, db, app_font) -> None:  # noqa: ANN001
    from hrss_disputes.services import accounts

    ctx = ServiceContext(db)
    dlg = FirstStartDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.demo_cases.setValue(300)
    dlg.encryption.setChecked(True)
    dlg.encryption.fields.passphrase.setText(KEY)
    dlg.encryption.fields.again.setText(KEY)
    dlg.start()
    assert dlg.actor is not None and ctx.db.encrypted and cipher.looks_encrypted(db.path)
    ctx.actor = dlg.actor
    admin = next(x for x in dlg.demo_logins if x.username == "admin")
    assert ctx.call(accounts.authenticate, username="admin", password=admin.password).actor.role.value == "admin"
    ctx.db.dispose()


def test_cancelling_the_passphrase_quits_quietly(qtbot, db, app_font, admin) -> None:  # noqa: ANN001
    from hrss_disputes.services import encryption

    encryption.convert_database(db=db, user=admin, current_key=None, new_key=KEY).db.dispose()
    when_modal(PassphraseDialog, lambda ask: ask.reject())
    assert app_module.start_gui(str(db.path)) == 0


def test_the_administrator_encrypts_changes_and_removes_the_passphrase(qtbot, ctx, admin, app_font, shots,
                                                                        monkeypatch) -> None:  # noqa: ANN001
    w = show_main_window(qtbot, ctx)
    assert w.encryption_action.isVisible() and not w.db_status.text().endswith("（已加密）")
    path = ctx.db.path
    said: list[str] = []

    def encrypt(dlg: EncryptionDialog) -> None:
        dlg.resize(640, 300)
        dlg.new.passphrase.setText(KEY)
        dlg.new.again.setText(KEY)
        dlg.grab().save(str(shots / "encryption_dialog.png"))
        when_modal(QMessageBox, lambda box: (said.append(box.text()), box.accept()))
        dlg.convert()

    when_modal(EncryptionDialog, encrypt)
    w.encryption_action.trigger()
    assert said == ["数据库已加密。"]
    assert w.ctx.db.encrypted and cipher.key_opens(path, KEY) and w.db_status.text().endswith("（已加密）")
    w.list_page.refresh()  # the window goes on working on the reopened database

    def rekey(dlg: EncryptionDialog) -> None:
        dlg.resize(640, 360)
        dlg.current.setText("这不是当前的口令")
        dlg.new.passphrase.setText("第二个口令也足够长了吧")
        dlg.new.again.setText("第二个口令也足够长了吧")
        dlg.convert()
        assert dlg.errors._fields["current"][1].text() == "当前数据库口令不正确"
        dlg.grab().save(str(shots / "encryption_rekey_wrong.png"))
        dlg.current.setText(KEY)
        when_modal(QMessageBox, lambda box: (said.append(box.text()), box.accept()))
        dlg.convert()

    when_modal(EncryptionDialog, rekey)
    w.encryption_action.trigger()
    assert said[-1] == "数据库口令已更改。" and cipher.key_opens(path, "第二个口令也足够长了吧")

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)

    def decrypt(dlg: EncryptionDialog) -> None:
        dlg.current.setText("第二个口令也足够长了吧")
        dlg.decrypt_radio.setChecked(True)
        assert not dlg.new.passphrase.isEnabled()
        when_modal(QMessageBox, lambda box: (said.append(box.text()), box.accept()))
        dlg.convert()

    when_modal(EncryptionDialog, decrypt)
    w.encryption_action.trigger()
    assert said[-1] == "数据库已取消加密。" and not w.ctx.db.encrypted and not cipher.looks_encrypted(path)
    assert w.ctx.actor == admin  # signed in throughout
    w.close()


def test_a_start_encrypts_plain_backups_and_names_what_it_cannot(qtbot, db, admin, app_font, shots) -> None:  # noqa: ANN001
    """An encrypted database with plain backups beside it (an interrupted encryption, a copied-in
    file): after the passphrase, the start encrypts them and names the one it cannot."""
    from hrss_disputes.services import encryption
    from hrss_disputes.ui.encryption import tidy_at_start as tidy_in_window

    encryption.convert_database(db=db, user=admin, current_key=None, new_key=KEY).db.dispose()
    folder = db.path.parent / "backups"
    plain = folder / f"{db.path.stem}-daily-20260101-000000.db"
    cipher.export(db.path, KEY, plain, None)
    damaged = folder / f"{db.path.stem}-manual-20260102-000000.db"
    damaged.write_bytes(cipher.SQLITE_HEADER + b"\x10\x00" + b"\xff" * 8000)
    stale = folder / f"{db.path.stem}-daily-20260103-000000.db.partial"
    stale.write_bytes(b"cut short")
    said: list[str] = []

    def read(box: QMessageBox) -> None:
        box.resize(700, 300)
        box.grab().save(str(shots / "start_plain_backup_left.png"))
        said.append(box.text())
        box.accept()

    when_modal(PassphraseDialog, lambda ask: (type_text(ask.passphrase, KEY), ask.unlock()))
    when_modal(QMessageBox, read)
    when_modal(LoginDialog, lambda login: login.reject())
    assert app_module.start_gui(str(db.path)) == 0
    assert cipher.looks_encrypted(plain) and cipher.key_opens(plain, KEY) and not stale.exists()
    assert len(said) == 1 and str(damaged) in said[0] and "已用数据库口令加密" in said[0]

    # the window's own call, on a database with nothing left over, says nothing
    reopened = encryption.open_database(str(db.path), key=KEY)
    damaged.unlink()
    tidy_in_window(reopened)
    reopened.dispose()
