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

from ..db import DatabaseError
from ..models.enums import OfficeKind
from ..services import demo, setup
from ..services.errors import ServiceError, ValidationFailed
from .forms import FieldErrors, add_field, dialog_buttons, error_label, show_form_errors

CITIES = ("广州", "深圳", "珠海", "佛山", "东莞", "中山", "汕头", "惠州", "江门", "湛江", "肇庆", "韶关",
          "河源", "梅州", "汕尾", "阳江", "茂名", "清远", "潮州", "揭阳", "云浮")


class FirstStartDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.actor = None
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
        lay.addWidget(self.empty_box)
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
        try:
            if self.demo_radio.isChecked():
                self.actor = self._load_demo()
            else:
                self.actor = self.ctx.call(
                    setup.first_start, office_name=self.office_name.text(),
                    office_kind=OfficeKind(self.office_kind.currentData()),
                    city=self.city.currentText(), admin_name=self.admin_name.text(),
                )
        except ValidationFailed as e:
            show_form_errors(self.errors, self.general_error, e.errors)
            return
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能完成", str(e))
            return
        self.accept()

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
            return self.ctx.call(demo.load_demo, cases=total, progress=step)
        finally:
            progress.close()
