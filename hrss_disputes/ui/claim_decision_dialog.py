"""The tribunal's decision on one claim item (裁决结果): 支持, 部分支持 with the amount, 驳回 with the
reason (LDMAF Art 46). Nothing is chosen for the person: the dialog opens on 请选择, and the amount
of a 支持 is the amount claimed, shown and stored only when saved."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QWidget,
)

from ..models.enums import ClaimDecision
from ..services import claims
from ..services.cases import CaseDetail, ClaimView
from .case_edit import _CaseDialog
from .forms import add_field, money_text


class ClaimDecisionDialog(_CaseDialog):
    def __init__(self, ctx, detail: CaseDetail, parent: QWidget | None = None,  # noqa: ANN001
                 claim: ClaimView | None = None):
        assert claim is not None
        super().__init__(ctx, detail, "裁决结果", parent)
        self.claim = claim
        position = next(i for i, c in enumerate(detail.claims, 1) if c.id == claim.id)
        claimed = f"{money_text(claim.amount_claimed)} 元" if claim.amount_claimed is not None else "未列明金额"
        what = QLabel(f"第{position}项　{claim.claim_type.label}　请求金额：{claimed}"
                      + (f"\n{claim.description}" if claim.description else ""))
        what.setWordWrap(True)
        self.form.addRow("请求事项", what)
        row = QWidget()
        row_lay = QHBoxLayout(row)
        row_lay.setContentsMargins(0, 0, 0, 0)
        self.choice = QButtonGroup(self)
        self.buttons: dict[ClaimDecision, QRadioButton] = {}
        for d in ClaimDecision:
            b = QRadioButton(d.label)
            self.choice.addButton(b)
            self.buttons[d] = b
            row_lay.addWidget(b)
            b.toggled.connect(self._follow)
        row_lay.addStretch(1)
        add_field(self.form, "裁决结果", row, self.errors, "decision")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("元")
        add_field(self.form, "裁决金额（元）", self.amount, self.errors, "amount")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("驳回的必填：写入裁决书“本委认为”；部分支持的可写明未支持部分的理由")
        self.reason.setFixedHeight(90)
        add_field(self.form, "理由", self.reason, self.errors, "reason")
        if claim.decision is not None:  # what was decided before, to be corrected
            self.buttons[claim.decision].setChecked(True)
            self.amount.setText("" if claim.amount_resolved is None else f"{claim.amount_resolved:.2f}")
            self.reason.setPlainText(claim.decision_reason)
        self._follow()

    def decision(self) -> ClaimDecision | None:
        return next((d for d, b in self.buttons.items() if b.isChecked()), None)

    def _follow(self) -> None:
        """支持 shows the amount claimed; 驳回 takes no amount; 部分支持 asks for one. The messages
        were about the decision switched from: they go with it."""
        self.errors.show({})
        chosen = self.decision()
        claimed = self.claim.amount_claimed
        if chosen is ClaimDecision.SUPPORTED and claimed is not None:
            self.amount.setText(f"{claimed:.2f}")
        else:  # 驳回 takes none; a 部分支持 does not keep the full claim shown for 支持
            shown_claim = claimed is not None and self.amount.text().strip() == f"{claimed:.2f}"
            if chosen is ClaimDecision.REJECTED or shown_claim:
                self.amount.clear()
        self.amount.setEnabled(chosen is ClaimDecision.PARTIAL or (chosen is ClaimDecision.SUPPORTED and claimed is None))

    def call(self) -> CaseDetail:
        chosen = self.decision()
        return self.ctx.call(claims.decide_claim, case_id=self.detail.id, expected_version=self.detail.version,
                             claim_id=self.claim.id, decision=chosen.value if chosen else None,
                             amount=self.amount.text().strip() or None, reason=self.reason.toPlainText())
