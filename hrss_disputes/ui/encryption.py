"""The encrypted database in the window: the passphrase asked at start, the choice on a new
database, and the administrator's 数据库加密 dialog (encrypt, change the passphrase, decrypt)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..db import Database, DatabaseError, WrongPassphrase
from ..domain.accounts import MIN_PASSPHRASE_LENGTH
from ..services import encryption
from .forms import FieldErrors, add_field, dialog_buttons, error_label, show_form_errors, submit
from .login import password_field

FORGOTTEN = "口令只保存在使用者的记忆中：忘记口令，数据库和它的备份都将无法打开，任何人都无法找回。"
PLACEHOLDER = f"至少 {MIN_PASSPHRASE_LENGTH} 位，可以是一句好记的话"


def _warning(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #8e1c12")
    return label


class PassphraseDialog(QDialog):
    """At start, before the login: the passphrase of an encrypted database file. ``open_with``
    opens the database with a passphrase (raising WrongPassphrase); ``db`` is the result."""

    def __init__(self, target: str, open_with: Callable[[str], Database], parent: QWidget | None = None):
        super().__init__(parent)
        self.open_with = open_with
        self.db: Database | None = None
        self.errors = FieldErrors()
        self.setWindowTitle("打开加密的数据库")
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        note = QLabel(f"该数据库已加密。请输入数据库口令：\n{target}")
        note.setWordWrap(True)
        lay.addWidget(note)
        form = QFormLayout()
        self.passphrase = password_field()
        add_field(form, "数据库口令", self.passphrase, self.errors, "passphrase")
        lay.addLayout(form)
        self.general = error_label()
        lay.addWidget(self.general)
        lay.addWidget(dialog_buttons(self, self.unlock, ok_text="打开", cancel_text="退出"))
        self.passphrase.setFocus()

    def unlock(self) -> None:
        try:
            self.db = self.open_with(self.passphrase.text())
        except WrongPassphrase as e:
            show_form_errors(self.errors, self.general, {"passphrase": str(e)})
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        except DatabaseError as e:
            show_form_errors(self.errors, self.general, {"": str(e)})
            return
        self.accept()


def tidy_at_start(db: Database, parent: QWidget | None = None) -> None:
    """Once the database is open (after its passphrase, before the login): what interrupted
    backups, conversions and restores left is cleared, plain backups beside an encrypted
    database are encrypted (a notice meanwhile), and what could not be done is said."""
    from .app import busy_notice

    notices = []
    try:
        done = encryption.finish_interrupted(db.path, db.key, converting=lambda n: notices.append(
            busy_notice(f"正在加密备份文件夹中 {n} 个未加密的备份（如上次加密被中断），请稍候…")))
    finally:
        for notice in notices:
            notice.close()
    if said := done.notices():
        urgent = done.plain_left or done.tidied.kept
        (QMessageBox.warning if urgent else QMessageBox.information)(parent, "数据库备份", "\n\n".join(said))


class NewPassphraseFields:
    """A new passphrase typed twice, with the warning that a forgotten one cannot be recovered."""

    def __init__(self, form: QFormLayout, errors: FieldErrors, label: str = "数据库口令"):
        self.passphrase = password_field()
        self.passphrase.setPlaceholderText(PLACEHOLDER)
        add_field(form, label, self.passphrase, errors, "passphrase")
        self.again = password_field()
        add_field(form, "再次输入口令", self.again, errors, "passphrase_again")

    def problems(self) -> dict[str, str]:
        return encryption.new_passphrase_problems(self.passphrase.text(), self.again.text())

    def value(self) -> str:
        return self.passphrase.text()


class EncryptionChoice(QGroupBox):
    """The new database's choice (first start): encrypt it, for a laptop that leaves the office."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None):
        super().__init__("加密数据库（推荐用于带出办公室的笔记本电脑）", parent)
        self.setCheckable(True)
        self.setChecked(False)
        form = QFormLayout(self)
        self.fields = NewPassphraseFields(form, errors)
        form.addRow(_warning("每次打开程序都要先输入数据库口令。" + FORGOTTEN))

    def chosen_key(self) -> str | None:
        return self.fields.value() if self.isChecked() else None

    def problems(self) -> dict[str, str]:
        return self.fields.problems() if self.isChecked() else {}


class EncryptionDialog(QDialog):
    """设置 → 数据库加密: encrypt this computer's database, change its passphrase or take the
    encryption off. ``converted`` is the reopened database once it is done."""

    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.converted: encryption.Converted | None = None
        self.errors = FieldErrors()
        encrypted = ctx.db.encrypted
        self.setWindowTitle("数据库加密")
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        state = "已加密（SQLCipher，AES-256）" if encrypted else "未加密"
        lay.addWidget(QLabel(f"数据库文件：{ctx.db.path}\n当前状态：{state}"))
        form = QFormLayout()
        self.current = password_field()
        if encrypted:
            add_field(form, "当前口令", self.current, self.errors, "current")
            self.rekey_radio = QRadioButton("更改口令")
            self.decrypt_radio = QRadioButton("取消加密（数据库和备份改为不加密保存）")
            self.rekey_radio.setChecked(True)
            form.addRow(self.rekey_radio)
            form.addRow(self.decrypt_radio)
        self.new = NewPassphraseFields(form, self.errors, "新口令" if encrypted else "数据库口令")
        lay.addLayout(form)
        if encrypted:
            self.decrypt_radio.toggled.connect(self._mode)
        else:
            lay.addWidget(QLabel("加密后，本机数据库及其备份文件夹中的所有备份都用该口令加密。"))
        lay.addWidget(_warning(FORGOTTEN))
        self.general = error_label()
        lay.addWidget(self.general)
        lay.addWidget(dialog_buttons(self, self.convert, ok_text="更改" if encrypted else "加密"))

    def _mode(self) -> None:
        decrypting = self.decrypt_radio.isChecked()
        self.new.passphrase.setEnabled(not decrypting)
        self.new.again.setEnabled(not decrypting)

    def convert(self) -> None:
        decrypting = self.ctx.db.encrypted and self.decrypt_radio.isChecked()
        if not decrypting and (problems := self.new.problems()):
            show_form_errors(self.errors, self.general, problems)
            return
        if decrypting and QMessageBox.question(
                self, "取消加密", "取消加密后，任何拿到这台电脑或数据库文件的人都能读取案件。确定取消加密吗？"
        ) != QMessageBox.StandardButton.Yes:
            return
        current = self.current.text() if self.ctx.db.encrypted else None
        new_key = None if decrypting else self.new.value()

        def run() -> None:
            from .app import busy_notice

            notice = busy_notice("正在转换数据库及其备份，请稍候…（数据库较大时需要几分钟）")
            try:
                self.converted = encryption.convert_database(db=self.ctx.db, user=self.ctx.actor,
                                                             current_key=current, new_key=new_key)
            finally:
                notice.close()

        if submit(self.errors, self.general, run):
            self.accept()
