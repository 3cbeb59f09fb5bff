"""Register a mediation case, an arbitration application or a wage-arrears complaint."""

from __future__ import annotations

import uuid

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..models.enums import (
    PROCEDURES_BY_FAMILY,
    CaseFamily,
    Cause,
    ClaimType,
    IntakeChannel,
    OfficeKind,
    PartyKind,
    Role,
)
from ..services import cases, offices
from ..services.cases import CaseInput, ClaimInput
from ..services.errors import ServiceError, ValidationFailed
from .forms import (
    DiscardGuard,
    FieldErrors,
    add_field,
    date_edit,
    dialog_buttons,
    error_label,
    fill_handlers,
    qdate_to_date,
)
from .length_caps import cap_to_column
from .party_form import PartyForm

_INVALID_BG = QColor("#ffcdd2")

TITLES = {
    CaseFamily.MEDIATION: "登记调解案件",
    CaseFamily.ARBITRATION: "登记仲裁申请",
    CaseFamily.COMPLAINT: "登记欠薪投诉",
}
# Which offices normally take which family (all visible offices stay selectable).
_HOME_KINDS = {
    CaseFamily.MEDIATION: (OfficeKind.TOWNSHIP_CENTRE, OfficeKind.COMMITTEE, OfficeKind.INSTITUTE),
    CaseFamily.ARBITRATION: (OfficeKind.INSTITUTE, OfficeKind.COMMISSION),
    CaseFamily.COMPLAINT: (OfficeKind.INSPECTION,),
}


class ClaimsTable(QWidget):
    """Claim items typed as rows: type, amount in 元, description."""

    def __init__(self, errors: FieldErrors, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["请求类型", "金额（元）", "说明"])
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 220)
        self.table.setColumnWidth(1, 130)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(130)
        lay.addWidget(self.table)
        buttons = QHBoxLayout()
        self.add_btn = QPushButton("增加一项")
        self.remove_btn = QPushButton("删除选中项")
        self.add_btn.clicked.connect(self.add_row)
        self.remove_btn.clicked.connect(self.remove_row)
        buttons.addWidget(self.add_btn)
        buttons.addWidget(self.remove_btn)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.error = error_label()
        lay.addWidget(self.error)
        errors.register("claims", self.table, self.error)

    def add_row(self, claim_type: ClaimType = ClaimType.WAGES, amount: str = "", text: str = "") -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        combo = QComboBox()
        for value, label in ClaimType.choices():
            combo.addItem(label, value)
        combo.setCurrentIndex(list(ClaimType).index(claim_type))
        self.table.setCellWidget(row, 0, combo)
        self.table.setItem(row, 1, QTableWidgetItem(amount))
        self.table.setItem(row, 2, QTableWidgetItem(text))

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def values(self) -> list[ClaimInput]:
        out = []
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 0)
            amount = self.table.item(row, 1)
            text = self.table.item(row, 2)
            out.append(ClaimInput(
                claim_type=combo.currentData(), amount_claimed=amount.text() if amount else "",
                description=text.text() if text else "",
            ))
        return out

    def show_errors(self, errors: dict[str, str]) -> None:
        lines = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 1)
            msg = errors.get(f"claims.{row}.amount_claimed") or errors.get(f"claims.{row}.period_to")
            if item is not None:
                item.setBackground(QBrush(_INVALID_BG) if msg else QBrush())
            if msg:
                lines.append(f"第{row + 1}项：{msg}")
        self.error.setText("\n".join(lines))
        self.error.setVisible(bool(lines))


class NewCaseDialog(DiscardGuard, QDialog):
    def __init__(self, ctx, family: CaseFamily = CaseFamily.ARBITRATION, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.created_id: uuid.UUID | None = None
        self.errors = FieldErrors()
        self._touched: set[str] = set()
        self.setMinimumSize(1000, 640)
        self._offices = ctx.call(offices.list_offices)
        self._build(family)
        self._family_changed()

    # -- layout
    def _build(self, family: CaseFamily) -> None:
        outer = QVBoxLayout(self)
        self.scroll = scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        info = QGroupBox("案件信息")
        form = QFormLayout(info)
        self.family = QComboBox()
        for f in CaseFamily:  # complaints have their own intake (ui.complaint_intake)
            if f is not CaseFamily.COMPLAINT:
                self.family.addItem(f.label, f.value)
        self.family.setCurrentIndex(max(self.family.findData(family.value), 0))
        self.family.currentIndexChanged.connect(self._family_changed)
        form.addRow("类别", self.family)
        self.procedure = QComboBox()
        add_field(form, "程序", self.procedure, self.errors, "procedure")
        self.office = QComboBox()
        for o in self._offices:
            self.office.addItem("　" * o.depth + o.name, o.id)
        self.office.currentIndexChanged.connect(self._office_changed)
        add_field(form, "受理机构", self.office, self.errors, "office_id")
        self.received = date_edit()
        add_field(form, "收案日期", self.received, self.errors, "received_on")
        self.cause = QComboBox()
        for value, label in Cause.choices():
            self.cause.addItem(label, value)
        form.addRow("案由", self.cause)
        self.channel = QComboBox()
        for value, label in IntakeChannel.choices():
            self.channel.addItem(label, value)
        self.channel_label = QLabel("来源渠道")
        form.addRow(self.channel_label, self.channel)
        self.case_number = QLineEdit()
        self.case_number.setPlaceholderText("可暂不填写")
        add_field(form, "案号", self.case_number, self.errors, "case_number")
        cap_to_column(self.case_number, "dispute_case", "case_number", label="案号", errors=self.errors, key="case_number")
        self.handler = QComboBox()
        form.addRow("承办人", self.handler)
        self.workers = QSpinBox()
        self.workers.setRange(1, 100000)
        self.workers.setSuffix(" 人")
        add_field(form, "涉及劳动者", self.workers, self.errors, "workers_involved")
        flags = QWidget()
        fl = QGridLayout(flags)
        fl.setContentsMargins(0, 0, 0, 0)
        self.green = QCheckBox("绿色通道")
        self.collective = QCheckBox("集体争议")
        self.small = QCheckBox("小额速裁")
        self.supervised = QCheckBox("挂牌督办")
        self.supervised.setEnabled(self.ctx.actor.role is Role.SUPERVISOR)
        if not self.supervised.isEnabled():
            self.supervised.setToolTip("挂牌督办只能由领导设定")
        for i, box in enumerate((self.green, self.collective, self.small, self.supervised)):
            fl.addWidget(box, i // 2, i % 2)
        add_field(form, "标记", flags, self.errors, "supervised")
        grid.addWidget(info, 0, 0, 2, 1)

        self.applicant = PartyForm("申请人", "applicants.0.", self.errors, self.ctx, PartyKind.PERSON)
        self.respondent = PartyForm("被申请人（用人单位）", "respondents.0.", self.errors, self.ctx,
                                    PartyKind.ORGANISATION)
        for pf in (self.applicant, self.respondent):
            pf.edited.connect(self._field_left)
        grid.addWidget(self.applicant, 0, 1)
        grid.addWidget(self.respondent, 1, 1)

        claims_box = QGroupBox("请求事项")
        cl = QVBoxLayout(claims_box)
        self.claims = ClaimsTable(self.errors)
        self.claims.add_row()
        self.claims.table.itemChanged.connect(lambda _i: self._field_left("claims"))
        cl.addWidget(self.claims)
        grid.addWidget(claims_box, 2, 0, 1, 2)

        summary_box = QGroupBox("事实与理由摘要")
        sl = QVBoxLayout(summary_box)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("简要写明争议经过、请求的理由")
        self.summary.setFixedHeight(80)
        sl.addWidget(self.summary)
        grid.addWidget(summary_box, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.general_error = error_label()
        outer.addWidget(self.general_error)
        outer.addWidget(dialog_buttons(self, self.save))
        for w, key in ((self.case_number, "case_number"),):
            w.editingFinished.connect(lambda k=key: self._field_left(k))
        self.workers.valueChanged.connect(lambda _v: self._field_left("workers_involved"))
        self.collective.toggled.connect(lambda _v: self._field_left("workers_involved"))
        self.received.dateChanged.connect(lambda _d: self._field_left("received_on"))

    # -- behaviour
    @property
    def current_family(self) -> CaseFamily:
        return CaseFamily(self.family.currentData())

    def _family_changed(self) -> None:
        fam = self.current_family
        self.setWindowTitle(TITLES[fam])
        self.procedure.clear()
        for p in PROCEDURES_BY_FAMILY[fam]:
            self.procedure.addItem(p.label, p.value)
        complaint = fam is CaseFamily.COMPLAINT
        self.channel.setVisible(complaint)
        self.channel_label.setVisible(complaint)
        self.applicant.setTitle("投诉人" if complaint else "申请人")
        self.respondent.setTitle("被投诉单位（用人单位）" if complaint else "被申请人（用人单位）")
        self.small.setEnabled(fam is CaseFamily.ARBITRATION)
        if fam is not CaseFamily.ARBITRATION:
            self.small.setChecked(False)
        # pick the user's own office if it takes this family, else the first one that does
        home = _HOME_KINDS[fam]
        candidates = [i for i, o in enumerate(self._offices) if o.kind in home]
        own = next((i for i, o in enumerate(self._offices) if o.id == self.ctx.actor.office_id), None)
        if own is not None and (own in candidates or not candidates):
            self.office.setCurrentIndex(own)
        elif candidates:
            self.office.setCurrentIndex(candidates[0])
        self._office_changed()

    def _office_changed(self) -> None:
        fill_handlers(self.handler, self.ctx, self.office.currentData(), self.ctx.actor.id)

    def value(self) -> CaseInput:
        return CaseInput(
            family=self.current_family.value, procedure=self.procedure.currentData(),
            office_id=self.office.currentData(), received_on=qdate_to_date(self.received.date()),
            cause=self.cause.currentData(), applicants=[self.applicant.value()],
            respondents=[self.respondent.value()], claims=self.claims.values(),
            summary=self.summary.toPlainText(), case_number=self.case_number.text(),
            handler_id=self.handler.currentData(),
            intake_channel=self.channel.currentData() if self.current_family is CaseFamily.COMPLAINT else None,
            green_channel=self.green.isChecked(), collective=self.collective.isChecked(),
            supervised=self.supervised.isChecked(), small_claims=self.small.isChecked(),
            workers_involved=self.workers.value(),
        )

    def _errors_for_form(self, errors: dict[str, str]) -> dict[str, str]:
        errors = PartyForm.map_errors("applicants.0.", self.applicant.kind, errors)
        return PartyForm.map_errors("respondents.0.", self.respondent.kind, errors)

    def _field_left(self, key: str) -> None:
        """Check the whole form, but only speak about fields the user has already been in."""
        self._touched.add(key)
        try:
            errors = self._errors_for_form(self.ctx.call(cases.validate_new_case, data=self.value()))
        except (ServiceError, DatabaseError):
            return
        self.errors.show(errors, only=self._touched)
        if "claims" in self._touched:
            self.claims.show_errors(errors)

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = self._errors_for_form(errors)
        self._touched.update(self.errors.keys())
        rest = self.errors.show(errors)
        self.claims.show_errors(errors)
        rest = [m for k, m in errors.items() if k in {"applicants", "respondents", "family"}] + [
            m for m in rest if not any(m == errors.get(k) for k in errors if k.startswith("claims."))
        ]
        self.general_error.setText("\n".join(dict.fromkeys(rest)))
        self.general_error.setVisible(bool(rest))
        self.errors.reveal_first(errors)

    def save(self) -> None:
        if not all(pf.confirm_existing() for pf in (self.applicant, self.respondent)):
            return
        data = self.value()
        try:
            self.created_id = self.ctx.call(cases.create_case, data=data)
        except ValidationFailed as e:
            self.show_errors(e.errors)
            return
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能保存", str(e))
            return
        self.accept()
