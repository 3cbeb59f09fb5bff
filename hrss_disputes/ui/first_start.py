"""First start on an empty database: load demo data, or set up the office and start empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from .. import cipher
from ..db import DatabaseError
from ..models.enums import OfficeKind
from ..services import demo, encryption, offices, setup
from ..services.errors import ServiceError, ValidationFailed
from .encryption import EncryptionChoice
from .forms import FieldErrors, add_field, dialog_buttons, error_label, show_form_errors
from .length_caps import cap_to_column
from .login import password_field

CITIES = ("广州", "深圳", "珠海", "佛山", "东莞", "中山", "汕头", "惠州", "江门", "湛江", "肇庆", "韶关",
          "河源", "梅州", "汕尾", "阳江", "茂名", "清远", "潮州", "揭阳", "云浮")


class FirstStartDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.actor = None
        self._admin = None  # who set the database up: they are the one who encrypts it
        self.demo_logins: tuple = ()  # the demo users and their passwords, shown once after loading
        self.errors = FieldErrors()
        self.setWindowTitle("欢迎使用劳动争议案件管理")
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        intro = QLabel("这是一个新的数据库。请选择：")
        lay.addWidget(intro)
        self.demo_radio = QRadioButton("载入演示数据（虚构的机构、人员和案件，用于熟悉程序）")
        self.empty_radio = QRadioButton("从空库开始：登记本机构和管理员")
        group = QButtonGroup(self)
        group.addButton(self.demo_radio)
        group.addButton(self.empty_radio)
        lay.addWidget(self.demo_radio)
        self.demo_box = QGroupBox()
        df = QFormLayout(self.demo_box)
        self.demo_cases = QSpinBox()
        self.demo_cases.setRange(100, 200000)
        self.demo_cases.setSingleStep(500)
        self.demo_cases.setValue(2000)
        self.demo_cases.setSuffix(" 件")
        df.addRow("案件数量", self.demo_cases)
        lay.addWidget(self.demo_box)
        lay.addWidget(self.empty_radio)
        self.empty_box = QGroupBox()
        ef = QFormLayout(self.empty_box)
        self.office_name = QLineEdit()
        self.office_name.setPlaceholderText("例如：端州区城东街道劳动争议调解中心")
        add_field(ef, "机构名称", self.office_name, self.errors, "office_name")
        cap_to_column(self.office_name, "office", "name", label="机构名称", errors=self.errors, key="office_name")
        self.office_kind = QComboBox()
        for value, label in OfficeKind.choices():
            self.office_kind.addItem(label, value)
        self.office_kind.setCurrentIndex(list(OfficeKind).index(OfficeKind.TOWNSHIP_CENTRE))
        ef.addRow("机构类型", self.office_kind)
        self.city = QComboBox()
        self.city.addItems(CITIES)
        self.city.setCurrentText("肇庆")
        ef.addRow("所在地级市", self.city)
        self.admin_name = QLineEdit()
        add_field(ef, "管理员姓名", self.admin_name, self.errors, "admin_name")
        cap_to_column(self.admin_name, "app_user", "display_name", label="管理员姓名", errors=self.errors, key="admin_name")
        self.username = QLineEdit("admin")
        add_field(ef, "管理员用户名", self.username, self.errors, "username")
        cap_to_column(self.username, "app_user", "username", label="管理员用户名", errors=self.errors, key="username")
        self.password = password_field()
        self.password.setPlaceholderText("至少 8 位，同时包含字母和数字")
        add_field(ef, "登录密码", self.password, self.errors, "password")
        self.password_again = password_field()
        add_field(ef, "再次输入密码", self.password_again, self.errors, "password_again")
        lay.addWidget(self.empty_box)
        self.encryption = None
        if ctx.db.path is not None and cipher.available():  # a server database is the server's to protect
            self.encryption = EncryptionChoice(self.errors)
            lay.addWidget(self.encryption)
        self.general_error = error_label()
        lay.addWidget(self.general_error)
        lay.addWidget(dialog_buttons(self, self.start, ok_text="开始使用", cancel_text="退出"))
        self.demo_radio.toggled.connect(self._mode)
        self.demo_radio.setChecked(True)
        self._mode()

    def _mode(self) -> None:
        self.demo_box.setEnabled(self.demo_radio.isChecked())
        self.empty_box.setEnabled(self.empty_radio.isChecked())

    def start(self) -> None:
        key = self.encryption.chosen_key() if self.encryption is not None else None
        if self.encryption is not None and (problems := self.encryption.problems()):
            show_form_errors(self.errors, self.general_error, problems)
            return
        try:
            if self.demo_radio.isChecked():
                self.actor = self._load_demo()
            else:
                if self.password.text() != self.password_again.text():
                    show_form_errors(self.errors, self.general_error, {"password_again": "两次输入的密码不一致"})
                    return
                self.actor = self._admin = self.ctx.call(
                    setup.first_start, office_name=self.office_name.text(),
                    office_kind=OfficeKind(self.office_kind.currentData()),
                    city=self.city.currentText(), admin_name=self.admin_name.text(),
                    username=self.username.text(), password=self.password.text(),
                )
        except ValidationFailed as e:
            show_form_errors(self.errors, self.general_error, e.errors)
            return
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能完成", str(e))
            return
        if key is not None:
            self._encrypt(key)
        self.accept()

    def _encrypt(self, key: str) -> None:
        """The database just set up, encrypted before any case is entered (the demo's cases are
        fictional). From here on the program opens it with the passphrase."""
        from .app import busy_notice

        notice = busy_notice("正在加密数据库，请稍候…")
        try:
            self.ctx.db = encryption.convert_database(db=self.ctx.db, user=self._admin, current_key=None,
                                                      new_key=key).db
        except ServiceError as e:
            # the setup itself went through: the person goes on, unencrypted, and is told so
            QMessageBox.warning(self, "未能加密", f"数据库已建好，但未能加密：{e}\n可以稍后在“设置 → 数据库加密”中再试。")
        finally:
            notice.close()

    def _load_demo(self):  # noqa: ANN202
        total = self.demo_cases.value()
        progress = QProgressDialog("正在生成演示数据…", "", 0, total, self)
        progress.setWindowTitle("演示数据")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)

        def step(done: int, _total: int) -> None:
            progress.setValue(done)
            QApplication.processEvents()

        try:
            loaded = self.ctx.call(demo.load_demo, cases=total, progress=step)
        finally:
            progress.close()
        self.demo_logins = loaded.logins
        self._admin = loaded.admin
        # the demo opens as the provincial supervisor, who sees every case and the audit trail
        return self.ctx.call(offices.find_actor, username=demo.DEMO_START_USER) or loaded.admin


class DemoLoginsDialog(QDialog):
    """Every demo user with their password: shown once, right after the demo was loaded."""

    def __init__(self, logins: tuple, parent: QWidget | None = None):  # noqa: ANN001
        from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

        super().__init__(parent)
        self.setWindowTitle("演示账户和密码")
        self.resize(900, 560)
        lay = QVBoxLayout(self)
        note = QLabel(f"演示数据已载入。以下是演示用户及其密码（每个角色一个密码），只显示这一次，请记下或复制。"
                      f"程序将以“{demo.DEMO_START_USER}”（省仲裁委领导）的身份打开。")
        note.setWordWrap(True)
        lay.addWidget(note)
        self.table = QTableWidget(len(logins), 5)
        self.table.setHorizontalHeaderLabels(["用户名", "姓名", "角色", "所属机构", "密码"])
        for row, login in enumerate(logins):
            for col, text in enumerate((login.username, login.display_name, login.role.label, login.office,
                                        login.password)):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        lay.addWidget(self.table)
        lay.addWidget(dialog_buttons(self, self.accept, ok_text="已记下，开始使用", cancel_text="关闭"))
