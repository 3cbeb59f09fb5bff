"""The administrator's users: who can sign in, their role and office, new users, disabling,
password resets, and the idle-lock time."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..models.enums import Role
from ..services import accounts, offices
from ..services.errors import ServiceError
from .forms import (
    DiscardGuard,
    FieldErrors,
    add_field,
    close_row,
    dialog_buttons,
    error_label,
    submit,
)
from .length_caps import cap_to_column
from .login import password_field

COLUMNS = ["姓名", "用户名", "角色", "所属机构", "状态", "最近登录"]


def _local(moment) -> str:  # noqa: ANN001
    return moment.astimezone().strftime("%Y-%m-%d %H:%M") if moment else ""


class UserAdminDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[accounts.AccountRow] = []
        self.setWindowTitle("用户管理")
        self.resize(1000, 600)
        lay = QVBoxLayout(self)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("新建用户…")
        self.new_button.clicked.connect(self.new_user)
        self.reset_button = QPushButton("重置密码…")
        self.reset_button.clicked.connect(self.reset_password)
        self.toggle_button = QPushButton("停用")
        self.toggle_button.clicked.connect(self.toggle_active)
        for b in (self.new_button, self.reset_button, self.toggle_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("无操作自动锁定窗口："))
        self.idle = QSpinBox()
        self.idle.setRange(1, 240)
        self.idle.setSuffix(" 分钟")
        self.idle.setValue(ctx.call(accounts.idle_lock_minutes))
        self.idle.editingFinished.connect(self.save_idle)
        buttons.addWidget(self.idle)
        lay.addLayout(buttons)
        self.message = error_label()
        lay.addWidget(self.message)
        lay.addLayout(close_row(self))
        self.reload()

    def reload(self) -> None:
        self.rows = self.ctx.call(accounts.list_accounts)
        self.table.setRowCount(len(self.rows))
        for r, a in enumerate(self.rows):
            state = "已停用" if not a.active else "未设密码" if not a.has_password else (
                f"锁定至 {_local(a.locked_until)}" if a.locked_until else "正常")
            for c, text in enumerate((a.display_name, a.username, a.role.label, a.office_name, state,
                                      _local(a.last_login_at))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._selected()

    def current(self) -> accounts.AccountRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selected(self) -> None:
        row = self.current()
        self.reset_button.setEnabled(row is not None)
        self.toggle_button.setEnabled(row is not None and row.id != self.ctx.actor.id)
        self.toggle_button.setText("启用" if row is not None and not row.active else "停用")

    def _run(self, fn, **kwargs) -> bool:  # noqa: ANN001
        try:
            self.ctx.call(fn, **kwargs)
        except (ServiceError, DatabaseError) as e:
            self.message.setText(str(e))
            self.message.show()
            return False
        self.message.hide()
        return True

    def new_user(self) -> None:
        dlg = NewUserDialog(self.ctx, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def reset_password(self) -> None:
        row = self.current()
        if row is None:
            return
        dlg = ResetPasswordDialog(self.ctx, row, self)
        if dlg.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            QMessageBox.information(self, "密码已重置", f"{row.display_name} 下次登录时须修改密码。")

    def toggle_active(self) -> None:
        row = self.current()
        if row is not None and self._run(accounts.set_active, user_id=row.id, active=not row.active):
            self.reload()

    def save_idle(self) -> None:
        self._run(accounts.set_idle_lock_minutes, minutes=self.idle.value())


class NewUserDialog(DiscardGuard, QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.created = None
        self.errors = FieldErrors()
        self.setWindowTitle("新建用户")
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.display_name = QLineEdit()
        add_field(form, "姓名", self.display_name, self.errors, "display_name")
        cap_to_column(self.display_name, "app_user", "display_name", label="姓名", errors=self.errors, key="display_name")
        self.username = QLineEdit()
        self.username.setPlaceholderText("登录用，如 chenjing")
        add_field(form, "用户名", self.username, self.errors, "username")
        cap_to_column(self.username, "app_user", "username", label="用户名", errors=self.errors, key="username")
        self.role = QComboBox()
        for value, label in Role.choices():
            self.role.addItem(label, value)
        form.addRow("角色", self.role)
        self.office = QComboBox()
        for o in ctx.call(offices.list_offices):
            self.office.addItem("　" * o.depth + o.name, o.id)
        add_field(form, "所属机构", self.office, self.errors, "office_id")
        self.password = password_field()
        self.password.setPlaceholderText("初始密码，至少 8 位，含字母和数字")
        add_field(form, "初始密码", self.password, self.errors, "password")
        lay.addLayout(form)
        note = QLabel("用户首次登录时须改用自己的密码。")
        note.setStyleSheet("color: #555;")
        lay.addWidget(note)
        self.general = error_label()
        lay.addWidget(self.general)
        lay.addWidget(dialog_buttons(self, self.save, ok_text="建立用户"))

    def save(self) -> None:
        def create() -> None:
            self.created = self.ctx.call(
                accounts.create_account, username=self.username.text(), display_name=self.display_name.text(),
                role=Role(self.role.currentData()), office_id=self.office.currentData(), password=self.password.text())

        if submit(self.errors, self.general, create):
            self.accept()


class ResetPasswordDialog(QDialog):
    def __init__(self, ctx, row: accounts.AccountRow, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.errors = FieldErrors()
        self.setWindowTitle(f"重置 {row.display_name} 的密码")
        self.setMinimumWidth(440)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.password = password_field()
        add_field(form, "新的初始密码", self.password, self.errors, "password")
        lay.addLayout(form)
        note = QLabel("重置后账户解除锁定，该用户下次登录时须修改密码。")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.general = error_label()
        lay.addWidget(self.general)
        lay.addWidget(dialog_buttons(self, self.save, ok_text="重置密码"))

    def save(self) -> None:
        if submit(self.errors, self.general, lambda: self.ctx.call(
                accounts.reset_password, user_id=self.row.id, new_password=self.password.text())):
            self.accept()
