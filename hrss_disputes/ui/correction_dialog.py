"""更正… a step of the timeline (issue 19.5): strike it out (撤销此步骤) or record it on the right
date (更正日期), with the reason. services.corrections decides; a way this user cannot take is
disabled with its reason beside it."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.corrections import REDATE, STRIKE
from ..services import corrections
from ..services.cases import CaseDetail, EventView
from ..services.corrections import CorrectionOptions
from .case_edit import _CaseDialog
from .forms import add_field, date_edit, fmt_date, qdate_to_date


class CorrectionDialog(_CaseDialog):
    def __init__(self, ctx, detail: CaseDetail, event: EventView, options: CorrectionOptions,  # noqa: ANN001
                 parent: QWidget | None = None):
        super().__init__(ctx, detail, "更正办理步骤", parent)
        self.event = event
        step = QLabel(f"{fmt_date(event.occurred_on)}　{event.kind.label}　{event.user_name}"
                      + (f"\n{event.note}" if event.note else ""))
        step.setWordWrap(True)
        self.form.addRow("更正的步骤", step)
        ways = QWidget()
        lay = QVBoxLayout(ways)
        lay.setContentsMargins(0, 0, 0, 0)
        self.how = QButtonGroup(self)
        self.strike = QRadioButton("撤销此步骤（视为未办理，保留在办理经过中并划去）")
        self.redate = QRadioButton("更正日期（按正确日期重新记录同一步骤）")
        for button, why in ((self.strike, options.strike), (self.redate, options.redate)):
            self.how.addButton(button)
            lay.addWidget(button)
            button.setEnabled(why is None)
            if why is not None:
                button.setToolTip(why)
                reason = QLabel(f"不能{button.text().split('（')[0]}：{why}")
                reason.setWordWrap(True)
                reason.setStyleSheet("color: #757575; margin-left: 20px;")
                lay.addWidget(reason)
        self.form.addRow("更正方式", ways)
        if options.paper:  # an issued paper is never changed: it is corrected by a new version
            paper = QLabel(f"已签发的《{options.paper}》载有原日期：更正日期后，请在“文书”中以补正重新签发。")
            paper.setWordWrap(True)
            paper.setStyleSheet("color: #ef6c00;")
            self.form.addRow(paper)
        self.day = date_edit(event.occurred_on)
        add_field(self.form, "正确的日期", self.day, self.errors, "occurred_on")
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText("为什么更正（记入办理经过和审计日志）")
        self.reason.setFixedHeight(70)
        add_field(self.form, "更正理由", self.reason, self.errors, "reason")
        note = QLabel("更正不删除任何记录：原步骤划去保留，更正记入办理经过；案件状态和期限按更正后的步骤重新计算。")
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        self.form.addRow(note)
        self.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).setText("更正")
        self.redate.toggled.connect(self.day.setEnabled)
        (self.redate if options.redate is None and options.strike is not None else self.strike).setChecked(True)
        self.day.setEnabled(self.redate.isChecked())

    def call(self) -> CaseDetail:
        how = REDATE if self.redate.isChecked() else STRIKE
        return self.ctx.call(corrections.correct_step, case_id=self.detail.id, event_id=self.event.id,
                             expected_version=self.detail.version, how=how,
                             reason=self.reason.toPlainText(),
                             occurred_on=qdate_to_date(self.day.date()) if how == REDATE else None)
