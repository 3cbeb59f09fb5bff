"""Dialogs of the complaint view: the acceptance review, money reaching workers, the worker list."""

from __future__ import annotations

import contextlib
from decimal import Decimal

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..domain import complaints as cm
from ..domain.workflows import Action
from ..services import complaints, workflow
from ..services.cases import CaseDetail
from ..services.errors import ValidationFailed
from ..services.parties import RecordDiffers
from .case_edit import _CaseDialog
from .forms import add_field, date_edit, qdate_to_date
from .party_form import answer_rows, ask_update
from .worker_table import INVALID_BG, WorkerTable

ANSWERS = (("（请选择）", None), ("是", True), ("否", False))


def _answer_box(value: bool | None) -> QComboBox:
    box = QComboBox()
    for label, v in ANSWERS:
        box.addItem(label, v)
    box.setCurrentIndex([v for _, v in ANSWERS].index(value))
    return box


class ReviewDialog(_CaseDialog):
    """若干规定 Art 18 as a checklist; the outcome it implies is shown and taken on 确定."""

    def __init__(self, ctx, detail: CaseDetail, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, "受理审查", parent)
        view = ctx.call(complaints.get_complaint, case_id=detail.id)
        hint = QLabel(f"{cm.REVIEW_BASIS}：收到之日起五个工作日内审查，符合条件的受理并于当日立案。")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.form.addRow(hint)
        self.day = date_edit()
        add_field(self.form, "审查日期", self.day, self.errors, "occurred_on")
        self.answers: dict[str, QComboBox] = {}
        for key, label in cm.REVIEW_QUESTIONS:
            box = _answer_box(getattr(view.review, key))
            box.currentIndexChanged.connect(self._update)
            self.answers[key] = box
            self.form.addRow(QLabel(label))
            self.form.addRow("", box)
        self.dispute = QCheckBox(cm.DISPUTE_QUESTION[1])
        self.dispute.setChecked(view.review.dispute_matter)
        self.dispute.toggled.connect(self._update)
        self.form.addRow(self.dispute)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setStyleSheet("font-weight: bold; color: #1565c0; padding: 4px;")
        add_field(self.form, "审查结论", self.outcome, self.errors, "review")
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(70)
        self.reason_label = add_field(self.form, "理由/需补正的材料", self.reason, self.errors, "reason")
        self.errors.register("missing", self.reason, self.reason_label)
        self.body = QLineEdit()
        add_field(self.form, "有管辖权的部门", self.body, self.errors, "competent_body")
        self.to = QComboBox()
        for value, label in (("arbitration", "仲裁院仲裁申请"), ("mediation", "仲裁院仲裁前调解")):
            self.to.addItem(label, value)
        add_field(self.form, "移送至", self.to, self.errors, "to")
        self._update()

    def review(self) -> cm.Review:
        a = {k: box.currentData() for k, box in self.answers.items()}
        return cm.Review(a["within_two_years"], a["definite_employer"], a["within_jurisdiction"],
                         self.dispute.isChecked())

    def _update(self, *_args: object) -> None:
        outcome = cm.review_outcome(self.review())
        self.outcome.setText(f"{outcome.label}：{outcome.text}")
        self.body.setEnabled(outcome.action == "not_accept" and self.review().within_jurisdiction is False)
        self.to.setEnabled(outcome.action == "refer")
        self.reason.setEnabled(outcome.action not in (None, "file"))

    def values(self) -> dict[str, object]:
        action = cm.review_outcome(self.review()).action
        text = self.reason.toPlainText()
        if action == "request_materials":
            return {"missing": text}
        if action == "refer":
            return {"to": self.to.currentData(), "reason": text}
        if action == "not_accept":
            return {"reason": text, "competent_body": self.body.text()}
        return {}

    def call(self) -> CaseDetail:
        return self.ctx.call(complaints.review_complaint, case_id=self.detail.id,
                             expected_version=self.detail.version, occurred_on=qdate_to_date(self.day.date()),
                             review=self.review(), values=self.values())


class PaymentDialog(_CaseDialog):
    """登记支付到位 / 应急周转金垫付: an amount per worker still owed, and for workers not named."""

    def __init__(self, ctx, detail: CaseDetail, action: Action, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, action.label, parent)
        self.action = action
        self.setMinimumSize(760, 560)
        view = ctx.call(complaints.get_complaint, case_id=detail.id)
        if action.help:
            hint = QLabel(action.help)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            self.form.addRow(hint)
        self.day = date_edit()
        add_field(self.form, "支付日期" if action.key == "payment" else "垫付日期", self.day, self.errors, "occurred_on")
        self.owing = [w for w in view.accounts.workers if w.balance.balance > 0]
        self.table = QTableWidget(len(self.owing), 4)
        self.table.setHorizontalHeaderLabels(["姓名", "应得合计（元）", "尚欠（元）", "本次金额（元）"])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for r, w in enumerate(self.owing):
            for c, text in enumerate((w.name, cm.yuan(w.balance.due), cm.yuan(w.balance.balance), "")):
                item = QTableWidgetItem(text)
                if c < 3:
                    item.setFlags(item.flags() & ~item.flags().ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.itemChanged.connect(lambda _i: self._show_total())
        buttons = QWidget()
        bl = QHBoxLayout(buttons)
        bl.setContentsMargins(0, 0, 0, 0)
        self.fill_btn = QPushButton("所选人员全额")
        self.fill_btn.setToolTip("为所选行填入尚欠金额；未选行时为全部人员")
        self.fill_btn.clicked.connect(self.fill_selected)
        clear = QPushButton("清空")
        clear.clicked.connect(lambda: [self.table.item(r, 3).setText("") for r in range(self.table.rowCount())])
        self.sum_label = QLabel()
        for w in (self.fill_btn, clear):
            bl.addWidget(w)
        bl.addStretch(1)
        bl.addWidget(self.sum_label)
        if self.owing:
            self.form.addRow(buttons)
            add_field(self.form, "", self.table, self.errors, "payments")
        acc = view.accounts
        self.unnamed = QLineEdit()
        self.unnamed_workers = QSpinBox()
        self.unnamed_workers.setRange(1, max(acc.unnamed_count, 1))
        self.unnamed_workers.setValue(max(acc.unnamed_count, 1))
        self.unnamed_workers.setSuffix(" 人")
        if acc.unnamed_count and acc.unnamed.balance > 0:
            add_field(self.form, f"未列名劳动者（{acc.unnamed_count} 人，尚欠 {cm.yuan(acc.unnamed.balance)} 元）",
                      self.unnamed, self.errors, "amount")
            add_field(self.form, "其中受偿人数", self.unnamed_workers, self.errors, "workers")
        self._show_total()

    def fill_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}) or range(self.table.rowCount())
        for r in rows:
            self.table.item(r, 3).setText(str(self.owing[r].balance.balance))

    def _show_total(self) -> None:
        total = Decimal(0)
        for r in range(self.table.rowCount()):
            with contextlib.suppress(ArithmeticError, AttributeError):
                total += Decimal(self.table.item(r, 3).text().replace(",", "") or 0)
        self.sum_label.setText(f"本次合计 {total:,.2f} 元")

    def values(self) -> dict[str, object]:
        payments = {w.id.hex: self.table.item(r, 3).text() for r, w in enumerate(self.owing)
                    if self.table.item(r, 3).text().strip()}
        out: dict[str, object] = {"payments": payments}
        if self.unnamed.text().strip():
            out["amount"] = self.unnamed.text()
            out["workers"] = self.unnamed_workers.value()
        return out

    def call(self) -> CaseDetail:
        """Errors of single workers are coloured in their cells and listed under the table."""
        for r in range(self.table.rowCount()):
            self.table.item(r, 3).setBackground(self.table.palette().base())
            self.table.item(r, 3).setToolTip("")
        try:
            return self.ctx.call(workflow.perform_action, case_id=self.detail.id, expected_version=self.detail.version,
                                 action=self.action.key, occurred_on=qdate_to_date(self.day.date()),
                                 values=self.values())
        except ValidationFailed as e:
            lines = []
            for r, w in enumerate(self.owing):
                if msg := e.errors.get(f"payments.{w.id.hex}"):
                    self.table.item(r, 3).setBackground(INVALID_BG)
                    self.table.item(r, 3).setToolTip(msg)
                    lines.append(f"{w.name}：{msg}")
            rest = {k: m for k, m in e.errors.items() if not k.startswith("payments.")}
            if lines:
                rest["payments"] = "；".join(lines)
            raise ValidationFailed(rest) from None


class WorkersDialog(_CaseDialog):
    """The worker list after intake: names found later, amounts corrected."""

    def __init__(self, ctx, detail: CaseDetail, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(ctx, detail, "劳动者名单", parent)
        self.setMinimumSize(900, 560)
        view = ctx.call(complaints.get_complaint, case_id=detail.id)
        self.workers = WorkerTable()
        self.workers.add_rows([{"name": w.name, "id_number": w.id_number or "", "phone": w.phone or "",
                                "amount_owed": str(w.balance.owed),
                                "period_from": w.period_from.isoformat() if w.period_from else "",
                                "period_to": w.period_to.isoformat() if w.period_to else ""}
                               for w in view.accounts.workers], ids=[w.id for w in view.accounts.workers])
        for r in range(len(view.accounts.workers)):  # a listed person is edited on the party record
            for c in (0, 1, 2):
                item = self.workers.table.item(r, c)
                item.setFlags(item.flags() & ~item.flags().ItemIsEditable)
        add_field(self.form, "", self.workers, self.errors, "workers")
        self.count = QSpinBox()
        self.count.setRange(0, 100000)
        self.count.setSpecialValueText("按名单人数")
        self.count.setValue(detail.workers_involved if view.accounts.unnamed_count else 0)
        self.count.setSuffix(" 人")
        add_field(self.form, "涉及人数", self.count, self.errors, "workers_count")

    def call(self) -> CaseDetail:
        """Cells the table itself cannot read (dates) and the service's errors, by row."""
        rows, errors = self.workers.values()
        try:
            if errors:
                raise ValidationFailed(errors)
            try:
                return self.ctx.call(complaints.set_workers, case_id=self.detail.id,
                                     expected_version=self.detail.version, workers=rows, workers_count=self.count.value())
            except RecordDiffers as e:  # known workers typed differently: asked once, then saved
                if (answer := ask_update(self, e.errors)) is None:
                    raise
                answer_rows(rows, e.errors, answer)
                return self.ctx.call(complaints.set_workers, case_id=self.detail.id,
                                     expected_version=self.detail.version, workers=rows, workers_count=self.count.value())
        except ValidationFailed as e:
            lines = self.workers.show_errors(e.errors)
            rest = {k: m for k, m in e.errors.items() if not k.startswith("workers.")}
            if lines:
                rest["workers"] = "；".join(lines[:6])
            raise ValidationFailed(rest) from None
