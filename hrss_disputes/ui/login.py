"""Sign-in, the locked window's unlock, and changing one's own password."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..db import (
    Database,
    DatabaseError,
    ServerLoginRefused,
    ServerPasswordNeeded,
    account_label,
    display_target,
    is_service,
)
from ..services import accounts
from ..services.errors import ServiceError
from .forms import FieldErrors, add_field, dialog_buttons, error_label, show_form_errors, submit


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(128)
    return field


class ServerPasswordDialog(QDialog):
    """At start, before the login: the password of the database account on the office server,
    when the server asks for one and none was given (none in the URL, .pgpass or PGPASSWORD).
    ``open_with`` opens the database with it; ``db`` is the result. The password is kept in
    memory for the connections of this session only, never stored."""

    def __init__(self, db_label: str, open_with: Callable[[str], Database], parent: QWidget | None = None):
        super().__init__(parent)
        self.open_with = open_with
        self.db: Database | None = None
        self.errors = FieldErrors()
        self.setWindowTitle("连接数据库服务器")
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        account = account_label(db_label)
        where = display_target(db_label)
        named = f"数据库账户 {account}" + (f"（{where}）" if is_service(db_label) else "") if account else where
        note = QLabel(f"数据库服务器要求输入数据库账户的密码：\n{named}")
        note.setWordWrap(True)
        lay.addWidget(note)
        form = QFormLayout()
        self.password = password_field()
        add_field(form, "服务器密码", self.password, self.errors, "password")
        lay.addLayout(form)
        hint = QLabel("这是服务器上数据库账户的密码（由服务器管理员提供），不是您登录本程序的密码。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)
        self.general = error_label()
        lay.addWidget(self.general)
        lay.addWidget(dialog_buttons(self, self.connect_server, ok_text="连接", cancel_text="退出"))
        self.password.setFocus()

    def connect_server(self) -> None:
        if not self.password.text():
            show_form_errors(self.errors, self.general, {"password": "请输入服务器密码"})
            return
        try:
            self.db = self.open_with(self.password.text())
        except (ServerLoginRefused, ServerPasswordNeeded) as e:
            show_form_errors(self.errors, self.general, {"password": str(e)})
            self.password.selectAll()
            self.password.setFocus()
            self.adjustSize()  # the server's sentence is said whole
            return
        except DatabaseError as e:
            show_form_errors(self.errors, self.general, {"": str(e)})
            self.adjustSize()
            return
        self.accept()


class LoginDialog(QDialog):
    """User name and password; a wrong password makes the next try wait (the service says how
    long) and the button counts down. ``locked_to`` fixes the user name (unlocking the window)."""

    def __init__(self, ctx, db_label: str, username: str = "", locked_to: str | None = None,  # noqa: ANN001
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.signed_in: accounts.SignedIn | None = None
        self.errors = FieldErrors()
        self.setWindowTitle("已锁定 — 请输入密码解锁" if locked_to else "登录 — 劳动争议案件管理")
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        title = QLabel("窗口已锁定" if locked_to else "劳动争议案件管理")
        title.setStyleSheet("font-size: 16pt; font-weight: bold; margin: 6px 0;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(title)
        where = QLabel(f"数据库：{display_target(db_label)}")
        where.setWordWrap(True)
        where.setStyleSheet("color: #555;")
        lay.addWidget(where)
        form = QFormLayout()
        self.username = QLineEdit(locked_to or username)
        self.username.setReadOnly(locked_to is not None)
        add_field(form, "用户名", self.username, self.errors, "username")
        self.password = password_field()
        add_field(form, "密码", self.password, self.errors, "password")
        lay.addLayout(form)
        self.message = error_label()
        lay.addWidget(self.message)
        self.buttons = dialog_buttons(self, self.sign_in, ok_text="解锁" if locked_to else "登录",
                                      cancel_text="退出程序" if locked_to else "退出")
        lay.addWidget(self.buttons)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.ok_text = self.ok_button.text()
        self._wait = 0
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._tick)
        (self.password if self.username.text() else self.username).setFocus()

    def sign_in(self) -> None:
        errors = {}
        if not self.username.text().strip():
            errors["username"] = "请填写用户名"
        if not self.password.text():
            errors["password"] = "请输入密码"
        if errors:
            show_form_errors(self.errors, self.message, errors)
            return
        self.errors.show({})
        try:
            result = self.ctx.call(accounts.authenticate, username=self.username.text(),
                                   password=self.password.text(), changes_password_now=True)
        except accounts.LoginRefused as e:
            self.password.clear()
            self.message.setText(str(e))
            self.message.show()
            self._start_wait(e.wait_seconds)
            return
        except (ServiceError, DatabaseError) as e:
            self.message.setText(str(e))
            self.message.show()
            return
        if result.must_change_password:
            change = ChangePasswordDialog(self.ctx, result.actor, old_password=self.password.text(), forced=True,
                                          parent=self)
            if change.exec() != QDialog.DialogCode.Accepted:
                self.password.clear()
                self.message.setText("须先修改初始密码才能使用")
                self.message.show()
                return
        self.signed_in = result
        self.accept()

    def _start_wait(self, seconds: int) -> None:
        self._wait = seconds
        if seconds > 0:
            self.ok_button.setEnabled(False)
            self._tick_text()
            self._timer.start()

    def _tick(self) -> None:
        self._wait -= 1
        if self._wait <= 0:
            self._timer.stop()
            self.ok_button.setEnabled(True)
            self.ok_button.setText(self.ok_text)
        else:
            self._tick_text()

    def _tick_text(self) -> None:
        self.ok_button.setText(f"{self.ok_text}（{self._wait}）")


class ChangePasswordDialog(QDialog):
    """The user's own new password; ``forced`` after an administrator set an initial one."""

    def __init__(self, ctx, actor, old_password: str = "", forced: bool = False,  # noqa: ANN001
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.actor = actor
        self.errors = FieldErrors()
        self.setWindowTitle("修改密码")
        self.setMinimumWidth(440)
        lay = QVBoxLayout(self)
        if forced:
            note = QLabel("管理员为您设置了初始密码，请先设置您自己的密码。")
            note.setWordWrap(True)
            lay.addWidget(note)
        form = QFormLayout()
        self.old = password_field()
        self.old.setText(old_password)
        add_field(form, "原密码", self.old, self.errors, "old_password")
        self.new = password_field()
        self.new.setPlaceholderText("至少 8 位，同时包含字母和数字")
        add_field(form, "新密码", self.new, self.errors, "new_password")
        self.again = password_field()
        add_field(form, "再次输入新密码", self.again, self.errors, "again")
        lay.addLayout(form)
        self.general = error_label()
        lay.addWidget(self.general)
        lay.addWidget(dialog_buttons(self, self.save, ok_text="修改密码"))
        (self.new if old_password else self.old).setFocus()

    def save(self) -> None:
        if self.new.text() != self.again.text():
            show_form_errors(self.errors, self.general, {"again": "两次输入的新密码不一致"})
            return
        if submit(self.errors, self.general, lambda: self.ctx.call(
                accounts.change_password, user=self.actor, old_password=self.old.text(), new_password=self.new.text())):
            self.accept()


class FirstPasswordDialog(QDialog):
    """A database from before sign-in existed: its administrator sets the first password
    (the same trust as a new database's first start); everyone else gets theirs from them."""

    def __init__(self, ctx, admins: list, parent: QWidget | None = None):  # noqa: ANN001
        from PySide6.QtWidgets import QComboBox

        super().__init__(parent)
        self.ctx = ctx
        self.actor = None
        self.errors = FieldErrors()
        self.setWindowTitle("设置管理员密码")
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        note = QLabel("本程序现在需要登录。这个数据库的用户还没有密码，请先为管理员设置登录密码；"
                      "其他用户的初始密码由管理员在“设置 → 用户管理”中设置。")
        note.setWordWrap(True)
        lay.addWidget(note)
        form = QFormLayout()
        self.admin = QComboBox()
        for uid, username, name in admins:
            self.admin.addItem(f"{name}（{username}）", uid)
        form.addRow("管理员", self.admin)
        self.password = password_field()
        self.password.setPlaceholderText("至少 8 位，同时包含字母和数字")
        add_field(form, "登录密码", self.password, self.errors, "password")
        self.again = password_field()
        add_field(form, "再次输入密码", self.again, self.errors, "again")
        lay.addLayout(form)
        self.general = error_label()
        lay.addWidget(self.general)
        lay.addWidget(dialog_buttons(self, self.save, ok_text="设置并登录", cancel_text="退出"))

    def save(self) -> None:
        if self.password.text() != self.again.text():
            show_form_errors(self.errors, self.general, {"again": "两次输入的密码不一致"})
            return
        def first() -> None:
            self.actor = self.ctx.call(accounts.set_first_password, user_id=self.admin.currentData(),
                                       password=self.password.text())

        if submit(self.errors, self.general, first):
            self.accept()
