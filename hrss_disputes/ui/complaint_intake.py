"""Registering a wage-arrears complaint or report: channel, informant, employer, project, workers."""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain import complaints as cm
from ..models.enums import IntakeChannel, OfficeKind, PartyKind, Role
from ..services import complaints, employers, offices
from ..services.complaints import ComplaintInput, Informant, ProjectInput
from ..services.errors import ServiceError, ValidationFailed
from ..services.parties import RecordDiffers
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
from .party_form import PartyForm, answer_rows, ask_update
from .worker_table import WorkerTable

WARNING_STYLE = "background: #fff3e0; color: #e65100; padding: 4px; border: 1px solid #ffb74d;"


class ComplaintIntakeDialog(DiscardGuard, QDialog):
    def __init__(self, ctx, parent: QWidget | None = None):  # noqa: ANN001
        super().__init__(parent)
        self.ctx = ctx
        self.created_id: uuid.UUID | None = None
        self.errors = FieldErrors()
        self.setWindowTitle("登记欠薪投诉举报")
        self.setMinimumSize(1100, 680)
        self._offices = ctx.call(offices.list_offices)
        self._build()
        self._kind_changed()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        self.scroll.setWidget(body)
        outer.addWidget(self.scroll, 1)

        info = QGroupBox("投诉举报信息")
        form = QFormLayout(info)
        kinds = QWidget()
        kl = QHBoxLayout(kinds)
        kl.setContentsMargins(0, 0, 0, 0)
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QRadioButton] = {}
        for value, label in cm.KINDS:
            b = QRadioButton(label + ("（劳动者本人）" if value == cm.COMPLAINT else "（他人反映，举报人保密）"))
            self.kind_group.addButton(b)
            self.kind_buttons[value] = b
            kl.addWidget(b)
            b.toggled.connect(self._kind_changed)
        self.kind_buttons[cm.COMPLAINT].setChecked(True)
        add_field(form, "类型", kinds, self.errors, "kind")
        self.channel = QComboBox()
        for value, label in IntakeChannel.choices():
            self.channel.addItem(label, value)
        add_field(form, "来源渠道", self.channel, self.errors, "intake_channel")
        self.received = date_edit()
        add_field(form, "收到日期", self.received, self.errors, "received_on")
        self.office = QComboBox()
        for o in self._offices:
            self.office.addItem("　" * o.depth + o.name, o.id)
        inspection = next((i for i, o in enumerate(self._offices) if o.id == self.ctx.actor.office_id), None)
        if inspection is None:
            inspection = next((i for i, o in enumerate(self._offices) if o.kind is OfficeKind.INSPECTION), 0)
        self.office.setCurrentIndex(inspection)
        self.office.currentIndexChanged.connect(self._office_changed)
        add_field(form, "受理机构", self.office, self.errors, "office_id")
        self.handler = QComboBox()
        form.addRow("承办监察员", self.handler)
        self.green = QCheckBox("农民工工资（绿色通道）")
        form.addRow("标记", self.green)
        grid.addWidget(info, 0, 0)

        self.informant_box = QGroupBox("举报人（保密：仅承办监察员和本监察机构领导可见）")
        inf = QFormLayout(self.informant_box)
        self.inf_name, self.inf_phone, self.inf_id, self.inf_address = (QLineEdit() for _ in range(4))
        self.inf_name.setPlaceholderText("可匿名")
        for label, w, key in (("姓名", self.inf_name, "informant.name"), ("联系电话", self.inf_phone, "informant.phone"),
                              ("身份证号码", self.inf_id, "informant.id_number"),
                              ("联系地址", self.inf_address, "informant.address")):
            add_field(inf, label, w, self.errors, key)
            cap_to_column(w, "complaint_detail", key.replace(".", "_"), label=f"举报人{label}", errors=self.errors, key=key)
        grid.addWidget(self.informant_box, 1, 0)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.employer = PartyForm("被投诉单位（用人单位）", "employer.", self.errors, self.ctx, PartyKind.ORGANISATION)
        self.employer.edited.connect(lambda _k: self._check_employer())
        rl.addWidget(self.employer)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()
        rl.addWidget(self.warning)
        grid.addWidget(right, 0, 1, 2, 1)

        project = QGroupBox("工程项目（建设领域）")
        pl = QFormLayout(project)
        self.construction = QCheckBox("属于工程建设领域欠薪")
        self.construction.toggled.connect(self._construction_changed)
        pl.addRow(self.construction)
        self.project: dict[str, QLineEdit] = {}
        pgrid = QWidget()
        pg = QGridLayout(pgrid)
        pg.setContentsMargins(0, 0, 0, 0)
        for i, (key, label) in enumerate((("name", "项目名称"), ("location", "项目地点"), ("builder", "建设单位"),
                                          ("general_contractor", "施工总承包单位"), ("subcontractor", "分包单位"),
                                          ("team_leader", "班组长/包工头"))):
            edit = QLineEdit()
            self.project[key] = edit
            cell = QFormLayout()
            add_field(cell, label, edit, self.errors, f"project.{key}")
            cap_to_column(edit, "complaint_detail", complaints.PROJECT_COLUMNS[key], label=label, errors=self.errors,
                          key=f"project.{key}")
            pg.addLayout(cell, i // 2, i % 2)
        pl.addRow(pgrid)
        grid.addWidget(project, 2, 0, 1, 2)

        workers = QGroupBox("劳动者名单")
        wl = QVBoxLayout(workers)
        counts = QHBoxLayout()
        self.count = QSpinBox()
        self.count.setRange(0, 100000)
        self.count.setSpecialValueText("按名单人数")
        self.count.setSuffix(" 人")
        self.count.setMinimumWidth(130)
        self.total = QLineEdit()
        self.total.setPlaceholderText("留空为名单合计")
        self.total.setMaximumWidth(180)
        cf = QFormLayout()
        add_field(cf, "涉及人数（姓名未全知时填写）", self.count, self.errors, "workers_count")
        tf = QFormLayout()
        add_field(tf, "欠薪总额（元）", self.total, self.errors, "amount_claimed")
        counts.addLayout(cf)
        counts.addLayout(tf)
        counts.addStretch(1)
        wl.addLayout(counts)
        self.workers = WorkerTable()
        self.workers.add_rows([{}])
        self.workers.table.setMinimumHeight(200)
        wl.addWidget(self.workers)
        self.workers_error = error_label()
        wl.addWidget(self.workers_error)
        grid.addWidget(workers, 3, 0, 1, 2)

        summary = QGroupBox("反映的主要事实")
        sl = QVBoxLayout(summary)
        self.summary = QPlainTextEdit()
        self.summary.setPlaceholderText("欠薪经过、工程及结算情况、已采取的措施等")
        self.summary.setFixedHeight(70)
        sl.addWidget(self.summary)
        grid.addWidget(summary, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        self.general_error = error_label()
        outer.addWidget(self.general_error)
        outer.addWidget(dialog_buttons(self, self.save, ok_text="登记"))
        self._office_changed()
        self._construction_changed(False)

    # -- behaviour
    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def _kind_changed(self, *_args: object) -> None:
        if hasattr(self, "informant_box"):
            self.informant_box.setVisible(self.kind() == cm.REPORT)

    def _construction_changed(self, on: bool) -> None:
        for edit in self.project.values():
            edit.setEnabled(on)

    def _office_changed(self) -> None:
        # the handler reads a report's informant: one of the unit's inspectors (LSIR Art 9)
        fill_handlers(self.handler, self.ctx, self.office.currentData(), self.ctx.actor.id, roles={Role.INSPECTOR})

    def _check_employer(self) -> None:
        """Warn at once when the employer typed has 3+ cases in 12 months or is blacklisted."""
        try:
            text = self.ctx.call(employers.warning_for_input, data=self.employer.value())
        except (ServiceError, DatabaseError):
            text = None
        self.warning.setText(text or "")
        self.warning.setVisible(bool(text))

    def value(self) -> tuple[ComplaintInput, dict[str, str]]:
        workers, errors = self.workers.values()
        data = ComplaintInput(
            office_id=self.office.currentData(), received_on=qdate_to_date(self.received.date()),
            intake_channel=self.channel.currentData(), kind=self.kind(),
            informant=Informant(self.inf_name.text(), self.inf_phone.text(), self.inf_id.text(),
                                self.inf_address.text()),
            employer=self.employer.value(), construction=self.construction.isChecked(),
            project=ProjectInput(**{k: e.text() for k, e in self.project.items()}),
            workers=workers, workers_count=self.count.value(), amount_claimed=self.total.text(),
            summary=self.summary.toPlainText(), green_channel=self.green.isChecked(),
            handler_id=self.handler.currentData(),
        )
        return data, errors

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = PartyForm.map_errors("employer.", self.employer.kind, errors)
        rest = self.errors.show(errors)
        lines = self.workers.show_errors(errors)
        if "workers" in errors:
            lines.insert(0, errors["workers"])
        self.workers_error.setText("\n".join(lines[:8]) + (f"\n……共 {len(lines)} 处" if len(lines) > 8 else ""))
        self.workers_error.setVisible(bool(lines))
        others = [m for k, m in errors.items() if k in rest and not k.startswith("workers")]
        self.general_error.setText("\n".join(dict.fromkeys(others)))
        self.general_error.setVisible(bool(others))
        self.errors.reveal_first(errors, fallback=(self.workers.table, self.workers_error) if lines else ())

    def save(self) -> None:
        if not self.employer.confirm_existing():
            return
        data, errors = self.value()
        if errors:  # dates the table could not read: say so with the service's other errors
            errors.update(complaints.validate_complaint(data))
            self.show_errors(errors)
            return
        try:
            try:
                self.created_id = self.ctx.call(complaints.register_complaint, data=data)
            except RecordDiffers as e:  # known workers typed differently: asked once, then saved
                if (answer := ask_update(self, e.errors)) is None:
                    raise
                answer_rows(data.workers, e.errors, answer)
                if any(k.startswith("employer.") for k in e.errors):
                    data.employer.update_existing = answer
                self.created_id = self.ctx.call(complaints.register_complaint, data=data)
        except ValidationFailed as e:
            self.show_errors(e.errors)
            return
        except (ServiceError, DatabaseError) as e:
            QMessageBox.warning(self, "未能登记", str(e))
            return
        self.accept()
