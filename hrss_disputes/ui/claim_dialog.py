"""Add or correct a claim item (请求事项) by its elements (要素式): the calculator proposes the amount
as the elements are typed, with its steps and warnings; the person may override it. Claim types
without a formula ask for their elements all the same, as facts to be found."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..db import DatabaseError
from ..domain.claims import (
    CALCULATORS,
    ELEMENTS,
    N_AND_2N,
    SEPARATE_TERMINATION_LABEL,
    ElementKind,
    Proposal,
)
from ..models.enums import ClaimType
from ..services import claims
from ..services.cases import CaseDetail, ClaimInput, ClaimView
from ..services.errors import ServiceError, ValidationFailed
from .case_edit import _CaseDialog
from .forms import OptionalDate, add_field, money_text, select_data

PROPOSE_DELAY_MS = 250
_PLACEHOLDERS = {ElementKind.DATE: "例如 2025-03-01", ElementKind.MONEY: "元"}


class ClaimDialog(_CaseDialog):
    def __init__(self, ctx, detail: CaseDetail, parent: QWidget | None = None,  # noqa: ANN001
                 claim: ClaimView | None = None):
        super().__init__(ctx, detail, "修改请求事项" if claim else "增加请求事项", parent)
        self.claim = claim
        self.proposal: Proposal | None = None
        self.setMinimumWidth(760)
        self.claim_type = QComboBox()
        for value, label in ClaimType.choices():
            self.claim_type.addItem(label, value)
        self.form.addRow("请求类型", self.claim_type)
        self.period_from = OptionalDate("期间自")
        self.period_to = OptionalDate("至")
        self.form.addRow("", self.period_from)
        add_field(self.form, "", self.period_to, self.errors, "period_to")

        # the elements and the calculator's result, side by side
        self.elements_box = QGroupBox("计算要素")
        self.elements_form = QFormLayout(self.elements_box)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.RichText)
        self.result.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result.setMinimumWidth(320)
        result_box = QGroupBox("测算结果")
        QVBoxLayout(result_box).addWidget(self.result)
        row = QWidget()
        row_lay = QHBoxLayout(row)
        row_lay.setContentsMargins(0, 0, 0, 0)
        row_lay.addWidget(self.elements_box, 1)
        row_lay.addWidget(result_box, 1)
        self.form.addRow(row)

        self.amount = QLineEdit()
        self.amount.setPlaceholderText("留空则采用测算金额")
        self.use_proposal = QPushButton("采用测算金额")
        self.use_proposal.clicked.connect(self._use_proposal)
        amount_row = QWidget()
        amount_lay = QHBoxLayout(amount_row)
        amount_lay.setContentsMargins(0, 0, 0, 0)
        amount_lay.addWidget(self.amount, 1)
        amount_lay.addWidget(self.use_proposal)
        add_field(self.form, "请求金额（元）", amount_row, self.errors, "amount_claimed")
        self.resolved = QLineEdit()
        self.resolved.setPlaceholderText("调解或裁决后填写")
        add_field(self.form, "调解/裁决金额（元）", self.resolved, self.errors, "amount_resolved")
        # on an arbitration case the tribunal's (裁决结果, 仲裁调解书): shown, not typed, by others
        self.resolved_why = QLabel()
        self.resolved_why.setWordWrap(True)
        self.resolved_why.setStyleSheet("color:#616161")
        if why := ctx.call(claims.amount_resolved_refusal, case_id=detail.id):
            self.resolved.setReadOnly(True)
            self.resolved.setPlaceholderText("由仲裁庭确定")
            self.resolved.setToolTip(why)
            self.resolved_why.setText(why)
            self.form.addRow("", self.resolved_why)
        # 劳动合同法实施条例第二十五条: N and 2N awarded on one case only for different terminations
        self.separate = QCheckBox(SEPARATE_TERMINATION_LABEL)
        self.separate.setToolTip("同一解除或终止劳动合同，支付赔偿金的不再支付经济补偿（劳动合同法实施条例第二十五条）；"
                                 "仲裁庭认定本项涉及另一次解除或终止的，勾选后可与本案的经济补偿或赔偿金同时裁决")
        self.form.addRow("", self.separate)
        self.description = QLineEdit()
        self.form.addRow("说明", self.description)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PROPOSE_DELAY_MS)
        self._timer.timeout.connect(self.recalculate)
        if claim is not None:
            select_data(self.claim_type, claim.claim_type.value)
        self.claim_type.currentIndexChanged.connect(self._type_changed)
        self._type_changed()
        if claim is not None:
            self._fill(claim)

    def _fill(self, c: ClaimView) -> None:
        for key, value in c.elements.items():
            widget = self.inputs.get(key)
            if isinstance(widget, QComboBox):
                select_data(widget, value)
            elif widget is not None:
                widget.setText(value)
        for widget, value in ((self.period_from, c.period_from), (self.period_to, c.period_to)):
            if value:
                widget.check.setChecked(True)
                widget.edit.setDate(value)
        overridden = c.amount_claimed is not None and c.amount_claimed != c.amount_proposed
        self.amount.setText(f"{c.amount_claimed}" if overridden else "")
        self.resolved.setText(f"{c.amount_resolved}" if c.amount_resolved is not None else "")
        self.separate.setChecked(c.separate_termination)
        self.description.setText(c.description)
        self.recalculate()

    def ctype(self) -> ClaimType:
        return ClaimType(self.claim_type.currentData())

    def _type_changed(self) -> None:
        """Rebuild the element fields for the chosen claim type."""
        while self.elements_form.rowCount():
            self.elements_form.removeRow(0)
        self.errors.forget("elements.")  # their widgets are gone with the rows
        self.inputs = {}
        calc = CALCULATORS.get(self.ctype())
        elements = ELEMENTS.get(self.ctype(), ())
        self.elements_box.setVisible(bool(elements))
        self.elements_box.setTitle("计算要素" if calc else "请求要素")
        self.use_proposal.setVisible(calc is not None)
        self.separate.setVisible(self.ctype() in N_AND_2N)
        self.amount.setPlaceholderText("留空则采用测算金额" if calc else "")
        for el in elements:
            widget: QLineEdit | QComboBox
            if el.kind is ElementKind.CHOICE:
                widget = QComboBox()
                widget.addItem("（请选择）" if el.required else "（未填）", "")
                for choice in el.choices:
                    widget.addItem(choice, choice)
                widget.currentIndexChanged.connect(lambda _i: self._timer.start())
            else:
                widget = QLineEdit()
                widget.setPlaceholderText(el.help or _PLACEHOLDERS.get(el.kind) or ("选填" if not el.required else ""))
                widget.textChanged.connect(lambda _t: self._timer.start())
            widget.setToolTip(el.help)
            add_field(self.elements_form, el.label + ("" if el.required else "（选填）"), widget, self.errors,
                      f"elements.{el.key}")
            self.inputs[el.key] = widget
        if calc is None:
            self.proposal = None
            self.result.setText("该类请求没有计算公式：请填写请求要素，金额直接填写"
                                "（确认劳动关系等非金钱请求可不填）。")
        else:
            self.result.setText(f"依据：{calc.rule}。填写要素后显示测算金额和计算过程。")

    def elements(self) -> dict[str, str]:
        return {k: w.currentData() if isinstance(w, QComboBox) else w.text() for k, w in self.inputs.items()}

    def recalculate(self) -> None:
        calc = CALCULATORS.get(self.ctype())
        if calc is None:
            return
        element_keys = {f"elements.{el.key}" for el in calc.elements}
        values = self.elements()
        if not any(v.strip() for v in values.values()):
            self.errors.show({}, only=element_keys)
            return
        try:
            self.proposal = self.ctx.call(claims.propose_claim, case_id=self.detail.id,
                                          claim_type=self.ctype().value, elements=values,
                                          period_to=self.period_to.value())
        except ValidationFailed as e:
            self.proposal = None
            # only complain about fields already typed in; blanks are simply not done yet
            typed = {k: m for k, m in e.errors.items() if values.get(k.removeprefix("elements."), "").strip()}
            self.errors.show(typed, only=element_keys)
            self.result.setText("要素填写完整后显示测算金额。")
            return
        except (ServiceError, DatabaseError) as e:
            self.result.setText(f"无法测算：{e}")
            return
        self.errors.show({}, only=element_keys)
        p = self.proposal
        html = f"<b style='font-size:12pt'>测算金额：{money_text(p.amount)} 元</b><br>依据：{p.rule}<br>"
        html += "<br>".join(p.lines)
        if p.warnings:
            html += "<br>" + "<br>".join(f"<span style='color:#ef6c00'>⚠ {w}</span>" for w in p.warnings)
        self.result.setText(html)

    def _use_proposal(self) -> None:
        self.recalculate()
        if self.proposal is not None:
            self.amount.setText(f"{self.proposal.amount}")

    def call(self) -> CaseDetail:
        claim = ClaimInput(
            claim_type=self.ctype().value, amount_claimed=self.amount.text(), amount_resolved=self.resolved.text(),
            description=self.description.text(), period_from=self.period_from.value(),
            period_to=self.period_to.value(), elements=self.elements() or None,
            separate_termination=self.separate.isVisible() and self.separate.isChecked(),
        )
        if self.claim is None:
            return self.ctx.call(claims.add_claim, case_id=self.detail.id, expected_version=self.detail.version,
                                 claim=claim)
        return self.ctx.call(claims.update_claim, case_id=self.detail.id, expected_version=self.detail.version,
                             claim_id=self.claim.id, claim=claim)
