"""The audit trail for supervisors and administrators: who changed what and when, filtered by
case number, user and dates, and the check that no entry was changed, removed or moved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain.audit_chain import head_text
from ..services import audit_trail, offices
from ..services.errors import ServiceError
from .forms import close_row, error_label

COLUMNS = ["序号", "时间", "操作人", "对象", "操作", "案号", "变更内容", "修改前", "修改后"]
OK_STYLE = "background: #e8f5e9; color: #1b5e20; padding: 6px; border: 1px solid #81c784;"
BROKEN_STYLE = "background: #ffebee; color: #b71c1c; padding: 6px; border: 1px solid #e57373; font-weight: bold;"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class AuditViewerDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, today: date | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        today = today or date.today()
        self.setWindowTitle("审计日志")
        self.resize(1300, 700)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("案号"))
        self.case_number = QLineEdit()
        self.case_number.setPlaceholderText("完整案号，如 肇劳人仲案字〔2026〕88号")
        self.case_number.setMinimumWidth(260)
        self.case_number.returnPressed.connect(self.reload)
        bar.addWidget(self.case_number)
        bar.addWidget(QLabel("操作人"))
        self.user = QComboBox()
        self.user.addItem("（全部）", None)
        for u in ctx.call(offices.list_users):
            self.user.addItem(f"{u.display_name}（{u.role.label}）", u.id)
        bar.addWidget(self.user)
        self.use_dates = QCheckBox("日期")
        bar.addWidget(self.use_dates)
        self.date_from = QDateEdit(_qdate(today.replace(day=1)))
        self.date_to = QDateEdit(_qdate(today))
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
        bar.addWidget(self.date_from)
        bar.addWidget(QLabel("至"))
        bar.addWidget(self.date_to)
        self.search = QPushButton("查询")
        self.search.clicked.connect(self.reload)
        bar.addWidget(self.search)
        bar.addStretch(1)
        self.verify_button = QPushButton("校验审计链")
        self.verify_button.clicked.connect(self.verify)
        bar.addWidget(self.verify_button)
        lay.addLayout(bar)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.hide()
        lay.addWidget(self.result)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        lay.addWidget(self.table, 1)
        self.count = QLabel()
        lay.addWidget(self.count)
        self.message = error_label()
        lay.addWidget(self.message)
        lay.addLayout(close_row(self))
        self.reload()

    def reload(self) -> None:
        dates = {}
        if self.use_dates.isChecked():
            dates = {"date_from": self.date_from.date().toPython(), "date_to": self.date_to.date().toPython()}
        try:
            rows = self.ctx.call(audit_trail.list_entries, case_number=self.case_number.text(),
                                 user_id=self.user.currentData(), **dates)
        except (ServiceError, DatabaseError) as e:
            self.message.setText(str(e))
            self.message.show()
            return
        self.message.hide()
        self.table.setRowCount(len(rows))
        for r, e in enumerate(rows):
            values = (str(e.seq), e.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"), e.user, e.entity, e.action,
                      e.case_number, e.changes, e.before, e.after)
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c >= 6:
                    item.setToolTip(text)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c, widest in ((6, 360), (7, 220), (8, 220)):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), widest))
        self.count.setText(f"共 {len(rows)} 条（最新在前，最多显示 500 条）")

    def verify(self) -> None:
        try:
            broken = self.ctx.call(audit_trail.verify)
        except (ServiceError, DatabaseError) as e:
            broken = e
        if broken is None:
            seq, hash_ = self.ctx.call(audit_trail.chain_head)
            self.result.setText("审计链完整：每条记录都与其哈希相符，前后衔接，没有被修改、删除或调换；"
                                f"签发文书均与签发时记录的哈希一致。链头 {head_text(seq, hash_)}")
            self.result.setStyleSheet(OK_STYLE)
        else:
            self.result.setText(f"审计链校验失败：{broken}")
            self.result.setStyleSheet(BROKEN_STYLE)
        self.result.show()
